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
  /**
   * What must follow the phrase for it to count (a sticky RegExp tried at the phrase's end; the
   * match extends it): "make best use of" counts before "the resources", not before "workforce
   * numbers". One phrase with this stands for many that would spell out every continuation.
   */
  readonly follow: RegExp | null;
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
  /** See Terminal.follow; it must have the sticky flag. */
  follow?: RegExp;
}

export class PhraseTrie {
  readonly roots: (TrieNode | undefined)[] = [];
  maxWords = 0;

  constructor(private readonly vocab: Vocabulary) {}

  /** Adds a literal phrase; returns the number of words (0 when it has none). */
  add(phrase: string, opts: PhraseOptions): number {
    if (opts.follow !== undefined && !opts.follow.sticky) throw new Error(`PhraseTrie: the follow pattern of "${phrase}" must be sticky (flag y)`);
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
      follow: opts.follow ?? null,
      phrase,
    };
    const leaf = node!;
    if (!leaf.terms) leaf.terms = [];
    if (!leaf.terms.some((t) => t.target === term.target && t.block === term.block && sameCase(t, term) && t.contextual === term.contextual && t.follow === term.follow)) {
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

/** Terminal flags in a FlatTrie. */
export const TERM_BLOCK = 1;
export const TERM_CASE = 2;
export const TERM_CONTEXTUAL = 4;
export const TERM_FOLLOW = 8;

/**
 * A PhraseTrie as flat typed arrays (see compileTrie): the walk reads integers from a few arrays
 * instead of following objects and scanning their key lists. Nodes are numbered from 0; node
 * `x`'s children are kidWord/kidNode[kidStart[x] .. kidStart[x + 1]) and its terminals, in the
 * PhraseTrie's order, terms and the term* arrays [termStart[x] .. termStart[x + 1]).
 */
export interface FlatTrie {
  /** Word id -> its root node, or -1; ids past the end (words added later) have none. */
  readonly root: Int32Array;
  readonly kidStart: Int32Array;
  readonly kidWord: Int32Array;
  readonly kidNode: Int32Array;
  readonly termStart: Int32Array;
  readonly terms: readonly Terminal[];
  readonly termTarget: Int32Array;
  readonly termCommaMask: Int32Array;
  /** TERM_BLOCK | TERM_CASE | TERM_CONTEXTUAL | TERM_FOLLOW. */
  readonly termFlags: Uint8Array;
}

/** The trie's current phrases as a FlatTrie (compile again after adding more). */
export function compileTrie(trie: PhraseTrie): FlatTrie {
  const nodes: TrieNode[] = [];
  const root = new Int32Array(trie.roots.length).fill(-1);
  const number = (node: TrieNode): number => {
    const at = nodes.length;
    nodes.push(node);
    return at;
  };
  trie.roots.forEach((node, id) => { if (node) root[id] = number(node); });
  // Breadth-first: every node's children get consecutive numbers after it.
  let kidCount = 0;
  let termCount = 0;
  for (let x = 0; x < nodes.length; x++) {
    const node = nodes[x];
    for (const kid of node.kids ?? []) number(kid);
    kidCount += node.kids?.length ?? 0;
    termCount += node.terms?.length ?? 0;
  }
  const index = new Map<TrieNode, number>(nodes.map((node, x) => [node, x]));
  const kidStart = new Int32Array(nodes.length + 1);
  const kidWord = new Int32Array(kidCount);
  const kidNode = new Int32Array(kidCount);
  const termStart = new Int32Array(nodes.length + 1);
  const terms: Terminal[] = [];
  const termTarget = new Int32Array(termCount);
  const termCommaMask = new Int32Array(termCount);
  const termFlags = new Uint8Array(termCount);
  let kids = 0;
  for (let x = 0; x < nodes.length; x++) {
    const node = nodes[x];
    kidStart[x] = kids;
    const keys = node.keys ?? [];
    for (let q = 0; q < keys.length; q++) {
      kidWord[kids] = keys[q];
      kidNode[kids] = index.get(node.kids![q])!;
      kids++;
    }
    termStart[x] = terms.length;
    for (const term of node.terms ?? []) {
      const at = terms.length;
      terms.push(term);
      termTarget[at] = term.target;
      termCommaMask[at] = term.commaMask;
      termFlags[at] = (term.block ? TERM_BLOCK : 0) | (term.caseWords !== null ? TERM_CASE : 0) | (term.contextual ? TERM_CONTEXTUAL : 0) | (term.follow !== null ? TERM_FOLLOW : 0);
    }
  }
  kidStart[nodes.length] = kids;
  termStart[nodes.length] = terms.length;
  return { root, kidStart, kidWord, kidNode, termStart, terms, termTarget, termCommaMask, termFlags };
}
