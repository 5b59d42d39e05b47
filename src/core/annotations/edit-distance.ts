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
 * edits, best first, with overlapping matches removed. Dynamic programming over the window:
 * O(pattern length x window length), so callers keep windows small.
 */
export function approxMatchesIn(text: string, pattern: string, from: number, to: number, maxErrors: number): ApproxMatch[] {
  const m = pattern.length;
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  if (m === 0 || to <= from) return [];
  const cost = new Int32Array(m + 1);
  const origin = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) { cost[i] = i; origin[i] = from; }
  const ends: ApproxMatch[] = [];
  const codes = new Uint16Array(m);
  for (let i = 0; i < m; i++) codes[i] = pattern.charCodeAt(i);

  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    // Row 0 is free: a match may begin at any column. `diag*` hold the previous column's row i-1.
    let diagCost = 0;
    let diagOrigin = j;
    let aboveCost = 0;
    let aboveOrigin = j + 1;
    for (let i = 1; i <= m; i++) {
      const leftCost = cost[i];
      const leftOrigin = origin[i];
      let best = diagCost + (codes[i - 1] === c ? 0 : 1);
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
    if (cost[m] <= maxErrors) ends.push({ start: origin[m], end: j + 1, errors: cost[m] });
  }
  ends.sort((a, b) => a.errors - b.errors || (a.end - a.start) - (b.end - b.start) || a.start - b.start);
  const kept: ApproxMatch[] = [];
  for (const e of ends) {
    if (kept.every((k) => e.end <= k.start || e.start >= k.end)) kept.push(e);
  }
  return kept;
}
