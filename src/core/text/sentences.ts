/**
 * A linear sentence splitter for policy prose in Markdown or PDF-converted text.
 *
 * A sentence ends at . ! ? (and any closing quotes/brackets after them) followed by
 * white space, unless the period belongs to an abbreviation (e.g., i.e., Dr, No.,
 * p., vs.), an initial, or is followed by a lower-case word or a digit. Blocks end
 * sentences too: a blank line, a heading line, a bullet or numbered item, a table
 * row, a horizontal rule, and fenced code (skipped). Spans are trimmed.
 */
import { Span } from '../types';
import { skipFence } from './tokenizer';
import { isDigit, isLowerLetter, isUpperAscii } from './chars';

const ABBREVIATIONS = new Set([
  'e.g', 'eg', 'i.e', 'ie', 'viz', 'cf', 'vs', 'v', 'dr', 'mr', 'mrs', 'ms', 'prof', 'no', 'nos', 'p', 'pp', 'para',
  'paras', 'fig', 'figs', 'vol', 'st', 'cllr', 'ch', 'sec', 'sect', 'ref', 'refs', 'ed', 'eds', 'al', 'inc', 'ltd',
  'co', 'dept', 'govt', 'rt', 'hon', 'est', 'approx', 'jr', 'sr', 'mt', 'op', 'cit', 'ibid', 'jan', 'feb', 'mar',
  'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'nhs.uk', 'gov.uk',
]);

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0xfeff;
}

function isLineEnd(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** Closing characters that may follow the final punctuation: quotes, brackets, emphasis. */
function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 41 || c === 93 || c === 42 || c === 95 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 96;
}

function hasWordChar(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) return true;
  }
  return false;
}

export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  const n = text.length;
  let start = -1;
  let lastContent = -1;
  let lineIsBlock = false;

  const close = (): void => {
    if (start >= 0 && lastContent > start && hasWordChar(text, start, lastContent)) out.push({ start, end: lastContent });
    start = -1;
  };

  /** Handles the start of a line; returns where its content begins. */
  const lineStart = (at: number): number => {
    let j = at;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    while (j < n && text.charCodeAt(j) === 62 /* > */) {
      j++;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
    }
    if (lineIsBlock) close();
    lineIsBlock = false;
    if (j >= n) return j;
    const c = text.charCodeAt(j);
    const next = text.charCodeAt(j + 1);
    if (isLineEnd(c)) { close(); return j; }
    if (c === 35 /* # */) {
      close();
      lineIsBlock = true;
      while (j < n && text.charCodeAt(j) === 35) j++;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
      return j;
    }
    if (c === 124 /* | */) { close(); lineIsBlock = true; return j; }
    if ((c === 96 && next === 96 && text.charCodeAt(j + 2) === 96) || (c === 126 && next === 126 && text.charCodeAt(j + 2) === 126)) {
      close();
      return skipFence(text, j);
    }
    if (c === 45 || c === 42 || c === 43 || c === 0x2022 || c === 0x2013 || c === 0x25aa) {
      if (isBlank(next)) {
        close();
        j++;
        while (j < n && isBlank(text.charCodeAt(j))) j++;
        return j;
      }
      if (c === 45 || c === 42) {
        // Horizontal rule / setext underline: a line of - * _ = only.
        let k = j;
        while (k < n && (text.charCodeAt(k) === c || isBlank(text.charCodeAt(k)))) k++;
        if (k >= n || isLineEnd(text.charCodeAt(k))) { close(); return k; }
      }
    }
    if (c === 61 /* = */) {
      let k = j;
      while (k < n && (text.charCodeAt(k) === 61 || isBlank(text.charCodeAt(k)))) k++;
      if (k >= n || isLineEnd(text.charCodeAt(k))) { close(); return k; }
    }
    if (isDigit(c) || ((c >= 97 && c <= 105) && (next === 46 || next === 41))) {
      // "1. " "12) " "a) " list markers.
      let k = j + 1;
      while (k < n && isDigit(text.charCodeAt(k))) k++;
      const d = text.charCodeAt(k);
      if ((d === 46 || d === 41) && isBlank(text.charCodeAt(k + 1))) {
        close();
        k += 2;
        while (k < n && isBlank(text.charCodeAt(k))) k++;
        return k;
      }
    }
    return j;
  };

  let i = lineStart(0);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      const j = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      i = lineStart(j);
      continue;
    }
    if (c === 32 || c === 9 || c === 0xa0) { i++; continue; }
    if (start < 0) start = i;
    if (c === 46 || c === 33 || c === 63 || c === 0x2026) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 46 || d === 33 || d === 63 || d === 0x2026 || isCloser(d)) j++;
        else break;
      }
      if (j >= n || isBlank(text.charCodeAt(j)) || isLineEnd(text.charCodeAt(j))) {
        if (c !== 46 || j > i + 1 || endsSentence(text, i, j)) {
          lastContent = j;
          close();
          i = j;
          continue;
        }
      }
      lastContent = j;
      i = j;
      continue;
    }
    lastContent = i + 1;
    i++;
  }
  close();
  return out;
}

/** Is the "." at `dot` (followed by white space at `after`) the end of a sentence? */
function endsSentence(text: string, dot: number, after: number): boolean {
  const n = text.length;
  // The next word: lower case or a digit means the sentence goes on ("approx. three", "p. 23").
  let k = after;
  let breaks = 0;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (isLineEnd(c)) { if (++breaks > 1) return true; k++; continue; }
    if (isBlank(c) || c === 62 || c === 42 || c === 95) { k++; continue; }
    break;
  }
  if (k < n) {
    const c = text.charCodeAt(k);
    if (isLowerLetter(c) || (isDigit(c) && breaks === 0)) return false;
  }
  // The word before the dot, with inner dots ("e.g", "i.e").
  let b = dot - 1;
  while (b >= 0) {
    const c = text.charCodeAt(b);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46) b--;
    else break;
  }
  const word = text.slice(b + 1, dot);
  if (word.length === 0) return true;
  if (word.length === 1 && isUpperAscii(word.charCodeAt(0))) return false; // an initial: "C. Fuller"

  const lower = word.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  if (lower.indexOf('.') > 0 && lower.length <= 6) return false; // U.K., a.m., e.g
  return true;
}
