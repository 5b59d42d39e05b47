/** Helpers over spans sorted by start (as every list in an Analysis is). */
import { Span } from './types';

/** Index of the first span that ends after `offset` (spans sorted by start, not overlapping). */
function firstEndingAfter(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The spans that overlap [from, to): what a window of the document shows. Linear in the result. */
export function spansInWindow<T extends Span>(spans: readonly T[], from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = firstEndingAfter(spans, from); i < spans.length && spans[i].start < to; i++) out.push(spans[i]);
  return out;
}
