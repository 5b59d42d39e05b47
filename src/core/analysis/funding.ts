/**
 * The two funding rules. Funding, existing-resource and source phrases are found
 * with one trie walk over the tokens; each sentence then gets a bit set of what it
 * contains, and is judged once.
 */
import { Finding, Severity, Span } from '../types';
import { TokenBuffer } from '../text/tokenizer';
import { Vocabulary } from '../text/vocabulary';
import { isUpperAscii, isWordCode } from '../text/chars';
import { PhraseTrie, Terminal } from './phrase-trie';
import { EXISTING_RESOURCE_PHRASES, FUNDING_PHRASES, FUNDING_SOURCE_PHRASES, NOT_FUNDING_PHRASES } from './funding-phrases';

export const CAT_FUNDING = 0;
export const CAT_EXISTING = 1;
export const CAT_SOURCE = 2;

const HAS_FUNDING = 1;
const HAS_EXISTING = 2;
const HAS_SOURCE = 4;

export interface PhraseHit extends Span {
  category: number;
}

export class FundingMatcher {
  readonly trie: PhraseTrie;
  private readonly fundWordId: number;

  constructor(vocab: Vocabulary, extraFunding: readonly string[], extraExisting: readonly string[]) {
    this.trie = new PhraseTrie(vocab);
    for (const p of [...FUNDING_PHRASES, ...extraFunding]) this.trie.add(p, { target: CAT_FUNDING });
    for (const p of [...EXISTING_RESOURCE_PHRASES, ...extraExisting]) this.trie.add(p, { target: CAT_EXISTING });
    for (const p of FUNDING_SOURCE_PHRASES) {
      // Short upper-case names (SDF, QOF, IIF) only count in capitals.
      const upper = p.length <= 4 && p === p.toUpperCase();
      this.trie.add(p, { target: CAT_SOURCE, caseSensitive: upper });
    }
    for (const p of NOT_FUNDING_PHRASES) this.trie.add(p, { target: CAT_FUNDING, block: true });
    this.fundWordId = vocab.add('fund');
  }

  /** Longest phrase at each token, non-overlapping, sorted by start. */
  find(text: string, buf: TokenBuffer): PhraseHit[] {
    const out: PhraseHit[] = [];
    const roots = this.trie.roots;
    const n = buf.length;
    let t = 0;
    while (t < n) {
      const w0 = buf.word[t];
      let node = w0 >= 0 ? roots[w0] : undefined;
      if (node === undefined) { t++; continue; }
      let best: Terminal | null = null;
      let bestEnd = -1;
      let k = t;
      for (;;) {
        if (node.terms !== null) {
          for (const term of node.terms) {
            if (term.caseWords !== null && !caseOk(text, buf, t, term.caseWords)) continue;
            best = term;
            bestEnd = k;
            break;
          }
        }
        const k1 = k + 1;
        if (k1 >= n || node.next === null || buf.gap[k1] !== 0 || buf.word[k1] < 0) break;
        const child: typeof node | undefined = node.next.get(buf.word[k1]);
        if (child === undefined) break;
        node = child;
        k = k1;
      }
      if (best === null) { t++; continue; }
      if (best.block) { t = bestEnd + 1; continue; }
      let category = best.target;
      // "the Primary Care Transformation Fund": a capitalised Fund after a capitalised word is a named fund.
      if (category === CAT_FUNDING && bestEnd === t && w0 === this.fundWordId && isNamedFund(text, buf, t)) category = CAT_SOURCE;
      out.push({ start: buf.start[t], end: buf.end[bestEnd], category });
      t = bestEnd + 1;
    }
    return out;
  }
}

function caseOk(text: string, buf: TokenBuffer, t: number, caseWords: string[]): boolean {
  for (let k = 0; k < caseWords.length; k++) {
    const s = buf.start[t + k];
    const expected = caseWords[k];
    const len = buf.end[t + k] - s;
    if (!text.startsWith(expected, s) || (len !== expected.length && len !== expected.length + 1)) return false;
  }
  return true;
}

function isNamedFund(text: string, buf: TokenBuffer, t: number): boolean {
  const s = buf.start[t];
  if (text.charCodeAt(s) !== 70 /* F */) return false;
  let b = s - 1;
  while (b >= 0 && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 0xa0)) b--;
  if (b < 0 || b === s - 1) return false;
  let w = b;
  while (w >= 0 && isWordCode(text.charCodeAt(w))) w--;
  return w < b && isUpperAscii(text.charCodeAt(w + 1));
}

export interface FundingRuleInput {
  text: string;
  /** Sentence spans, sorted (see SpanBuffer). */
  sentences: SentenceList;
  hits: readonly PhraseHit[];
  money: readonly Span[];
  /** Mentions of lexicon entries that are funding sources, sorted by start. */
  sourceMentions: readonly Span[];
  unquantified: Severity | null;
  existing: Severity | null;
}

export interface SentenceList {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly length: number;
}

const BIT_OF_CATEGORY = [HAS_FUNDING, HAS_EXISTING, HAS_SOURCE];

/** Sorted spans -> per-sentence bits, by a two-pointer merge (both lists are sorted). */
function markSentences(sentences: SentenceList, spans: readonly Span[], bits: Uint8Array, bit: number): void {
  const starts = sentences.starts;
  const ends = sentences.ends;
  const n = sentences.length;
  let si = 0;
  for (let k = 0; k < spans.length; k++) {
    const start = spans[k].start;
    while (si < n && ends[si] <= start) si++;
    if (si >= n) return;
    if (start >= starts[si]) bits[si] |= bit;
  }
}

function markHits(sentences: SentenceList, hits: readonly PhraseHit[], bits: Uint8Array): void {
  const starts = sentences.starts;
  const ends = sentences.ends;
  const n = sentences.length;
  let si = 0;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k];
    while (si < n && ends[si] <= h.start) si++;
    if (si >= n) return;
    if (h.start >= starts[si]) bits[si] |= BIT_OF_CATEGORY[h.category];
  }
}

export function fundingFindings(input: FundingRuleInput): Finding[] {
  const { text, sentences, hits } = input;
  const out: Finding[] = [];
  if (input.unquantified === null && input.existing === null) return out;
  const n = sentences.length;
  const bits = new Uint8Array(n);
  markHits(sentences, hits, bits);
  markSentences(sentences, input.money, bits, HAS_SOURCE);
  markSentences(sentences, input.sourceMentions, bits, HAS_SOURCE);

  let hi = 0;
  for (let s = 0; s < n; s++) {
    const b = bits[s];
    if ((b & (HAS_FUNDING | HAS_EXISTING)) === 0) continue;
    const start = sentences.starts[s];
    const end = sentences.ends[s];
    while (hi < hits.length && hits[hi].start < start) hi++;
    if ((b & HAS_EXISTING) !== 0 && input.existing !== null) {
      out.push({
        rule: 'funding.existing-resources',
        severity: input.existing,
        message: `Expects delivery from existing resources ("${oneLine(firstOf(text, hits, hi, end, CAT_EXISTING))}") rather than new funding`,
        start,
        end,
      });
      continue;
    }
    if ((b & HAS_FUNDING) !== 0 && (b & (HAS_SOURCE | HAS_EXISTING)) === 0 && input.unquantified !== null) {
      if (text.charCodeAt(end - 1) === 63 /* ? */) continue; // a question asserts nothing
      out.push({
        rule: 'funding.unquantified',
        severity: input.unquantified,
        message: `Funding claim ("${oneLine(firstOf(text, hits, hi, end, CAT_FUNDING))}") with no amount, named source or mechanism`,
        start,
        end,
      });
    }
  }
  return out;
}

/** The text of the first hit of a category from hits[from], before `end`. */
function firstOf(text: string, hits: readonly PhraseHit[], from: number, end: number, category: number): string {
  for (let h = from; h < hits.length && hits[h].start < end; h++) {
    if (hits[h].category === category) return text.slice(hits[h].start, hits[h].end);
  }
  return '';
}

/** Collapses runs of white space (fast path: phrases rarely contain anything but single spaces). */
function oneLine(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 ? c !== 32 || s.charCodeAt(i + 1) <= 32 : c === 0xa0 || c >= 0x1680) return s.replace(/\s+/g, ' ');
  }
  return s;
}
