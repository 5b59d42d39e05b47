/**
 * Character classes and case folding shared by the tokenizer, the phrase compiler
 * and the sentence splitter. Tables are built once; lookups are array reads.
 */

export const C_HARD = 0; // punctuation that ends a phrase: . ; : ! ? ( ) [ ] " / | ...
export const C_WORD = 1; // letters and digits
export const C_SPACE = 2; // spaces, tabs, non-breaking and zero-width spaces
export const C_LF = 3;
export const C_CR = 4;
export const C_APOS = 5; // ' and the curly closing quote used as an apostrophe
export const C_SHY = 6; // soft hyphen: invisible, ignored inside a word
export const C_MARK = 7; // hyphens and Markdown markup that never separates a phrase: - * _ ` \ ~ >
export const C_COMMA = 8;
export const C_AMP = 9; // & reads as "and"
export const C_RBRACKET = 10; // ] may open a link target "](url)"
export const C_COLON = 11; // : may open a URL "://"
export const C_CURRENCY = 12; // £ $ €
export const C_LPAREN = 13;

export const CHAR_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (let c = 48; c <= 57; c++) t[c] = C_WORD;
  for (let c = 65; c <= 90; c++) t[c] = C_WORD;
  for (let c = 97; c <= 122; c++) t[c] = C_WORD;
  // Latin-1 letters and every later alphabet, minus the punctuation and space blocks.
  for (let c = 0xc0; c < 65536; c++) t[c] = C_WORD;
  t[0xd7] = C_HARD; // ×
  t[0xf7] = C_HARD; // ÷
  for (let c = 0x2000; c <= 0x2bff; c++) t[c] = C_HARD;
  for (let c = 0x3000; c <= 0x303f; c++) t[c] = C_HARD;
  for (let c = 0xd800; c <= 0xdfff; c++) t[c] = C_HARD;
  for (let c = 0xfe00; c <= 0xfe6f; c++) t[c] = C_HARD;
  for (let c = 0xff00; c <= 0xff0f; c++) t[c] = C_HARD;
  for (let c = 0xfff0; c <= 0xffff; c++) t[c] = C_HARD;
  for (const c of [0x20, 0x09, 0x0b, 0x0c, 0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0xfeff, 0x200b, 0x200c, 0x200d, 0x2060]) t[c] = C_SPACE;
  for (let c = 0x2000; c <= 0x200a; c++) t[c] = C_SPACE;
  t[0x0a] = C_LF;
  t[0x0d] = C_CR;
  t[0x2028] = C_LF;
  t[0x2029] = C_LF;
  t[0x27] = C_APOS;
  t[0x2019] = C_APOS;
  t[0xad] = C_SHY;
  for (const ch of '-*_`\\~>') t[ch.charCodeAt(0)] = C_MARK;
  t[0x2010] = C_MARK; // hyphen
  t[0x2011] = C_MARK; // non-breaking hyphen
  t[0x2c] = C_COMMA;
  t[0x26] = C_AMP;
  t[0x5d] = C_RBRACKET;
  t[0x3a] = C_COLON;
  t[0xa3] = C_CURRENCY;
  t[0x24] = C_CURRENCY;
  t[0x20ac] = C_CURRENCY;
  t[0x28] = C_LPAREN;
  return t;
})();

/** Lower-case fold of one UTF-16 unit (ASCII and Latin-1; other scripts unchanged). */
export function foldChar(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 32;
  if (c === 0x2019) return 39;
  return c;
}

/** The hash used for words at compile time and in the tokenizer: the same on both sides. */
export function hashStep(h: number, folded: number): number {
  return (Math.imul(h, 31) + folded) | 0;
}

export function hashWord(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = hashStep(h, foldChar(word.charCodeAt(i)));
  return h;
}

/** A second, independent hash: together with the first and the length, collisions are negligible (about 2^-64). */
export function hashStep2(h: number, folded: number): number {
  return Math.imul(h ^ folded, 0x01000193);
}

export function hashWord2(word: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < word.length; i++) h = hashStep2(h, foldChar(word.charCodeAt(i)));
  return h;
}

export function isWordCode(c: number): boolean {
  return CHAR_CLASS[c] === C_WORD;
}

export function isUpperAscii(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isLowerLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
