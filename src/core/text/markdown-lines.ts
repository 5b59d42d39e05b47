/**
 * How a Markdown line starts: the one set of line rules the tokenizer, the sentence splitter and
 * the reading layer share, so a heading, list item, table row, rule or code fence is the same
 * thing to all three.
 *
 * Works on UTF-8 bytes (see utf8.ts; the scanners already hold them) and returns its answer as a
 * value: a kind and two byte positions. Indentation and blockquote markers (`>`) are read past,
 * so a list item inside a quote is a list item.
 *
 * The rules, where CommonMark and PDF-converted text meet:
 * - blank: nothing but blanks (space, tab, form feed, no-break space) before the line end;
 * - heading: `#`; table row: `|`; fence: three backticks or tildes;
 * - rule: three or more of one of `- * _ =` and nothing else (a setext underline too);
 *   it wins over a list item (`- - -`, `* * *`);
 * - list item: `-` `*` `+` then a blank or the line end; a bullet glyph (PDF converters write
 *   `•`, private-use Wingdings, squares, arrows) with or without a blank; an en dash then a blank;
 *   one to three digits or one of the letters a to i, then `.` or `)`, then a blank (a hard-wrapped
 *   line starting "2024. The" is text, not item 2024; a lone "304)" is a table value).
 */
import { codePointAt } from './utf8';

export const LINE_TEXT = 0;
export const LINE_BLANK = 1;
export const LINE_HEADING = 2;
export const LINE_TABLE = 3;
export const LINE_LIST = 4;
export const LINE_FENCE = 5;
export const LINE_RULE = 6;

export type LineKind = typeof LINE_TEXT | typeof LINE_BLANK | typeof LINE_HEADING | typeof LINE_TABLE | typeof LINE_LIST | typeof LINE_FENCE | typeof LINE_RULE;

export interface MarkdownLine {
  readonly kind: LineKind;
  /** Byte where the line's marker or text begins: past indentation and blockquote markers. */
  readonly at: number;
  /**
   * Byte where the line's words begin: past a heading's `#`s, a list marker and the blanks after
   * them; the line end for a rule; `at` for anything else.
   */
  readonly text: number;
}

/** A heading or table row is a block of one line: the line after it starts a new block as well. */
export function isOneLineBlock(kind: LineKind): boolean {
  return kind === LINE_HEADING || kind === LINE_TABLE;
}

/** Bytes of a blank at i (space, tab, form feed, no-break space), or 0. */
export function blankLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  return b === 32 || b === 9 || b === 12 ? 1 : b === 0xc2 && bytes[i + 1] === 0xa0 ? 2 : 0;
}

/** Is there a line break at i: \n, \r, U+2028, U+2029? */
export function isLineBreak(bytes: Uint8Array, i: number): boolean {
  const b = bytes[i];
  return b === 10 || b === 13 || (b === 0xe2 && bytes[i + 1] === 0x80 && (bytes[i + 2] === 0xa8 || bytes[i + 2] === 0xa9));
}

/** Bullet glyphs PDF converters leave at the start of a line. */
export function isBulletGlyph(c: number): boolean {
  return c === 0x2022 || c === 0xf0b7 || c === 0xf0a7 || c === 0xf076 || c === 0x25aa || c === 0x25e6 || c === 0x25cf || c === 0x25a0 || c === 0x27a2 || c === 0x2023 || c === 0x2043;
}

function skipBlanks(bytes: Uint8Array, i: number): number {
  let len: number;
  while ((len = blankLength(bytes, i)) > 0) i += len;
  return i;
}

/** Does a marker end at i: a blank, a line break or the end of the text? */
function markerEnds(bytes: Uint8Array, i: number, nb: number): boolean {
  return i >= nb || blankLength(bytes, i) > 0 || isLineBreak(bytes, i);
}

function line(kind: LineKind, at: number, text: number): MarkdownLine {
  return { kind, at, text };
}

/**
 * A line whose first character (past blanks) is `c` is text whatever follows: most lines start
 * with a letter, and only a to i can start an item ("a) "). The same code in UTF-8 and UTF-16,
 * so a caller holding a string can skip the classifier for such lines.
 */
export function startsText(c: number): boolean {
  return (c >= 106 && c <= 122) || (c >= 65 && c <= 90);
}

/** Classifies the line starting at byte `from` (just after a line break, or 0). */
export function classifyLine(bytes: Uint8Array, from: number, nb: number): MarkdownLine {
  let j = skipBlanks(bytes, from);
  while (j < nb && bytes[j] === 62 /* > */) j = skipBlanks(bytes, j + 1);
  if (j >= nb || isLineBreak(bytes, j)) return line(LINE_BLANK, j, j);
  const c = bytes[j];
  if (startsText(c)) return line(LINE_TEXT, j, j);
  const next = bytes[j + 1];
  if (c === 35 /* # */) {
    let k = j;
    while (bytes[k] === 35) k++;
    return line(LINE_HEADING, j, skipBlanks(bytes, k));
  }
  if (c === 124 /* | */) return line(LINE_TABLE, j, j);
  if ((c === 96 || c === 126) && next === c && bytes[j + 2] === c) return line(LINE_FENCE, j, j);
  if (c === 45 || c === 42 || c === 95 || c === 61) {
    const end = ruleEnd(bytes, j, nb, c);
    if (end >= 0) return line(LINE_RULE, j, end);
  }
  if ((c === 45 || c === 42 || c === 43) && markerEnds(bytes, j + 1, nb)) return line(LINE_LIST, j, skipBlanks(bytes, j + 1));
  if (c >= 0xe0) {
    const cp = codePointAt(bytes, j);
    if (isBulletGlyph(cp) || (cp === 0x2013 && blankLength(bytes, j + 3) > 0)) return line(LINE_LIST, j, skipBlanks(bytes, j + 3));
    return line(LINE_TEXT, j, j);
  }
  const item = orderedMarkerEnd(bytes, j, nb);
  if (item >= 0) return line(LINE_LIST, j, skipBlanks(bytes, item));
  return line(LINE_TEXT, j, j);
}

/** A rule from j (three or more of `c`, blanks between): the line end, or -1. */
function ruleEnd(bytes: Uint8Array, j: number, nb: number, c: number): number {
  let count = 0;
  let k = j;
  for (; k < nb && !isLineBreak(bytes, k); k++) {
    const b = bytes[k];
    if (b === c) count++;
    else if (b !== 32 && b !== 9) return -1;
  }
  return count >= 3 ? k : -1;
}

/**
 * "1. " "12) " "a) " (one to three digits or a letter a-i, then . or ), then a blank): the byte
 * after the marker, or -1. A lone "304)" is a number from a table, not an empty item.
 */
function orderedMarkerEnd(bytes: Uint8Array, j: number, nb: number): number {
  let k = j;
  const c = bytes[j];
  if (c >= 97 && c <= 105) k++;
  else while (k < nb && k - j < 4 && bytes[k] >= 48 && bytes[k] <= 57) k++;
  if (k === j || k - j > 3) return -1;
  const p = bytes[k];
  return (p === 46 || p === 41) && blankLength(bytes, k + 1) > 0 ? k + 1 : -1;
}

/**
 * From a fence line's marker at `at`: the byte of the line break that ends the closing fence
 * (a fence line of the same character), or `nb` when the fence never closes.
 */
export function skipFence(bytes: Uint8Array, at: number, nb: number): number {
  const f = bytes[at];
  let i = lineEnd(bytes, at, nb);
  while (i < nb) {
    const next = classifyLine(bytes, i + 1, nb);
    const end = lineEnd(bytes, next.at, nb);
    if (next.kind === LINE_FENCE && bytes[next.at] === f) return end;
    i = end;
  }
  return nb;
}

/** The byte of the next \n at or after i, or nb. */
function lineEnd(bytes: Uint8Array, i: number, nb: number): number {
  const at = bytes.indexOf(10, i);
  return at < 0 || at > nb ? nb : at;
}
