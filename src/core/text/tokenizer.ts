/**
 * One linear pass over a document producing word tokens for phrase matching.
 *
 * Each token records its span, its vocabulary id (-1 when the lexicon never uses
 * the word) and the kind of gap before it: phrases only continue over "soft" gaps
 * (spaces, a single line break, hyphens, Markdown emphasis and escapes, blockquote
 * markers), so "general. Practice" or a heading followed by a paragraph never join.
 * Link targets "](url)", bare URLs and fenced code blocks produce no tokens. Lines are
 * classified by markdown-lines.ts, as the sentence splitter and the reading layer do.
 *
 * Nothing is allocated per character or per word: tokens go into reusable typed arrays.
 */
import {
  C_AMP, C_APOS, C_COLON, C_COMMA, C_CR, C_CURRENCY, C_LF, C_LPAREN, C_MARK, C_RBRACKET, C_SHY, C_SPACE, C_WORD,
  C_HARD, CHAR_CLASS, foldChar, hashWord, hashWord2,
} from './chars';
import { Vocabulary } from './vocabulary';
import { codePointAt, classAt, extraBetween, seqExtra, seqLength, Utf8Scratch } from './utf8';
import { classifyLine, isOneLineBlock, LINE_FENCE, LINE_TEXT, lineAt, lineKind, skipFence, startsText } from './markdown-lines';

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
  /** Where the bytes' offsets shift against the text's UTF-16 offsets (see ByteShifts). */
  readonly shifts = new ByteShifts();

  reset(expected: number): void {
    this.length = 0;
    this.shifts.length = 0;
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

/**
 * The UTF-16 offsets (`start`, increasing) where the byte offset of the tokenized text's UTF-8
 * shifts, and the byte at each: from one to the next, byte = offset + (byteStart - start); before
 * the first, byte = offset. The tokenizer records one whenever its correction changes (after a
 * non-ASCII character, rare), outside its word loop; splitSentencesAround reads them. Exact at
 * every offset the scan stops at (not inside fenced code, a URL or a link target it skips).
 */
export class ByteShifts {
  start: number[] = [];
  byteStart: number[] = [];
  length = 0;

  add(start: number, byte: number): void {
    this.start[this.length] = start;
    this.byteStart[this.length] = byte;
    this.length++;
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
  new TokenScan(buf.utf8.bytes, nb, vocab, buf).run();
}

/**
 * One tokenize() pass. run() reads words in its own loop (most of the time goes there);
 * a line start, punctuation, "&" and the push of a token are steps of their own, each
 * returning the byte after what it read and keeping the running UTF-16 correction
 * (`extra`) and the gap the next token gets.
 */
class TokenScan {
  /** Bytes minus UTF-16 units before the current byte. */
  private extra = 0;
  /** The gap the next token gets. */
  private gap = GAP_HARD;
  /** The current line is a heading or table row: the next line starts a block. */
  private isBlock = false;
  private count = 0;

  constructor(private readonly bytes: Uint8Array, private readonly nb: number, private readonly vocab: Vocabulary, private readonly buf: TokenBuffer) {}

  run(): void {
    const bytes = this.bytes;
    const nb = this.nb;
    // Locals, not module constants or fields: TurboFan keeps them in registers across the calls.
    const fold = ASCII_WORD_FOLD;
    const classes = CHAR_CLASS;
    const vocab = this.vocab;
    const buf = this.buf;
    let starts = buf.start;
    let ends = buf.end;
    let ids = buf.word;
    let gaps = buf.gap;
    let i = this.startLine(0);
    const shifts = buf.shifts;
    if (this.extra !== 0) shifts.add(i - this.extra, i);
    // The scan's state as locals too (fields cost a load and a store per word): written back to
    // the fields around every call of a step that reads or changes them, and read back after it.
    let extra = this.extra;
    let gap = this.gap;
    let count = this.count;
    while (i < nb) {
      const b = bytes[i];
      if (b === 32) { i++; continue; }
      const cls = b < 0x80 ? classes[b] : classAt(bytes, i);
      if (cls !== C_WORD) {
        // The commonest punctuation, inline (as nonWord() reads it): ". ) ; / |" end a phrase,
        // "-" and "*" never do.
        if (b < 0x80) {
          if (cls === C_HARD) { if (gap < GAP_HARD) gap = GAP_HARD; i++; continue; }
          if (cls === C_MARK) { i++; continue; }
          // A line break before a line that starts with its text (most lines: PDF-converted text
          // has one every 30 bytes): nothing changes, as startLine() would find.
          if (b === 10 && !this.isBlock) {
            const c = bytes[i + 1];
            if (c > 32 && startsText(c, bytes[i + 2])) { i++; continue; }
          }
        }
        this.extra = extra;
        this.gap = gap;
        this.count = count;
        i = this.nonWord(i, b, cls);
        if (this.extra !== extra) shifts.add(i - this.extra, i);
        extra = this.extra;
        gap = this.gap;
        count = this.count;
        if (buf.start !== starts) { starts = buf.start; ends = buf.end; ids = buf.word; gaps = buf.gap; }
        continue;
      }
      // A word. Most are plain ASCII letters and digits: read them in this tight loop (inline:
      // it is most of the time). Two hashes: the second costs next to nothing beside the loads.
      const from = i;
      let h = 0;
      let g = 0x811c9dc5 | 0;
      let f = fold[b];
      // bytes[nb] is 0 (Utf8Scratch), which ends the run.
      while (f !== 0) {
        h = (Math.imul(h, 31) + f) | 0;
        g = Math.imul(g ^ f, 0x01000193);
        f = fold[bytes[++i]];
      }
      const d = bytes[i];
      if (i > from && d < 0x80 && d !== 39) {
        const id = vocab.lookupWord(h, g, i - from, fold[bytes[i - 1]]);
        if (id < 0) gap = GAP_WORD;
        else {
          if (count === starts.length) {
            buf.length = count;
            buf.grow(count + 1);
            starts = buf.start;
            ends = buf.end;
            ids = buf.word;
            gaps = buf.gap;
          }
          starts[count] = from - extra;
          ends[count] = i - extra;
          ids[count] = id;
          gaps[count] = gap;
          count++;
          gap = GAP_SOFT;
        }
        continue;
      }
      this.extra = extra;
      this.gap = gap;
      this.count = count;
      i = this.generalWord(from);
      if (this.extra !== extra) shifts.add(i - this.extra, i);
      extra = this.extra;
      gap = this.gap;
      count = this.count;
      if (buf.start !== starts) { starts = buf.start; ends = buf.end; ids = buf.word; gaps = buf.gap; }
    }
    this.count = count;
    this.buf.length = count;
  }

  /**
   * A word the ASCII loop in run() did not finish (soft hyphens, apostrophes, possessives, other
   * letters), read from its first byte `i`; returns the byte after it.
   */
  private generalWord(i: number): number {
    const bytes = this.bytes;
    const nb = this.nb;
    let extra = this.extra;
    const s = i - extra;
    // Any other word, hashed as it is read (folded to lower case, soft hyphens left out, an
    // inner apostrophe kept, a possessive 's left off).
    let h = 0;
    let g = 0x811c9dc5 | 0;
    let len = 0;
    let last = 0;
    let e = -1;
    while (i < nb) {
      let d = bytes[i];
      let f = ASCII_WORD_FOLD[d];
      if (f !== 0) {
        do {
          h = (Math.imul(h, 31) + f) | 0;
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
      const k = cp < 0x10000 ? CHAR_CLASS[cp] : C_HARD;
      const step = d < 0x80 ? 1 : seqLength(d);
      if (k === C_SHY) { i += step; extra += step - 1; continue; }
      if (k === C_WORD) f = foldChar(cp);
      else if (k !== C_APOS) break;
      else {
        const next = bytes[i + step];
        if ((next === 115 || next === 83) && classAt(bytes, i + step + 1) !== C_WORD) {
          e = i - extra; // possessive 's: not part of the word
          i += step + 1;
          extra += step - 1;
          break;
        }
        if (classAt(bytes, i + step) !== C_WORD) break;
        f = 39; // an apostrophe inside a word ("don't") is part of it
      }
      h = (Math.imul(h, 31) + f) | 0;
      g = Math.imul(g ^ f, 0x01000193);
      last = f;
      len++;
      i += step;
      extra += step - 1;
    }
    this.extra = extra;
    if (e < 0) e = i - extra;
    const id = this.vocab.lookupWord(h, g, len, last);
    if (id < 0) this.gap = GAP_WORD;
    else this.push(s, e, id);
    return i;
  }

  /** The start of a line at byte `from`: a new block makes the gap hard; fenced code is skipped. */
  private startLine(from: number): number {
    const line = classifyLine(this.bytes, from, this.nb);
    const kind = lineKind(line);
    const to = kind === LINE_FENCE ? skipFence(this.bytes, lineAt(line), this.nb) : lineAt(line);
    if (to > from) this.extra += extraBetween(this.bytes, from, to);
    if (this.isBlock || kind !== LINE_TEXT) this.hard();
    this.isBlock = isOneLineBlock(kind);
    return to;
  }

  /** Any character but a word's first (b is the byte at i, cls its class). Returns the byte after what it read. */
  private nonWord(i: number, b: number, cls: number): number {
    switch (cls) {
      case C_SPACE:
      case C_MARK:
      case C_SHY:
        return this.next(i, b);
      case C_CR:
      case C_LF:
        if (b === 13 && this.bytes[i + 1] === 10) return i + 1;
        this.extra += seqExtra(b);
        return this.startLine(i + seqLength(b));
      case C_COMMA:
        if (this.gap === GAP_SOFT) this.gap = GAP_COMMA;
        return i + 1;
      case C_AMP:
        return this.ampersand(i);
      case C_RBRACKET:
        this.hard();
        return this.bytes[i + 1] === 40 /* ( */ ? this.skipTo(i + 1, skipLinkTarget(this.bytes, i + 1, this.nb)) : i + 1;
      case C_COLON:
        this.hard();
        return this.bytes[i + 1] === 47 && this.bytes[i + 2] === 47 ? this.skipTo(i + 1, skipUrl(this.bytes, i + 1, this.nb)) : i + 1;
      case C_CURRENCY:
        this.buf.currencyMarks.push(i - this.extra);
        this.hard();
        return this.next(i, b);
      case C_LPAREN:
        this.buf.parenMarks.push(i - this.extra);
        this.hard();
        return i + 1;
      default:
        this.hard();
        return this.next(i, b);
    }
  }

  /** "&" reads as the word "and"; "&nbsp;" and "&#160;" as a space. */
  private ampersand(i: number): number {
    const bytes = this.bytes;
    const nx = bytes[i + 1];
    if (nx === 35 || nx === 110) {
      let semi = i + 2;
      while (semi < this.nb && semi - i <= 8 && bytes[semi] !== 59) semi++;
      if (bytes[semi] === 59 && semi - i <= 8) return semi + 1;
    }
    const id = this.vocab.lookupHashes(AND_HASH, AND_HASH2, 3);
    if (id < 0) this.gap = GAP_WORD;
    else this.push(i - this.extra, i - this.extra + 1, id);
    return i + 1;
  }

  private push(start: number, end: number, id: number): void {
    const buf = this.buf;
    const count = this.count;
    if (count === buf.start.length) {
      buf.length = count;
      buf.grow(count + 1);
    }
    buf.start[count] = start;
    buf.end[count] = end;
    buf.word[count] = id;
    buf.gap[count] = this.gap;
    this.count = count + 1;
    this.gap = GAP_SOFT;
  }

  private hard(): void {
    if (this.gap < GAP_HARD) this.gap = GAP_HARD;
  }

  /** The byte after the character led by b at i. */
  private next(i: number, b: number): number {
    if (b < 0x80) return i + 1;
    this.extra += seqExtra(b);
    return i + seqLength(b);
  }

  /** Skips bytes [from, to) (a link target, a URL). */
  private skipTo(from: number, to: number): number {
    this.extra += extraBetween(this.bytes, from, to);
    return to;
  }
}
