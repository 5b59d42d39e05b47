/**
 * The two funding rules. Funding, existing-resource and source phrases are found
 * with one trie walk over the tokens; each sentence then gets a bit set of what it
 * contains, and is judged once.
 */
import { Finding, Mention, Severity, Span } from '../types';
import { EngineLexiconEntry } from '../lexicon/entry';
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
  sentences: readonly Span[];
  hits: readonly PhraseHit[];
  money: readonly Span[];
  mentions: readonly Mention[];
  entries: ReadonlyMap<string, EngineLexiconEntry>;
  unquantified: Severity | null;
  existing: Severity | null;
}

/** Sorted spans -> per-sentence bits, by a two-pointer merge (both lists are sorted). */
function markSentences(sentences: readonly Span[], spans: readonly Span[], bits: Uint8Array, bit: number, accept?: (s: Span) => boolean): void {
  let si = 0;
  for (const span of spans) {
    if (accept && !accept(span)) continue;
    while (si < sentences.length && sentences[si].end <= span.start) si++;
    if (si >= sentences.length) return;
    if (span.start >= sentences[si].start) bits[si] |= bit;
  }
}

export function fundingFindings(input: FundingRuleInput): Finding[] {
  const { text, sentences, hits } = input;
  const out: Finding[] = [];
  if (input.unquantified === null && input.existing === null) return out;
  const bits = new Uint8Array(sentences.length);
  markSentences(sentences, hits, bits, HAS_FUNDING, (h) => (h as PhraseHit).category === CAT_FUNDING);
  markSentences(sentences, hits, bits, HAS_EXISTING, (h) => (h as PhraseHit).category === CAT_EXISTING);
  markSentences(sentences, hits, bits, HAS_SOURCE, (h) => (h as PhraseHit).category === CAT_SOURCE);
  markSentences(sentences, input.money, bits, HAS_SOURCE);
  markSentences(sentences, input.mentions, bits, HAS_SOURCE, (m) => input.entries.get((m as Mention).entryId)?.fundingSource === true);

  let hi = 0;
  for (let s = 0; s < sentences.length; s++) {
    const b = bits[s];
    if ((b & (HAS_FUNDING | HAS_EXISTING)) === 0) continue;
    const sentence = sentences[s];
    while (hi < hits.length && hits[hi].start < sentence.start) hi++;
    const firstOf = (category: number): string => {
      for (let h = hi; h < hits.length && hits[h].start < sentence.end; h++) {
        if (hits[h].category === category) return text.slice(hits[h].start, hits[h].end);
      }
      return '';
    };
    if ((b & HAS_EXISTING) !== 0 && input.existing !== null) {
      out.push({
        rule: 'funding.existing-resources',
        severity: input.existing,
        message: `Expects delivery from existing resources ("${oneLine(firstOf(CAT_EXISTING))}") rather than new funding`,
        start: sentence.start,
        end: sentence.end,
      });
      continue;
    }
    if ((b & HAS_FUNDING) !== 0 && (b & (HAS_SOURCE | HAS_EXISTING)) === 0 && input.unquantified !== null) {
      if (text.charCodeAt(sentence.end - 1) === 63 /* ? */) continue; // a question asserts nothing
      out.push({
        rule: 'funding.unquantified',
        severity: input.unquantified,
        message: `Funding claim ("${oneLine(firstOf(CAT_FUNDING))}") with no amount, named source or mechanism`,
        start: sentence.start,
        end: sentence.end,
      });
    }
  }
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ');
}
