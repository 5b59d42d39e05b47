/**
 * The one place Policy Lens runs `git` (Node's child_process). Everything here resolves to
 * `undefined` on any failure (no git, not a repository, a browser build without processes), so
 * callers fall back instead of failing. No `vscode`: the CLI uses it too.
 */
import { ChildProcess, execFile, spawn } from 'child_process';

export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const MAX_BUFFER = 256 * 1024 * 1024;

/** Runs `git <args>` in `cwd`; undefined when git cannot be started at all. */
export function runGit(cwd: string, args: readonly string[], timeoutMs = 30_000): Promise<GitOutput | undefined> {
  return new Promise((resolve) => {
    try {
      execFile('git', [...args], { cwd, maxBuffer: MAX_BUFFER, timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') { resolve(undefined); return; } // ENOENT, timeout...
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    } catch {
      resolve(undefined);
    }
  });
}

async function gitText(cwd: string, args: readonly string[]): Promise<string | undefined> {
  const out = await runGit(cwd, args);
  return out && out.code === 0 ? out.stdout : undefined;
}

/** `git config user.name` as seen from `cwd` (repository, then global); undefined when unset. */
export async function gitUserName(cwd: string): Promise<string | undefined> {
  const name = (await gitText(cwd, ['config', '--get', 'user.name']))?.trim();
  return name || undefined;
}

/** The repository's top folder for `cwd`. */
export async function gitTopLevel(cwd: string): Promise<string | undefined> {
  return (await gitText(cwd, ['rev-parse', '--show-toplevel']))?.replace(/\r?\n$/, '') || undefined;
}

/** The full commit id `rev` names. */
export async function gitResolve(cwd: string, rev: string): Promise<string | undefined> {
  return (await gitText(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]))?.trim() || undefined;
}

/** Paths (relative to the top folder) at `commit` whose names end with `suffix`. */
export async function gitListFiles(cwd: string, commit: string, suffix: string): Promise<string[] | undefined> {
  const out = await gitText(cwd, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
  return out?.split('\0').filter((p) => p.endsWith(suffix));
}

/** Every file at `commit` with its blob id (paths relative to the top folder). */
export async function gitListBlobs(cwd: string, commit: string): Promise<Map<string, string> | undefined> {
  const out = await gitText(cwd, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (out === undefined) return undefined;
  const blobs = new Map<string, string>();
  for (const line of out.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (m) blobs.set(m[2], m[1]);
  }
  return blobs;
}

/**
 * Several files' text at `commit` in one `git cat-file --batch` run; a path missing there maps
 * to undefined. Paths are relative to the top folder.
 */
export function gitReadFiles(top: string, commit: string, paths: readonly string[]): Promise<Map<string, string | undefined> | undefined> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn('git', ['cat-file', '--batch'], { cwd: top, windowsHide: true });
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (code !== 0) { resolve(undefined); return; }
      const all = Buffer.concat(chunks);
      const out = new Map<string, string | undefined>();
      let at = 0;
      for (const p of paths) {
        const eol = all.indexOf(10, at);
        if (eol < 0) { resolve(undefined); return; }
        const header = all.subarray(at, eol).toString('utf8');
        at = eol + 1;
        const m = /^\S+ blob (\d+)$/.exec(header);
        if (!m) { out.set(p, undefined); continue; }
        const size = Number(m[1]);
        out.set(p, all.subarray(at, at + size).toString('utf8'));
        at += size + 1;
      }
      resolve(out);
    });
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(paths.map((p) => `${commit}:${p}\n`).join(''));
  });
}

/** `git merge-file` in place: conflict markers into `ours` as git would write them. */
export async function gitMergeFile(ours: string, base: string, theirs: string): Promise<boolean> {
  const out = await runGit(process.cwd(), ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', ours, base, theirs]);
  return out !== undefined && out.code >= 0;
}

/** Sets `key` in the repository's own config (.git/config). */
export async function gitConfigSet(cwd: string, key: string, value: string): Promise<boolean> {
  const out = await runGit(cwd, ['config', '--local', key, value]);
  return out?.code === 0;
}

export async function gitConfigGet(cwd: string, key: string): Promise<string | undefined> {
  return (await gitText(cwd, ['config', '--local', '--get', key]))?.replace(/\r?\n$/, '') || undefined;
}

/** The local file-system path of a `file:` URI (git runs on paths). */
export function localPath(uri: { fsPath: string }): string {
  return uri.fsPath;
}
