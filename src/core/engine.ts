/**
 * The analysis engine: compile a lexicon and configuration once, then analyse any
 * number of texts. Pure: text in, plain data out.
 */
import { Finding, FundingStatement, LexiconEntry, PageStart, Mention, RuleCode, Severity, SeveritySetting, Span } from './types';
import { EngineLexiconEntry, mergeEntry } from './lexicon/entry';
import { LexiconMatcher } from './analysis/matcher';
import { FundingMatcher, CAT_SOURCE, fundingStatements } from './analysis/funding';
import { readText, ReadingText } from './text/reading';
import { unmentionedPartyFindings } from './analysis/parties';
import { unmentionedTermFindings } from './analysis/terms';
import { RULES } from './analysis/rules';
import { TokenBuffer, tokenize } from './text/tokenizer';
import { Vocabulary } from './text/vocabulary';
import { SpanBuffer, splitSentences, splitSentencesInto } from './text/sentences';
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
  analyze(text: string): Analysis;
  /** Lexicon mentions only (what the editor's highlights need; also the matching benchmark). */
  mentions(text: string): Mention[];
  /** Sentence spans of a text. */
  sentences(text: string): Span[];
}

export function createEngine(builtinLexicon: LexiconEntry[], config: PolicyConfig): Engine {
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
  const buf = new TokenBuffer();
  const sentenceBuf = new SpanBuffer();
  const isSource = entryList.map((e) => e.fundingSource === true);
  const anySource = isSource.some((x) => x);
  const entryIds = entryList.map((e) => e.id);

  // "neighbour-\nhood" is rejoined when the lexicon knows "neighbourhood".
  const isWord = (w: string): boolean => vocab.idOf(w) >= 0;
  const read = (text: string): ReadingText => readText(text, { isWord });

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
    analyze(text: string): Analysis {
      const reading = read(typeof text === 'string' ? text : '');
      const source = reading.text;
      tokenize(source, vocab, buf);
      const mentions = lexicon.find(source, buf);
      const hits = funding.find(source, buf);
      const money = findMoney(source, buf.currencyMarks);
      const pageRefs = findPageRefs(source, buf.parenMarks);
      const counts: Record<string, number> = {};
      const perEntry = lexicon.counts;
      for (let k = 0; k < entryIds.length; k++) counts[entryIds[k]] = perEntry[k];

      const findings: Finding[] = [];
      const partySeverity = severities.get('party.unmentioned') ?? null;
      if (partySeverity !== null) findings.push(...unmentionedPartyFindings(expected, merged, counts, mentions, partySeverity));
      const termSeverity = severities.get('term.unmentioned') ?? null;
      if (termSeverity !== null) findings.push(...unmentionedTermFindings(expectedTerms, merged, counts, termSeverity));
      const unquantified = severities.get('funding.unquantified') ?? null;
      const existing = severities.get('funding.existing-resources') ?? null;
      let statements: FundingStatement[] = [];
      if (hits.length > 0) {
        const sourceMentions: Mention[] = [];
        if (anySource) {
          const targets = lexicon.targets;
          for (let k = 0; k < mentions.length; k++) if (isSource[targets[k]]) sourceMentions.push(mentions[k]);
        }
        splitSentencesInto(buf.utf8.bytes, buf.utf8.length, sentenceBuf);
        const result = fundingStatements({ text: source, sentences: sentenceBuf, hits, money, sourceMentions, columns: reading.columns, unquantified, existing });
        statements = result.statements;
        // A loop, not push(...): a very long document may have more findings than a call has room for arguments.
        const more = result.findings;
        for (let k = 0; k < more.length; k++) findings.push(more[k]);
      }
      // Party findings (at 0) come first and funding findings are made in sentence order: sort only if not.
      let sorted = true;
      for (let k = 1; k < findings.length && sorted; k++) {
        const a = findings[k - 1];
        const b = findings[k];
        if (a.start - b.start > 0 || (a.start === b.start && a.end > b.end)) sorted = false;
      }
      if (!sorted) findings.sort((a, b) => a.start - b.start || a.end - b.end);
      const fundingSpans: Span[] = [];
      for (const h of hits) if (h.category !== CAT_SOURCE) fundingSpans.push({ start: h.start, end: h.end });
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
    },
  };
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
