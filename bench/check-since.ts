/**
 * `policy-lens check --since` over 1,000 sidecars (5 annotations each, a document each) in a
 * temporary git repository, a tenth of them changed since the tagged revision. Target: < 5 s.
 *
 * Run: npx tsc -p . && node -e "require('./out/bench/check-since').runCheckSinceBench()"
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli';
import { makeAnchor } from '../src/core/annotations/anchor';
import { serializeSidecar } from '../src/core/annotations/sidecar';
import type { Annotation } from '../src/core/annotations/types';

export async function runCheckSinceBench(count = 1000, log: (line: string) => void = console.log): Promise<number> {
  const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-since-bench-')));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Bench');
    git('config', 'user.email', 'bench@example.invalid');
    git('config', 'commit.gpgsign', 'false');
    const text = (i: number) => `Document ${i}. Integrated care boards will lead. General practice is not named. Funding comes from existing resources. The VCSE sector is a partner. Page ${i}.\n`.repeat(20);
    const quotes = ['Integrated care boards', 'General practice', 'existing resources', 'VCSE sector', 'a partner'];
    const sidecar = (i: number, t: string, edited: boolean) => serializeSidecar({ version: 1, document: `doc${i}.md`, annotations: quotes.map((q, k): Annotation => {
      const start = t.indexOf(q, k * 150);
      return { id: `a${k}x`, tag: 'omission', note: edited && k === 0 ? 'edited' : `note ${k}`, ...makeAnchor(t, start, start + q.length) };
    }) });
    for (let i = 0; i < count; i++) {
      const dir = path.join(repo, `d${i % 20}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `doc${i}.md`), text(i));
      fs.writeFileSync(path.join(dir, `doc${i}.md.annotations.yaml`), sidecar(i, text(i), false));
    }
    git('add', '.');
    git('commit', '-qm', 'base');
    git('tag', 'base');
    for (let i = 0; i < count; i += 10) fs.writeFileSync(path.join(repo, `d${i % 20}`, `doc${i}.md.annotations.yaml`), sidecar(i, text(i), true));
    let out = '';
    const t0 = performance.now();
    await main(['check', '--since', 'base', '--format', 'json', '.'], { cwd: repo, stdout: (t) => { out += t; }, stderr: () => undefined });
    const ms = performance.now() - t0;
    const changed = (JSON.parse(out) as { sidecars: unknown[] }).sidecars.length;
    log(`check --since: ${count.toLocaleString('en-GB')} sidecars (${changed} changed): ${ms.toFixed(0)} ms (target < 5,000 ms)`);
    return ms;
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}
