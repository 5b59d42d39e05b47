/**
 * A trie over word ids: the first word indexes an array, later words a small Map.
 * Walking it from a token costs at most the length of the longest phrase.
 */
import { TokenBuffer, phraseWords } from '../text/tokenizer';
import { Vocabulary } from '../text/vocabulary';

export interface Terminal {
  /** What the phrase stands for: an index the caller understands (entry index, phrase category...). */
  readonly target: number;
  /** Blocks (hides) other matches lying wholly inside it; produces nothing itself. */
  readonly block: boolean;
  /** Exact-case words (abbreviations), or null for case-insensitive. */
  readonly caseWords: string[] | null;
  /** Bit k set: a comma may stand before word k. */
  readonly commaMask: number;
  /** A single common word that needs context to count. */
  readonly contextual: boolean;
  readonly phrase: string;
}

export interface TrieNode {
  next: Map<number, TrieNode> | null;
  /** The same children as `next`, as parallel arrays: a short linear scan beats a Map lookup. */
  keys: number[] | null;
  kids: TrieNode[] | null;
  terms: Terminal[] | null;
}

export interface PhraseOptions {
  target: number;
  block?: boolean;
  caseSensitive?: boolean;
  contextual?: boolean;
}

export class PhraseTrie {
  readonly roots: (TrieNode | undefined)[] = [];
  maxWords = 0;

  constructor(private readonly vocab: Vocabulary) {}

  /** Adds a literal phrase; returns the number of words (0 when it has none). */
  add(phrase: string, opts: PhraseOptions): number {
    const { folded, raw, commaBefore } = phraseWords(phrase);
    if (folded.length === 0 || folded.length > 30) return 0;
    let node: TrieNode | undefined;
    let commaMask = 0;
    for (let k = 0; k < folded.length; k++) {
      const id = this.vocab.add(folded[k]);
      if (commaBefore[k] && k > 0) commaMask |= 1 << k;
      if (k === 0) {
        node = this.roots[id];
        if (!node) node = this.roots[id] = { next: null, keys: null, kids: null, terms: null };
      } else {
        const parent: TrieNode = node!;
        if (!parent.next) { parent.next = new Map(); parent.keys = []; parent.kids = []; }
        let child = parent.next.get(id);
        if (!child) {
          child = { next: null, keys: null, kids: null, terms: null };
          parent.next.set(id, child);
          parent.keys!.push(id);
          parent.kids!.push(child);
        }
        node = child;
      }
    }
    const term: Terminal = {
      target: opts.target,
      block: !!opts.block,
      caseWords: opts.caseSensitive ? raw : null,
      commaMask,
      contextual: !!opts.contextual && folded.length === 1 && !opts.caseSensitive,
      phrase,
    };
    const leaf = node!;
    if (!leaf.terms) leaf.terms = [];
    if (!leaf.terms.some((t) => t.target === term.target && t.block === term.block && sameCase(t, term) && t.contextual === term.contextual)) {
      // Exact-case variants first so they are tried before a contextual fallback.
      leaf.terms.push(term);
      leaf.terms.sort((a, b) => Number(a.contextual) - Number(b.contextual));
    }
    if (folded.length > this.maxWords) this.maxWords = folded.length;
    return folded.length;
  }
}

function sameCase(a: Terminal, b: Terminal): boolean {
  if (a.caseWords === null || b.caseWords === null) return a.caseWords === b.caseWords;
  return a.caseWords.join('\u0000') === b.caseWords.join('\u0000');
}

/**
 * Do tokens t..t+words-1 carry the exact case an abbreviation asks for? Each token is the word as
 * written, or its plural with a lower-case "s" ("ICBs" for ICB; "ICBS" is another word). The one
 * case rule of every trie walk: the lexicon matcher and the funding phrases.
 */
export function caseMatches(text: string, buf: TokenBuffer, t: number, caseWords: string[]): boolean {
  for (let k = 0; k < caseWords.length; k++) {
    const expected = caseWords[k];
    const s = buf.start[t + k];
    const len = buf.end[t + k] - s;
    if (!text.startsWith(expected, s)) return false;
    if (len !== expected.length && !(len === expected.length + 1 && text.charCodeAt(s + len - 1) === 115)) return false;
  }
  return true;
}
