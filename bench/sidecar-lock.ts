/**
 * What the sidecar lock (`<sidecar>.lock`, src/adapters/sidecar-lock.ts) costs a save: one
 * annotation added per save to a sidecar of 50, with the lock (Node's exclusive create) and
 * without it (a file system without exclusive create, as on the web); then two stores that do
 * not share a save queue (as two processes) saving at once. Target: the lock adds < 10% to a save.
 *
 * Run: npx tsc -p . && node out/bench/index.js sidecar-lock
 */
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeFileSystem } from '../src/adapters/node-fs';
import { acquireLock } from '../src/adapters/sidecar-lock';
import { type FileSystem, SidecarStore, sidecarPathFor } from '../src/adapters/sidecar-store';
import { addAnnotation } from '../src/core/annotations/edits';
import { emptySidecar, parseSidecar, serializeSidecar } from '../src/core/annotations/sidecar';
import type { Annotation, Sidecar } from '../src/core/annotations/types';

const TEXT = 'Integrated care boards must publish a joint forward plan with local authorities.\n';
const note = (id: string): Annotation => ({ id, tag: 'question', note: `note ${id}`, quote: 'joint forward plan', prefix: 'must publish a ', suffix: ' with local', start: 37 });

async function folder(): Promise<{ dir: string; doc: string }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'pl-bench-lock-'));
  const doc = path.join(dir, 'plan.md');
  await fsp.writeFile(doc, TEXT);
  let s: Sidecar = emptySidecar('plan.md');
  for (let i = 0; i < 50; i++) s = addAnnotation(s, note(`base${i}`));
  await fsp.writeFile(sidecarPathFor(doc), serializeSidecar(s));
  return { dir, doc };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median save time with and without the lock, saves taken in turn so both see the same load. */
async function sequential(locked: FileSystem, unlocked: FileSystem, saves: number): Promise<{ withLock: number; without: number }> {
  const folders = [await folder(), await folder()];
  try {
    const stores = [new SidecarStore(locked, { workspaceRoot: folders[0].dir }), new SidecarStore(unlocked, { workspaceRoot: folders[1].dir })];
    await Promise.all(stores.map((s, i) => s.load(folders[i].doc)));
    const times: number[][] = [[], []];
    for (let i = 0; i < saves; i++) {
      for (const k of i % 2 ? [1, 0] : [0, 1]) {
        const t = performance.now();
        await stores[k].save(folders[k].doc, (s) => addAnnotation(s, note(`n${i}`)));
        times[k].push(performance.now() - t);
      }
    }
    return { withLock: median(times[0]), without: median(times[1]) };
  } finally {
    for (const f of folders) await fsp.rm(f.dir, { recursive: true, force: true });
  }
}

async function contended(fs: FileSystem, saves: number): Promise<{ perSave: number; gaveUp: number; lost: number }> {
  const { dir, doc } = await folder();
  try {
    const other = `${dir}/./plan.md`; // another spelling: no shared queue, as two processes
    const a = new SidecarStore(fs, { workspaceRoot: dir });
    const b = new SidecarStore(fs, { workspaceRoot: dir });
    await Promise.all([a.load(doc), b.load(other)]);
    const t = performance.now();
    const results = await Promise.allSettled([
      ...Array.from({ length: saves }, (_, i) => a.save(doc, (s) => addAnnotation(s, note(`a${i}`)))),
      ...Array.from({ length: saves }, (_, i) => b.save(other, (s) => addAnnotation(s, note(`b${i}`)))),
    ]);
    const perSave = (performance.now() - t) / (2 * saves);
    const saved = new Set(results.flatMap((r, i) => (r.status === 'fulfilled' ? [i < saves ? `a${i}` : `b${i - saves}`] : [])));
    const parsed = parseSidecar(await fsp.readFile(sidecarPathFor(doc), 'utf8'));
    const onDisk = new Set(parsed.ok ? parsed.sidecar.annotations.map((x) => x.id) : []);
    return { perSave, gaveUp: results.length - saved.size, lost: [...saved].filter((id) => !onDisk.has(id)).length };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

export async function runSidecarLockBench(log: (line: string) => void = console.log): Promise<void> {
  const unlocked: FileSystem = { ...nodeFileSystem, createExclusive: undefined };
  const { dir } = await folder();
  const lockTimes: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    const release = await acquireLock(nodeFileSystem, path.join(dir, 'plan.md.annotations.yaml.lock'));
    await release?.();
    lockTimes.push(performance.now() - t);
  }
  await fsp.rm(dir, { recursive: true, force: true });
  log(`  take and release the lock, uncontended (median of 100): ${median(lockTimes).toFixed(2)} ms`);
  const { withLock, without } = await sequential(nodeFileSystem, unlocked, 60);
  log(`  one save to a sidecar of 50-110 (median of 60, taken in turn): with the lock ${withLock.toFixed(1)} ms, without ${without.toFixed(1)} ms (target: the lock adds < 10%)`);
  for (const [name, fs] of [['with the lock', nodeFileSystem], ['without it', unlocked]] as const) {
    const r = await contended(fs, 25);
    log(`  two unqueued stores (as two processes), 25 saves each at once, ${name}: ${r.perSave.toFixed(1)} ms a save; ${r.gaveUp} of 50 gave up ("keeps changing on disk"), ${r.lost} saved but lost`);
  }
}

if (require.main === module) void runSidecarLockBench();
