/**
 * Re-anchoring benchmark: a seeded ~1 MB policy-like document full of look-alike passages,
 * 1,000 annotations, 100 random edits (some delete annotated quotes outright), then every
 * annotation re-anchored by Policy Lens's matcher and by `approx-string-match` (the library the
 * Hypothesis client uses), with accuracy measured against the true positions.
 *
 * Run: npx tsc -p . && node -e "require('./out/bench/anchoring').runAnchoringBench()"
 */
import { anchorAnnotations, makeAnchor } from '../src/core/annotations/anchor';
import type { AnchorResult, Annotation } from '../src/core/annotations/types';
import { rng as seeded } from './prng';

type ApproxSearch = (text: string, pattern: string, maxErrors: number) => { start: number; end: number; errors: number }[];

export interface BenchOptions {
  seed?: number;
  documentSize?: number;
  annotations?: number;
  edits?: number;
  /** Skip approx-string-match (it is much slower). */
  skipBaseline?: boolean;
  /** Print each wrong attachment. */
  verbose?: boolean;
  log?: (line: string) => void;
}

export interface Accuracy {
  shouldAnchor: number;
  correct: number;
  missed: number;
  shouldOrphan: number;
  correctOrphans: number;
  edited: number;
  editedAnchoredOnIt: number;
  editedOrphaned: number;
  wrong: number;
}

export interface BenchReport {
  ms: number;
  accuracy: Accuracy;
  baseline?: { ms: number; accuracy: Accuracy };
}

export async function runAnchoringBench(options: BenchOptions = {}): Promise<BenchReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const random = seeded(options.seed ?? 20240607);
  const original = makeDocument(random, options.documentSize ?? 1_000_000);
  const annotations = makeAnnotations(random, original, options.annotations ?? 1000);
  const { text, truth } = applyEdits(random, original, annotations, options.edits ?? 100);

  // Warm up the code paths once (JIT), on a copy of the work, then measure.
  anchorAnnotations(text, annotations.slice(0, 50));
  const t0 = performance.now();
  const results = anchorAnnotations(text, annotations);
  const ms = performance.now() - t0;
  const accuracy = score(results, truth);
  if (options.verbose) {
    for (const r of results) {
      const fate = truth.get(r.id)!;
      const a = annotations.find((x) => x.id === r.id)!;
      const wrong = r.status === 'anchored' && (fate.kind === 'deleted' || r.end <= fate.start || r.start >= fate.end);
      if (wrong) log(`WRONG ${JSON.stringify(r)} fate=${JSON.stringify(fate)}\n  quote=${JSON.stringify(a.quote)}\n  prefix=${JSON.stringify(a.prefix)} suffix=${JSON.stringify(a.suffix)}\n  found=${JSON.stringify(text.slice(r.start - 32, r.start))} [${JSON.stringify(text.slice(r.start, r.end))}] ${JSON.stringify(text.slice(r.end, r.end + 32))}`);
    }
  }
  log(`document ${(text.length / 1e6).toFixed(2)} M chars, ${annotations.length} annotations, ${options.edits ?? 100} edits`);
  log(`policy-lens:        ${ms.toFixed(1)} ms  ${describe(accuracy)}`);
  const report: BenchReport = { ms, accuracy };

  if (!options.skipBaseline) {
    const search = await loadApproxStringMatch();
    const b0 = performance.now();
    const baseline = annotations.map((a) => baselineAnchor(search, text, a));
    const bms = performance.now() - b0;
    report.baseline = { ms: bms, accuracy: score(baseline, truth) };
    log(`approx-string-match: ${bms.toFixed(1)} ms  ${describe(report.baseline.accuracy)}`);
  }
  return report;
}

/** What a quote-only matcher does: the best approximate matches, nearest the hint wins. */
function baselineAnchor(search: ApproxSearch, text: string, a: Annotation): AnchorResult {
  const maxErrors = Math.floor(a.quote.length * 0.2);
  const matches = search(text, a.quote, maxErrors);
  if (matches.length === 0) return { id: a.id, status: 'orphaned', reason: 'not-found' };
  let best = matches[0];
  for (const m of matches) if (Math.abs(m.start - a.start) < Math.abs(best.start - a.start)) best = m;
  return { id: a.id, status: 'anchored', start: best.start, end: best.end, method: 'fuzzy', score: 1 - best.errors / a.quote.length };
}

async function loadApproxStringMatch(): Promise<ApproxSearch> {
  // An ES module: load it with a real dynamic import (TypeScript would turn `import()` into require).
  const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: ApproxSearch }>;
  return (await importEsm('approx-string-match')).default;
}

// ---------------------------------------------------------------------------------------------
// The document

const PARTIES = ['integrated care boards', 'NHS England', 'NHS trusts', 'general practice', 'local authorities',
  'provider collaboratives', 'primary care networks', 'the voluntary sector', 'community pharmacy', 'social care providers',
  'the Department of Health and Social Care', 'integrated care partnerships'];
const VERBS = ['must publish', 'will set out', 'should agree', 'are expected to deliver', 'will be responsible for',
  'must consult on', 'will work with partners on', 'should review', 'will fund', 'must report on'];
const OBJECTS = ['a joint forward plan', 'a joint capital plan', 'a workforce strategy', 'an estates strategy',
  'a population health plan', 'a digital transformation plan', 'a system financial plan', 'an urgent care plan',
  'a mental health investment plan', 'a prevention strategy'];
const WHEN = ['by March', 'by June', 'before the end of', 'no later than April', 'during', 'from October'];
const TAILS = ['within existing resources', 'with new recurrent funding of £{n} million', 'subject to national guidance',
  'in line with the operating framework', 'taking account of local priorities', 'with support from regional teams',
  'as part of the annual planning round', 'drawing on the integrator function'];
const LINKS = ['In addition,', 'As a result,', 'Where appropriate,', 'By contrast,', 'To support this,', 'In each system,'];

function makeDocument(random: () => number, size: number): string {
  const parts: string[] = [];
  let length = 0;
  let section = 1;
  while (length < size) {
    const heading = `## ${section}. ${pick(random, OBJECTS).replace(/^an? /, '')} (${section})\n\n`;
    parts.push(heading);
    length += heading.length;
    const paragraphs = 3 + Math.floor(random() * 4);
    for (let p = 0; p < paragraphs; p++) {
      const sentences: string[] = [];
      const count = 2 + Math.floor(random() * 4);
      for (let s = 0; s < count; s++) sentences.push(sentence(random));
      const paragraph = wrap(sentences.join(' '), 80) + '\n\n';
      parts.push(paragraph);
      length += paragraph.length;
    }
    section++;
  }
  return parts.join('').slice(0, size);
}

function sentence(random: () => number): string {
  const year = 2024 + Math.floor(random() * 6);
  const core = `${pick(random, PARTIES)} ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, WHEN)} ${year}`;
  const tail = pick(random, TAILS).replace('{n}', String(1 + Math.floor(random() * 400)));
  const link = random() < 0.3 ? `${pick(random, LINKS)} ` : '';
  const text = `${link}${core} ${tail}.`;
  return text[0].toUpperCase() + text.slice(1);
}

function wrap(text: string, width: number): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length + w.length + 1 > width && line) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function makeAnnotations(random: () => number, text: string, count: number): Annotation[] {
  const out: Annotation[] = [];
  const spacing = Math.floor(text.length / count);
  for (let i = 0; i < count; i++) {
    // Spread over the document; start and end on word boundaries, 20 to 160 characters.
    let start = i * spacing + Math.floor(random() * (spacing - 200));
    while (start > 0 && /\S/.test(text[start - 1])) start--;
    let end = Math.min(text.length, start + 20 + Math.floor(random() * 140));
    while (end < text.length && /\S/.test(text[end])) end++;
    const anchor = makeAnchor(text, start, end);
    out.push({ id: `a${i.toString(36)}`, tag: 'question', note: '', ...anchor });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Edits and the truth

type Fate = { kind: 'intact'; start: number; end: number } | { kind: 'deleted' } | { kind: 'edited'; start: number; end: number };

function applyEdits(random: () => number, original: string, annotations: Annotation[], edits: number): { text: string; truth: Map<string, Fate> } {
  let text = original;
  const fates = new Map<string, Fate>(annotations.map((a) => [a.id, { kind: 'intact', start: a.start, end: a.start + a.quote.length }]));
  const replace = (from: number, to: number, insert: string): void => {
    text = text.slice(0, from) + insert + text.slice(to);
    const delta = insert.length - (to - from);
    for (const [id, fate] of fates) {
      if (fate.kind === 'deleted') continue;
      if (to <= fate.start && !(from === to && from === fate.start && fate.kind === 'intact' && false)) {
        fates.set(id, { ...fate, start: fate.start + delta, end: fate.end + delta });
      } else if (from >= fate.end) {
        // after: unchanged
      } else if (from <= fate.start && to >= fate.end) {
        fates.set(id, { kind: 'deleted' });
      } else {
        const start = Math.min(fate.start, from);
        const end = Math.max(fate.end + delta, from + insert.length);
        fates.set(id, { kind: 'edited', start, end });
      }
    }
  };
  for (let e = 0; e < edits; e++) {
    const roll = random();
    if (roll < 0.15) {
      // Delete an annotated quote outright, with a little around it.
      const alive = annotations.filter((a) => fates.get(a.id)!.kind === 'intact');
      const victim = pick(random, alive);
      const fate = fates.get(victim.id) as { start: number; end: number };
      replace(Math.max(0, fate.start - 3), Math.min(text.length, fate.end + 3), ' ');
    } else if (roll < 0.55) {
      const at = wordBoundary(text, Math.floor(random() * text.length));
      replace(at, at, `${sentence(random)} `);
    } else if (roll < 0.85) {
      const from = wordBoundary(text, Math.floor(random() * text.length));
      replace(from, wordBoundary(text, from + 10 + Math.floor(random() * 400)), '');
    } else {
      // A small correction: one word replaced.
      const from = wordBoundary(text, Math.floor(random() * text.length));
      const to = text.indexOf(' ', from + 1);
      if (to > from) replace(from, to, random() < 0.5 ? 'revised' : 'updated');
    }
  }
  return { text, truth: fates };
}

function wordBoundary(text: string, at: number): number {
  at = Math.min(at, text.length);
  while (at > 0 && /\S/.test(text[at - 1])) at--;
  return at;
}

function score(results: AnchorResult[], truth: Map<string, Fate>): Accuracy {
  const acc: Accuracy = { shouldAnchor: 0, correct: 0, missed: 0, shouldOrphan: 0, correctOrphans: 0, edited: 0, editedAnchoredOnIt: 0, editedOrphaned: 0, wrong: 0 };
  for (const r of results) {
    const fate = truth.get(r.id)!;
    if (fate.kind === 'deleted') {
      acc.shouldOrphan++;
      if (r.status === 'orphaned') acc.correctOrphans++; else acc.wrong++;
    } else if (fate.kind === 'intact') {
      acc.shouldAnchor++;
      if (r.status === 'orphaned') acc.missed++;
      else if (r.start === fate.start && r.end === fate.end) acc.correct++;
      else if (r.end <= fate.start || r.start >= fate.end) acc.wrong++;
      else acc.missed++; // overlapping but not exact: counted as a miss, not a wrong attachment
    } else {
      acc.edited++;
      if (r.status === 'orphaned') acc.editedOrphaned++;
      else if (r.end <= fate.start || r.start >= fate.end) acc.wrong++;
      else acc.editedAnchoredOnIt++;
    }
  }
  return acc;
}

function describe(a: Accuracy): string {
  return `anchored correctly ${a.correct}/${a.shouldAnchor}, orphaned correctly ${a.correctOrphans}/${a.shouldOrphan}, `
    + `edited quotes ${a.edited} (${a.editedAnchoredOnIt} re-anchored on the edited text, ${a.editedOrphaned} orphaned), wrong attachments ${a.wrong}`;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

