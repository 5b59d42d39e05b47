/** The date of the commit that added a file, from `git log` (Node-only; none when git or the repository is missing). */
import { execFile } from 'child_process';
import * as path from 'path';

/** ISO date of the commit that first added `file`, or undefined (no git, not in a repository, not committed). */
export function gitAddedDate(cwd: string, file: string): Promise<string | undefined> {
  const abs = path.resolve(cwd, file);
  return new Promise((resolve) => {
    try {
      execFile('git', ['log', '--diff-filter=A', '--follow', '--format=%aI', '--', path.basename(abs)], { cwd: path.dirname(abs), timeout: 10_000, windowsHide: true }, (err, stdout) => {
        if (err) return resolve(undefined);
        const lines = stdout.trim().split('\n').filter(Boolean);
        resolve(lines.length ? lines[lines.length - 1] : undefined);
      });
    } catch {
      resolve(undefined);
    }
  });
}
