/**
 * How a Markdown line starts: the one set of line rules the tokenizer, the sentence splitter and
 * the reading layer share, so a heading, list item, table row, rule or code fence is the same
 * thing to all three.
 *
 * Works on UTF-8 bytes (see utf8.ts; the scanners already hold them) and returns its answer as a
 * value: a kind and a byte position packed in one number. Indentation and blockquote markers
 * (`>`) are read past, so a list item inside a quote is a list item.
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

/**
 * A classified line as one number (no object per line: the scanners classify every line of a
 * document): its kind and the byte where its marker or text begins, past indentation and
 * blockquote markers. Read it with lineKind() and lineAt(); lineWords() finds where its words begin.
 */
export type MarkdownLine = number;

function line(kind: LineKind, at: number): MarkdownLine {
  return at * 8 + kind;
}

export function lineKind(line: MarkdownLine): LineKind {
  return (line % 8) as LineKind;
}

export function lineAt(line: MarkdownLine): number {
  return Math.floor(line / 8);
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

/** ASCII that can begin a line's marker: blanks, > # | ` ~ - * _ = + and digits. */
const MARKER_START: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (const c of ' \t\f>#|`~-*_=+0123456789') t[c.charCodeAt(0)] = 1;
  return t;
})();

/**
 * A line whose first character (past blanks) is `c`, followed by `next`, is text whatever comes
 * after: most lines start with a letter or ASCII punctuation that begins no marker; a letter a to i
 * begins one only when "." or ")" follows ("a) "). The same codes in UTF-8 and UTF-16, so a
 * caller holding a string can skip the classifier for such lines.
 */
export function startsText(c: number, next: number): boolean {
  if (c >= 0x80 || MARKER_START[c] === 1) return false;
  return c < 97 || c > 105 || (next !== 46 && next !== 41);
}

/** Classifies the line starting at byte `from` (just after a line break, or 0). */
export function classifyLine(bytes: Uint8Array, from: number, nb: number): MarkdownLine {
  let j = skipBlanks(bytes, from);
  while (j < nb && bytes[j] === 62 /* > */) j = skipBlanks(bytes, j + 1);
  if (j >= nb || isLineBreak(bytes, j)) return line(LINE_BLANK, j);
  const c = bytes[j];
  const next = bytes[j + 1];
  if (startsText(c, next)) return line(LINE_TEXT, j);
  if (c === 35 /* # */) return line(LINE_HEADING, j);
  if (c === 124 /* | */) return line(LINE_TABLE, j);
  if ((c === 96 || c === 126) && next === c && bytes[j + 2] === c) return line(LINE_FENCE, j);
  if ((c === 45 || c === 42 || c === 95 || c === 61) && ruleEnd(bytes, j, nb, c) >= 0) return line(LINE_RULE, j);
  return line(listMarkerEnd(bytes, j, nb) >= 0 ? LINE_LIST : LINE_TEXT, j);
}

/**
 * Where a classified line's words begin: past a heading's `#`s, a list marker and the blanks
 * after them; the line end for a rule; where the line's text begins for anything else.
 */
export function lineWords(bytes: Uint8Array, code: MarkdownLine, nb: number): number {
  const at = lineAt(code);
  switch (lineKind(code)) {
    case LINE_HEADING: {
      let k = at;
      while (bytes[k] === 35) k++;
      return skipBlanks(bytes, k);
    }
    case LINE_RULE:
      return ruleEnd(bytes, at, nb, bytes[at]);
    case LINE_LIST:
      return skipBlanks(bytes, listMarkerEnd(bytes, at, nb));
    default:
      return at;
  }
}

/** A list item's marker at j: the byte after it, or -1. */
function listMarkerEnd(bytes: Uint8Array, j: number, nb: number): number {
  const c = bytes[j];
  if (c === 45 || c === 42 || c === 43) return markerEnds(bytes, j + 1, nb) ? j + 1 : -1;
  if (c >= 0xe0) {
    const cp = codePointAt(bytes, j);
    return isBulletGlyph(cp) || (cp === 0x2013 && blankLength(bytes, j + 3) > 0) ? j + 3 : -1;
  }
  return orderedMarkerEnd(bytes, j, nb);
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
    const at = lineAt(next);
    const end = lineEnd(bytes, at, nb);
    if (lineKind(next) === LINE_FENCE && bytes[at] === f) return end;
    i = end;
  }
  return nb;
}

/** The byte of the next \n at or after i, or nb. */
function lineEnd(bytes: Uint8Array, i: number, nb: number): number {
  const at = bytes.indexOf(10, i);
  return at < 0 || at > nb ? nb : at;
}
