/**
 * Currency amounts (£2.5bn, £300 million, £1.2m, $40k) and page references
 * ("(p13)", "(p.23)", "(Case for change p23)", "(pp 4-5)") found from the
 * candidate offsets the tokenizer collected, so neither needs its own pass.
 */
import { Span } from '../types';
import { isDigit } from './chars';

const MAGNITUDES = ['billion', 'million', 'thousand', 'trillion', 'bn', 'mn', 'm', 'k', 'b', 'tn'];
const PAGE_MARKERS = ['p', 'pp', 'page', 'pages', 'para', 'paras', 'paragraph', 'paragraphs', 'pg'];

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Is text[from, to), a run of ASCII letters, one of the lower-case `words` in any case? (Without
 * cutting it out and lower-casing it: a currency sign or bracket each would allocate two strings.)
 */
export function isWordIn(text: string, from: number, to: number, words: readonly string[]): boolean {
  for (const w of words) {
    if (w.length !== to - from) continue;
    let k = 0;
    while (k < w.length && (text.charCodeAt(from + k) | 0x20) === w.charCodeAt(k)) k++;
    if (k === w.length) return true;
  }
  return false;
}

/** The amount starting at a currency sign, or null. */
export function moneyAt(text: string, at: number): Span | null {
  const n = text.length;
  let j = at + 1;
  if (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 0xa0) j++;
  if (!isDigit(text.charCodeAt(j))) return null;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isDigit(c)) j++;
    else if ((c === 44 || c === 46) && isDigit(text.charCodeAt(j + 1))) j++;
    else break;
  }
  let end = j;
  let k = j;
  if (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 0xa0) k++;
  let w = k;
  while (w < n && isLetter(text.charCodeAt(w))) w++;
  if (w > k && (w - k > 2 || k === j) && isWordIn(text, k, w, MAGNITUDES)) end = w;
  return { start: at, end };
}

export function findMoney(text: string, marks: readonly number[]): Span[] {
  const out: Span[] = [];
  for (const at of marks) {
    const span = moneyAt(text, at);
    if (span) out.push(span);
  }
  return out;
}

/** A "(...)" of at most 60 characters on one line ending in a page or paragraph reference. */
export function pageRefAt(text: string, open: number): Span | null {
  const limit = Math.min(text.length, open + 62);
  let close = -1;
  for (let j = open + 1; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 41) { close = j; break; }
    if (c === 40 || c === 10 || c === 13) return null;
  }
  if (close < 0) return null;
  // Walk back from ")" over the number part: digits with an optional range.
  let b = close - 1;
  while (b > open && text.charCodeAt(b) === 32) b--;
  const numEnd = b + 1;
  while (b > open && (isDigit(text.charCodeAt(b)) || text.charCodeAt(b) === 45 || text.charCodeAt(b) === 0x2013 || text.charCodeAt(b) === 32)) b--;
  if (b + 1 >= numEnd || !isDigit(text.charCodeAt(numEnd - 1))) return null;
  // Then the marker word: p, pp, page(s), para(s), paragraph(s), with an optional dot.
  if (text.charCodeAt(b) === 46) b--;
  let w = b;
  while (w > open && isLetter(text.charCodeAt(w))) w--;
  if (!isWordIn(text, w + 1, b + 1, PAGE_MARKERS)) return null;
  const before = text.charCodeAt(w);
  if (w !== open && before !== 32 && before !== 44) return null;
  return { start: open, end: close + 1 };
}

export function findPageRefs(text: string, marks: readonly number[]): Span[] {
  const out: Span[] = [];
  for (const at of marks) {
    const span = pageRefAt(text, at);
    if (span) out.push(span);
  }
  return out;
}
