/** Pure edits of a sidecar's data; `serializeSidecar` then writes only what changed. */
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
