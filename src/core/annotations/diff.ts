/**
 * What changed in a sidecar's annotations between two versions, for review (`check --since`):
 * added, deleted, edited (note, tag, status, replies, conflicts), re-anchored (quote or its
 * context changed: re-attached), orphaned (its text is no longer found in the document now).
 */
import { jsonEqual } from './sidecar';
import type { AnchorResult, Annotation } from './types';

export type AnnotationChangeKind = 'added' | 'deleted' | 'edited' | 're-anchored' | 'orphaned';

export interface AnnotationChange {
  id: string;
  kinds: AnnotationChangeKind[];
  /** For `edited`: which fields. */
  fields?: string[];
  tag: string;
  quote: string;
}

const EDIT_FIELDS = ['note', 'tag', 'status', 'author', 'replies', 'conflicts', 'extra'] as const;

/**
 * Changes from `before` to `after` (either may be empty: a sidecar added or deleted). `anchors`
 * are the current annotations anchored against the document now (missing: not checked).
 */
export function diffAnnotations(before: readonly Annotation[], after: readonly Annotation[], anchors?: ReadonlyMap<string, AnchorResult>): AnnotationChange[] {
  const old = new Map(before.map((a) => [a.id, a]));
  const now = new Set(after.map((a) => a.id));
  const out: AnnotationChange[] = [];
  for (const a of after) {
    const b = old.get(a.id);
    const kinds: AnnotationChangeKind[] = [];
    let fields: string[] | undefined;
    if (!b) kinds.push('added');
    else {
      fields = EDIT_FIELDS.filter((f) => !jsonEqual(a[f] ?? null, b[f] ?? null));
      if (fields.length > 0) kinds.push('edited');
      if (a.quote !== b.quote || a.prefix !== b.prefix || a.suffix !== b.suffix) kinds.push('re-anchored');
    }
    const anchor = anchors?.get(a.id);
    if (anchor && anchor.status === 'orphaned') kinds.push('orphaned');
    if (kinds.length > 0) out.push({ id: a.id, kinds, ...(fields && fields.length ? { fields } : {}), tag: a.tag, quote: a.quote });
  }
  for (const b of before) if (!now.has(b.id)) out.push({ id: b.id, kinds: ['deleted'], tag: b.tag, quote: b.quote });
  return out;
}
