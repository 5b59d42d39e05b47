/**
 * White space collapsed to single spaces, as `s.replace(/\s+/g, ' ')` would, in one pass and
 * without a regular expression: money statements are flattened to one line for messages and
 * lists, thousands of times per document.
 */

/** Is this UTF-16 unit matched by `\s` in a JavaScript regular expression? */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `s` with every run of white space written as one space (the same string when nothing changes). */
export function collapseSpaces(s: string): string {
  const n = s.length;
  let i = 0;
  // Fast path: only single spaces.
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 ? i + 1 < n && isJsSpace(s.charCodeAt(i + 1)) : isJsSpace(c)) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  while (i < n) {
    // At a run of white space: one space for all of it.
    let j = i;
    while (j < n && isJsSpace(s.charCodeAt(j))) j++;
    out += ' ';
    // Then the text up to the next white space.
    let k = j;
    while (k < n && !isJsSpace(s.charCodeAt(k))) k++;
    out += s.slice(j, k);
    i = k;
  }
  return out;
}
