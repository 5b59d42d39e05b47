/**
 * The analysis engine: compile a lexicon and configuration once, then analyse any
 * number of texts. Pure: text in, plain data out.
 */
import { Finding, FundingStatement, LexiconEntry, PageStart, Mention, RuleCode, Severity, SeveritySetting, Span } from './types';
import { EngineLexiconEntry, mergeEntry } from './lexicon/entry';
import { LexiconMatcher } from './analysis/matcher';
import { FundingMatcher, CAT_ENVELOPE, CAT_SOURCE, accountsStart, fundingStatements } from './analysis/funding';
import { blockStarts } from './analysis/blocks';
import { readText, readTextIncremental, ReadingEdit, ReadingOptions, ReadingState, ReadingText } from './text/reading';
import { phrasePairs as pairsOf, WordTable } from './text/word-table';
import { ENVELOPE_WORDS, EXISTING_RESOURCE_PHRASES, FUNDING_PHRASES, FUNDING_SOURCE_PHRASES, NOT_FUNDING_PHRASES } from './analysis/funding-phrases';
import { commonPrefix, commonSuffix } from './text/diff';
import { unmentionedPartyFindings } from './analysis/parties';
import { unmentionedTermFindings } from './analysis/terms';
import { RULES } from './analysis/rules';
import { TokenBuffer, tokenize } from './text/tokenizer';
import { Vocabulary } from './text/vocabulary';
import { SpanBuffer, splitSentences, splitSentencesAround } from './text/sentences';
import { findMoney, findPageRefs } from './text/amounts';
import { countWords } from './text/words';
import { PolicyConfig } from './config/config';

export { RULES } from './analysis/rules';
export type { RuleInfo } from './analysis/rules';
export { defaultConfig, parseConfig, DEFAULT_EXPECTED_PARTIES } from './config/config';
export type { PolicyConfig, CodebookTag } from './config/config';
export { parseLexicon } from './lexicon/parse';
export type { EngineLexiconEntry, EntryContext } from './lexicon/entry';
export { LineIndex } from './text/lines';
export { splitSentences } from './text/sentences';

export interface Analysis {
  /** Every lexicon match (parties and terms), sorted by start. */
  mentions: Mention[];
  /** Mentions per entry id; every entry present (0 included). */
  counts: Record<string, number>;
  /** Sorted by start; severities resolved from config; rules set to 'off' omitted. */
  findings: Finding[];
  /** Funding-language phrases (for highlighting). */
  funding: Span[];
  /** Currency amounts like £2.5bn, £300 million, £1.2m. */
  money: Span[];
  /** Page references like "(p13)", "(pp 4-5)". */
  pageRefs: Span[];
  /** Every money statement with its class, backed ones included, sorted by start. */
  fundingStatements: FundingStatement[];
  /** Printed page starts (empty when the document carries no page numbers); see pageAt(). */
  pages: PageStart[];
}

export interface Engine {
  /** Builtin entries merged with the configuration's. */
  readonly entries: ReadonlyMap<string, LexiconEntry>;
  readonly config: PolicyConfig;
  /**
   * Analyses a text. With a cache from createCache() (one per document), only the blocks of
   * the reading text that changed since the last call are analysed again; the result is the
   * same as without it.
   */
  analyze(text: string, cache?: AnalysisCache): Analysis;
  /** A cache for analyze(): keep one per document, for as long as this engine is used. */
  createCache(): AnalysisCache;
  /** Lexicon mentions only (what the editor's highlights need; also the matching benchmark). */
  mentions(text: string): Mention[];
  /** Sentence spans of a text. */
  sentences(text: string): Span[];
}

/**
 * The reading text is analysed in blocks of at least this many characters, cut at blank lines
 * (analysis/blocks.ts): an edit re-analyses the blocks it touched. Small enough that a block is
 * quick to redo, large enough that a document of short PDF paragraphs is not thousands of blocks.
 */
const MIN_BLOCK_CHARS = 1024;

/** An engine's results for one block of a reading text, offsets relative to the block. */
interface BlockResult {
  /** What the funding rules saw of the rest of the document (columns, the accounts); see contextKey. */
  context: string;
  mentions: Mention[];
  /** Mentions per entry index. */
  counts: Int32Array;
  funding: Span[];
  money: Span[];
  pageRefs: Span[];
  statements: FundingStatement[];
  findings: Finding[];
  /**
   * The result for the same block text in another context. Real documents repeat text (running
   * headers, boilerplate, a table repeated per year) where the accounts or a column start differ;
   * one result per text made those blocks evict each other on every analysis.
   */
  sameText?: BlockResult;
}

/** The result for this context among a chain of results for one block text. */
function inContext(first: BlockResult | undefined, context: string): BlockResult | undefined {
  for (let r = first; r !== undefined; r = r.sameText) if (r.context === context) return r;
  return undefined;
}

/** Block results of the last analysis of one document, by block text (see Engine.analyze). */
export interface AnalysisCache {
  /** Blocks analysed (not found in the cache) over the cache's life: for tests and benchmarks. */
  readonly analysed: number;
}

class BlockCache implements AnalysisCache {
  blocks = new Map<string, BlockResult>();
  /**
   * The last analysis's block texts in order, as this cache's keys (see sameBlockText). Looking a
   * block up by a new slice of the text hashes all of it: 2 ms per keystroke per MB.
   */
  order: string[] = [];
  analysed = 0;
  /** The reading of the last analysis, for readTextIncremental(). */
  reading: ReadingState | undefined;
  /** The last analysis's reading text and its block starts (for blockStartsAfterEdit). */
  text: string | undefined;
  starts: number[] = [];
  minChars = 0;
  constructor(readonly owner: Engine) {}
}

/**
 * A key of the cache equal to a block's text, found where most blocks of an edited text are: at
 * the same index as in the last analysis (before the edit) or as far from the end (after it).
 * Comparing strings is cheap where hashing is not: a key's hash was computed once, when it was
 * stored, and strings of different lengths differ at once.
 */
function sameBlockText(order: readonly string[], b: number, fromEnd: number, text: string): string | undefined {
  if (b < order.length && order[b] === text) return order[b];
  const k = order.length - fromEnd;
  if (k >= 0 && k < order.length && order[k] === text) return order[k];
  return undefined;
}

/**
 * The last analysis's text of block b (now [from, to)) when the edit left it as it was: it lies
 * before the edit, or after it, and the last analysis had a block of the same bounds there.
 */
function unchangedBlocks(order: readonly string[], oldStarts: readonly number[], oldLength: number, count: number, edit: ReadingEdit): (b: number, from: number, to: number) => string | undefined {
  const d = edit.newTo - edit.oldTo;
  const oldEndOf = (k: number): number => (k + 1 < oldStarts.length ? oldStarts[k + 1] : oldLength);
  return (b, from, to) => {
    if (to <= edit.from) return b < oldStarts.length && oldStarts[b] === from && oldEndOf(b) === to ? order[b] : undefined;
    if (from < edit.newTo) return undefined;
    const k = b - count + oldStarts.length;
    return k >= 0 && oldStarts[k] === from - d && oldEndOf(k) === to - d ? order[k] : undefined;
  };
}

/** Old cuts tried, past an edit, for one where the cuts of the edited text fall in step again. */
const CUTS_TRIED = 4;

/**
 * blockStarts(text, minChars) of a text edited from `old` (whose block starts were `oldStarts`),
 * or undefined when it is not found cheaply. Cuts depend only on the text before them and the
 * line they start (analysis/blocks.ts): the old cuts before the edit stand; from the last of
 * them whose line ends before the edit, the text is cut again (blockStarts of a slice that starts
 * at a cut is the whole text's, from there) up to an old cut past the edit that the new cuts
 * reach too, after which every old cut stands, moved by the change of length. `edit`, when
 * given, covers every difference between the texts.
 */
export function blockStartsAfterEdit(old: string, oldStarts: readonly number[], text: string, minChars: number, edit?: ReadingEdit): number[] | undefined {
  if (old === text) return oldStarts.slice();
  // (The reading layer says where the text changed; else it is compared.)
  const p = edit !== undefined ? edit.from : commonPrefix(old, text);
  const oldEnd = edit !== undefined ? edit.oldTo : old.length - commonSuffix(old, text, Math.min(old.length, text.length) - p);
  const d = text.length - old.length;
  // The last old cut whose line ends before the edit (0, the first start, always stands).
  let i = 0;
  for (let lo = 0, hi = oldStarts.length - 1; lo <= hi;) {
    const m = (lo + hi) >> 1;
    if (oldStarts[m] < p) { i = m; lo = m + 1; } else hi = m - 1;
  }
  while (i > 0) {
    const nl = old.indexOf('\n', oldStarts[i]);
    if (nl >= 0 && nl < p) break;
    i--;
  }
  const from = oldStarts[i];
  // Old cuts past the edit whose blank line before them starts after it.
  let j = i + 1;
  while (j < oldStarts.length && old.lastIndexOf('\n', oldStarts[j] - 2) + 1 < oldEnd) j++;
  if (j >= oldStarts.length) return undefined;
  const end = j + CUTS_TRIED < oldStarts.length ? oldStarts[j + CUTS_TRIED] + d : text.length;
  const cuts = blockStarts(text.slice(from, end), minChars);
  // The first of the old cuts tried that the new cuts reach: from there on, both texts cut alike.
  let c = 1;
  for (let k = j; k < j + CUTS_TRIED && k < oldStarts.length; k++) {
    const at = oldStarts[k] + d - from;
    while (c < cuts.length && cuts[c] < at) c++;
    if (c < cuts.length && cuts[c] === at) {
      const out = oldStarts.slice(0, i + 1);
      for (let q = 1; q <= c; q++) out.push(cuts[q] + from);
      for (let q = k + 1; q < oldStarts.length; q++) out.push(oldStarts[q] + d);
      return out;
    }
  }
  return undefined;
}

function contextKey(columns: readonly Span[], accountsFrom: number): string {
  let key = String(accountsFrom);
  for (const c of columns) key += ` ${c.start}-${c.end}`;
  return key;
}

/**
 * A copy of a slice that does not keep the whole text it was cut from alive (V8 keeps a
 * slice as a view of its parent; the cache would otherwise hold an old document per block).
 */
function flatCopy(slice: string): string {
  return (' ' + slice).slice(1);
}

/** Appends spans moved by `by`: as copies, or the same objects moved (when nothing else holds them). */
function shiftInto<T extends Span>(out: T[], spans: readonly T[], by: number, copy: boolean): void {
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k];
    if (copy) out.push({ start: s.start + by, end: s.end + by } as T);
    else {
      s.start += by;
      s.end += by;
      out.push(s);
    }
  }
}

/*
 * Copies of a cached block's results, moved by `by`, written out field by field (a third faster
 * than `{ ...x, start, end }`) in the order the block wrote them, which is the order JSON output
 * lists them in. A field added to FundingStatement or to the funding findings must be copied here
 * too: test/unit/incremental.test.ts compares cached analyses with fresh ones.
 */

function movedMentions(out: Mention[], mentions: readonly Mention[], by: number): void {
  for (let k = 0; k < mentions.length; k++) {
    const m = mentions[k];
    out.push({ start: m.start + by, end: m.end + by, entryId: m.entryId });
  }
}

function movedStatements(out: FundingStatement[], statements: readonly FundingStatement[], by: number): void {
  for (let k = 0; k < statements.length; k++) {
    const st = statements[k];
    const copy: FundingStatement = st.support !== undefined
      ? { start: st.start + by, end: st.end + by, class: st.class, cue: st.cue, text: st.text, support: st.support }
      : { start: st.start + by, end: st.end + by, class: st.class, cue: st.cue, text: st.text };
    if (st.uncertain !== undefined) copy.uncertain = st.uncertain;
    out.push(copy);
  }
}

/** (Funding findings only: they carry no `party`, `related` or `page` until assemble adds one.) */
function movedFundingFindings(out: Finding[], findings: readonly Finding[], by: number): void {
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k];
    out.push({ rule: f.rule, severity: f.severity, message: f.message, start: f.start + by, end: f.end + by, cue: f.cue });
  }
}

export interface EngineOptions {
  /**
   * Minimum block size in characters, with or without a cache (tests compare a whole-text
   * analysis, Infinity, with blocks). By default: MIN_BLOCK_CHARS with a cache, one block without.
   */
  blockChars?: number;
}

/**
 * The pairs of words next to one another in the names and phrases the engine knows (the
 * lexicon's labels and aliases, the funding phrases, built-in and configured), for the reading
 * layer: a line ending in the first word and the next starting with the second read on.
 */
export function readingPhrasePairs(entries: readonly LexiconEntry[], config: PolicyConfig): WordTable {
  const phrases: string[] = [];
  for (const e of entries) {
    phrases.push(e.label);
    for (const a of e.aliases ?? []) phrases.push(a);
  }
  for (const list of [FUNDING_PHRASES, EXISTING_RESOURCE_PHRASES, FUNDING_SOURCE_PHRASES, NOT_FUNDING_PHRASES, ENVELOPE_WORDS]) phrases.push(...list);
  phrases.push(...(config.fundingPhrases ?? []), ...(config.existingResourcePhrases ?? []));
  return pairsOf(phrases);
}

export function createEngine(builtinLexicon: LexiconEntry[], config: PolicyConfig, options: EngineOptions = {}): Engine {
  // Without a cache there is nothing to reuse: one block (the same result, a little faster).
  const blockChars = options.blockChars;
  const merged = new Map<string, EngineLexiconEntry>();
  for (const e of builtinLexicon) merged.set(e.id, e as EngineLexiconEntry);
  for (const e of config.lexicon ?? []) {
    const over = e as EngineLexiconEntry;
    const base = merged.get(over.id);
    merged.set(over.id, base ? mergeEntry(base, over) : { ...over, specified: undefined });
  }
  const entryList = [...merged.values()];
  const vocab = new Vocabulary();
  const lexicon = new LexiconMatcher(vocab, entryList);
  const funding = new FundingMatcher(vocab, config.fundingPhrases ?? [], config.existingResourcePhrases ?? []);
  vocab.seal();

  const severities = new Map<RuleCode, Severity | null>();
  for (const rule of RULES) {
    const setting: SeveritySetting = config.rules?.[rule.code] ?? rule.defaultSeverity;
    severities.set(rule.code, setting === 'off' ? null : setting);
  }
  const expected = (config.expectedParties ?? []).filter((id) => merged.has(id));
  const expectedTerms = (config.expectedTerms ?? []).filter((id) => merged.has(id));
  const unquantified = severities.get('funding.unquantified') ?? null;
  const existing = severities.get('funding.existing-resources') ?? null;
  const buf = new TokenBuffer();
  const sentenceBuf = new SpanBuffer();
  const isSource = entryList.map((e) => e.fundingSource === true);
  const anySource = isSource.some((x) => x);
  const entryIds = entryList.map((e) => e.id);

  // "neighbour-\nhood" is rejoined when the lexicon knows "neighbourhood".
  const isWord = (w: string): boolean => vocab.idOf(w) >= 0;
  // "...in line with the Mental Health" / "Investment Standard." reads on: a name or phrase the
  // engine knows, cut across the lines of a PDF-converted document.
  const phrasePairs = readingPhrasePairs(entryList, config);
  const readingOptions: ReadingOptions = { isWord, phrasePairs };
  const read = (text: string): ReadingText => readText(text, readingOptions);

  const engine: Engine = {
    entries: merged,
    config,
    mentions(text: string): Mention[] {
      const reading = read(text);
      tokenize(reading.text, vocab, buf);
      const found = lexicon.find(reading.text, buf);
      if (reading.map !== null) reading.map.mapSpans(found);
      return found;
    },
    sentences(text: string): Span[] {
      const reading = read(text);
      const spans = splitSentences(reading.text);
      if (reading.map !== null) reading.map.mapSpans(spans);
      return spans;
    },
    createCache(): AnalysisCache {
      return new BlockCache(engine);
    },
    analyze(text: string, cache?: AnalysisCache): Analysis {
      const own = cache instanceof BlockCache && cache.owner === engine ? cache : undefined;
      const src = typeof text === 'string' ? text : '';
      let reading: ReadingText;
      let edit: ReadingEdit | undefined;
      if (own === undefined) reading = read(src);
      else {
        // With a cache, the reading of the last analysis is reused where the edit left it as it was.
        const next = readTextIncremental(src, readingOptions, own.reading);
        reading = next.reading;
        edit = own.text !== undefined && own.reading !== undefined ? next.state.edit : undefined;
        own.reading = next.state;
      }
      const source = reading.text;
      const accounts = accountsStart(source);
      const minChars = blockChars ?? (own ? MIN_BLOCK_CHARS : Infinity);
      let starts: number[];
      // The last analysis's blocks, where the reading layer says which part of the text changed.
      let unchanged: ((b: number, from: number, to: number) => string | undefined) | undefined;
      if (own === undefined) starts = blockStarts(source, minChars);
      else {
        const sameCuts = own.text !== undefined && own.minChars === minChars;
        starts = (sameCuts ? blockStartsAfterEdit(own.text!, own.starts, source, minChars, edit) : undefined) ?? blockStarts(source, minChars);
        if (sameCuts && edit !== undefined) unchanged = unchangedBlocks(own.order, own.starts, own.text!.length, starts.length, edit);
        own.text = source;
        own.starts = starts;
        own.minChars = minChars;
      }
      const next = new Map<string, BlockResult>();
      const order: string[] = [];
      const blocks: BlockResult[] = [];
      let columnAt = 0;
      for (let b = 0; b < starts.length; b++) {
        const from = starts[b];
        const to = b + 1 < starts.length ? starts[b + 1] : source.length;
        // What the funding rules need from the rest of the document: columns and the accounts.
        while (columnAt < reading.columns.length && reading.columns[columnAt].end <= from) columnAt++;
        const columns: Span[] = [];
        for (let c = columnAt; c < reading.columns.length && reading.columns[c].start < to; c++) {
          columns.push({ start: reading.columns[c].start - from, end: reading.columns[c].end - from });
        }
        const accountsFrom = accounts < 0 || accounts >= to ? -1 : Math.max(0, accounts - from);
        const context = contextKey(columns, accountsFrom);
        if (own === undefined) {
          blocks.push(analyzeBlock(starts.length === 1 ? source : source.slice(from, to), columns, accountsFrom, context));
          continue;
        }
        // The cache's own copy of this text: known unchanged, or found where expected (no hashing); else the slice.
        let stored = unchanged?.(b, from, to);
        const key = stored ?? source.slice(from, to);
        stored ??= sameBlockText(own.order, b, starts.length - b, key);
        let text = stored ?? key;
        const kept = next.get(text);
        let result = inContext(kept, context) ?? inContext(own.blocks.get(text), context);
        if (result === undefined) {
          if (stored === undefined) text = flatCopy(key);
          result = analyzeBlock(text, columns, accountsFrom, context);
          own.analysed++;
        }
        if (inContext(kept, context) === undefined) {
          // Chain this context's result to the others this analysis keeps for the same text.
          result.sameText = kept;
          next.set(text, result);
        }
        order.push(text);
        blocks.push(result);
      }
      if (own !== undefined) {
        own.blocks = next;
        own.order = order;
      }
      // Results only this call holds are moved into place; cached ones are copied.
      return assemble(reading, starts, blocks, own !== undefined);
    },
  };

  /**
   * One block of the reading text: everything the engine finds in it, offsets relative to it. The
   * mentions are made into objects last (see LexiconMatcher.mentions).
   */
  function analyzeBlock(text: string, columns: Span[], accountsFrom: number, context: string): BlockResult {
    tokenize(text, vocab, buf);
    const found = lexicon.findSpans(text, buf);
    const hits = funding.find(text, buf);
    const money = findMoney(text, buf.currencyMarks);
    const pageRefs = findPageRefs(text, buf.parenMarks);
    const counts = lexicon.counts.slice();
    let statements: FundingStatement[] = [];
    let findings: Finding[] = [];
    if (hits.length > 0) {
      const sourceMentions: Span[] = [];
      if (anySource) {
        const { targets, starts, ends } = lexicon;
        for (let k = 0; k < found; k++) if (isSource[targets[k]]) sourceMentions.push({ start: starts[k], end: ends[k] });
      }
      // Only the paragraphs the rules read: those with a hit (and the sentence after each).
      splitSentencesAround(text, buf.utf8.bytes, buf.utf8.length, hits, sentenceBuf, buf.shifts);
      const result = fundingStatements({ text, sentences: sentenceBuf, hits, money, sourceMentions, columns, accountsFrom, unquantified, existing });
      statements = result.statements;
      findings = result.findings;
    }
    const fundingSpans: Span[] = [];
    for (const h of hits) if (h.category !== CAT_SOURCE && h.category !== CAT_ENVELOPE) fundingSpans.push({ start: h.start, end: h.end });
    const mentions = lexicon.mentions();
    return { context, mentions, counts, funding: fundingSpans, money, pageRefs, statements, findings };
  }

  /** The blocks' results at their offsets, the document-level findings, and everything mapped back to the source. */
  function assemble(reading: ReadingText, starts: readonly number[], blocks: readonly BlockResult[], copy: boolean): Analysis {
    let mentions: Mention[] = [];
    let fundingSpans: Span[] = [];
    let money: Span[] = [];
    let pageRefs: Span[] = [];
    let statements: FundingStatement[] = [];
    let fundingFindings: Finding[] = [];
    let total: Int32Array;
    if (!copy && blocks.length === 1) {
      // One block at 0 that only this call holds (an analysis without a cache): its lists as they are.
      const r = blocks[0];
      ({ mentions, funding: fundingSpans, money, pageRefs, statements, findings: fundingFindings, counts: total } = r);
    } else {
      total = new Int32Array(entryIds.length);
      for (let b = 0; b < blocks.length; b++) {
        const r = blocks[b];
        const at = starts[b];
        if (copy) {
          // Copies: the cached results stay relative to their block (and the source map moves these).
          movedMentions(mentions, r.mentions, at);
          shiftInto(fundingSpans, r.funding, at, true);
          shiftInto(money, r.money, at, true);
          shiftInto(pageRefs, r.pageRefs, at, true);
          movedStatements(statements, r.statements, at);
          movedFundingFindings(fundingFindings, r.findings, at);
        } else {
          shiftInto(mentions, r.mentions, at, false);
          shiftInto(fundingSpans, r.funding, at, false);
          shiftInto(money, r.money, at, false);
          shiftInto(pageRefs, r.pageRefs, at, false);
          shiftInto(statements, r.statements, at, false);
          shiftInto(fundingFindings, r.findings, at, false);
        }
        const c = r.counts;
        for (let k = 0; k < c.length; k++) total[k] += c[k];
      }
    }
    const counts: Record<string, number> = {};
    for (let k = 0; k < entryIds.length; k++) counts[entryIds[k]] = total[k];

    const findings: Finding[] = [];
    const partySeverity = severities.get('party.unmentioned') ?? null;
    if (partySeverity !== null) findings.push(...unmentionedPartyFindings(expected, merged, counts, mentions, partySeverity));
    const termSeverity = severities.get('term.unmentioned') ?? null;
    if (termSeverity !== null) findings.push(...unmentionedTermFindings(expectedTerms, merged, counts, termSeverity));
    // A loop, not push(...): a very long document may have more findings than a call has room for arguments.
    for (let k = 0; k < fundingFindings.length; k++) findings.push(fundingFindings[k]);
    // Party findings (at 0) come first and funding findings are made in sentence order: sort only if not.
    let sorted = true;
    for (let k = 1; k < findings.length && sorted; k++) {
      const a = findings[k - 1];
      const b = findings[k];
      if (a.start - b.start > 0 || (a.start === b.start && a.end > b.end)) sorted = false;
    }
    if (!sorted) findings.sort((a, b) => a.start - b.start || a.end - b.end);
    const map = reading.map;
    if (map !== null) {
      // Back to the source: every span the editor, the CLI and annotations use.
      map.mapSpans(mentions);
      map.mapSpans(fundingSpans);
      map.mapSpans(money);
      map.mapSpans(pageRefs);
      map.mapSpans(statements);
      for (const f of findings) {
        if (f.rule !== 'party.unmentioned' && f.rule !== 'term.unmentioned') map.mapSpan(f);
        if (f.related) map.mapSpans(f.related);
      }
    }
    if (reading.pages.length > 0) {
      for (const f of findings) if (f.rule !== 'party.unmentioned' && f.rule !== 'term.unmentioned') f.page = pageAt(reading.pages, f.start);
      for (const st of statements) st.page = pageAt(reading.pages, st.start);
    }
    return { mentions, counts, findings, funding: fundingSpans, money, pageRefs, fundingStatements: statements, pages: reading.pages };
  }

  return engine;
}

/** Word and sentence counts, for status bars and reports. */
export function documentStats(text: string): { words: number; sentences: number } {
  return { words: countWords(text), sentences: splitSentences(readText(text).text).length };
}

/** The printed page at a source offset, or undefined when the document has no page numbers. */
export function pageAt(pages: readonly PageStart[], offset: number): number | undefined {
  let lo = 0;
  let hi = pages.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pages[mid].start <= offset) { found = pages[mid].page; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
