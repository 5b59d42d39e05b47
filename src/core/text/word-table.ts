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
}
