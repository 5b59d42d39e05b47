/**
 * Import as a plan first: each imported annotation is matched to a document in the target
 * folder, anchored by its quote and context (the file's position is only a hint, read in the
 * units tools disagree on), and classed as added, changed, unchanged or orphaned. Existing
 * annotations are merged by id and never dropped; the plan's `after` sidecars are what would be
 * written.
 */
import { anchorAnnotation, makeAnchor } from '../annotations/anchor';
import type { Annotation, CodebookTag, Sidecar } from '../annotations/types';
import { guidOf, importedId } from './guid';
import { ImportBundle, ImportedAnnotation, ImportedDocument, ImportedTag, tagIdOf } from './imported';
import { OffsetConverter } from './offsets';

export interface TargetDocument {
  /** Relative to the folder imported into, '/'-separated. */
  path: string;
  text: string;
  /** The document's sidecar as it is now (an empty one when it has none). */
  sidecar: Sidecar;
}

export interface PlanEntry {
  id: string;
  quote: string;
  tag: string;
  /** For a change: the fields that change. */
  fields?: string[];
}

export interface PlannedDocument {
  path: string;
  before: Sidecar;
  after: Sidecar;
  added: PlanEntry[];
  changed: PlanEntry[];
  /** Added, but their quote is not in the document: kept as orphans to re-attach, never placed by guess. */
  orphaned: PlanEntry[];
  unchanged: number;
}

export interface ImportPlan {
  documents: PlannedDocument[];
  /** Documents in the file with no match in the folder: nothing of theirs is written. */
  unmatched: { source: string; annotations: number }[];
  /** Tags the file uses or defines that the codebook does not have. */
  newTags: ImportedTag[];
  notices: string[];
}

export function planImport(bundle: ImportBundle, targets: readonly TargetDocument[], codebook: readonly CodebookTag[], importedTag = 'untagged'): ImportPlan {
  const plan: ImportPlan = { documents: [], unmatched: [], newTags: [], notices: [...bundle.notices] };
  const tagIds = tagResolver(codebook, bundle.tags);
  const planned = new Map<string, PlannedDocument>();
  for (const doc of bundle.documents) {
    const target = resolveDocument(doc.source, targets);
    if (!target) {
      if (doc.annotations.length > 0) plan.unmatched.push({ source: doc.source, annotations: doc.annotations.length });
      continue;
    }
    let p = planned.get(target.path);
    if (!p) {
      p = { path: target.path, before: target.sidecar, after: target.sidecar, added: [], changed: [], orphaned: [], unchanged: 0 };
      planned.set(target.path, p);
    }
    planDocument(p, doc, target, tagIds, importedTag, plan.notices);
  }
  plan.documents = [...planned.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const known = new Set(codebook.map((t) => t.id));
  const used = new Set<string>();
  for (const d of plan.documents) for (const a of d.after.annotations) used.add(a.tag);
  for (const t of bundle.tags) {
    const id = tagIds(t.id, t.guid) ?? t.id;
    if (!known.has(id) && !plan.newTags.some((n) => n.id === id)) plan.newTags.push({ ...t, id });
  }
  // A tag only named on annotations (W3C, Hypothesis) is labelled as the file names it ("Workforce risk").
  const names = new Map<string, string>();
  for (const doc of bundle.documents) for (const a of doc.annotations) for (const t of a.tags) if (!names.has(tagIdOf(t))) names.set(tagIdOf(t), t.trim());
  for (const id of [...used].sort()) {
    const name = names.get(id);
    const label = name ? name.slice(name.lastIndexOf('/') + 1).trim() || id : id;
    if (!known.has(id) && !plan.newTags.some((n) => n.id === id)) plan.newTags.push({ id, label });
  }
  return plan;
}

/** Whether a plan writes anything. */
export function planIsEmpty(plan: ImportPlan): boolean {
  return plan.documents.every((d) => d.added.length + d.changed.length + d.orphaned.length === 0);
}

/** The plan as lines people read (CLI output, the editor's confirmation). */
export function describePlan(plan: ImportPlan): string[] {
  const lines: string[] = [];
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  for (const d of plan.documents) {
    lines.push(`${d.path}: ${count(d.added.length, 'added', 'added')}, ${count(d.changed.length, 'changed', 'changed')}, ${count(d.orphaned.length, 'orphaned', 'orphaned')}, ${d.unchanged} unchanged`);
    for (const e of d.added) lines.push(`  + ${e.id} [${e.tag}] "${clip(e.quote)}"`);
    for (const e of d.changed) lines.push(`  ~ ${e.id} [${e.tag}] ${e.fields?.join(', ')}: "${clip(e.quote)}"`);
    for (const e of d.orphaned) lines.push(`  ? ${e.id} [${e.tag}] not found in the document: "${clip(e.quote)}"`);
  }
  for (const u of plan.unmatched) lines.push(`${u.source}: no such document in the folder (${count(u.annotations, 'annotation')} not imported)`);
  if (plan.newTags.length > 0) lines.push(`tags not in the codebook: ${plan.newTags.map((t) => t.id).join(', ')}`);
  for (const n of plan.notices) lines.push(`note: ${n}`);
  return lines;
}

function clip(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

/** Finds the folder's document a file names: the same relative path, a path ending with it, or a unique file name. */
export function resolveDocument(source: string, targets: readonly TargetDocument[]): TargetDocument | undefined {
  let name = source.replace(/^file:\/\/[^/]*/i, '').replace(/[?#].*$/, '').replace(/\\/g, '/');
  try { name = decodeURIComponent(name); } catch { /* keep as written */ }
  name = name.replace(/^\.\//, '');
  const exact = targets.find((t) => t.path === name);
  if (exact) return exact;
  const suffix = targets.filter((t) => name.endsWith(`/${t.path}`) || t.path.endsWith(`/${name}`));
  if (suffix.length === 1) return suffix[0];
  const base = name.slice(name.lastIndexOf('/') + 1);
  const sameName = targets.filter((t) => t.path.slice(t.path.lastIndexOf('/') + 1) === base);
  return sameName.length === 1 ? sameName[0] : undefined;
}

/**
 * Tag names (or REFI-QDA code paths) to codebook ids: by the code's GUID where it is one Policy
 * Lens derived for a tag, else an id or a label, case-insensitively; undefined when unknown.
 */
function tagResolver(codebook: readonly CodebookTag[], fileTags: readonly ImportedTag[]): (name: string, guid?: string) => string | undefined {
  const map = new Map<string, string>();
  for (const t of codebook) { map.set(t.label.toLowerCase(), t.id); map.set(t.id.toLowerCase(), t.id); }
  const byGuid = new Map(codebook.map((t) => [guidOf.tag(t.id), t.id]));
  const guidOfPath = new Map(fileTags.filter((t) => t.guid).map((t) => [t.id, t.guid!]));
  return (name, guid) => byGuid.get(guid ?? guidOfPath.get(tagIdOf(name)) ?? '') ?? map.get(name.trim().toLowerCase());
}

function planDocument(
  p: PlannedDocument, doc: ImportedDocument, target: TargetDocument,
  tagIds: (name: string, guid?: string) => string | undefined, importedTag: string, notices: string[],
): void {
  const existing = new Map(p.after.annotations.map((a) => [a.id, a]));
  const byGuid = new Map(p.after.annotations.map((a) => [guidOf.annotation(target.path, a.id), a.id]));
  const taken = new Set(existing.keys());
  const crlf = target.text.includes('\r\n');
  const targetOffsets = new OffsetConverter(target.text);
  const sourceOffsets = doc.text !== undefined ? new OffsetConverter(doc.text) : undefined;
  const next = new Map(existing);
  // The same quote at the same place with the same tag is the same annotation (a re-import of a file that lost our ids).
  const contentKey = (quote: string, start: number, tag: string) => `${start}\u0000${tag}\u0000${quote}`;
  const byContent = new Map(p.after.annotations.map((a) => [contentKey(a.quote, a.start, a.tag), a.id]));

  for (const imported of doc.annotations) {
    // Quote and context: read from the file's own copy of the text where it carries one.
    const fromSource = sourceOffsets ? readInSource(sourceOffsets, imported) : undefined;
    const quote = fromSource?.quote ?? imported.quote;
    let prefix = fromSource?.prefix ?? imported.prefix ?? '';
    let suffix = fromSource?.suffix ?? imported.suffix ?? '';
    let q = quote;
    if (crlf) { q = toCrlf(q); prefix = toCrlf(prefix); suffix = toCrlf(suffix); }
    const hint = positionHint(targetOffsets, imported, q, fromSource?.start);
    const result = anchorAnnotation(target.text, { id: imported.foreignId, quote: q, prefix, suffix, start: hint ?? 0 });
    const anchor = result.status === 'anchored' ? makeAnchor(target.text, result.start, result.end) : { quote: q, prefix, suffix, start: hint ?? 0 };

    const [first, ...more] = imported.tags;
    const tag = first === undefined ? importedTag : tagIds(first) ?? tagIdOf(first);
    if (more.length > 0) notices.push(`${imported.foreignId}: only the first tag is kept ('${first}'; also ${more.map((t) => `'${t}'`).join(', ')})`);

    const guid = imported.foreignId.replace(/^urn:uuid:/i, '').toLowerCase();
    let id = byGuid.get(guid);
    if (!id && result.status === 'anchored') id = byContent.get(contentKey(anchor.quote, anchor.start, tag));
    const current = id ? next.get(id) : undefined;
    if (current) {
      const changed: Annotation = { ...current, tag, note: imported.note };
      if (imported.author !== undefined) changed.author = imported.author;
      if (imported.created !== undefined) changed.created = imported.created;
      if (imported.updated !== undefined) changed.updated = imported.updated;
      const fields = (['tag', 'note', 'author', 'created', 'updated'] as const).filter((k) => changed[k] !== current[k]);
      if (fields.length === 0) { p.unchanged++; continue; }
      next.set(current.id, changed);
      p.changed.push({ id: current.id, quote: current.quote, tag, fields: [...fields] });
      continue;
    }
    id = importedId(imported.foreignId, taken);
    taken.add(id);
    const added: Annotation = { id, tag, note: imported.note, ...anchor };
    if (imported.author) added.author = imported.author;
    if (imported.created) added.created = imported.created;
    if (imported.updated) added.updated = imported.updated;
    next.set(id, added);
    byContent.set(contentKey(added.quote, added.start, tag), id);
    (result.status === 'anchored' ? p.added : p.orphaned).push({ id, quote: anchor.quote, tag });
  }
  p.after = { ...p.after, annotations: [...next.values()] };
}

/**
 * The quote and context as the file's own text has them, with the start (UTF-16) in that text.
 * Positions are read as code points, then UTF-16 units, then code points with CRLF as one; the
 * first reading whose slice is the quote wins; failing all, the quote is searched for near them.
 */
function readInSource(src: OffsetConverter, a: ImportedAnnotation): { quote: string; prefix: string; suffix: string; start: number } | undefined {
  const text = src.text;
  if (a.position) {
    const { start, end } = a.position;
    const readings: [number | undefined, number | undefined][] = [
      [src.fromCodePoint(start), src.fromCodePoint(end)],
      [start <= text.length ? start : undefined, end <= text.length ? end : undefined],
      [src.fromCodePointCrlfAsOne(start), src.fromCodePointCrlfAsOne(end)],
    ];
    for (const [s, e] of readings) {
      if (s === undefined || e === undefined || e <= s) continue;
      const slice = text.slice(s, e);
      if (!a.quote || slice === a.quote) return { ...makeAnchor(text, s, e), start: s };
    }
  }
  if (!a.quote) return undefined;
  const hint = a.position ? src.fromCodePoint(a.position.start) ?? 0 : 0;
  const r = anchorAnnotation(text, { id: a.foreignId, quote: a.quote, prefix: a.prefix ?? '', suffix: a.suffix ?? '', start: hint });
  return r.status === 'anchored' ? { ...makeAnchor(text, r.start, r.end), start: r.start } : undefined;
}

/** A UTF-16 start in the target to try first: the reading of the file's position whose slice is the quote. */
function positionHint(target: OffsetConverter, a: ImportedAnnotation, quote: string, sourceStart: number | undefined): number | undefined {
  const candidates: (number | undefined)[] = [];
  if (a.position) {
    const s = a.position.start;
    const u16 = s <= target.length ? s : undefined;
    if (a.position.unit === 'utf16') candidates.push(u16, target.fromCodePoint(s));
    else candidates.push(target.fromCodePoint(s), u16);
    candidates.push(target.fromCrlfAsOne(s), target.fromCodePointCrlfAsOne(s));
  }
  if (sourceStart !== undefined) candidates.push(sourceStart, target.fromCrlfAsOne(sourceStart));
  const valid = candidates.filter((c): c is number => c !== undefined);
  return valid.find((c) => target.text.startsWith(quote, c)) ?? valid[0];
}

function toCrlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

/**
 * The plan's additions and changes applied to `current` (the sidecar as it is when written,
 * which may have moved on since the plan): by id, touching nothing else.
 */
export function applyPlannedDocument(current: Sidecar, planned: PlannedDocument): Sidecar {
  const ids = new Set([...planned.added, ...planned.changed, ...planned.orphaned].map((e) => e.id));
  if (ids.size === 0) return current;
  const next = new Map(current.annotations.map((a) => [a.id, a]));
  for (const a of planned.after.annotations) if (ids.has(a.id)) next.set(a.id, a);
  return { ...current, annotations: [...next.values()] };
}
