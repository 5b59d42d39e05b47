/** Pure edits of a sidecar's data; `serializeSidecar` then writes only what changed. */
import { parseSuppressions, Suppression } from '../suppressions';
import { ANNOTATION_KEYS } from './types';
import type { AnchorResult, Annotation, AnnotationStatus, Reply, Sidecar } from './types';

export function addAnnotation(sidecar: Sidecar, annotation: Annotation): Sidecar {
  if (sidecar.annotations.some((a) => a.id === annotation.id)) throw new Error(`annotation id '${annotation.id}' is already used`);
  return { ...sidecar, annotations: [...sidecar.annotations, annotation] };
}

export function updateAnnotation(sidecar: Sidecar, id: string, changes: Partial<Omit<Annotation, 'id'>>): Sidecar {
  return { ...sidecar, annotations: sidecar.annotations.map((a) => (a.id === id ? { ...a, ...changes } : a)) };
}

export function removeAnnotation(sidecar: Sidecar, id: string): Sidecar {
  return { ...sidecar, annotations: sidecar.annotations.filter((a) => a.id !== id) };
}

/**
 * Move each anchored annotation's `start` hint to where it was found. Nothing else changes:
 * orphans keep their old hint and text, and `updated` is left alone (re-anchoring is not an edit).
 */
export function updateStartHints(sidecar: Sidecar, results: readonly AnchorResult[]): Sidecar {
  const found = new Map<string, number>();
  for (const r of results) if (r.status === 'anchored') found.set(r.id, r.start);
  let changed = false;
  const annotations = sidecar.annotations.map((a) => {
    const start = found.get(a.id);
    if (start === undefined || start === a.start) return a;
    changed = true;
    return { ...a, start };
  });
  return changed ? { ...sidecar, annotations } : sidecar;
}

/** Puts back an annotation exactly as it was (undo of a delete), replacing any entry with its id. */
export function restoreAnnotation(sidecar: Sidecar, annotation: Annotation): Sidecar {
  return { ...sidecar, annotations: [...sidecar.annotations.filter((a) => a.id !== annotation.id), annotation] };
}

/** The sidecar's `document:` name (after its document was renamed). */
export function renameDocument(sidecar: Sidecar, document: string): Sidecar {
  return { ...sidecar, document };
}

const sameSuppression = (a: Suppression, b: Suppression) => a.rule === b.rule && a.quote === b.quote && a.party === b.party;
const rawSuppressions = (sidecar: Sidecar): unknown[] => (Array.isArray(sidecar.extra?.suppressions) ? (sidecar.extra!.suppressions as unknown[]) : []);

/** Adds a suppression under `suppressions:`; the same sidecar back (unchanged) when it is already there. */
export function addSuppression(sidecar: Sidecar, suppression: Suppression): Sidecar {
  if (parseSuppressions(sidecar.extra?.suppressions).some((s) => sameSuppression(s, suppression))) return sidecar;
  return { ...sidecar, extra: { ...sidecar.extra, suppressions: [...rawSuppressions(sidecar), { ...suppression }] } };
}

/** Removes these suppressions; other top-level keys and unreadable items are kept as they are. */
export function removeSuppressions(sidecar: Sidecar, remove: readonly Suppression[]): Sidecar {
  const kept = rawSuppressions(sidecar).filter((item) => {
    const [parsed] = parseSuppressions([item]);
    return !parsed || !remove.some((r) => sameSuppression(r, parsed));
  });
  const extra = { ...sidecar.extra };
  if (kept.length > 0) extra.suppressions = kept; else delete extra.suppressions;
  return { ...sidecar, extra: Object.keys(extra).length > 0 ? extra : undefined };
}

/** Adds a reply at the end of an annotation's thread; the anchor and the note are untouched. */
export function addReply(sidecar: Sidecar, id: string, reply: Reply): Sidecar {
  return withAnnotation(sidecar, id, (a) => {
    if (a.replies?.some((r) => r.id === reply.id)) throw new Error(`reply id '${reply.id}' is already used`);
    return { ...a, replies: [...(a.replies ?? []), reply] };
  });
}

/** Changes one reply's body (and its `updated`). */
export function updateReply(sidecar: Sidecar, id: string, replyId: string, body: string, updated?: string): Sidecar {
  return withAnnotation(sidecar, id, (a) => ({
    ...a, replies: (a.replies ?? []).map((r) => (r.id === replyId ? { ...r, body, ...(updated ? { updated } : {}) } : r)),
  }));
}

export function removeReply(sidecar: Sidecar, id: string, replyId: string): Sidecar {
  return withAnnotation(sidecar, id, (a) => {
    const rest: Annotation = { ...a, replies: (a.replies ?? []).filter((r) => r.id !== replyId) };
    if (rest.replies!.length === 0) delete rest.replies;
    return rest;
  });
}

/** Resolves or reopens a thread; reopening removes the key (an open thread is the default). */
export function setStatus(sidecar: Sidecar, id: string, status: AnnotationStatus): Sidecar {
  return withAnnotation(sidecar, id, (a) => {
    const rest: Annotation = { ...a, status };
    if (status !== 'resolved') delete rest.status;
    return rest;
  });
}

/**
 * Settles one recorded merge conflict: `theirs` applies the other branch's value (for `deleted`,
 * deletes the annotation), `ours` keeps what the annotation holds; the entry is removed either way.
 */
export function resolveConflict(sidecar: Sidecar, id: string, index: number, take: 'ours' | 'theirs'): Sidecar {
  const a = sidecar.annotations.find((x) => x.id === id);
  const conflict = a?.conflicts?.[index];
  if (!a || !conflict) return sidecar;
  const rest = a.conflicts!.filter((_, i) => i !== index);
  let next: Annotation = { ...a };
  if (rest.length > 0) next.conflicts = rest; else delete next.conflicts;
  if (take === 'theirs') {
    if (conflict.field === 'deleted') return removeAnnotation(sidecar, id);
    const reply = /^replies\.(.+)$/.exec(conflict.field);
    if (reply) {
      const theirs = conflict.theirs as Record<string, unknown> | undefined;
      if (theirs && typeof theirs.body === 'string') {
        next = { ...next, replies: (next.replies ?? []).map((r) => (r.id === reply[1] ? { ...r, body: theirs.body as string } : r)) };
      }
    } else if ((ANNOTATION_KEYS as readonly string[]).includes(conflict.field)) {
      const record = next as unknown as Record<string, unknown>;
      if (conflict.theirs === undefined) delete record[conflict.field]; else record[conflict.field] = conflict.theirs;
    } else {
      const extra = { ...next.extra };
      if (conflict.theirs === undefined) delete extra[conflict.field]; else extra[conflict.field] = conflict.theirs;
      next.extra = Object.keys(extra).length > 0 ? extra : undefined;
      if (!next.extra) delete next.extra;
    }
  }
  return withAnnotation(sidecar, id, () => next);
}

function withAnnotation(sidecar: Sidecar, id: string, change: (a: Annotation) => Annotation): Sidecar {
  if (!sidecar.annotations.some((a) => a.id === id)) throw new Error(`no annotation '${id}' in this sidecar (deleted meanwhile?)`);
  return { ...sidecar, annotations: sidecar.annotations.map((a) => (a.id === id ? change(a) : a)) };
}
