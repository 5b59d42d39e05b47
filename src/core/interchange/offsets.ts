/**
 * Converting offsets between the units tools count in: UTF-16 code units (JavaScript, VS Code,
 * Hypothesis, NVivo), Unicode code points (REFI-QDA, W3C TextPositionSelector) and "CRLF as one
 * character" (ATLAS.ti). Built once per text, then each conversion is a binary search.
 */

export class OffsetConverter {
  /** UTF-16 offsets of the high surrogate of each astral character, ascending. */
  private readonly astral: number[] = [];
  /** UTF-16 offsets of each CR that starts a CRLF, ascending. */
  private readonly crlf: number[] = [];
  private lf?: OffsetConverter;

  constructor(readonly text: string) {
    // A regular expression finds the few places that matter much faster than a loop over every unit.
    const special = /[\ud800-\udbff](?=[\udc00-\udfff])|\r(?=\n)/g;
    for (let m = special.exec(text); m; m = special.exec(text)) {
      if (m[0] === '\r') this.crlf.push(m.index);
      else { this.astral.push(m.index); special.lastIndex = m.index + 2; }
    }
  }

  get length(): number { return this.text.length; }
  get codePointLength(): number { return this.text.length - this.astral.length; }

  /** Code points before UTF-16 offset `u` (an offset inside a pair counts the pair as before). */
  toCodePoint(u: number): number {
    return u - countBelow(this.astral, u);
  }

  /** The UTF-16 offset of code point `cp`, or undefined past the end. */
  fromCodePoint(cp: number): number | undefined {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.codePointLength) return undefined;
    // The k-th astral char (at a) is at code point a - k: find how many start before cp.
    let lo = 0, hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] - mid < cp) lo = mid + 1; else hi = mid;
    }
    return cp + lo;
  }

  /** The UTF-16 offset of a position counted with every CRLF as one character. */
  fromCrlfAsOne(n: number): number | undefined {
    if (!Number.isInteger(n) || n < 0) return undefined;
    let lo = 0, hi = this.crlf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.crlf[mid] - mid < n) lo = mid + 1; else hi = mid;
    }
    const u = n + lo;
    return u <= this.text.length ? u : undefined;
  }

  /** The UTF-16 offset of a position counted in code points with CRLF as one. */
  fromCodePointCrlfAsOne(n: number): number | undefined {
    if (this.crlf.length === 0) return this.fromCodePoint(n);
    this.lf ??= new OffsetConverter(this.text.replace(/\r\n/g, '\n'));
    const u = this.lf.fromCodePoint(n);
    return u === undefined ? undefined : this.fromCrlfAsOne(u);
  }
}

function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Text as REFI-QDA wants it: no BOM, LF line ends. */
export function toLf(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.replace(/\r\n?/g, '\n');
}

/** Maps a UTF-16 offset in `text` to the offset in `toLf(text)`. */
export function lfOffsetMapper(text: string): (u: number) => number {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const removed: number[] = []; // offsets (in text) of each CR removed (the CR of a CRLF)
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) === 10) removed.push(i);
  return (u) => Math.max(0, u - bom - countBelow(removed, u));
}
