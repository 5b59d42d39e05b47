/**
 * A linear sentence splitter for policy prose in Markdown or PDF-converted text.
 *
 * A sentence ends at . ! ? … (and any closing quotes/brackets/emphasis after them)
 * followed by white space, unless the period belongs to an abbreviation (e.g., i.e.,
 * Dr, No., p., vs.), an initial, or is followed by a lower-case word or a digit.
 * Blocks end sentences too: a blank line, a heading line, a bullet or numbered item,
 * a table row, a horizontal rule (markdown-lines.ts says which line is which); fenced code
 * is skipped. Spans are trimmed.
 *
 * Works on UTF-8 bytes (see utf8.ts) and reports UTF-16 offsets.
 */
import { Span } from '../types';
import { codePointAt, extraBetween, seqExtra, seqLength, Utf8Scratch } from './utf8';
import { classifyLine, isLineBreak, isOneLineBlock, LINE_FENCE, LINE_TEXT, lineAt, lineKind, lineWords, skipFence, startsText } from './markdown-lines';
import { isLowerLetter } from './chars';

const ABBREVIATIONS = [
  'e.g', 'eg', 'i.e', 'ie', 'viz', 'cf', 'vs', 'v', 'dr', 'mr', 'mrs', 'ms', 'prof', 'no', 'nos', 'p', 'pp', 'para',
  'paras', 'fig', 'figs', 'vol', 'st', 'cllr', 'ch', 'sec', 'sect', 'ref', 'refs', 'ed', 'eds', 'al', 'inc', 'ltd',
  'co', 'dept', 'govt', 'rt', 'hon', 'est', 'approx', 'jr', 'sr', 'mt', 'op', 'cit', 'ibid', 'jan', 'feb', 'mar',
  'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
];

/**
 * A word of at most 8 letters and dots as a number (5 bits a character, in base 32: at most 40
 * bits, exact in a double), so the dot test reads no string: a-z (either case) 1-26, "." 27.
 */
function wordKey(word: string): number {
  let key = 0;
  for (let q = 0; q < word.length; q++) {
    const c = word.charCodeAt(q);
    key = key * 32 + (c === 46 ? 27 : (c | 0x20) - 96);
  }
  return key;
}

const ABBREVIATION_KEYS = new Set(ABBREVIATIONS.map(wordKey));


const scratch = new Utf8Scratch();

export function splitSentences(text: string): Span[] {
  const nb = scratch.encode(text);
  return splitSentencesUtf8(scratch.bytes, nb);
}

function isBlank(bytes: Uint8Array, i: number): boolean {
  const b = bytes[i];
  return b === 32 || b === 9 || (b === 0xc2 && bytes[i + 1] === 0xa0);
}

/** Length of a closing quote/bracket/emphasis at i, or 0: " ' ) ] * _ ` ” ’ » */
function closerLen(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b === 34 || b === 39 || b === 41 || b === 93 || b === 42 || b === 95 || b === 96) return 1;
  if (b === 0xe2 && bytes[i + 1] === 0x80 && (bytes[i + 2] === 0x9d || bytes[i + 2] === 0x99)) return 3;
  if (b === 0xc2 && bytes[i + 1] === 0xbb) return 2;
  return 0;
}

/** Length of final punctuation at i, or 0: . ! ? … */
function enderLen(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b === 46 || b === 33 || b === 63) return 1;
  if (b === 0xe2 && bytes[i + 1] === 0x80 && bytes[i + 2] === 0xa6) return 3;
  return 0;
}

/**
 * The start of a line at byte `at` (markdown-lines.ts): where its words begin (past a heading's
 * or list item's marker; past fenced code), and whether the open sentence closes there (a new
 * block starts, or the line before was a heading or table row). One number, no object per line
 * (PDF-converted text has a line every 30 bytes): read it with startNext, startCloses, startBlock.
 */
function lineStart(bytes: Uint8Array, nb: number, at: number, afterBlock: boolean): number {
  const line = classifyLine(bytes, at, nb);
  const kind = lineKind(line);
  const next = kind === LINE_FENCE ? skipFence(bytes, lineAt(line), nb) : lineWords(bytes, line, nb);
  return next * 4 + (afterBlock || kind !== LINE_TEXT ? START_CLOSES : 0) + (isOneLineBlock(kind) ? START_BLOCK : 0);
}

const START_CLOSES = 2;
const START_BLOCK = 1;

function startNext(start: number): number {
  return Math.floor(start / 4);
}

function startCloses(start: number): boolean {
  return (start & START_CLOSES) !== 0;
}

function startBlock(start: number): boolean {
  return (start & START_BLOCK) !== 0;
}

/**
 * Byte classes for the main loop: ASCII that is ordinary sentence content (a letter or
 * digit, or other content), and everything the loop must look at byte by byte (line
 * ends, blanks, enders, non-ASCII and NUL, the terminator).
 */
const B_SPECIAL = 0;
const B_BLANK = 1;
const B_CONTENT = 2;
const B_WORD = 3;
const BYTE_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let b = 1; b < 0x80; b++) t[b] = B_CONTENT;
  for (let b = 48; b <= 57; b++) t[b] = B_WORD;
  for (let b = 65; b <= 90; b++) t[b] = B_WORD;
  for (let b = 97; b <= 122; b++) t[b] = B_WORD;
  for (const b of [10, 13, 46, 33, 63]) t[b] = B_SPECIAL;
  t[32] = B_BLANK;
  t[9] = B_BLANK;
  return t;
})();

/** 1 for the bytes BYTE_CLASS calls B_SPECIAL, else 0 (for the four-at-a-time scan). */
const IS_SPECIAL: Uint8Array = BYTE_CLASS.map((k) => (k === B_SPECIAL ? 1 : 0));

/** Sentence spans as two growable typed arrays (no object per sentence). */
export class SpanBuffer {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  length = 0;

  push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const s = new Int32Array(this.length * 2);
      s.set(this.starts);
      this.starts = s;
      const e = new Int32Array(this.length * 2);
      e.set(this.ends);
      this.ends = e;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }
}

export function splitSentencesUtf8(bytes: Uint8Array, nb: number): Span[] {
  const buf = new SpanBuffer();
  splitSentencesInto(bytes, nb, buf);
  const out: Span[] = new Array(buf.length);
  for (let k = 0; k < buf.length; k++) out[k] = { start: buf.starts[k], end: buf.ends[k] };
  return out;
}

/**
 * Splits UTF-8 `bytes` into `out` (cleared first); offsets are UTF-16. The scan stops at a 0 byte
 * after the text (Utf8Scratch writes one, and room for three more bytes); bytes without them are copied first.
 */
export function splitSentencesInto(input: Uint8Array, nb: number, out: SpanBuffer): void {
  let bytes = input;
  if (!(nb + 4 <= bytes.length && bytes[nb] === 0)) {
    bytes = new Uint8Array(nb + 4);
    bytes.set(input.subarray(0, nb));
  }
  out.length = 0;
  splitRange(bytes, nb, 0, 0, nb, out);
}

/**
 * Appends to `out` the sentences of bytes [from, to), exactly as splitSentencesInto finds them in
 * the whole text. `from` and `to` must be places where every sentence closes: 0 or nb, or the
 * start of a blank line (just after a \n) outside fenced code; `extraAtFrom` is the offset
 * correction there (bytes minus UTF-16 units before `from`). `bytes[nb]` must be 0.
 */
function splitRange(bytes: Uint8Array, nb: number, from: number, extraAtFrom: number, to: number, out: SpanBuffer): void {
  let start = -1; // UTF-16 offset of the current sentence's first character
  let lastContent = -1; // UTF-16 offset after its last non-blank character
  let hasWord = false;
  let extra = extraAtFrom;

  // (A blank line closes the open sentence whatever the line before it was: afterBlock is moot.)
  const first = lineStart(bytes, nb, from, false);
  let i = startNext(first);
  let isBlock = startBlock(first);
  extra += extraBetween(bytes, from, i);
  while (i < to) {
    const b = bytes[i];
    if (b === 10 || b === 13 || (b === 0xe2 && isLineBreak(bytes, i))) {
      // Most lines start with their text (PDF-converted text has one every 30 bytes): then
      // nothing changes, as lineStart() would find.
      if (b === 10 && !isBlock) {
        const c = bytes[i + 1];
        if (c > 32 && startsText(c, bytes[i + 2])) { i++; continue; }
      }
      const step = b === 13 && bytes[i + 1] === 10 ? 2 : seqLength(b);
      extra += seqExtra(b);
      const from = i + step;
      const line = lineStart(bytes, nb, from, isBlock);
      i = startNext(line);
      isBlock = startBlock(line);
      if (startCloses(line)) {
        if (start >= 0 && hasWord && lastContent > start) out.push(start, lastContent);
        start = -1;
        hasWord = false;
      }
      if (i > from) extra += extraBetween(bytes, from, i);
      continue;
    }
    if (b === 32 || b === 9) { i++; continue; }
    if (b === 0xc2 && bytes[i + 1] === 0xa0) { i += 2; extra += 1; continue; }
    if (start < 0) start = i - extra;
    if (b === 46 || b === 33 || b === 63 || (b === 0xe2 && enderLen(bytes, i) > 0)) {
      const ender = enderLen(bytes, i);
      let j = i + ender;
      let len: number;
      while ((len = enderLen(bytes, j) || closerLen(bytes, j)) > 0) j += len;
      const x = extra + (b < 0x80 && j === i + 1 ? 0 : extraBetween(bytes, i, j));
      if ((j >= nb || isBlank(bytes, j) || isLineBreak(bytes, j)) && (b !== 46 || j > i + 1 || endsSentence(bytes, nb, i, j))) {
        lastContent = j - x;
        if (hasWord && lastContent > start) out.push(start, lastContent);
        start = -1;
        hasWord = false;
      } else {
        lastContent = j - x;
      }
      extra = x;
      i = j;
      continue;
    }
    if (b < 0x80) {
      // A run of ordinary ASCII content and blanks: one pass, one offset update at its end
      // (after its last non-blank byte, as the byte-by-byte rule would leave it).
      if (!hasWord && BYTE_CLASS[b] === B_WORD) hasWord = true;
      i++;
      let end = i;
      // (No `i < nb` in these two loops: bytes[nb] is 0, which is B_SPECIAL; see Utf8Scratch.)
      if (!hasWord) {
        for (;;) {
          const k = BYTE_CLASS[bytes[i]];
          if (k === B_SPECIAL) break;
          i++;
          if (k === B_BLANK) continue;
          end = i;
          if (k === B_WORD) { hasWord = true; break; }
        }
      }
      // To the next byte the loop must look at; then back over the blanks before it.
      // Four bytes a step first: four independent loads the processor overlaps (a content run
      // is most of the text). A step holding the 0 after the text stops, so it may read up to
      // three bytes past that 0: splitSentencesInto and splitSentencesAround make sure they exist
      // (an out-of-bounds read would only be slow).
      const from = i;
      while ((IS_SPECIAL[bytes[i]] | IS_SPECIAL[bytes[i + 1]] | IS_SPECIAL[bytes[i + 2]] | IS_SPECIAL[bytes[i + 3]]) === 0) i += 4;
      while (IS_SPECIAL[bytes[i]] === 0) i++;
      let last = i;
      while (last > from && BYTE_CLASS[bytes[last - 1]] === B_BLANK) last--;
      if (last > from) end = last;
      lastContent = end - extra;
    } else {
      if (!hasWord && b >= 0xc3) hasWord = true;
      i += seqLength(b);
      extra += seqExtra(b);
      lastContent = i - extra;
    }
  }
  if (start >= 0 && hasWord && lastContent > start) out.push(start, lastContent);
}

/** Is the "." at byte `dot` (followed by white space at byte `after`) the end of a sentence? */
function endsSentence(bytes: Uint8Array, nb: number, dot: number, after: number): boolean {
  // The next word: lower case or a digit means the sentence goes on ("approx. three", "p. 23").
  let k = after;
  let breaks = 0;
  while (k < nb) {
    if (isLineBreak(bytes, k)) { if (++breaks > 1) return true; k++; continue; }
    const c = bytes[k];
    if (c === 32 || c === 9 || c === 62 || c === 42 || c === 95) { k++; continue; }
    if (c === 0xc2 && bytes[k + 1] === 0xa0) { k += 2; continue; } // a no-break space (not "£", which is 0xc2 0xa3)
    break;
  }
  if (k < nb) {
    const c = bytes[k];
    const cp = c < 0x80 ? c : codePointAt(bytes, k);
    if (isLowerLetter(cp) || (c >= 48 && c <= 57 && breaks === 0)) return false;
  }
  // The word before the dot, with inner dots ("e.g", "i.e").
  let w = dot - 1;
  while (w >= 0) {
    const c = bytes[w];
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46) w--;
    else break;
  }
  const len = dot - w - 1;
  if (len === 0) return true;
  if (len === 1 && bytes[w + 1] >= 65 && bytes[w + 1] <= 90) return false; // an initial: "C. Fuller"
  if (len > 8) return true;
  // The word as wordKey() reads it, from the bytes.
  let key = 0;
  let innerDot = false;
  for (let q = w + 1; q < dot; q++) {
    const c = bytes[q];
    if (c === 46) { key = key * 32 + 27; if (q > w + 1) innerDot = true; } else key = key * 32 + ((c | 0x20) - 96);
  }
  if (ABBREVIATION_KEYS.has(key)) return false;
  if (innerDot && len <= 6) return false; // U.K., a.m.
  return true;
}

/**
 * The sentences the funding rules read (funding.ts): those of the paragraphs holding a span of
 * `around` (sorted by start), each sentence exactly as splitSentencesInto finds it in the whole
 * text, in order. A paragraph runs between blank lines, where every sentence closes; when its last
 * sentence has no blank line after it ("Next sentence in the same paragraph", funding.ts's
 * paragraphBreak), the split goes on to the next sentence, so each sentence's successor here is
 * its successor in the whole text or across a blank line in both. Text with fenced code is split
 * whole (a blank line inside a fence is no place to start), and so is text with a span every `dense`
 * UTF-16 units or more often. Spans less than `near` apart are split in one run with the paragraphs
 * between them (tests pass 0 and 0 to see the paragraphs alone).
 */
export function splitSentencesAround(text: string, input: Uint8Array, nb: number, around: readonly Span[], out: SpanBuffer, shifts?: OffsetShifts, near = NEAR, dense = DENSE): void {
  // Spans everywhere (one in a few lines): finding their paragraphs costs more than it saves.
  if (around.length * dense >= text.length || text.indexOf('```') >= 0 || text.indexOf('~~~') >= 0) {
    splitSentencesInto(input, nb, out);
    return;
  }
  let bytes = input;
  if (!(nb + 4 <= bytes.length && bytes[nb] === 0)) {
    bytes = new Uint8Array(nb + 4);
    bytes.set(input.subarray(0, nb));
  }
  out.length = 0;
  const ascii = nb === text.length;
  const n = text.length;
  // The byte of a UTF-16 offset (asked in increasing order): from the tokenizer's shifts (the
  // last at or before it), or else the UTF-8 length of the text up to it, encoded again.
  let atU = 0;
  let atB = 0;
  let shift = -1;
  const byteOf = (u: number): number => {
    if (ascii) return u;
    if (shifts === undefined) {
      atB += utf8Length(text, atU, u);
      atU = u;
      return atB;
    }
    while (shift + 1 < shifts.length && shifts.start[shift + 1] <= u) shift++;
    return shift < 0 ? u : u + shifts.byteStart[shift] - shifts.start[shift];
  };
  let k = 0;
  while (k < around.length) {
    const from = blankLineBefore(text, around[k].start);
    let to = nextBlankLine(text, around[k].start);
    for (;;) {
      while (k < around.length && around[k].start < to) k++;
      // A span near the end: one run on through the paragraphs between (one split, one offset).
      if (k < around.length && around[k].start - to < near) to = nextBlankLine(text, around[k].start);
      else break;
    }
    const fromB = byteOf(from);
    let toB = byteOf(to);
    splitRange(bytes, nb, fromB, fromB - from, toB, out);
    while (to < n && out.length > 0 && !blankLineAfter(text, out.ends[out.length - 1])) {
      const next = nextBlankLine(text, to);
      const nextB = byteOf(next);
      splitRange(bytes, nb, toB, toB - to, nextB, out);
      to = next;
      toB = nextB;
    }
    while (k < around.length && around[k].start < to) k++;
  }
}

/**
 * Where the UTF-8 bytes' offsets shift against the UTF-16 offsets (tokenizer.ts's ByteShifts, which
 * the tokenizer fills as it reads): `length` UTF-16 offsets `start`, increasing, each with its
 * byte; byte = offset + (byteStart - start) of the last one at or before it (offset itself before
 * the first). Exact at every paragraph start outside fenced code.
 */
export interface OffsetShifts {
  readonly start: ArrayLike<number>;
  readonly byteStart: ArrayLike<number>;
  readonly length: number;
}

/** Spans closer than this (UTF-16 units) are split in one run with the paragraphs between them. */
const NEAR = 2048;
/** With a span every DENSE UTF-16 units or more often, the text is split whole. */
const DENSE = 1024;

/** Is the line starting at `p` blank as classifyLine reads it (blanks and ">" only)? */
function blankLineAt(text: string, p: number): boolean {
  for (let k = p; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9 || c === 12 || c === 0xa0 || c === 62) continue;
    return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
  }
  return true;
}

/** The start of the first blank line after `from` (just after a \n), or the text's length. */
function nextBlankLine(text: string, from: number): number {
  for (let k = text.indexOf('\n', from); k >= 0; k = text.indexOf('\n', k + 1)) {
    if (blankLineAt(text, k + 1)) return k + 1;
  }
  return text.length;
}

/** The start of the last blank line (just after a \n) at or before `at`, or 0. */
function blankLineBefore(text: string, at: number): number {
  if (at <= 0) return 0;
  for (let k = text.lastIndexOf('\n', at - 1); k >= 0; k = text.lastIndexOf('\n', k - 1)) {
    if (blankLineAt(text, k + 1)) return k + 1;
    if (k === 0) break;
  }
  return 0;
}

/** funding.ts's paragraphBreak from `from`: is the line after the one holding `from` empty (blanks and \r)? */
function blankLineAfter(text: string, from: number): boolean {
  const nl = text.indexOf('\n', from);
  if (nl < 0) return false;
  for (let i = nl + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return false;
}

const encoder = new TextEncoder();
const CHUNK = 16384;
const chunkBytes = new Uint8Array(CHUNK * 3);

/** UTF-8 length of text[from, to) (not splitting a surrogate pair), in chunks through one buffer. */
function utf8Length(text: string, from: number, to: number): number {
  let len = 0;
  while (from < to) {
    let end = Math.min(to, from + CHUNK);
    if (end < to) {
      const c = text.charCodeAt(end - 1);
      if (c >= 0xd800 && c < 0xdc00) end--;
    }
    len += encoder.encodeInto(text.substring(from, end), chunkBytes).written;
    from = end;
  }
  return len;
}
