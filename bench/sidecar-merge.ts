/**
 * The git merge driver on large sidecars: base, ours and theirs of 5,000 annotations each, every
 * side having edited, added and replied to a few hundred (some the same note both ways), merged by
 * `mergeSidecarTexts` (the text fast path: files in our layout read line by line, merged by id,
 * assembled by text, read back). Target: < 200 ms. Also printed: one yaml parse of the result and
 * the full (yaml library) path, for comparison.
 *
 * Run: npx tsc -p . && node out/bench/index.js sidecar-merge
 */
import * as os from 'os';
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

export function runSidecarMergeBench(count = 5000, log: (line: string) => void = console.log): number {
  const { baseText, oursText, theirsText } = sidecarMergeInputs(count);
  const times: number[] = [];
  const cpu: number[] = [];
  let recorded = 0;
  let merged = '';
  let via = '';
  for (let run = 0; run < 7; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = mergeSidecarTexts(baseText, oursText, theirsText);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (!result.ok) throw new Error(`merge failed: ${JSON.stringify(result.problems[0])}`);
    recorded = result.recorded;
    merged = result.text;
    via = result.via ?? '';
  }
  const mid = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const median = mid(times);
  // CPU time (this process, all its threads: GC and compiler included) does not grow with the
  // machine's load as wall time does; the load average says how busy the machine was.
  const load = os.loadavg()[0];
  log(`merge-sidecar: ${count.toLocaleString('en-GB')} annotations a side (${Math.round(oursText.length / 1024).toLocaleString('en-GB')} KB each), ${recorded} conflicts recorded, ${via === 'text' ? 'text fast path' : 'yaml path'}: median ${median.toFixed(0)} ms of ${times.length} runs, CPU ${mid(cpu).toFixed(0)} ms (first run ${times[0].toFixed(0)} ms, CPU ${cpu[0].toFixed(0)} ms; load average ${load.toFixed(1)}; target < 200 ms)`);
  // What the fast path does not do: read the whole result back with the yaml library, and the full path itself.
  const p0 = performance.now();
  const back = parseSidecar(merged);
  const parseMs = performance.now() - p0;
  if (!back.ok) throw new Error('the merge does not parse');
  const f0 = performance.now();
  const full = mergeSidecarTexts(baseText, oursText, theirsText, { path: 'full' });
  const fullMs = performance.now() - f0;
  log(`merge-sidecar: for comparison, one yaml parse of the ${Math.round(merged.length / 1024).toLocaleString('en-GB')} KB result ${parseMs.toFixed(0)} ms; the yaml path ${fullMs.toFixed(0)} ms (${full.ok && full.text === merged ? 'same bytes' : 'DIFFERENT bytes'})`);
  return median;
}
