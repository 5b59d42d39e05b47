/**
 * A set of lower-case words looked up by a range of a string, without making the string: the
 * reading layer asks "is the word ending this line one of these?" for thousands of lines.
 *
 * The range is lower-cased as String.prototype.toLowerCase does for the characters it can hold
 * here: ASCII and Latin-1 letters (A-Z and À-Þ but ×) and anything else as it is.
 */

/** Lower case of a Latin-1 or ASCII code unit (others unchanged). */
function lower(c: number): number {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c;
}

function step(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

export class WordTable {
  /** Words by hash (a list: two words may share a hash). */
  private readonly byHash = new Map<number, string[]>();

  /** `words` must be lower case, and of characters lower() leaves as they are. */
  constructor(words: Iterable<string>) {
    for (const w of words) {
      let h = 0;
      for (let i = 0; i < w.length; i++) h = step(h, w.charCodeAt(i));
      const list = this.byHash.get(h);
      if (list) list.push(w);
      else this.byHash.set(h, [w]);
    }
  }

  /** Is `src.slice(from, to)`, lower-cased, one of the words? (Only ASCII and Latin-1 letters are folded: see above.) */
  has(src: string, from: number, to: number): boolean {
    let h = 0;
    for (let i = from; i < to; i++) h = step(h, lower(src.charCodeAt(i)));
    const list = this.byHash.get(h);
    if (list === undefined) return false;
    for (const w of list) {
      if (w.length !== to - from) continue;
      let i = 0;
      while (i < w.length && w.charCodeAt(i) === lower(src.charCodeAt(from + i))) i++;
      if (i === w.length) return true;
    }
    return false;
  }

  /**
   * Is `src.slice(a0, a1) + ' ' + src.slice(b0, b1)`, lower-cased, one of the words? For a table
   * of word pairs (phrasePairs()): the last word of one line and the first of the next.
   */
  hasPair(src: string, a0: number, a1: number, b0: number, b1: number): boolean {
    let h = 0;
    for (let i = a0; i < a1; i++) h = step(h, lower(src.charCodeAt(i)));
    h = step(h, 32);
    for (let i = b0; i < b1; i++) h = step(h, lower(src.charCodeAt(i)));
    const list = this.byHash.get(h);
    if (list === undefined) return false;
    const n = a1 - a0;
    for (const w of list) {
      if (w.length !== n + 1 + b1 - b0 || w.charCodeAt(n) !== 32) continue;
      let i = 0;
      while (i < n && w.charCodeAt(i) === lower(src.charCodeAt(a0 + i))) i++;
      if (i < n) continue;
      let j = 0;
      while (j < b1 - b0 && w.charCodeAt(n + 1 + j) === lower(src.charCodeAt(b0 + j))) j++;
      if (j === b1 - b0) return true;
    }
    return false;
  }
}

/** A word of a phrase a pair may hold: letters (ASCII and Latin-1, lower case) and digits only. */
const PAIR_WORD = /^[a-z0-9\u00df-\u00f6\u00f8-\u00ff]+$/;

/**
 * The pairs of words that follow one another inside the phrases ("Mental Health Investment
 * Standard": "mental health", "health investment", "investment standard"), lower-cased, for
 * WordTable.hasPair(). Words are separated by blanks; a pair with a word holding anything but
 * letters and digits ("king's", "ring-fenced", "(mhis)") is left out.
 */
export function phrasePairs(phrases: Iterable<string>): WordTable {
  const pairs = new Set<string>();
  for (const phrase of phrases) {
    const words = phrase.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
    for (let i = 0; i + 1 < words.length; i++) {
      if (PAIR_WORD.test(words[i]) && PAIR_WORD.test(words[i + 1])) pairs.add(words[i] + ' ' + words[i + 1]);
    }
  }
  return new WordTable(pairs);
}
