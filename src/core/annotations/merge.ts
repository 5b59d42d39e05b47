/**
 * Three-way merge of sidecars by annotation id, field by field, for when the file changed on
 * disk between load and save. Re-anchoring hints (`start`) and `updated` never conflict.
 */
import { annotationsEqual, jsonEqual, sortAnnotations } from './sidecar';
import { ANNOTATION_KEYS, Annotation, Sidecar } from './types';

export interface MergeConflict {
  id: string;
  /** Fields both sides changed differently ('deleted' when one side deleted and the other edited). */
  fields: string[];
  base?: Annotation;
  mine?: Annotation;
  theirs?: Annotation;
}

export interface MergeResult {
  /** The merge; for a conflicting annotation it holds their (on-disk) version. */
  merged: Sidecar;
  conflicts: MergeConflict[];
}

export function mergeSidecars(base: Sidecar, mine: Sidecar, theirs: Sidecar): MergeResult {
  const b = byId(base.annotations);
  const m = byId(mine.annotations);
  const t = byId(theirs.annotations);
  const ids = [...new Set([...t.keys(), ...m.keys(), ...b.keys()])];
  const merged: Annotation[] = [];
  const conflicts: MergeConflict[] = [];
  for (const id of ids) {
    const [vb, vm, vt] = [b.get(id), m.get(id), t.get(id)];
    const result = mergeOne(vb, vm, vt);
    if (result.conflict) conflicts.push({ id, fields: result.conflict, base: vb, mine: vm, theirs: vt });
    if (result.value) merged.push(result.value);
  }
  const pick = <T>(vb: T, vm: T, vt: T): T => (same(vm, vb) ? vt : vm);
  const extra = pick(base.extra, mine.extra, theirs.extra);
  const sidecar: Sidecar = {
    version: 1,
    document: pick(base.document, mine.document, theirs.document),
    annotations: sortAnnotations(merged),
  };
  if (extra && Object.keys(extra).length > 0) sidecar.extra = extra;
  return { merged: sidecar, conflicts };
}

function mergeOne(
  base: Annotation | undefined, mine: Annotation | undefined, theirs: Annotation | undefined,
): { value?: Annotation; conflict?: string[] } {
  if (eq(mine, theirs)) return { value: theirs };
  if (eq(mine, base)) return { value: theirs };
  if (eq(theirs, base)) return { value: mine };
  if (!mine || !theirs) {
    // Deleted on one side, edited on the other.
    return { value: theirs, conflict: ['deleted'] };
  }
  const out: Annotation = { ...theirs };
  const conflict: string[] = [];
  for (const key of ANNOTATION_KEYS) {
    const [vb, vm, vt] = [base?.[key], mine[key], theirs[key]];
    if (vm === vt) continue;
    if (vm === vb) continue; // theirs changed it (already in out)
    if (vt === vb) { (out as unknown as Record<string, unknown>)[key] = vm; continue; }
    if (key === 'start') continue; // a hint: theirs is as good as mine
    if (key === 'updated') { out.updated = String((vm ?? '') > (vt ?? '') ? vm : vt); continue; }
    conflict.push(key);
  }
  const extraKeys = new Set([...Object.keys(mine.extra ?? {}), ...Object.keys(theirs.extra ?? {}), ...Object.keys(base?.extra ?? {})]);
  const extra: Record<string, unknown> = {};
  for (const key of extraKeys) {
    const [vb, vm, vt] = [base?.extra?.[key], mine.extra?.[key], theirs.extra?.[key]];
    const value = same(vm, vb) ? vt : same(vt, vb) || same(vm, vt) ? vm : (conflict.push(key), vt);
    if (value !== undefined) extra[key] = value;
  }
  if (Object.keys(extra).length > 0) out.extra = extra; else delete out.extra;
  return conflict.length > 0 ? { value: theirs, conflict } : { value: out };
}

function byId(list: readonly Annotation[]): Map<string, Annotation> {
  return new Map(list.map((a) => [a.id, a]));
}

function eq(a: Annotation | undefined, b: Annotation | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && annotationsEqual(a, b));
}

function same(a: unknown, b: unknown): boolean {
  return jsonEqual(a ?? null, b ?? null);
}
