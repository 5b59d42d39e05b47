/**
 * One linear pass over a document producing word tokens for phrase matching.
 *
 * Each token records its span, its vocabulary id (-1 when the lexicon never uses
 * the word) and the kind of gap before it: phrases only continue over "soft" gaps
 * (spaces, a single line break, hyphens, Markdown emphasis and escapes, blockquote
 * markers), so "general. Practice" or a heading followed by a paragraph never join.
 * Link targets "](url)", bare URLs and fenced code blocks produce no tokens.
 *
 * Nothing is allocated per character or per word: tokens go into reusable typed arrays.
 */
import {
  C_AMP, C_APOS, C_COLON, C_COMMA, C_CR, C_CURRENCY, C_LF, C_LPAREN, C_MARK, C_RBRACKET, C_SHY, C_SPACE, C_WORD,
  C_HARD, CHAR_CLASS, foldChar, hashWord, hashWord2,
} from './chars';
import { Vocabulary } from './vocabulary';
import { codePointAt, classAt, extraBetween, seqExtra, seqLength, Utf8Scratch } from './utf8';

export const GAP_SOFT = 0;
export const GAP_COMMA = 1;
export const GAP_HARD = 2;
/** An unknown word stands between this token and the previous one. */
export const GAP_WORD = 3;

/** Byte -> its lower-case fold when it is an ASCII letter or digit, else 0. */
const ASCII_WORD_FOLD: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 48; c <= 57; c++) t[c] = c;
  for (let c = 97; c <= 122; c++) t[c] = c;
  for (let c = 65; c <= 90; c++) t[c] = c + 32;
  return t;
})();

const AND_HASH = hashWord('and');
const AND_HASH2 = hashWord2('and');

export class TokenBuffer {
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  word = new Int32Array(1024);
  gap = new Uint8Array(1024);
  length = 0;
  /** Offsets of £ $ € (money candidates) and "(" (page-reference candidates). */
  currencyMarks: number[] = [];
  parenMarks: number[] = [];
  /** The UTF-8 bytes of the last text tokenized (reused by the sentence splitter). */
  readonly utf8 = new Utf8Scratch();

  reset(expected: number): void {
    this.length = 0;
    this.currencyMarks.length = 0;
    this.parenMarks.length = 0;
    if (this.start.length < expected) this.grow(expected);
  }

  grow(min: number): void {
    let size = this.start.length * 2;
    while (size < min) size *= 2;
    const copyI = (a: Int32Array): Int32Array<ArrayBuffer> => { const b = new Int32Array(size); b.set(a.subarray(0, this.length)); return b; };
    this.start = copyI(this.start);
    this.end = copyI(this.end);
    this.word = copyI(this.word);
    const g = new Uint8Array(size);
    g.set(this.gap.subarray(0, this.length));
    this.gap = g;
  }
}

/** Lower-case words of a lexicon phrase, split exactly as the tokenizer splits text. */
export function phraseWords(phrase: string): { folded: string[]; raw: string[]; commaBefore: boolean[] } {
  const folded: string[] = [];
  const raw: string[] = [];
  const commaBefore: boolean[] = [];
  let comma = false;
  let i = 0;
  const n = phrase.length;
  while (i < n) {
    const c = phrase.charCodeAt(i);
    const cls = CHAR_CLASS[c];
    if (cls === C_WORD) {
      let j = i;
      let f = '';
      while (j < n) {
        const d = phrase.charCodeAt(j);
        const k = CHAR_CLASS[d];
        if (k === C_WORD) { f += String.fromCharCode(foldChar(d)); j++; continue; }
        if (k === C_SHY) { j++; continue; }
        if (k === C_APOS) {
          const next = phrase.charCodeAt(j + 1);
          if ((next === 115 || next === 83) && CHAR_CLASS[phrase.charCodeAt(j + 2)] !== C_WORD) break;
          if (CHAR_CLASS[next] === C_WORD) { f += "'"; j++; continue; }
        }
        break;
      }
      folded.push(f);
      raw.push(phrase.slice(i, j));
      commaBefore.push(comma);
      comma = false;
      i = j;
      continue;
    }
    if (cls === C_AMP) {
      folded.push('and');
      raw.push('&');
      commaBefore.push(comma);
      comma = false;
    } else if (cls === C_COMMA) comma = true;
    i++;
  }
  return { folded, raw, commaBefore };
}


function isBlankByte(b: number): boolean {
  return b === 32 || b === 9;
}

/** Results of lineStart(), module-level so the hot loop keeps its own state in locals. */
let lineHard = false;
let lineBlock = false;

/**
 * Looks at the start of a line (byte index): a blank line, heading, bullet, numbered
 * item, table row or fence starts a new block (hard gap), and so does any line after
 * a heading or table row. Returns where scanning continues; sets lineHard/lineBlock.
 */
function lineStart(bytes: Uint8Array, at: number, nb: number, wasBlock: boolean): number {
  let j = at;
  while (j < nb && isBlankByte(bytes[j])) j++;
  while (j < nb && bytes[j] === 62 /* > */) {
    j++;
    while (j < nb && isBlankByte(bytes[j])) j++;
  }
  lineHard = wasBlock;
  lineBlock = false;
  if (j >= nb) return j;
  const c = bytes[j];
  const next = bytes[j + 1];
  if (c === 10 || c === 13) { lineHard = true; return j; }
  if (c === 35 /* # */ || c === 124 /* | */) { lineHard = true; lineBlock = true; return j; }
  if ((c === 45 || c === 42 || c === 43) && isBlankByte(next)) { lineHard = true; return j; }
  if (c === 0xe2 && next === 0x80 && bytes[j + 2] === 0xa2) { lineHard = true; return j; } // •
  if (c >= 48 && c <= 57) {
    let k = j + 1;
    while (k < nb && bytes[k] >= 48 && bytes[k] <= 57) k++;
    if ((bytes[k] === 46 || bytes[k] === 41) && isBlankByte(bytes[k + 1])) lineHard = true;
  }
  if ((c === 96 && next === 96 && bytes[j + 2] === 96) || (c === 126 && next === 126 && bytes[j + 2] === 126)) {
    lineHard = true;
    return skipFenceBytes(bytes, j, nb);
  }
  return j;
}

/** From an opening ``` or ~~~ (byte index): to the line break ending the closing fence line (or the end). */
export function skipFenceBytes(bytes: Uint8Array, at: number, nb: number): number {
  const f = bytes[at];
  let i = at;
  while (i < nb && bytes[i] !== 10) i++; // end of the opening line
  while (i < nb) {
    // i is at a line break; look at the next line.
    let j = i + 1;
    while (j < nb && isBlankByte(bytes[j])) j++;
    let lineEnd = j;
    while (lineEnd < nb && bytes[lineEnd] !== 10) lineEnd++;
    if (bytes[j] === f && bytes[j + 1] === f && bytes[j + 2] === f) return lineEnd;
    i = lineEnd;
  }
  return nb;
}

/** From the "(" of "](" (byte index): past the matching ")" on the same line, or unchanged. */
function skipLinkTarget(bytes: Uint8Array, open: number, nb: number): number {
  const limit = Math.min(nb, open + 2048);
  let depth = 0;
  for (let j = open; j < limit; j++) {
    const c = bytes[j];
    if (c === 10 || c === 13) return open;
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return j + 1;
  }
  return open;
}

/** From the "//" of "://" (byte index): to the next space, quote, bracket or angle bracket. */
function skipUrl(bytes: Uint8Array, at: number, nb: number): number {
  let j = at;
  while (j < nb) {
    const c = bytes[j];
    if (c <= 32 || c === 41 || c === 62 || c === 60 || c === 34 || c === 93 || c === 0xc2) break;
    j++;
  }
  return j;
}

/**
 * Tokenizes `text` into `buf`. Only words the vocabulary knows become tokens; any
 * other word in between makes the next token's gap GAP_WORD, so phrases and context
 * checks never reach across it. The gap before the first token is hard.
 */
export function tokenize(text: string, vocab: Vocabulary, buf: TokenBuffer): void {
  buf.reset((text.length >> 5) + 64);
  const nb = buf.utf8.encode(text);
  const bytes = buf.utf8.bytes;
  let starts = buf.start;
  let ends = buf.end;
  let words = buf.word;
  let gaps = buf.gap;
  let cap = starts.length;
  let count = 0;
  let gap = GAP_HARD;
  let extra = 0; // bytes minus UTF-16 units so far
  const CLS = CHAR_CLASS;
  const currency = buf.currencyMarks;
  const parens = buf.parenMarks;
  const vKeys = vocab.keys;
  const vKeys2 = vocab.keys2;
  const vLens = vocab.lens;
  const vSlots = vocab.slots;
  const vWord = vocab.slotWord;
  const vMask = vocab.mask;

  let i = lineStart(bytes, 0, nb, false);
  extra += extraBetween(bytes, 0, i);
  let isBlock = lineBlock;
  while (i < nb) {
    const b = bytes[i];
    if (b === 32) { i++; continue; }
    const cls = b < 0x80 ? CLS[b] : classAt(bytes, i);
    if (cls === C_WORD) {
      const s = i - extra;
      let h = 0;
      let hPrev = 0;
      let g = 0x811c9dc5 | 0;
      let gPrev = 0;
      let len = 0;
      let last = 0;
      let e = -1;
      while (i < nb) {
        let d = bytes[i];
        let f = ASCII_WORD_FOLD[d];
        if (f !== 0) {
          // Fast path: a run of ASCII letters and digits.
          do {
            hPrev = h;
            h = (Math.imul(h, 31) + f) | 0;
            gPrev = g;
            g = Math.imul(g ^ f, 0x01000193);
            last = f;
            len++;
            i++;
            d = bytes[i];
            f = ASCII_WORD_FOLD[d];
          } while (f !== 0 && i < nb);
          if (i >= nb) break;
        }
        if (d < 0x80 && d !== 39) break;
        const cp = d < 0x80 ? d : codePointAt(bytes, i);
        const k = cp < 0x10000 ? CLS[cp] : C_HARD;
        const step = d < 0x80 ? 1 : seqLength(d);
        if (k === C_WORD) {
          const f = foldChar(cp);
          hPrev = h;
          h = (Math.imul(h, 31) + f) | 0;
          gPrev = g;
          g = Math.imul(g ^ f, 0x01000193);
          last = f;
          len++;
          i += step;
          extra += step - 1;
          continue;
        }
        if (k === C_SHY) { i += step; extra += step - 1; continue; }
        if (k === C_APOS) {
          const after = i + step;
          const next = bytes[after];
          if ((next === 115 || next === 83) && classAt(bytes, after + 1) !== C_WORD) {
            e = i - extra; // possessive 's: not part of the word
            i = after + 1;
            extra += step - 1;
            break;
          }
          if (classAt(bytes, after) === C_WORD) {
            hPrev = h;
            h = (Math.imul(h, 31) + 39) | 0;
            gPrev = g;
            g = Math.imul(g ^ 39, 0x01000193);
            last = 39;
            len++;
            i = after;
            extra += step - 1;
            continue;
          }
        }
        break;
      }
      if (e < 0) e = i - extra;
      // Vocabulary probe (inlined): both hashes and the length must agree.
      let id = -1;
      let slot = h & vMask;
      while (vSlots[slot] !== 0) {
        if (vKeys[slot] === h && vKeys2[slot] === g && vLens[slot] === len) { id = vWord[slot]; break; }
        slot = (slot + 1) & vMask;
      }
      if (id < 0 && last === 115 && len > 2) {
        // Plural "s": look the singular up ("PCNs" -> pcn).
        slot = hPrev & vMask;
        while (vSlots[slot] !== 0) {
          if (vKeys[slot] === hPrev && vKeys2[slot] === gPrev && vLens[slot] === len - 1) { id = vWord[slot]; break; }
          slot = (slot + 1) & vMask;
        }
      }
      if (id < 0) { gap = GAP_WORD; continue; }
      if (count === cap) {
        buf.length = count;
        buf.grow(count + 1);
        starts = buf.start; ends = buf.end; words = buf.word; gaps = buf.gap; cap = starts.length;
      }
      starts[count] = s;
      ends[count] = e;
      words[count] = id;
      gaps[count] = gap;
      count++;
      gap = GAP_SOFT;
      continue;
    }
    switch (cls) {
      case C_SPACE:
      case C_MARK:
      case C_SHY:
        if (b < 0x80) i++;
        else { i += seqLength(b); extra += seqExtra(b); }
        break;
      case C_CR:
      case C_LF: {
        if (b === 13 && bytes[i + 1] === 10) { i++; break; }
        const from = i + seqLength(b);
        extra += seqExtra(b);
        i = lineStart(bytes, from, nb, isBlock);
        if (i - from > 0) extra += extraBetween(bytes, from, i);
        if (lineHard && gap < GAP_HARD) gap = GAP_HARD;
        isBlock = lineBlock;
        break;
      }
      case C_COMMA:
        if (gap === GAP_SOFT) gap = GAP_COMMA;
        i++;
        break;
      case C_AMP: {
        const nx = bytes[i + 1];
        if (nx === 35 || nx === 110) {
          // &nbsp; / &#160; entities: treat as a space.
          let semi = i + 2;
          while (semi < nb && semi - i <= 8 && bytes[semi] !== 59) semi++;
          if (bytes[semi] === 59 && semi - i <= 8) { i = semi + 1; break; }
        }
        const id = vocab.lookupHashes(AND_HASH, AND_HASH2, 3);
        if (id < 0) { gap = GAP_WORD; i++; break; }
        if (count === cap) {
          buf.length = count;
          buf.grow(count + 1);
          starts = buf.start; ends = buf.end; words = buf.word; gaps = buf.gap; cap = starts.length;
        }
        starts[count] = i - extra;
        ends[count] = i - extra + 1;
        words[count] = id;
        gaps[count] = gap;
        count++;
        gap = GAP_SOFT;
        i++;
        break;
      }
      case C_RBRACKET:
        if (gap < GAP_HARD) gap = GAP_HARD;
        i++;
        if (bytes[i] === 40 /* ( */) {
          const to = skipLinkTarget(bytes, i, nb);
          extra += extraBetween(bytes, i, to);
          i = to;
        }
        break;
      case C_COLON:
        if (gap < GAP_HARD) gap = GAP_HARD;
        i++;
        if (bytes[i] === 47 && bytes[i + 1] === 47) {
          const to = skipUrl(bytes, i, nb);
          extra += extraBetween(bytes, i, to);
          i = to;
        }
        break;
      case C_CURRENCY:
        currency.push(i - extra);
        if (gap < GAP_HARD) gap = GAP_HARD;
        if (b < 0x80) i++;
        else { i += seqLength(b); extra += seqExtra(b); }
        break;
      case C_LPAREN:
        parens.push(i - extra);
        if (gap < GAP_HARD) gap = GAP_HARD;
        i++;
        break;
      default:
        if (gap < GAP_HARD) gap = GAP_HARD;
        if (b < 0x80) i++;
        else { i += seqLength(b); extra += seqExtra(b); }
    }
  }
  buf.length = count;
}
