/**
 * Engine speed on generated policy-style documents (1 MB and 5 MB): the whole
 * engine, term matching alone, and a naive matcher (one RegExp alternating every
 * lexicon phrase) for comparison. Prints best and median figures after warm-up runs
 * (the JIT and the engine's reusable buffers settle first); asserts nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createEngine, defaultConfig, parseLexicon } from '../src/core/engine';
import { EngineLexiconEntry } from '../src/core/lexicon/entry';
import { rng } from './prng';
import { readText, readTextIncremental } from '../src/core/text/reading';
import { Vocabulary } from '../src/core/text/vocabulary';
import { TokenBuffer, tokenize } from '../src/core/text/tokenizer';
import { LexiconMatcher } from '../src/core/analysis/matcher';
import { FundingMatcher, accountsStart, fundingStatements } from '../src/core/analysis/funding';
import { SpanBuffer, splitSentencesInto } from '../src/core/text/sentences';
import { findMoney } from '../src/core/text/amounts';


const SUBJECTS = [
  'Integrated care boards (ICBs)', 'Place partners', 'The integrator function', 'Primary Care Networks (PCNs)',
  'Local authorities', 'The VCSE sector', 'Each INT', 'GP federations', 'System partners', 'Community providers',
  'The Health and Wellbeing Board', 'NHS England', 'Neighbourhood teams', 'Acute trusts', 'Place-based boards',
];
const VERBS = [
  'will work with', 'should agree arrangements with', 'are expected to support', 'will lead the co-design of services with',
  'must set out plans alongside', 'will take forward proposals with', 'are asked to align priorities with',
];
const OBJECTS = [
  'general practice at neighbourhood level', 'the Better Care Fund partners', 'social care providers and VCSE organisations',
  'population health management teams', 'the independent sector at place level', 'pharmacy and public health colleagues',
  'the Single Neighbourhood Provider', 'multi-neighbourhood providers across the system', 'patients and carers',
  'the ARRS workforce and GPwER colleagues', 'advice and guidance services', 'place-based partnerships',
];
const TAILS = [
  '.', ' (p13).', ', e.g. through the Network Contract DES.', ' within existing resources.', ' with £2.5bn of new investment.',
  ', and meetings will take place monthly.', '; additional funding is anticipated.', ' by 2026/27 (pp 4-5).',
  ', i.e. at place.', ' to maximise the impact of existing resources.', ' as the Fuller stocktake proposed.',
];
const FILLER = [
  'This reflects the ambition set out in the ten year plan.', 'Arrangements will be in place by April.',
  'Dr Smith noted that approx. 300 staff are involved.', 'The operating system of the programme is set out in Annex B.',
];

export function generatePolicyDocument(targetChars: number, seed: number): string {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const parts: string[] = [];
  let size = 0;
  let section = 1;
  while (size < targetChars) {
    let block: string;
    const roll = r();
    if (roll < 0.05) block = `\n## ${section++}. ${pick(SUBJECTS).replace(/^The /, '')} and ${pick(OBJECTS)}\n\n`;
    else if (roll < 0.1) {
      // A flattened PDF table with escapes and soft hyphens.
      block = `| Organisation | Role | Funding |\n|---|---|---|\n| ${pick(SUBJECTS)} | ${pick(OBJECTS)} | £${Math.floor(r() * 900)}m |\n` +
        `ICB   place\\-based   neigh\u00ADbourhood   \\*INT\\*   ${pick(OBJECTS)}\n\n`;
    } else if (roll < 0.18) block = `- ${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(TAILS)}\n`;
    else {
      let para = '';
      const n = 3 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) {
        para += r() < 0.2 ? pick(FILLER) + ' ' : `${pick(SUBJECTS)} ${pick(VERBS)}\n${pick(OBJECTS)}${pick(TAILS)} `;
      }
      block = para.trimEnd() + '\n\n';
    }
    parts.push(block);
    size += block.length;
  }
  return parts.join('').slice(0, targetChars);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Timing {
  best: number;
  median: number;
}

/** Times `runs` calls of fn (ms): the best (least disturbed by other load) and the median. */
function timeRuns(runs: number, fn: () => void): Timing {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[times.length >> 1] };
}

const RUNS = 9;
const WARM_UPS = 3;

/**
 * The funding rules' share of a whole analysis (analysis/funding.ts and sentence-scan.ts): their
 * phrase walk, accountsStart and fundingStatements on the reading text, with the tokens, mentions
 * and sentences they read prepared once, as the engine prepares them.
 */
function fundingRulesTiming(lexicon: EngineLexiconEntry[], source: string): Timing {
  const vocab = new Vocabulary();
  const lexiconMatcher = new LexiconMatcher(vocab, lexicon);
  const funding = new FundingMatcher(vocab, [], []);
  vocab.seal();
  const text = readText(source, { isWord: (w) => vocab.idOf(w) >= 0 }).text;
  const buf = new TokenBuffer();
  tokenize(text, vocab, buf);
  const mentions = lexiconMatcher.find(text, buf);
  const sourceMentions = mentions.filter((_, k) => lexicon[lexiconMatcher.targets[k]].fundingSource === true);
  const money = findMoney(text, buf.currencyMarks);
  const sentences = new SpanBuffer();
  splitSentencesInto(buf.utf8.bytes, buf.utf8.length, sentences);
  const run = (): void => {
    const hits = funding.find(text, buf);
    fundingStatements({ text, sentences, hits, money, sourceMentions, columns: [], accountsFrom: accountsStart(text), unquantified: 'warning', existing: 'info' });
  };
  for (let i = 0; i < WARM_UPS; i++) run();
  return timeRuns(RUNS, run);
}

function loadLexicon(): EngineLexiconEntry[] {
  for (const p of [path.join(__dirname, '..', '..', 'lexicon', 'nhs-england.yaml'), path.join(__dirname, '..', 'lexicon', 'nhs-england.yaml')]) {
    if (fs.existsSync(p)) return parseLexicon(fs.readFileSync(p, 'utf8')).entries;
  }
  throw new Error('lexicon/nhs-england.yaml not found');
}

export async function runEngineBench(): Promise<void> {
  const lexicon = loadLexicon();
  const engine = createEngine(lexicon, defaultConfig());
  const phrases = new Set<string>();
  for (const e of lexicon) for (const p of [e.label, ...e.aliases, ...(e.abbreviations ?? [])]) phrases.add(p);
  // The parts of term matching and the sentence splitter, built as createEngine builds them for the default configuration.
  const vocab = new Vocabulary();
  const matcher = new LexiconMatcher(vocab, lexicon);
  void new FundingMatcher(vocab, defaultConfig().fundingPhrases ?? [], defaultConfig().existingResourcePhrases ?? []);
  vocab.seal();
  const isWord = (w: string): boolean => vocab.idOf(w) >= 0;
  const tokens = new TokenBuffer();
  const sentences = new SpanBuffer();
  const naive = new RegExp(`\\b(?:${[...phrases].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\\b`, 'gi');

  console.log(`Policy Lens engine benchmark (${WARM_UPS} warm-up runs, then best and median of ${RUNS}; MB = 2^20 UTF-16 code units)`);
  const ms: Record<string, number> = {};
  for (const mb of [1, 5]) {
    const text = generatePolicyDocument(mb * 1024 * 1024, 42 + mb);
    let naiveCount = 0;
    const runNaive = (): void => { naiveCount = 0; naive.lastIndex = 0; while (naive.exec(text) !== null) naiveCount++; };
    for (let i = 0; i < WARM_UPS; i++) { engine.analyze(text); engine.mentions(text); runNaive(); }
    const whole = timeRuns(RUNS, () => engine.analyze(text));
    const terms = timeRuns(RUNS, () => engine.mentions(text));
    const naiveMs = timeRuns(RUNS, runNaive);
    const reading = readText(text, { isWord }).text;
    const readingMs = timeRuns(RUNS, () => readText(text, { isWord }));
    const tokensMs = timeRuns(RUNS, () => tokenize(reading, vocab, tokens));
    const matchMs = timeRuns(RUNS, () => matcher.find(reading, tokens));
    const sentencesMs = timeRuns(RUNS, () => splitSentencesInto(tokens.utf8.bytes, tokens.utf8.length, sentences));
    const a = engine.analyze(text);
    const rate = (t: number): string => `${(mb / (t / 1000)).toFixed(1).padStart(7)} MB/s`;
    const row = (name: string, t: Timing): string =>
      `  ${name.padEnd(16)} best ${t.best.toFixed(1).padStart(7)} ms ${rate(t.best)}   median ${t.median.toFixed(1).padStart(7)} ms ${rate(t.median)}`;
    console.log(`\n${mb} MB document: ${a.mentions.length} mentions, ${a.findings.length} findings (naive regex: ${naiveCount} matches)`);
    console.log(row('whole engine', whole));
    console.log(row('  funding rules', fundingRulesTiming(lexicon, text)));
    console.log(row('term matching', terms));
    console.log(row('naive RegExp', naiveMs));
    console.log('  parts of term matching and of the whole engine (#11):');
    console.log(row('  reading layer', readingMs));
    console.log(row('  tokens', tokensMs));
    console.log(row('  lexicon match', matchMs));
    console.log(row('  sentences', sentencesMs));
    console.log(`  term matching vs naive: ${(naiveMs.best / terms.best).toFixed(2)}× (best), ${(naiveMs.median / terms.median).toFixed(2)}× (median); ` +
      `whole engine vs naive: ${(naiveMs.best / whole.best).toFixed(2)}× (best), ${(naiveMs.median / whole.median).toFixed(2)}× (median)`);
    ms[`whole${mb}`] = whole.best;
    ms[`terms${mb}`] = terms.best;
  }
  console.log(`\nScaling 5 MB / 1 MB time, best of each (linear = 5): whole engine ${(ms.whole5 / ms.whole1).toFixed(2)}, term matching ${(ms.terms5 / ms.terms1).toFixed(2)}`);
  for (const mb of [1, 5]) runIncrementalBench(engine, `generated ${mb} MB`, generatePolicyDocument(mb * 1024 * 1024, 42 + mb));
  runCorpusBench(engine);
}

const EDITS = 60;

/**
 * What a keystroke costs the engine in the editor: analyze() with the document's block cache
 * after a word is typed at the start of a line between 30% and 70% of the text, against a
 * whole analysis without the cache (core/engine.ts, analysis/blocks.ts). p50 and p95 of 60 edits.
 */
export function runIncrementalBench(engine: ReturnType<typeof createEngine>, name: string, original: string): void {
  let text = original;
  const cache = engine.createCache();
  for (let i = 0; i < WARM_UPS; i++) engine.analyze(text, cache);
  const blocksBefore = cache.analysed;
  const edits: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const at = text.indexOf('\n', Math.floor(text.length * (0.3 + (0.4 * i) / EDITS))) + 1;
    text = text.slice(0, at) + 'integrator ' + text.slice(at);
    const t0 = process.hrtime.bigint();
    engine.analyze(text, cache);
    edits.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const whole = timeRuns(RUNS, () => engine.analyze(text));
  edits.sort((a, b) => a - b);
  const p = (q: number): string => edits[Math.min(edits.length - 1, Math.ceil(q * edits.length) - 1)].toFixed(1).padStart(7);
  console.log(`\nIncremental analysis, ${name}, one word typed (${EDITS} edits; ${((cache.analysed - blocksBefore) / EDITS).toFixed(1)} blocks analysed per edit):`);
  console.log(`  with the block cache p50 ${p(0.5)} ms   p95 ${p(0.95)} ms;   whole analysis median ${whole.median.toFixed(1).padStart(7)} ms   (${(whole.median / edits[edits.length >> 1]).toFixed(1)}x)`);
}

/**
 * The reading layer alone after one word typed (readTextIncremental with the last version's
 * state, as the engine's cache uses it), against reading the whole text: p50 and p95 of 60 edits.
 */
function runIncrementalReadingBench(name: string, original: string): void {
  let text = original;
  let state = readTextIncremental(text, {}).state;
  const edits: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const at = text.indexOf('\n', Math.floor(text.length * (0.3 + (0.4 * i) / EDITS))) + 1;
    text = text.slice(0, at) + 'integrator ' + text.slice(at);
    const t0 = process.hrtime.bigint();
    state = readTextIncremental(text, {}, state).state;
    edits.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const whole = timeRuns(RUNS, () => readText(text));
  edits.sort((a, b) => a - b);
  const p = (q: number): string => edits[Math.min(edits.length - 1, Math.ceil(q * edits.length) - 1)].toFixed(1).padStart(7);
  console.log(`  reading layer alone, incremental p50 ${p(0.5)} ms   p95 ${p(0.95)} ms;   whole text median ${whole.median.toFixed(1).padStart(7)} ms`);
}

/**
 * The same figures on real PDF-converted text: the development corpus (../shared/corpus, or
 * POLICY_LENS_CORPUS) joined and repeated to 1 MB and 5 MB, where the reading layer does real
 * work (joins, escapes, page furniture). Skipped with a note when the corpus is not there.
 */
function runCorpusBench(engine: ReturnType<typeof createEngine>): void {
  const dir = process.env.POLICY_LENS_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
  if (!fs.existsSync(dir)) {
    console.log(`\nPDF-converted corpus: skipped (no corpus at ${dir}; set POLICY_LENS_CORPUS)`);
    return;
  }
  const corpus = fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md').sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n\n');
  const ms: Record<number, number> = {};
  for (const mb of [1, 5]) {
    const target = mb * 1024 * 1024;
    let text = corpus;
    while (text.length < target) text += '\n\n' + corpus;
    text = text.slice(0, target);
    for (let i = 0; i < WARM_UPS; i++) { engine.analyze(text); readText(text); }
    const whole = timeRuns(RUNS, () => engine.analyze(text));
    const reading = timeRuns(RUNS, () => readText(text));
    const rate = (t: number): string => `${(mb / (t / 1000)).toFixed(1).padStart(7)} MB/s`;
    const a = engine.analyze(text);
    console.log(`\nPDF-converted corpus, ${mb} MB: ${a.mentions.length} mentions, ${a.fundingStatements.length} money statements, ${a.findings.length} findings`);
    console.log(`  whole engine     best ${whole.best.toFixed(1).padStart(7)} ms ${rate(whole.best)}   median ${whole.median.toFixed(1).padStart(7)} ms ${rate(whole.median)}`);
    console.log(`  reading layer    best ${reading.best.toFixed(1).padStart(7)} ms ${rate(reading.best)}   median ${reading.median.toFixed(1).padStart(7)} ms ${rate(reading.median)}`);
    ms[mb] = whole.best;
    runIncrementalBench(engine, `PDF-converted corpus ${mb} MB`, text);
    runIncrementalReadingBench(`PDF-converted corpus ${mb} MB`, text);
  }
  console.log(`Scaling 5 MB / 1 MB time on the corpus (linear = 5): whole engine ${(ms[5] / ms[1]).toFixed(2)}`);
}

if (require.main === module) void runEngineBench();
