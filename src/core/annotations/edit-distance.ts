/**
 * Edit distances for anchoring: plain Levenshtein for short context strings, and a
 * semi-global alignment (the pattern must match whole, anywhere in a window of the text)
 * that reports where each good match starts and ends.
 */

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance (unit costs). Meant for short strings such as 32-character contexts. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  if (rowA.length <= b.length) { rowA = new Int32Array(b.length + 1); rowB = new Int32Array(b.length + 1); }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const t = prev; prev = cur; cur = t;
  }
  return prev[b.length];
}

/** 1 for equal strings, 0 for nothing in common (relative to the longer one). */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

export interface ApproxMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * Every place in `text[from, to)` where the whole `pattern` matches with at most `maxErrors`
 * edits, best first, overlapping matches removed. A bit-parallel scan (Myers 1999, in the
 * multi-word form of Hyyrö) finds the match ends in O(window x pattern/32); a small dynamic
 * programme then finds where each kept match starts.
 */
export function approxMatchesIn(text: string, pattern: string, from: number, to: number, maxErrors: number): ApproxMatch[] {
  const m = pattern.length;
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  if (m === 0 || to <= from) return [];
  const ends = matchEnds(text, pattern, from, to, maxErrors);
  // Keep the best end of each run of neighbouring ends, then align backwards from it.
  ends.sort((a, b) => a.errors - b.errors || a.end - b.end);
  const kept: ApproxMatch[] = [];
  for (const e of ends) {
    if (kept.some((k) => Math.abs(k.end - e.end) <= m)) continue;
    const start = alignStart(text, pattern, Math.max(from, e.end - m - maxErrors), e.end);
    if (start.errors <= maxErrors) kept.push({ start: start.start, end: e.end, errors: start.errors });
  }
  kept.sort((a, b) => a.errors - b.errors || a.start - b.start);
  return kept;
}

/** Ends (exclusive) of matches with at most maxErrors edits, with their edit counts. */
function matchEnds(text: string, pattern: string, from: number, to: number, maxErrors: number): { end: number; errors: number }[] {
  const m = pattern.length;
  const blocks = Math.ceil(m / 32);
  // Match masks per character: a flat table for ASCII, a map for the rest.
  const ascii = new Int32Array(128 * blocks);
  const other = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(i);
    if (c < 128) ascii[c * blocks + (i >> 5)] |= 1 << (i & 31);
    else {
      let bits = other.get(c);
      if (!bits) { bits = new Int32Array(blocks); other.set(c, bits); }
      bits[i >> 5] |= 1 << (i & 31);
    }
  }
  const none = new Int32Array(blocks);
  const pv = new Int32Array(blocks).fill(-1);
  const mv = new Int32Array(blocks);
  const lastBit = 1 << ((m - 1) & 31);
  let score = m;
  const ends: { end: number; errors: number }[] = [];
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    const eqs = c < 128 ? ascii : other.get(c) ?? none;
    const base = c < 128 ? c * blocks : 0;
    let carry = 0; // horizontal difference entering the block from the row above: row 0 is free, so 0
    for (let b = 0; b < blocks; b++) {
      let eq = eqs[base + b];
      const p = pv[b];
      const n = mv[b];
      const xv = eq | n;
      if (carry < 0) eq |= 1;
      const xh = ((((eq & p) + p) | 0) ^ p) | eq;
      let ph = n | ~(xh | p);
      let mh = p & xh;
      const high = b === blocks - 1 ? lastBit : 0x80000000 | 0;
      const out = ph & high ? 1 : mh & high ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (carry < 0) mh |= 1;
      else if (carry > 0) ph |= 1;
      pv[b] = mh | ~(xv | ph);
      mv[b] = ph & xv;
      carry = out;
    }
    score += carry;
    if (score <= maxErrors) ends.push({ end: j + 1, errors: score });
  }
  return ends;
}

/** Where the best alignment of the whole pattern that ends exactly at `end` starts (start >= from). */
function alignStart(text: string, pattern: string, from: number, end: number): { start: number; errors: number } {
  const m = pattern.length;
  const cost = new Int32Array(m + 1);
  const origin = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) { cost[i] = i; origin[i] = from; }
  for (let j = from; j < end; j++) {
    const c = text.charCodeAt(j);
    let diagCost = 0;
    let diagOrigin = j;
    let aboveCost = 0;
    let aboveOrigin = j + 1;
    for (let i = 1; i <= m; i++) {
      const leftCost = cost[i];
      const leftOrigin = origin[i];
      let best = diagCost + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      let bestOrigin = diagOrigin;
      if (aboveCost + 1 < best) { best = aboveCost + 1; bestOrigin = aboveOrigin; }
      if (leftCost + 1 < best) { best = leftCost + 1; bestOrigin = leftOrigin; }
      diagCost = leftCost;
      diagOrigin = leftOrigin;
      cost[i] = best;
      origin[i] = bestOrigin;
      aboveCost = best;
      aboveOrigin = bestOrigin;
    }
  }
  return { start: origin[m], errors: cost[m] };
}
