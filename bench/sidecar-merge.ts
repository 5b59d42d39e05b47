/**
 * The git merge driver on large sidecars: base, ours and theirs of 5,000 annotations each, every
 * side having edited, added and replied to a few hundred (some the same note both ways), merged by
 * `mergeSidecarTexts` (the text fast path: files in our layout read line by line, merged by id,
 * assembled by text, read back). Target: < 200 ms. Timed in new Node processes (a clean heap, as
 * git starts the driver): seven merges in one process, and one merge in each of seven processes
 * (nothing compiled yet: what git sees). Also printed: one yaml parse of the result and the full
 * (yaml library) path, for comparison.
 *
 * Run: npx tsc -p . && node out/bench/index.js sidecar-merge
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mergeSidecarTexts } from '../src/core/annotations/merge-driver';
import { parseSidecar, serializeSidecar } from '../src/core/annotations/sidecar';
import type { Annotation } from '../src/core/annotations/types';
import { rng as seeded } from './prng';

/** Base, ours and theirs of `count` annotations each (seeded: the same texts every run). */
export function sidecarMergeInputs(count = 5000): { baseText: string; oursText: string; theirsText: string } {
  const random = seeded(15);
  const words = ['integrated', 'care', 'boards', 'general', 'practice', 'funding', 'will', 'be', 'met', 'from', 'existing', 'resources', 'the', 'plan'];
  const phrase = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
  const base: Annotation[] = Array.from({ length: count }, (_, i) => ({
    id: `a${i.toString(36)}`, tag: 'omission', note: `${phrase(12)}\n\n- ${phrase(5)}\n`, quote: phrase(6), prefix: phrase(4), suffix: phrase(4),
    start: i * 200, author: 'ana', created: '2026-01-01T10:00:00Z', updated: '2026-01-01T10:00:00Z',
  }));
  const side = (name: string): Annotation[] => {
    const list = base.map((a) => (random() < 0.06 ? { ...a, note: `${name}: ${phrase(8)}`, updated: '2026-02-01T10:00:00Z' } : random() < 0.04 ? { ...a, replies: [{ id: `${name}1`, author: name, created: '2026-02-02T10:00:00Z', body: phrase(10) }] } : a));
    for (let i = 0; i < count / 20; i++) list.push({ ...base[i], id: `${name}${i.toString(36)}`, start: i * 200 + 7, note: phrase(9) });
    return list;
  };
  const write = (annotations: Annotation[]) => serializeSidecar({ version: 1, document: 'plan.md', annotations });
  // Flat strings, as the driver reads them from files (the writer's output is a rope of pieces).
  const asRead = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
  const [baseText, oursText, theirsText] = [write(base), write(side('ours')), write(side('theirs'))].map(asRead);
  return { baseText, oursText, theirsText };
}

interface Timed { wall: number[]; cpu: number[]; recorded: number; via: string }

/** `runs` merges of the files in `dir` in this process: wall and CPU time of each (the child side of the bench). */
function timeMerges(dir: string, runs: number): Timed {
  const [baseText, oursText, theirsText] = ['base', 'ours', 'theirs'].map((n) => fs.readFileSync(path.join(dir, `${n}.yaml`), 'utf8'));
  const out: Timed = { wall: [], cpu: [], recorded: 0, via: '' };
  for (let run = 0; run < runs; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = mergeSidecarTexts(baseText, oursText, theirsText);
    out.wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    out.cpu.push((c.user + c.system) / 1000);
    if (!result.ok) throw new Error(`merge failed: ${JSON.stringify(result.problems[0])}`);
    out.recorded = result.recorded;
    out.via = result.via ?? '';
  }
  return out;
}

/** The same in a new Node process (`node sidecar-merge.js <dir> <runs>`): a clean heap, nothing compiled yet, as git starts the driver. */
function timeInChild(dir: string, runs: number): Timed {
  const out = execFileSync(process.execPath, [__filename, dir, String(runs)], { encoding: 'utf8' });
  return JSON.parse(out) as Timed;
}

if (require.main === module && process.argv.length === 4) process.stdout.write(JSON.stringify(timeMerges(process.argv[2], Number(process.argv[3]))));

export function runSidecarMergeBench(count = 5000, log: (line: string) => void = console.log): number {
  const { baseText, oursText, theirsText } = sidecarMergeInputs(count);
  // The merges run in child processes: the garbage of making the inputs (the yaml writer, 6 MB)
  // would otherwise be collected during the timed merges.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-merge-bench-'));
  try {
    for (const [name, text] of [['base', baseText], ['ours', oursText], ['theirs', theirsText]]) fs.writeFileSync(path.join(dir, `${name}.yaml`), text);
    const mid = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    // CPU time (the process, all its threads: GC and compiler included) grows less with the
    // machine's load than wall time does; the load average says how busy the machine was.
    const load = () => os.loadavg()[0].toFixed(1);
    const loadBefore = load();
    // 1. Seven merges in one process (the first compiles the code; later ones run it compiled).
    const warm = timeInChild(dir, 7);
    // 2. One merge in each of seven new processes: what git sees (the driver merges once per process).
    const cold = Array.from({ length: 7 }, () => timeInChild(dir, 1));
    const coldWall = cold.map((c) => c.wall[0]);
    const coldCpu = cold.map((c) => c.cpu[0]);
    const median = mid(warm.wall);
    log(`merge-sidecar: ${count.toLocaleString('en-GB')} annotations a side (${Math.round(oursText.length / 1024).toLocaleString('en-GB')} KB each), ${warm.recorded} conflicts recorded, ${warm.via === 'text' ? 'text fast path' : 'yaml path'}; target < 200 ms; load average ${loadBefore} before, ${load()} after`);
    log(`merge-sidecar:   7 merges in one process: median ${median.toFixed(0)} ms wall, CPU ${mid(warm.cpu).toFixed(0)} ms (runs: ${warm.wall.map((w) => w.toFixed(0)).join(', ')} ms wall)`);
    log(`merge-sidecar:   1 merge in each of 7 new processes (as git runs the driver; merge only, not Node's start): median ${mid(coldWall).toFixed(0)} ms wall, CPU ${mid(coldCpu).toFixed(0)} ms (runs: ${coldWall.map((w) => w.toFixed(0)).join(', ')} ms wall)`);
    // What the fast path does not do: read the whole result back with the yaml library, and the full path itself.
    const merged = mergeSidecarTexts(baseText, oursText, theirsText);
    if (!merged.ok) throw new Error('the merge failed');
    const p0 = performance.now();
    const back = parseSidecar(merged.text);
    const parseMs = performance.now() - p0;
    if (!back.ok) throw new Error('the merge does not parse');
    const f0 = performance.now();
    const full = mergeSidecarTexts(baseText, oursText, theirsText, { path: 'full' });
    const fullMs = performance.now() - f0;
    log(`merge-sidecar: for comparison, one yaml parse of the ${Math.round(merged.text.length / 1024).toLocaleString('en-GB')} KB result ${parseMs.toFixed(0)} ms; the yaml path ${fullMs.toFixed(0)} ms (${full.ok && full.text === merged.text ? 'same bytes' : 'DIFFERENT bytes'})`);
    return median;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
