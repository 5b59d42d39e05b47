/**
 * Three-way merges of sidecars by annotation id (and reply id), field by field.
 *
 * `mergeSidecars` serves the store when the file changed on disk between load and save: a field
 * both sides changed differently is reported, and the caller asks the user. `mergeForGit` serves
 * the git merge driver: it never stops; where both branches changed the same field differently it
 * keeps ours and records theirs in the annotation's `conflicts:` list, so nothing is lost and the
 * file always parses. In both, re-anchoring hints (`start`) and `updated` never conflict, and
 * replies added on both sides are all kept.
 */
import { annotationsEqual, jsonEqual, sortAnnotations, stableJson } from './sidecar';
import { ANNOTATION_KEYS, Annotation, MergeConflictEntry, Reply, Sidecar } from './types';

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
  const conflicts: MergeConflict[] = [];
  const merged = mergeAll(base, mine, theirs, (id, vb, vm, vt) => {
    const result = mergeFields(vb, vm, vt);
    if (result.conflicts.length === 0) return [result.value];
    conflicts.push({ id, fields: result.conflicts.map((c) => c.field), base: vb, mine: vm, theirs: vt });
    return vt ? [vt] : [];
  });
  return { merged, conflicts };
}

export interface GitMergeResult {
  merged: Sidecar;
  /** Conflict entries this merge recorded (annotations keep ours; theirs is in `conflicts:`). */
  recorded: number;
}

/**
 * The git merge: `ours` is the branch being merged into. Never fails on data: a field changed
 * differently on both sides keeps ours and records theirs; an annotation deleted on one side and
 * changed on the other is kept, with a `deleted` conflict naming the side that deleted it; the
 * same new id on both sides for different passages keeps both (theirs gets a new id).
 */
export function mergeForGit(base: Sidecar, ours: Sidecar, theirs: Sidecar, newId: (taken: Set<string>) => string): GitMergeResult {
  let recorded = 0;
  // Every id on any side, and those given out: made when first needed (the same id added on both sides).
  let taken: Set<string> | undefined;
  const merged = mergeAll(base, ours, theirs, (_id, vb, vo, vt) => {
    if (!vb && vo && vt && (vo.quote !== vt.quote || vo.prefix !== vt.prefix || vo.suffix !== vt.suffix)) {
      taken ??= new Set([...base.annotations, ...ours.annotations, ...theirs.annotations].map((a) => a.id));
      const id = newId(taken);
      taken.add(id);
      return [vo, { ...vt, id }];
    }
    if (!vo || !vt) {
      // Deleted on one side, changed on the other: keep the changed one and say so.
      const kept = (vo ?? vt)!;
      const side = vo ? 'theirs' : 'ours';
      recorded++;
      return [{ ...kept, conflicts: [...(kept.conflicts ?? []), { field: 'deleted', side }] }];
    }
    const result = mergeFields(vb, vo, vt);
    if (result.conflicts.length === 0) return [result.value];
    recorded += result.conflicts.length;
    return [{ ...result.value, conflicts: [...(result.value.conflicts ?? []), ...result.conflicts] }];
  });
  return { merged, recorded };
}

type MergeOne = (id: string, base: Annotation | undefined, mine: Annotation | undefined, theirs: Annotation | undefined) => Annotation[];

function mergeAll(base: Sidecar, mine: Sidecar, theirs: Sidecar, resolve: MergeOne): Sidecar {
  const b = byId(base.annotations);
  const m = byId(mine.annotations);
  const t = byId(theirs.annotations);
  const merged: Annotation[] = [];
  // Every id once: mine in order, then theirs that I do not have, then the base's that neither has.
  const one = (id: string) => {
    const vb = b.get(id);
    const vm = m.get(id);
    const vt = t.get(id);
    if (eq(vm, vt)) { if (vm) merged.push(vm); return; }
    if (eq(vm, vb)) { if (vt) merged.push(vt); return; }
    if (eq(vt, vb)) { if (vm) merged.push(vm); return; }
    merged.push(...resolve(id, vb, vm, vt));
  };
  for (const id of m.keys()) one(id);
  for (const id of t.keys()) if (!m.has(id)) one(id);
  for (const id of b.keys()) if (!m.has(id) && !t.has(id)) one(id);
  const sidecar: Sidecar = {
    version: 1,
    document: pick(base.document, mine.document, theirs.document),
    annotations: sortAnnotations(merged),
  };
  const extra = mergeRecords(base.extra, mine.extra, theirs.extra).value;
  if (Object.keys(extra).length > 0) sidecar.extra = extra;
  return sidecar;
}

/**
 * Both sides changed one annotation: their changes where only they changed a field, mine where
 * only I did; the fields changed differently on both sides come back as conflict entries (theirs),
 * with mine in `value`. Replies merge by id; conflict lists as sets.
 */
function mergeFields(base: Annotation | undefined, mine: Annotation | undefined, theirs: Annotation | undefined): { value: Annotation; conflicts: MergeConflictEntry[] } {
  if (!mine || !theirs) return { value: (theirs ?? mine)!, conflicts: [{ field: 'deleted', side: mine ? 'theirs' : 'ours' }] };
  const out: Record<string, unknown> = { ...theirs };
  const conflicts: MergeConflictEntry[] = [];
  for (const key of ANNOTATION_KEYS) {
    const [vb, vm, vt] = [base?.[key], mine[key], theirs[key]];
    if (vm === vt || vm === vb) continue; // theirs already in out
    if (vt === vb) { setOrDelete(out, key, vm); continue; }
    if (key === 'start') continue; // a hint: theirs is as good as mine
    if (key === 'updated') { out.updated = String((vm ?? '') > (vt ?? '') ? vm : vt); continue; }
    setOrDelete(out, key, vm);
    conflicts.push(vt === undefined ? { field: key } : { field: key, theirs: vt });
  }
  const replies = mergeReplies(base?.replies ?? [], mine.replies ?? [], theirs.replies ?? []);
  setOrDelete(out, 'replies', replies.value.length > 0 ? replies.value : undefined);
  conflicts.push(...replies.conflicts);
  const recorded = mergeSet(base?.conflicts ?? [], mine.conflicts ?? [], theirs.conflicts ?? []);
  setOrDelete(out, 'conflicts', recorded.length > 0 ? recorded : undefined);
  const extra = mergeRecords(base?.extra, mine.extra, theirs.extra);
  setOrDelete(out, 'extra', Object.keys(extra.value).length > 0 ? extra.value : undefined);
  for (const key of extra.conflicts) conflicts.push({ field: key, theirs: theirs.extra?.[key] });
  return { value: out as unknown as Annotation, conflicts };
}

/** Replies by id, mine first in order, then theirs that are new; a reply edited differently on both sides keeps mine. */
function mergeReplies(base: readonly Reply[], mine: readonly Reply[], theirs: readonly Reply[]): { value: Reply[]; conflicts: MergeConflictEntry[] } {
  const b = new Map(base.map((r) => [r.id, r]));
  const t = new Map(theirs.map((r) => [r.id, r]));
  const m = new Map(mine.map((r) => [r.id, r]));
  const value: Reply[] = [];
  const conflicts: MergeConflictEntry[] = [];
  const ids = [...new Set([...mine.map((r) => r.id), ...theirs.map((r) => r.id)])];
  for (const id of ids) {
    const [vb, vm, vt] = [b.get(id), m.get(id), t.get(id)];
    if (same(vm, vt) || same(vt, vb)) { if (vm) value.push(vm); continue; }
    if (same(vm, vb)) { if (vt) value.push(vt); continue; }
    // Changed on both sides (or deleted on one and changed on the other): keep what exists, mine first.
    const kept = (vm ?? vt)!;
    value.push(kept);
    if (vm && vt) conflicts.push({ field: `replies.${id}`, theirs: replyData(vt) });
  }
  // Replies read in time order; a reply without a date stays after the one before it.
  const order = new Map(value.map((r, i) => [r.id, i]));
  value.sort((x, y) => (x.created && y.created && x.created !== y.created ? (x.created < y.created ? -1 : 1) : order.get(x.id)! - order.get(y.id)!));
  return { value, conflicts };
}

function replyData(r: Reply): Record<string, unknown> {
  const { extra, ...rest } = r;
  return { ...rest, ...extra };
}

/** Set merge by value: kept unless one side removed it, new entries from both sides. */
function mergeSet<T>(base: readonly T[], mine: readonly T[], theirs: readonly T[]): T[] {
  const key = (x: T) => stableJson(x);
  const inBase = new Set(base.map(key));
  const inMine = new Set(mine.map(key));
  const inTheirs = new Set(theirs.map(key));
  const out: T[] = [];
  const seen = new Set<string>();
  for (const x of [...mine, ...theirs]) {
    const k = key(x);
    if (seen.has(k)) continue;
    seen.add(k);
    const kept = (inMine.has(k) && inTheirs.has(k)) || !inBase.has(k);
    if (kept) out.push(x);
  }
  return out;
}

/** Unknown keys three ways; lists (suppressions) as sets; a key changed differently on both sides keeps mine. */
function mergeRecords(base: Record<string, unknown> | undefined, mine: Record<string, unknown> | undefined, theirs: Record<string, unknown> | undefined): { value: Record<string, unknown>; conflicts: string[] } {
  const value: Record<string, unknown> = {};
  const conflicts: string[] = [];
  const keys = new Set([...Object.keys(mine ?? {}), ...Object.keys(theirs ?? {}), ...Object.keys(base ?? {})]);
  for (const key of keys) {
    const [vb, vm, vt] = [base?.[key], mine?.[key], theirs?.[key]];
    let v: unknown;
    if (same(vm, vb)) v = vt;
    else if (same(vt, vb) || same(vm, vt)) v = vm;
    else if (Array.isArray(vm) && Array.isArray(vt) && (vb === undefined || Array.isArray(vb))) v = mergeSet((vb as unknown[] | undefined) ?? [], vm, vt);
    else { v = vm; conflicts.push(key); }
    if (v !== undefined) value[key] = v;
  }
  return { value, conflicts };
}

function setOrDelete(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete out[key]; else out[key] = value;
}

function eq(a: Annotation | undefined, b: Annotation | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  // The scalar fields first: most annotations that differ differ there (annotationsEqual compares lists as JSON).
  for (const key of ANNOTATION_KEYS) if (a[key] !== b[key]) return false;
  return annotationsEqual(a, b);
}

function byId(list: readonly Annotation[]): Map<string, Annotation> {
  const map = new Map<string, Annotation>();
  for (const a of list) map.set(a.id, a);
  return map;
}

function pick<T>(vb: T, vm: T, vt: T): T {
  return same(vm, vb) ? vt : vm;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || jsonEqual(a ?? null, b ?? null);
}
