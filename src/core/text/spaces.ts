/**
 * White space collapsed to single spaces, as `s.replace(/\s+/g, ' ')` would: money statements
 * are flattened to one line for messages and lists, thousands of times per document.
 */

/** Is this UTF-16 unit matched by `\s` in a JavaScript regular expression? */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Only the runs that change: a white-space character other than a space (and the run it starts),
 * or a space followed by more white space. A single space between words, nearly every run, is
 * not matched, so a sentence with one line break is two slices and a space, and a sentence with
 * none comes back as it is. The regular expression engine scans natively: a loop of `charCodeAt`
 * over a slice of the document cost 7 ns a character (#11: 8% of a whole analysis).
 */
const CHANGING_SPACE = /[^\S ]\s*| \s+/g;

/** `s` with every run of white space written as one space (the same string when nothing changes). */
export function collapseSpaces(s: string): string {
  return s.replace(CHANGING_SPACE, ' ');
}
