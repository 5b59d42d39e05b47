/**
 * Quiet diffs: which `start:` hints are worth writing after the document changed. A hint is only
 * a hint: while the exact-quote search still finds an annotation where it is (from the hint as
 * stored), rewriting it would only add noise to the sidecar's diff.
 */
import { anchorAnnotations, AnchorTarget } from './anchor';
import type { AnchorResult } from './types';

/**
 * The live anchors whose stored hint should be refreshed: anchored elsewhere than the hint says,
 * and found from the stored hint only approximately, elsewhere, or not at all.
 */
export function hintsToRefresh(text: string, annotations: readonly AnchorTarget[], live: ReadonlyMap<string, AnchorResult>): AnchorResult[] {
  const moved = annotations.filter((a) => {
    const r = live.get(a.id);
    return r?.status === 'anchored' && r.start !== a.start;
  });
  if (moved.length === 0) return [];
  const fromStored = anchorAnnotations(text, moved);
  const out: AnchorResult[] = [];
  moved.forEach((a, i) => {
    const now = live.get(a.id)!;
    const found = fromStored[i];
    const exact = found.status === 'anchored' && found.method !== 'fuzzy' && now.status === 'anchored' && found.start === now.start && found.end === now.end;
    if (!exact) out.push(now);
  });
  return out;
}
