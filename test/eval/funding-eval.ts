/**
 * `npm run eval`: precision and recall of the funding-statement classes against our own hand
 * labels (test/fixtures/eval/funding-labels-*.json), on the real documents of the development
 * corpus (../shared/corpus, or the folder named by POLICY_LENS_CORPUS).
 *
 * Each label names a document, the exact text a sentence starts with, and its class
 * (unfunded / existing / backed / none). A label is matched to the statement the engine reports
 * at that place (none when it reports nothing there). Precision counts every statement the
 * engine reports inside the labelled part of each document; anything reported where no label
 * is counts as "none" (the labellers labelled every money sentence in that part).
 *
 * Also prints funding findings per 100 KB on every corpus document (annual reports: at most 5),
 * and party presence against test/fixtures/eval/party-presence.json.
 *
 * Then the same figures on the held-out labels alone (HELD_OUT: labelled after the rules were
 * written, never used to tune them), counted over the part of each document that file covers,
 * the written sentences (probes 9-11) and the written documents in PDF-converted form (probes 12
 * and on, test/fixtures/eval/probe-docs), one table per probe.
 */
import * as fs from 'fs';
import * as path from 'path';
import { engineWith, repoRoot } from '../unit/helpers/engine';
import { FundingStatement } from '../../src/core/types';

type Cls = 'unfunded' | 'existing' | 'backed' | 'none';
const CLASSES: Cls[] = ['unfunded', 'existing', 'backed', 'none'];

interface Label {
  doc: string;
  quote: string;
  class: Cls;
  why?: string;
  /** The label file it came from (set by loadLabels). */
  file?: string;
}

/** The label file held out from tuning, and the heading of its figures. */
export const HELD_OUT = { file: 'funding-labels-c.json', title: 'Held out until 2 December 2026 (funding-labels-c.json; the rules were tuned on its misses that day, see test/fixtures/eval/README.md)' };

/**
 * Where a label file covers a document only in part (see test/fixtures/eval/README.md): `from`
 * and `to` are character offsets into the corpus document; a file covers a document it labels
 * from its start to its end unless named here.
 */
const COVERAGE: Record<string, Record<string, { from?: number; to?: number }>> = {
  'funding-labels-b.json': { 'lch-trust-board-public-papers-2025-09-04.md': { to: 346342 } },
  'funding-labels-c.json': {
    'lch-trust-board-public-papers-2025-09-04.md': { from: 346342 },
    // Where "Annual accounts for the year ended" begins: the accounts are not labelled.
    'lch-annual-report-and-accounts-2024-25.md': { to: 286611 },
  },
};

/** The part of a document the given label files cover together. */
function labelledPart(doc: string, files: readonly string[]): { from: number; to: number } {
  let from = Infinity;
  let to = 0;
  for (const f of files) {
    const c = COVERAGE[f]?.[doc] ?? {};
    from = Math.min(from, c.from ?? 0);
    to = Math.max(to, c.to ?? Infinity);
  }
  return { from, to };
}

interface Placed extends Label {
  at: number;
}

function corpusDir(root: string): string {
  const dir = process.env.POLICY_LENS_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
  if (!fs.existsSync(dir)) {
    throw new Error(`The development corpus is not at ${dir}. Set POLICY_LENS_CORPUS to the folder holding the labelled documents (see test/fixtures/eval/README.md).`);
  }
  return dir;
}

/**
 * Where a set of labels points: the folder of the documents and the label files' names. The
 * corpus labels point into ../shared/corpus; the written documents (probes 12 and on) are kept in
 * test/fixtures/eval/probe-docs with their labels beside the corpus ones.
 */
export interface LabelSet {
  docs: string;
  files: RegExp;
}

export function corpusLabels(root = repoRoot()): LabelSet {
  return { docs: corpusDir(root), files: /^funding-labels-.*\.json$/ };
}

export function writtenDocLabels(root = repoRoot()): LabelSet {
  return { docs: path.join(root, 'test', 'fixtures', 'eval', 'probe-docs'), files: /^probe-doc-labels-.*\.json$/ };
}

export function loadLabels(root: string, files = corpusLabels(root).files): Label[] {
  const dir = path.join(root, 'test', 'fixtures', 'eval');
  const out: Label[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => files.test(n)).sort()) {
    out.push(...(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Label[]).map((l) => ({ ...l, file: f })));
  }
  return out;
}

/** The statement whose span holds the label's start, or the first one starting inside its quote. */
function statementAt(statements: readonly FundingStatement[], at: number, len: number): FundingStatement | undefined {
  for (const s of statements) {
    if (s.start <= at && at < s.end) return s;
    if (s.start >= at && s.start < at + len) return s;
    if (s.start >= at + len) break;
  }
  return undefined;
}

export interface EvalResult {
  confusion: Record<Cls, Record<Cls, number>>; // label -> predicted
  predictedInLabelled: Record<Cls, number>;
  correctPredicted: Record<Cls, number>;
  perDoc: { doc: string; kb: number; findings: number; per100: number; statements: number; uncertain: number }[];
  /** Diagnostics (funding findings) in the labelled parts: how many, how many on an unfunded/existing label. */
  findingsInLabelled: number;
  findingsRight: number;
  /** Unfunded/existing labels, and how many of them carry a finding. */
  flagLabels: number;
  flagLabelsFound: number;
  /** The same diagnostics figures per labelled document. */
  byDoc: { doc: string; findings: number; right: number; labels: number; found: number }[];
  misses: { label: Placed; predicted: Cls; text: string }[];
}

type Analysis = ReturnType<ReturnType<typeof engineWith>['analyze']>;

/**
 * Figures on every label file, or on the one named by `only` (then precision counts only the part
 * of each document that file covers). `analyses` keeps each document's analysis for the next call.
 */
export function evaluate(only?: string, analyses = new Map<string, Analysis>(), set = corpusLabels()): EvalResult {
  const root = repoRoot();
  const dir = set.docs;
  const labels = loadLabels(root, set.files).filter((l) => only === undefined || l.file === only);
  const engine = engineWith();
  const zero = (): Record<Cls, number> => ({ unfunded: 0, existing: 0, backed: 0, none: 0 });
  const confusion = { unfunded: zero(), existing: zero(), backed: zero(), none: zero() };
  const predictedInLabelled = zero();
  const correctPredicted = zero();
  const misses: EvalResult['misses'] = [];
  const byDoc = new Map<string, Placed[]>();
  for (const l of labels) {
    const list = byDoc.get(l.doc) ?? [];
    list.push(l as Placed);
    byDoc.set(l.doc, list);
  }
  const perDoc: EvalResult['perDoc'] = [];
  let findingsInLabelled = 0;
  let findingsRight = 0;
  let flagLabels = 0;
  let flagLabelsFound = 0;
  const byDocFigures: EvalResult['byDoc'] = [];
  for (const doc of fs.readdirSync(dir).filter((n) => n.endsWith('.md') && n !== 'SOURCES.md').sort()) {
    const text = fs.readFileSync(path.join(dir, doc), 'utf8');
    const analysis = analyses.get(doc) ?? engine.analyze(text);
    analyses.set(doc, analysis);
    const funding = analysis.findings.filter((f) => f.rule.startsWith('funding.')).length;
    perDoc.push({ doc, kb: text.length / 1024, findings: funding, per100: (funding * 100 * 1024) / text.length, statements: analysis.fundingStatements.length, uncertain: analysis.fundingStatements.filter((s) => s.uncertain).length });
    const docLabels = byDoc.get(doc);
    if (!docLabels) continue;
    for (const l of docLabels) {
      l.at = text.indexOf(l.quote);
      if (l.at < 0) throw new Error(`label quote not found in ${doc}: ${JSON.stringify(l.quote)}`);
    }
    docLabels.sort((a, b) => a.at - b.at);
    const statements = analysis.fundingStatements;
    for (const l of docLabels) {
      const s = statementAt(statements, l.at, l.quote.length);
      const predicted: Cls = s ? s.class : 'none';
      confusion[l.class][predicted]++;
      if (predicted !== l.class) misses.push({ label: l, predicted, text: s ? s.text : text.slice(l.at, l.at + 160).replace(/\s+/g, ' ') });
    }
    // Precision: every statement inside the labelled part (up to a little past the last label,
    // never past where the label files' coverage ends).
    const last = docLabels[docLabels.length - 1];
    const part = labelledPart(doc, [...new Set(docLabels.map((l) => l.file ?? ''))]);
    const limit = Math.min(last.at + 2000, part.to);
    const flags = analysis.findings.filter((f) => f.rule.startsWith('funding.'));
    const holds = (s: { start: number; end: number }, l: Placed): boolean => (s.start <= l.at && l.at < s.end) || (l.at <= s.start && s.start < l.at + l.quote.length);
    const fig = { doc, findings: 0, right: 0, labels: 0, found: 0 };
    for (const f of flags) {
      if (f.start > limit) break;
      if (f.start < part.from) continue;
      fig.findings++;
      if (docLabels.some((l) => holds(f, l) && (l.class === 'unfunded' || l.class === 'existing'))) fig.right++;
    }
    for (const l of docLabels) {
      if (l.class !== 'unfunded' && l.class !== 'existing') continue;
      fig.labels++;
      if (flags.some((f) => holds(f, l))) fig.found++;
    }
    findingsInLabelled += fig.findings;
    findingsRight += fig.right;
    flagLabels += fig.labels;
    flagLabelsFound += fig.found;
    byDocFigures.push(fig);
    for (const s of statements) {
      if (s.start > limit) break;
      if (s.start < part.from) continue;
      predictedInLabelled[s.class]++;
      const inside = docLabels.filter((l) => (s.start <= l.at && l.at < s.end) || (l.at <= s.start && s.start < l.at + l.quote.length));
      if (inside.some((l) => l.class === s.class)) correctPredicted[s.class]++;
      else if (inside.length === 0 && s.class !== 'backed') misses.push({ label: { doc, quote: '', class: 'none', at: s.start }, predicted: s.class, text: `(unlabelled) ${s.text}` });
    }
  }
  return { confusion, predictedInLabelled, correctPredicted, perDoc, misses, findingsInLabelled, findingsRight, flagLabels, flagLabelsFound, byDoc: byDocFigures };
}

/** Which parties each corpus document names, against our hand check. */
export function partyPresence(): { right: number; total: number; wrong: string[] } {
  const root = repoRoot();
  const dir = corpusDir(root);
  const labels = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'eval', 'party-presence.json'), 'utf8')) as { documents: Record<string, string[]> };
  const engine = engineWith();
  const parties = [...engine.entries.values()].filter((e) => e.kinds.includes('party')).map((e) => e.id);
  let right = 0;
  let total = 0;
  const wrong: string[] = [];
  for (const [doc, present] of Object.entries(labels.documents)) {
    const counts = engine.analyze(fs.readFileSync(path.join(dir, doc), 'utf8')).counts;
    for (const p of parties) {
      total++;
      const expected = present.includes(p);
      if (expected === (counts[p] ?? 0) > 0) right++;
      else wrong.push(`${doc}: ${p} ${expected ? 'is named but not found' : `is not named but found ${counts[p]}×`}`);
    }
  }
  return { right, total, wrong };
}

function pct(n: number, d: number): string {
  return d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(0).padStart(5)}%`;
}

/** The per-class table and the recall/precision lines of one evaluation. */
function summary(r: EvalResult): string[] {
  const c = r.confusion;
  const lines: string[] = [];
  lines.push('| class    | labelled | found | precision | recall |');
  lines.push('| -------- | -------- | ----- | --------- | ------ |');
  for (const k of CLASSES) {
    const labelled = CLASSES.reduce((a, p) => a + c[k][p], 0);
    if (k === 'none') continue;
    lines.push(`| ${k.padEnd(8)} | ${String(labelled).padStart(8)} | ${String(r.predictedInLabelled[k]).padStart(5)} | ${pct(r.correctPredicted[k], r.predictedInLabelled[k]).padStart(9)} | ${pct(c[k][k], labelled).padStart(6)} |`);
  }
  // Flagged = unfunded or existing (what becomes a diagnostic).
  const flaggedLabels = ['unfunded', 'existing'] as const;
  const labelledFlag = flaggedLabels.reduce((a, k) => a + CLASSES.reduce((b, p) => b + c[k][p], 0), 0);
  const foundFlag = flaggedLabels.reduce((a, k) => a + c[k].unfunded + c[k].existing, 0);
  const predictedFlag = r.predictedInLabelled.unfunded + r.predictedInLabelled.existing;
  let correctFlag = 0;
  for (const k of flaggedLabels) correctFlag += r.correctPredicted[k];
  const backedLabels = CLASSES.reduce((a, p) => a + c.backed[p], 0);
  lines.push('');
  lines.push(`Statements classed unfunded or existing: recall ${pct(foundFlag, labelledFlag).trim()} of ${labelledFlag} labels, precision ${pct(correctFlag, predictedFlag).trim()} of ${predictedFlag} (right class)`);
  lines.push(`Diagnostics (funding findings; none in interleaved columns): recall ${pct(r.flagLabelsFound, r.flagLabels).trim()} of ${r.flagLabels} labels, precision ${pct(r.findingsRight, r.findingsInLabelled).trim()} of ${r.findingsInLabelled} findings; target recall >= 80%, precision >= 75%`);
  for (const d of r.byDoc) lines.push(`  ${d.doc.padEnd(52)} recall ${pct(d.found, d.labels).trim()} of ${d.labels}, precision ${pct(d.right, d.findings).trim()} of ${d.findings}`);
  lines.push(`Backed claims flagged anyway: ${pct(c.backed.unfunded + c.backed.existing, backedLabels).trim()} of ${backedLabels} (target <= 10%)`);
  return lines;
}

interface ProbeSentence {
  probe: number;
  class: Cls;
  text: string;
  genre?: string;
}

/**
 * The written probes (test/fixtures/eval/probe-sentences.json): sentences in the style of planning
 * guidance, board papers, council papers, contract letters and annual reports, written and labelled
 * by us before they were first run. Each sentence is analysed alone; its class is the class of the
 * first money statement in it (none when there is none).
 */
export function probeSummary(): string[] {
  const file = path.join(repoRoot(), 'test', 'fixtures', 'eval', 'probe-sentences.json');
  const sentences = JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeSentence[];
  const engine = engineWith();
  const flagged = (k: Cls): boolean => k === 'unfunded' || k === 'existing';
  const lines = [
    'Written probes (test/fixtures/eval/probe-sentences.json; not real text, and the rules were tuned on their misses after each first run):',
    '| probe | sentences | flagged precision | flagged recall | unfunded P / R | existing P / R | backed flagged | none flagged |',
    '| ----- | --------- | ----------------- | -------------- | -------------- | -------------- | -------------- | ------------ |',
  ];
  for (const probe of [...new Set(sentences.map((s) => s.probe))].sort((a, b) => a - b)) {
    const rows = sentences.filter((s) => s.probe === probe).map((s) => {
      const st = engine.analyze(s.text).fundingStatements;
      return { gold: s.class, pred: (st.length > 0 ? st[0].class : 'none') as Cls };
    });
    const count = (f: (r: { gold: Cls; pred: Cls }) => boolean): number => rows.filter(f).length;
    // Precision and recall of a set of classes (both flagged classes count as one: a diagnostic either way).
    const pr = (isClass: (c: Cls) => boolean): [string, string] => {
      const hit = count((r) => isClass(r.gold) && isClass(r.pred));
      return [pct(hit, count((r) => isClass(r.pred))).trim(), pct(hit, count((r) => isClass(r.gold))).trim()];
    };
    const [fp, fr] = pr(flagged);
    const pair = (c: Cls): string => pr((k) => k === c).join(' / ');
    lines.push(`| ${String(probe).padEnd(5)} | ${String(rows.length).padStart(9)} | ${fp.padStart(17)} | ${fr.padStart(14)} | ${pair('unfunded').padStart(14)} | ${pair('existing').padStart(14)} | ` +
      `${`${count((r) => r.gold === 'backed' && flagged(r.pred))} of ${count((r) => r.gold === 'backed')}`.padStart(14)} | ${`${count((r) => r.gold === 'none' && flagged(r.pred))} of ${count((r) => r.gold === 'none')}`.padStart(12)} |`);
  }
  return lines;
}

/**
 * The written documents in PDF-converted form (test/fixtures/eval/probe-docs): one table per
 * label file, each labelled in full before the engine was first run on it.
 */
export function writtenDocSummary(analyses: Map<string, Analysis>): string[] {
  const set = writtenDocLabels();
  if (!fs.existsSync(set.docs)) return [];
  const lines: string[] = [];
  for (const f of fs.readdirSync(path.join(repoRoot(), 'test', 'fixtures', 'eval')).filter((n) => set.files.test(n)).sort()) {
    lines.push('');
    lines.push(`Written documents in PDF-converted form (${f}; not real text, first-run figures in test/fixtures/eval/README.md), per class:`);
    lines.push('');
    lines.push(...summary(evaluate(f, analyses, set)));
  }
  return lines;
}

function main(): void {
  const analyses = new Map<string, Analysis>();
  const r = evaluate(undefined, analyses);
  const c = r.confusion;
  const lines: string[] = [];
  lines.push('Funding statements against our labels (test/fixtures/eval), per class:');
  lines.push('');
  lines.push(...summary(r));
  lines.push('');
  lines.push('Confusion (rows: label, columns: engine):');
  lines.push(`  ${''.padEnd(9)}${CLASSES.map((k) => k.padStart(9)).join('')}`);
  for (const k of CLASSES) lines.push(`  ${k.padEnd(9)}${CLASSES.map((p) => String(c[k][p]).padStart(9)).join('')}`);
  lines.push('');
  lines.push('Funding findings per 100 KB (annual reports: target <= 5), and money statements (in interleaved columns: listed, not flagged):');
  for (const d of r.perDoc) lines.push(`  ${d.doc.padEnd(52)} ${d.kb.toFixed(0).padStart(4)} KB ${String(d.findings).padStart(4)} findings ${d.per100.toFixed(1).padStart(5)} / 100 KB   ${String(d.statements).padStart(4)} statements, ${d.uncertain} in columns`);
  const pp = partyPresence();
  lines.push('');
  lines.push(`Party presence (named / never named) against test/fixtures/eval/party-presence.json: ${pp.right} of ${pp.total} right (${pct(pp.right, pp.total).trim()}; target >= 95%)`);
  for (const w of pp.wrong) lines.push(`  ${w}`);
  const held = evaluate(HELD_OUT.file, analyses);
  lines.push('');
  lines.push(`${HELD_OUT.title}, per class:`);
  lines.push('');
  lines.push(...summary(held));
  lines.push('');
  lines.push(...probeSummary());
  lines.push(...writtenDocSummary(analyses));
  if (process.argv.includes('--misses')) {
    lines.push('');
    lines.push('Misses (label -> engine):');
    const written = fs.existsSync(writtenDocLabels().docs) ? evaluate(undefined, analyses, writtenDocLabels()).misses : [];
    for (const m of [...r.misses, ...written]) lines.push(`  [${m.label.class} -> ${m.predicted}] ${m.label.doc.slice(0, 12)} ${m.text.slice(0, 150)}`);
  }
  console.log(lines.join('\n'));
}

if (require.main === module) main();
