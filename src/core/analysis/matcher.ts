/**
 * Lexicon matching: compiles every label, alias and abbreviation into one token
 * trie and finds the longest acceptable phrase at each token, left to right.
 *
 * Ambiguous common words (an entry with `context`, e.g. "place", "system") count
 * only when a neighbouring word says they are the NHS sense; `exclude` phrases
 * ("take place", "best practice") hide any match lying wholly inside them.
 */
import { Mention } from '../types';
import { EngineLexiconEntry } from '../lexicon/entry';
import { GAP_COMMA, GAP_HARD, GAP_SOFT, TokenBuffer } from '../text/tokenizer';
import { Vocabulary } from '../text/vocabulary';
import { caseMatches, compileTrie, FlatTrie, PhraseTrie, TERM_BLOCK, TERM_CASE, TERM_CONTEXTUAL } from './phrase-trie';
import { isUpperAscii, isLowerLetter } from '../text/chars';

interface CompiledContext {
  before: Set<number>;
  after: Set<number>;
  near: Set<number>;
  capitalised: boolean;
}

/** Words that may join two geography words: "place and system", "neighbourhood to place". */
const JOINERS = ['and', 'or', 'to'];

export class LexiconMatcher {
  readonly trie: PhraseTrie;
  private readonly contexts: (CompiledContext | null)[] = [];
  private readonly joiners = new Set<number>();
  /** The trie as typed arrays, for find(). */
  private readonly flat: FlatTrie;
  /** Entry id per entry index. */
  private readonly ids: string[];
  /** Candidate terminals (FlatTrie term indices) of one walk, and the token each ends at. */
  private readonly candTerm = new Int32Array(32);
  private readonly candEnd = new Int32Array(32);
  /**
   * After find() or findSpans(): each mention's entry index, start and end (the first `found`
   * entries), and mentions per entry index.
   */
  targets = new Int32Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  found = 0;
  readonly counts: Int32Array;

  constructor(readonly vocab: Vocabulary, readonly entries: readonly EngineLexiconEntry[]) {
    this.trie = new PhraseTrie(vocab);
    entries.forEach((entry, index) => {
      const contextual = !!entry.context;
      for (const phrase of unique([entry.label, ...entry.aliases])) this.trie.add(phrase, { target: index, contextual });
      for (const abbr of entry.abbreviations ?? []) this.trie.add(abbr, { target: index, caseSensitive: true });
      for (const ex of entry.exclude ?? []) this.trie.add(ex, { target: index, block: true });
      const ctx = entry.context;
      this.contexts.push(ctx ? {
        before: wordIds(vocab, ctx.before),
        after: wordIds(vocab, ctx.after),
        near: wordIds(vocab, ctx.near),
        capitalised: ctx.capitalised,
      } : null);
    });
    for (const j of JOINERS) this.joiners.add(vocab.add(j));
    this.counts = new Int32Array(entries.length);
    this.ids = entries.map((e) => e.id);
    this.flat = compileTrie(this.trie);
  }

  /** Mentions in a tokenized text, sorted by start. */
  find(text: string, buf: TokenBuffer): Mention[] {
    this.findSpans(text, buf);
    return this.mentions();
  }

  /**
   * The mentions of the last findSpans(), as objects. Apart from the search so that a caller can
   * make them last: objects made early in a long analysis outlive the garbage made after them,
   * and each young collection copies them again (on a 5 MB text, more time than the search).
   */
  mentions(): Mention[] {
    // (Made at its length: an array grown by push leaves its outgrown copies as garbage.)
    const n = this.found;
    const out: Mention[] = new Array(n);
    const { starts, ends, targets, ids } = this;
    for (let k = 0; k < n; k++) out[k] = { start: starts[k], end: ends[k], entryId: ids[targets[k]] };
    return out;
  }

  /**
   * Mentions in a tokenized text, sorted by start, written to `starts`, `ends` and `targets`
   * (no objects): returns how many (also `found`).
   */
  findSpans(text: string, buf: TokenBuffer): number {
    let found = 0;
    const flat = this.flat;
    const root = flat.root;
    const rootCount = root.length;
    const kidStart = flat.kidStart;
    const kidWord = flat.kidWord;
    const kidNode = flat.kidNode;
    const termStart = flat.termStart;
    const termTarget = flat.termTarget;
    const termCommaMask = flat.termCommaMask;
    const termFlags = flat.termFlags;
    const words = buf.word;
    const gaps = buf.gap;
    const n = buf.length;
    const candTerm = this.candTerm;
    const candEnd = this.candEnd;
    const counts = this.counts;
    const ids = this.ids;
    counts.fill(0);
    let targets = this.targets;
    let starts = this.starts;
    let ends = this.ends;
    let blockedUntil = -1;
    let prevId = '';
    let prevEnd = 0;
    let t = 0;
    while (t < n) {
      const w0 = words[t];
      // Most tokens start no phrase (context words, funding words, later words of phrases).
      let node = w0 >= 0 && w0 < rootCount ? root[w0] : -1;
      if (node < 0) { t++; continue; }
      let nCand = 0;
      let k = t;
      let mask = 0;
      for (;;) {
        for (let i = termStart[node], iEnd = termStart[node + 1]; i < iEnd; i++) {
          if ((mask & ~termCommaMask[i]) !== 0) continue;
          const flags = termFlags[i];
          if ((flags & TERM_BLOCK) !== 0) { if (k > blockedUntil) blockedUntil = k; continue; }
          if ((flags & TERM_CASE) !== 0 && !caseMatches(text, buf, t, flat.terms[i].caseWords!)) continue;
          if (nCand < 32) { candTerm[nCand] = i; candEnd[nCand] = k; nCand++; }
        }
        const k1 = k + 1;
        let q = kidStart[node];
        const qEnd = kidStart[node + 1];
        if (k1 >= n || q === qEnd) break;
        const g = gaps[k1];
        if (g >= GAP_HARD) break;
        const w = words[k1];
        if (w < 0) break;
        while (q < qEnd && kidWord[q] !== w) q++;
        if (q === qEnd) break;
        if (g === GAP_COMMA) mask |= 1 << (k1 - t);
        node = kidNode[q];
        k = k1;
      }
      let accepted = -1;
      for (let c = nCand - 1; c >= 0; c--) {
        if (candEnd[c] <= blockedUntil) continue;
        const term = candTerm[c];
        if ((termFlags[term] & TERM_CONTEXTUAL) !== 0 && !this.contextOk(text, buf, t, termTarget[term])) continue;
        accepted = c;
        break;
      }
      if (accepted < 0) { t++; continue; }
      const last = candEnd[accepted];
      const target = termTarget[candTerm[accepted]];
      const start = buf.start[t];
      const end = buf.end[last];
      const id = ids[target];
      if (!(prevId === id && isBracketedRepeat(text, prevEnd, start, end))) {
        if (found === targets.length) {
          targets = this.targets = grown(targets);
          starts = this.starts = grown(starts);
          ends = this.ends = grown(ends);
        }
        targets[found] = target;
        starts[found] = start;
        ends[found] = end;
        found++;
        counts[target]++;
        prevId = id;
        prevEnd = end;
      }
      t = last + 1;
    }
    this.found = found;
    return found;
  }

  private contextOk(text: string, buf: TokenBuffer, t: number, target: number): boolean {
    const ctx = this.contexts[target];
    if (ctx === null) return true;
    const words = buf.word;
    const gaps = buf.gap;
    const n = buf.length;
    if (ctx.capitalised && capitalisedMidSentence(text, buf.start[t])) return true;
    if (t > 0 && gaps[t] === GAP_SOFT && ctx.before.has(words[t - 1])) return true;
    if (t + 1 < n && gaps[t + 1] === GAP_SOFT && ctx.after.has(words[t + 1])) return true;
    const near = ctx.near;
    if (t > 0 && gaps[t] <= GAP_COMMA) {
      if (near.has(words[t - 1])) return true;
      if (t > 1 && this.joiners.has(words[t - 1]) && gaps[t - 1] <= GAP_COMMA && near.has(words[t - 2])) return true;
    }
    if (t + 1 < n && gaps[t + 1] <= GAP_COMMA) {
      if (near.has(words[t + 1])) return true;
      if (t + 2 < n && this.joiners.has(words[t + 1]) && gaps[t + 2] <= GAP_COMMA && near.has(words[t + 2])) return true;
    }
    return false;
  }
}

/** A copy of `a` with twice its room. */
function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v && v.trim()))];
}

function wordIds(vocab: Vocabulary, words: string[]): Set<number> {
  const ids = new Set<number>();
  for (const w of words) {
    const folded = w.trim().toLowerCase();
    if (folded) ids.add(vocab.add(folded));
  }
  return ids;
}

/** "Primary Care Networks (PCNs)": the bracketed abbreviation right after its expansion is the same mention. */
function isBracketedRepeat(text: string, prevEnd: number, start: number, end: number): boolean {
  let i = prevEnd;
  while (i < start && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 0xa0 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) i++;
  if (text.charCodeAt(i) !== 40 /* ( */) return false;
  i++;
  while (i < start && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 42 || text.charCodeAt(i) === 95)) i++;
  if (i !== start) return false;
  let j = end;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 42 || text.charCodeAt(j) === 95)) j++;
  return text.charCodeAt(j) === 41 /* ) */;
}

/** "Place" with a capital in the middle of a sentence (after a word, comma or a wrapped line). */
export function capitalisedMidSentence(text: string, start: number): boolean {
  if (!isUpperAscii(text.charCodeAt(start)) || !isLowerLetter(text.charCodeAt(start + 1))) return false;
  let b = start - 1;
  let breaks = 0;
  const stop = Math.max(0, start - 200);
  while (b >= stop) {
    const c = text.charCodeAt(b);
    if (c === 10) { if (++breaks > 1) return false; b--; continue; }
    if (c === 32 || c === 9 || c === 13 || c === 0xa0 || c === 42 || c === 95 || c === 96 || c === 92 || c === 62) { b--; continue; }
    break;
  }
  if (b < stop) return false;
  const c = text.charCodeAt(b);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 44 || c === 59 || c === 38 || c >= 0xc0 && c < 0x2000;
}
