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
  CHAR_CLASS, foldChar, hashStep, hashWord,
} from './chars';
import { Vocabulary } from './vocabulary';

export const GAP_SOFT = 0;
export const GAP_COMMA = 1;
export const GAP_HARD = 2;

const AND_HASH = hashWord('and');

export class TokenBuffer {
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  word = new Int32Array(1024);
  gap = new Uint8Array(1024);
  length = 0;
  /** Offsets of £ $ € (money candidates) and "(" (page-reference candidates). */
  currencyMarks: number[] = [];
  parenMarks: number[] = [];

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

/**
 * Tokenizes `text` into `buf`. The gap before the first token is hard.
 */
export function tokenize(text: string, vocab: Vocabulary, buf: TokenBuffer): void {
  const n = text.length;
  buf.reset((n >> 3) + 16);
  let starts = buf.start;
  let ends = buf.end;
  let words = buf.word;
  let gaps = buf.gap;
  let cap = starts.length;
  let count = 0;
  let gap = GAP_HARD;
  let lineIsBlock = false;
  const CLS = CHAR_CLASS;

  const emit = (s: number, e: number, id: number): void => {
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
  };

  // A line break is soft unless the next line starts a new block (blank line,
  // heading, bullet, table row, fence) or the current line was a heading/table row.
  const lineStart = (at: number): number => {
    let j = at;
    while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    while (j < n && text.charCodeAt(j) === 62 /* > */) {
      j++;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    }
    const wasBlock = lineIsBlock;
    lineIsBlock = false;
    if (j >= n) return j;
    const c = text.charCodeAt(j);
    const next = text.charCodeAt(j + 1);
    if (c === 10 || c === 13) { gap = GAP_HARD; return j; }
    if (c === 35 /* # */ || c === 124 /* | */) { gap = GAP_HARD; lineIsBlock = true; return j; }
    if ((c === 45 || c === 42 || c === 43 || c === 0x2022) && (next === 32 || next === 9)) { gap = GAP_HARD; return j; }
    if (c >= 48 && c <= 57) {
      let k = j + 1;
      while (k < n && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
      const d = text.charCodeAt(k);
      if ((d === 46 || d === 41) && (text.charCodeAt(k + 1) === 32 || text.charCodeAt(k + 1) === 9)) gap = GAP_HARD;
    }
    if ((c === 96 && next === 96 && text.charCodeAt(j + 2) === 96) || (c === 126 && next === 126 && text.charCodeAt(j + 2) === 126)) {
      gap = GAP_HARD;
      return skipFence(text, j);
    }
    if (wasBlock) gap = GAP_HARD;
    return j;
  };

  let i = lineStart(0);
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = CLS[c];
    if (cls === C_WORD) {
      const s = i;
      let h = 0;
      let hPrev = 0;
      let len = 0;
      let last = 0;
      let e = -1;
      i++;
      h = hashStep(0, foldChar(c));
      last = foldChar(c);
      len = 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        const k = CLS[d];
        if (k === C_WORD) {
          const f = d < 128 ? (d >= 65 && d <= 90 ? d + 32 : d) : foldChar(d);
          hPrev = h;
          h = (Math.imul(h, 31) + f) | 0;
          last = f;
          len++;
          i++;
          continue;
        }
        if (k === C_SHY) { i++; continue; }
        if (k === C_APOS) {
          const next = text.charCodeAt(i + 1);
          if ((next === 115 || next === 83) && CLS[text.charCodeAt(i + 2)] !== C_WORD) {
            e = i; // possessive 's: not part of the word
            i += 2;
            break;
          }
          if (CLS[next] === C_WORD) {
            hPrev = h;
            h = (Math.imul(h, 31) + 39) | 0;
            last = 39;
            len++;
            i++;
            continue;
          }
        }
        break;
      }
      if (e < 0) e = i;
      let id = vocab.lookup(text, s, e, h, len);
      if (id < 0 && last === 115 && len > 2) {
        // Plural "s": look the singular up ("PCNs" -> pcn).
        let e1 = e - 1;
        while (CLS[text.charCodeAt(e1)] === C_SHY) e1--;
        id = vocab.lookup(text, s, e1, hPrev, len - 1);
      }
      emit(s, e, id);
      continue;
    }
    switch (cls) {
      case C_SPACE:
      case C_MARK:
      case C_SHY:
        i++;
        break;
      case C_LF:
        i = lineStart(i + 1);
        break;
      case C_CR:
        i = text.charCodeAt(i + 1) === 10 ? i + 1 : lineStart(i + 1);
        break;
      case C_COMMA:
        if (gap < GAP_COMMA) gap = GAP_COMMA;
        i++;
        break;
      case C_AMP:
        if (text.charCodeAt(i + 1) === 35 || text.charCodeAt(i + 1) === 110) {
          // &nbsp; / &#160; entities: treat as a space.
          const semi = text.indexOf(';', i);
          if (semi > 0 && semi - i <= 8) { i = semi + 1; break; }
        }
        emit(i, i + 1, vocab.lookup(text, i, i + 1, AND_HASH, 3));
        i++;
        break;
      case C_RBRACKET:
        gap = GAP_HARD;
        i++;
        if (text.charCodeAt(i) === 40 /* ( */) i = skipLinkTarget(text, i);
        break;
      case C_COLON:
        gap = GAP_HARD;
        i++;
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 47) i = skipUrl(text, i);
        break;
      case C_CURRENCY:
        buf.currencyMarks.push(i);
        gap = GAP_HARD;
        i++;
        break;
      case C_LPAREN:
        buf.parenMarks.push(i);
        gap = GAP_HARD;
        i++;
        break;
      default:
        gap = GAP_HARD;
        i++;
    }
  }
  buf.length = count;
}

/** From the "(" of "](": past the matching ")" on the same line, or nowhere if there is none. */
function skipLinkTarget(text: string, open: number): number {
  const limit = Math.min(text.length, open + 2048);
  let depth = 0;
  for (let j = open; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) return open;
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return j + 1;
  }
  return open;
}

/** From the "//" of "://": to the next space, quote, bracket or angle bracket. */
function skipUrl(text: string, at: number): number {
  let j = at;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c <= 32 || c === 41 || c === 62 || c === 60 || c === 34 || c === 93 || c === 0xa0) break;
    j++;
  }
  return j;
}

/** From an opening ``` or ~~~ line: past the closing fence line (or to the end). */
export function skipFence(text: string, at: number): number {
  const fence = text.slice(at, at + 3);
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) return text.length;
  for (;;) {
    const k = text.indexOf(fence, lineEnd + 1);
    if (k < 0) return text.length;
    let b = k - 1;
    while (b > lineEnd && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9)) b--;
    const close = text.indexOf('\n', k);
    if (text.charCodeAt(b) === 10) return close < 0 ? text.length : close;
    lineEnd = close < 0 ? text.length : close;
    if (close < 0) return text.length;
  }
}
