/** Pure edits of a sidecar's data; `serializeSidecar` then writes only what changed. */
import { parseSuppressions, Suppression } from '../suppressions';
import type { AnchorResult, Annotation, Sidecar } from './types';

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
