/**
 * Incremental re-anchoring: after an edit, anchors that no change came near are only
 * shifted; those whose span or context an edit touched are left for `anchorAnnotations`.
 */
import { CONTEXT_LENGTH } from './anchor';
import type { AnchorResult } from './types';

/** One replaced range, in the offsets of the text before its edit: `length` characters replaced by `text` characters. */
export interface AnchorEdit {
  offset: number;
  length: number;
  text: number;
}

/**
 * Applies edits to anchored results. `events` are in order; the edits inside one event are all
 * in the offsets of the text before that event (as VS Code reports them). Resolves to the
 * anchors that moved safely (orphans are left out) and the ids an edit touched.
 */
export function moveAnchors(anchors: ReadonlyMap<string, AnchorResult>, events: readonly (readonly AnchorEdit[])[]): { anchors: Map<string, AnchorResult>; stale: Set<string> } {
  const moved = new Map<string, AnchorResult>();
  const stale = new Set<string>();
  for (const [id, anchor] of anchors) {
    if (anchor.status !== 'anchored') continue;
    let { start, end } = anchor;
    let touched = false;
    for (const edits of events) {
      let delta = 0;
      for (const edit of edits) {
        if (edit.offset + edit.length <= start - CONTEXT_LENGTH) delta += edit.text - edit.length;
        else if (edit.offset < end + CONTEXT_LENGTH) { touched = true; break; }
      }
      if (touched) break;
      start += delta;
      end += delta;
    }
    if (touched) stale.add(id);
    else moved.set(id, start === anchor.start ? anchor : { ...anchor, start, end });
  }
  return { anchors: moved, stale };
}
