/**
 * Parse and write `<document>.annotations.yaml` sidecars with the `yaml` Document API, so
 * comments, unknown keys and the layout of untouched entries survive a load/save.
 *
 * An empty (or comments-only) sidecar is valid and holds no annotations; it is reported with a
 * warning so a stray empty file is visible without blocking annotating or CI.
 */
import {
  Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, Pair, parseDocument, Scalar,
  visit, YAMLMap, YAMLSeq,
} from 'yaml';
import type { FileProblem } from '../types';
import { ANNOTATION_KEYS, ANNOTATION_LIST_KEYS, Annotation, MergeConflictEntry, Reply, REPLY_KEYS, Sidecar } from './types';

export const SIDECAR_VERSION = 1;
export const SIDECAR_SUFFIX = '.annotations.yaml';

/** Opaque handle on a parsed sidecar, needed to write it back without reformatting. */
export interface SidecarHandle {
  readonly kind: 'sidecar-handle';
  /** The text that was parsed (BOM removed). */
  readonly text: string;
  /** @internal */
  readonly yamlDoc: Document.Parsed;
  /** @internal The parsed data, to tell which entries changed. */
  readonly parsed: Sidecar;
}

export type ParseResult =
  | { ok: true; sidecar: Sidecar; handle: SidecarHandle; problems: FileProblem[] }
  | { ok: false; problems: FileProblem[] };

const MERGE_MARKER = /^(<{7}|\|{7}|={7}|>{7})(?: |$)/;
const TOP_KEYS = ['version', 'document', 'annotations'];
const STRING_KEYS = new Set(['id', 'tag', 'note', 'quote', 'prefix', 'suffix', 'author', 'created', 'updated', 'status']);
const STATUSES = ['open', 'resolved'];
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Never throws: every problem carries a 1-based line and column. */
export function parseSidecar(input: string): ParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = new LineCounter();
  const at = (offset: number): { line: number; column: number } => {
    const p = lines.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, column: p.col };
  };

  const binary = findBinary(text);
  if (binary >= 0) {
    const { line, column } = positionIn(text, binary);
    return { ok: false, problems: [{ message: 'not a text file: the sidecar contains binary data', line, column, severity: 'error' }] };
  }
  // A byte that was not valid UTF-8 decodes to U+FFFD; writing the file back would make that
  // loss permanent, so such a file is unreadable until its encoding is fixed.
  const badByte = text.indexOf('\ufffd');
  if (badByte >= 0) {
    const { line, column } = positionIn(text, badByte);
    return { ok: false, problems: [{ message: 'the sidecar contains bytes that are not valid UTF-8 (shown as \ufffd): fix its encoding; it will not be written until then', line, column, severity: 'error' }] };
  }
  const conflicts = findMergeMarkers(text);
  if (conflicts.length > 0) return { ok: false, problems: conflicts };

  let yamlDoc: Document.Parsed;
  try {
    yamlDoc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (err) {
    return { ok: false, problems: [{ message: `not valid YAML: ${errorText(err)}`, line: 1, column: 1, severity: 'error' }] };
  }
  const errors: FileProblem[] = yamlDoc.errors.map((e) => ({ message: e.message.split('\n')[0], ...at(e.pos[0]), severity: 'error' }));
  const warnings: FileProblem[] = yamlDoc.warnings.map((e) => ({ message: e.message.split('\n')[0], ...at(e.pos[0]), severity: 'warning' }));
  if (errors.length > 0) return { ok: false, problems: errors };

  visit(yamlDoc, {
    Alias(_key, node) {
      errors.push({ message: `YAML aliases (*${node.source}) are not allowed in a sidecar`, ...at(node.range?.[0] ?? 0), severity: 'error' });
    },
  });
  if (errors.length > 0) return { ok: false, problems: errors };

  const contents = yamlDoc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    const sidecar: Sidecar = { version: 1, document: '', annotations: [] };
    const problems = [...warnings, { message: 'empty sidecar: no annotations', line: 1, column: 1, severity: 'warning' as const }];
    return { ok: true, sidecar, handle: makeHandle(text, yamlDoc, sidecar), problems };
  }
  if (!isMap(contents)) {
    return { ok: false, problems: [{ message: 'a sidecar must be a mapping with version, document and annotations', ...at(nodeStart(contents)), severity: 'error' }] };
  }

  const sidecar = readSidecar(contents, text, at, errors, warnings);
  if (errors.length > 0 || !sidecar) return { ok: false, problems: errors };
  return { ok: true, sidecar, handle: makeHandle(text, yamlDoc, sidecar), problems: warnings };
}

type At = (offset: number) => { line: number; column: number };

function readSidecar(map: YAMLMap, text: string, at: At, errors: FileProblem[], warnings: FileProblem[]): Sidecar | undefined {
  const err = (message: string, node: unknown): void => {
    errors.push({ message, ...at(nodeStart(node)), severity: 'error' });
  };
  const version = map.get('version', true);
  if (version === undefined) err("missing 'version: 1'", map);
  else if (!isScalar(version) || version.value !== SIDECAR_VERSION) {
    err(`unsupported sidecar version ${JSON.stringify(isScalar(version) ? version.value : '?')} (this version of Policy Lens reads version 1)`, version);
  }
  const documentNode = map.get('document', true);
  let document = '';
  if (documentNode === undefined) err("missing 'document' (the annotated file's name)", map);
  else if (!isScalar(documentNode) || typeof documentNode.value !== 'string' || documentNode.value === '') err("'document' must be the annotated file's name", documentNode);
  else document = documentNode.value;

  const extra: Record<string, unknown> = {};
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (key !== undefined && !TOP_KEYS.includes(key)) extra[key] = toData(pair.value);
  }

  const annotations: Annotation[] = [];
  const list = map.get('annotations', true);
  if (list !== undefined && !(isScalar(list) && list.value === null)) {
    if (!isSeq(list)) err("'annotations' must be a list", list);
    else {
      const seen = new Map<string, number>();
      for (const item of list.items) {
        const a = readAnnotation(item, text, err, warnings, at);
        if (!a) continue;
        const firstLine = seen.get(a.id);
        if (firstLine !== undefined) err(`duplicate annotation id '${a.id}' (first used on line ${firstLine})`, (item as YAMLMap).get('id', true));
        else seen.set(a.id, at(nodeStart(item)).line);
        annotations.push(a);
      }
    }
  }
  if (errors.length > 0) return undefined;
  const sidecar: Sidecar = { version: 1, document, annotations };
  if (Object.keys(extra).length > 0) sidecar.extra = extra;
  return sidecar;
}

function readAnnotation(
  item: unknown, text: string, err: (m: string, n: unknown) => void, warnings: FileProblem[], at: At,
): Annotation | undefined {
  if (!isMap(item)) {
    err('each annotation must be a mapping (id, tag, quote, ...)', item);
    return undefined;
  }
  const values: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  let ok = true;
  for (const pair of item.items) {
    const key = keyOf(pair);
    if (key === undefined) { err('annotation keys must be plain strings', pair.key); ok = false; continue; }
    const node = pair.value;
    if (key === 'replies' || key === 'conflicts') {
      if (node === null || (isScalar(node) && node.value === null)) continue;
      if (!isSeq(node)) { err(`'${key}' must be a list`, node); ok = false; continue; }
      const list = key === 'replies' ? readReplies(node, text, err, warnings, at) : readConflicts(node, err);
      if (list === undefined) ok = false; else if (list.length > 0) values[key] = list;
      continue;
    }
    if (!(ANNOTATION_KEYS as readonly string[]).includes(key)) { extra[key] = toData(node); continue; }
    if (key === 'start') {
      const v = isScalar(node) ? node.value : undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) { err("'start' must be a whole number of characters (0 or more)", node); ok = false; }
      else values.start = v;
      continue;
    }
    if (STRING_KEYS.has(key)) {
      if (!isScalar(node) || node.value === null) {
        if (key === 'note' && isScalar(node)) { values.note = ''; continue; }
        err(`'${key}' must be text`, node ?? pair.key); ok = false; continue;
      }
      // An id such as `1234` is read as a number: keep the characters as written.
      // The node becomes that text too, so a later save writes `"0012"`, never `12` (or `1e+3`).
      if (key === 'id' && typeof node.value !== 'string' && node.range) {
        values.id = text.slice(node.range[0], node.range[1]);
        node.value = values.id;
      }
      else if (typeof node.value === 'string') values[key] = node.value;
      else { err(`'${key}' must be text`, node); ok = false; }
    }
  }
  for (const required of ['id', 'tag', 'quote'] as const) {
    if (values[required] === undefined && !hasKey(item, required)) { err(`annotation is missing '${required}'`, item); ok = false; }
  }
  if (typeof values.id === 'string' && !ID_PATTERN.test(values.id)) { err(`annotation id '${values.id}' must be letters, digits, '-' or '_'`, item.get('id', true)); ok = false; }
  if (values.quote === '') { err("'quote' must not be empty", item.get('quote', true)); ok = false; }
  for (const key of ['created', 'updated'] as const) {
    const v = values[key];
    if (typeof v === 'string' && !ISO_8601.test(v)) {
      warnings.push({ message: `'${key}' is not an ISO 8601 date-time`, ...at(nodeStart(item.get(key, true))), severity: 'warning' });
    }
  }
  if (typeof values.status === 'string' && !STATUSES.includes(values.status)) {
    warnings.push({ message: `'status' should be open or resolved, not '${values.status}' (it is kept, and the thread shown as open)`, ...at(nodeStart(item.get('status', true))), severity: 'warning' });
  }
  if (!ok) return undefined;
  const a: Annotation = {
    id: values.id as string,
    tag: values.tag as string,
    note: (values.note as string | undefined) ?? '',
    quote: values.quote as string,
    prefix: (values.prefix as string | undefined) ?? '',
    suffix: (values.suffix as string | undefined) ?? '',
    start: (values.start as number | undefined) ?? 0,
  };
  for (const key of ['author', 'created', 'updated'] as const) {
    if (typeof values[key] === 'string') a[key] = values[key] as string;
  }
  if (typeof values.status === 'string') a.status = values.status as Annotation['status'];
  if (values.replies) a.replies = values.replies as Reply[];
  if (values.conflicts) a.conflicts = values.conflicts as MergeConflictEntry[];
  if (Object.keys(extra).length > 0) a.extra = extra;
  return a;
}

function readReplies(list: YAMLSeq, text: string, err: (m: string, n: unknown) => void, warnings: FileProblem[], at: At): Reply[] | undefined {
  const replies: Reply[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const item of list.items) {
    if (!isMap(item)) { err('each reply must be a mapping (id, author, created, body)', item); ok = false; continue; }
    const reply: Partial<Reply> = {};
    const extra: Record<string, unknown> = {};
    for (const pair of item.items) {
      const key = keyOf(pair);
      const node = pair.value;
      if (key === undefined) { err('reply keys must be plain strings', pair.key); ok = false; continue; }
      if (!(REPLY_KEYS as readonly string[]).includes(key)) { extra[key] = toData(node); continue; }
      if (key === 'body' && (node === null || (isScalar(node) && node.value === null))) { reply.body = ''; continue; }
      if (!isScalar(node)) { err(`reply '${key}' must be text`, node ?? pair.key); ok = false; continue; }
      if (key === 'id' && typeof node.value !== 'string' && node.range) {
        reply.id = text.slice(node.range[0], node.range[1]);
        node.value = reply.id;
      } else if (typeof node.value === 'string') reply[key as Exclude<(typeof REPLY_KEYS)[number], never>] = node.value;
      else { err(`reply '${key}' must be text`, node); ok = false; }
    }
    if (reply.id === undefined) { err("reply is missing 'id'", item); ok = false; continue; }
    if (!ID_PATTERN.test(reply.id)) { err(`reply id '${reply.id}' must be letters, digits, '-' or '_'`, item.get('id', true)); ok = false; continue; }
    if (seen.has(reply.id)) { err(`duplicate reply id '${reply.id}'`, item.get('id', true)); ok = false; continue; }
    seen.add(reply.id);
    for (const key of ['created', 'updated'] as const) {
      const v = reply[key];
      if (typeof v === 'string' && !ISO_8601.test(v)) warnings.push({ message: `reply '${key}' is not an ISO 8601 date-time`, ...at(nodeStart(item.get(key, true))), severity: 'warning' });
    }
    const out: Reply = { id: reply.id, body: reply.body ?? '' };
    for (const key of ['author', 'created', 'updated'] as const) if (reply[key] !== undefined) out[key] = reply[key];
    if (Object.keys(extra).length > 0) out.extra = extra;
    replies.push(out);
  }
  return ok ? replies : undefined;
}

function readConflicts(list: YAMLSeq, err: (m: string, n: unknown) => void): MergeConflictEntry[] | undefined {
  const conflicts: MergeConflictEntry[] = [];
  let ok = true;
  for (const item of list.items) {
    if (!isMap(item)) { err('each conflict must be a mapping (field, theirs)', item); ok = false; continue; }
    const field = item.get('field');
    if (typeof field !== 'string' || field === '') { err("a conflict needs a 'field' (the annotation key both sides changed)", item); ok = false; continue; }
    const entry: MergeConflictEntry = { field };
    const extra: Record<string, unknown> = {};
    for (const pair of item.items) {
      const key = keyOf(pair);
      if (key === 'field') continue;
      if (key === 'theirs') entry.theirs = toData(pair.value);
      else if (key === 'side') {
        const side = toData(pair.value);
        if (side === 'ours' || side === 'theirs') entry.side = side; else { err("a conflict's 'side' must be ours or theirs", pair.value); ok = false; }
      } else if (key !== undefined) extra[key] = toData(pair.value);
    }
    if (Object.keys(extra).length > 0) entry.extra = extra;
    conflicts.push(entry);
  }
  return ok ? conflicts : undefined;
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Text for `next`. With `base`, the parsed file is edited in place: untouched entries, comments
 * and unknown keys stay as they were, and if nothing changed the original text comes back.
 * Annotations are written sorted by `start` (then id); output uses LF line endings.
 */
export function serializeSidecar(next: Sidecar, base?: SidecarHandle): string {
  const sorted = sortAnnotations(next.annotations);
  if (base && sidecarsEqual(base.parsed, { ...next, annotations: sorted }, true)) return base.text;
  if (base && isEmptyContents(base.yamlDoc.contents)) return withLeadingComments(base.text, serializeSidecar(next));

  const doc: Document = base ? base.yamlDoc.clone() : new Document({});
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  const root = doc.contents as unknown as YAMLMap;
  const old = base?.parsed;

  setOrdered(doc, root, 'version', SIDECAR_VERSION, TOP_KEYS, old ? 1 : undefined);
  setOrdered(doc, root, 'document', next.document, TOP_KEYS, old?.document || undefined);
  syncExtra(doc, root, old?.extra, next.extra);

  const existing: unknown = root.get('annotations', true);
  const list = isSeq(existing) ? existing : new YAMLSeq();
  if (list !== existing) setOrdered(doc, root, 'annotations', list, TOP_KEYS, undefined);
  const nodesById = new Map<string, YAMLMap>();
  const oldById = new Map((old?.annotations ?? []).map((a) => [a.id, a]));
  for (const item of list.items) {
    if (isMap(item)) {
      const id = old?.annotations[list.items.indexOf(item)]?.id;
      if (id !== undefined) nodesById.set(id, item);
    }
  }
  const items: YAMLMap[] = [];
  for (const a of sorted) {
    const node = nodesById.get(a.id);
    const before = oldById.get(a.id);
    if (node && before) {
      updateAnnotationNode(doc, node, before, a);
      items.push(node);
    } else {
      items.push(newAnnotationNode(doc, a));
    }
  }
  list.items = items;
  if (list.items.length === 0) list.flow = true;
  else if (list.flow) list.flow = false;

  const out = doc.toString({ lineWidth: 0, indentSeq: true });
  return out.replace(/\r\n?/g, '\n');
}

function isEmptyContents(contents: unknown): boolean {
  return contents === null || (isScalar(contents) && contents.value === null);
}

/**
 * An empty or comments-only file, with data written under it: its text is kept verbatim above
 * the new data (the yaml library re-wraps comments at U+2028, which JavaScript counts as a line
 * break, into a file that does not parse). Without the comments when they would not read back
 * (a `...` end marker, say).
 */
function withLeadingComments(comments: string, fresh: string): string {
  const head = comments.replace(/\r\n?/g, '\n');
  if (head.trim() === '') return fresh;
  const joined = `${head}${head.endsWith('\n') ? '' : '\n'}${head.endsWith('\n\n') ? '' : '\n'}${fresh}`;
  return parseSidecar(joined).ok ? joined : fresh;
}

/**
 * Load-after-serialise, in memory: what Policy Lens would read back from `text`, written for
 * `next`. Returns the reasons it would not load, or would load as something else; [] when the
 * text is safe to write. The store calls this before every write.
 */
export function checkSerialized(next: Sidecar, text: string, base?: Sidecar): string[] {
  return verifySerialized(next, text, base).reasons;
}

/**
 * `checkSerialized`, also handing back the parse of `text` when it reads back as meant, so a
 * writer can keep it as the new state (and as the base of its next write) without parsing again.
 */
export function verifySerialized(next: Sidecar, text: string, base?: Sidecar): { reasons: string[]; parsed?: ParseResult & { ok: true } } {
  const parsed = parseSidecar(text);
  if (!parsed.ok) return { reasons: parsed.problems.map((p) => `line ${p.line}: ${p.message}`) };
  const reasons = readBackProblems(next, parsed.sidecar, base);
  return reasons.length > 0 ? { reasons } : { reasons, parsed };
}

function readBackProblems(next: Sidecar, back: Sidecar, base?: Sidecar): string[] {
  const reasons: string[] = schemaProblems(next, base);
  if (next.document && back.document !== next.document) reasons.push(`'document' would read back as ${JSON.stringify(back.document)}`);
  const byId = new Map(back.annotations.map((a) => [a.id, a]));
  for (const given of next.annotations) {
    // Defaults a reader fills in ('' note, prefix and suffix; start 0) are not differences.
    const a: Annotation = { ...given, note: given.note ?? '', prefix: given.prefix ?? '', suffix: given.suffix ?? '', start: given.start ?? 0 };
    const b = byId.get(a.id);
    if (!b) reasons.push(`annotation ${JSON.stringify(a.id)} would be missing`);
    else if (!annotationsEqual(a, b)) {
      const keys = ANNOTATION_KEYS.filter((k) => a[k] !== b[k]);
      reasons.push(`annotation ${a.id}: ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'its other keys'} would read back differently`);
    }
  }
  if (back.annotations.length !== next.annotations.length) reasons.push(`${back.annotations.length} annotations would read back, not ${next.annotations.length}`);
  if (!jsonEqual(back.extra ?? {}, next.extra ?? {})) reasons.push('the top-level keys besides the annotations would read back differently');
  return reasons;
}

/**
 * What schemas/annotations.schema.json asks beyond what the reader checks, for what this write
 * adds or changes (entries already on disk as they are were accepted when read): a tag, a
 * relative document name, dates that start with a date, and `suppressions:` items the reader
 * keeps (a rule, and text for quote and party).
 */
function schemaProblems(next: Sidecar, base: Sidecar | undefined): string[] {
  const problems: string[] = [];
  if (next.document !== base?.document && /(^[/\\]|^[A-Za-z]:|(^|[/\\])\.\.([/\\]|$))/.test(next.document)) {
    problems.push(`'document' must be a file name next to the sidecar, not ${JSON.stringify(next.document)}`);
  }
  const before = new Map((base?.annotations ?? []).map((a) => [a.id, a]));
  for (const a of next.annotations) {
    const old = before.get(a.id);
    if (old && annotationsEqual(old, a)) continue;
    if (typeof a.tag === 'string' && a.tag.trim() === '') problems.push(`annotation ${a.id}: 'tag' must not be empty`);
    for (const key of ['created', 'updated'] as const) {
      const v = a[key];
      if (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(v)) problems.push(`annotation ${a.id}: '${key}' must be an ISO 8601 date-time`);
    }
  }
  const list = next.extra?.suppressions;
  if (list !== undefined) {
    const kept = new Set((Array.isArray(base?.extra?.suppressions) ? base!.extra!.suppressions as unknown[] : []).map((x) => JSON.stringify(x)));
    if (!Array.isArray(list)) problems.push("'suppressions' must be a list");
    else {
      for (const item of list) {
        if (kept.has(JSON.stringify(item))) continue;
        const s = item as Record<string, unknown> | null;
        const ok = typeof s === 'object' && s !== null && typeof s.rule === 'string' && s.rule !== ''
          && (s.quote === undefined || typeof s.quote === 'string') && (s.party === undefined || typeof s.party === 'string');
        if (!ok) problems.push(`a 'suppressions' item must have a rule and text for quote and party, not ${JSON.stringify(item)}`);
      }
    }
  }
  return problems;
}

/** A fresh sidecar for `documentName`. */
export function emptySidecar(documentName: string): Sidecar {
  return { version: 1, document: documentName, annotations: [] };
}

export function sortAnnotations(list: readonly Annotation[]): Annotation[] {
  return [...list].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Data equality of two sidecars (annotation order matters only when `ordered`). */
export function sidecarsEqual(a: Sidecar, b: Sidecar, ordered = false): boolean {
  if (a.version !== b.version || a.document !== b.document || !jsonEqual(a.extra ?? {}, b.extra ?? {})) return false;
  if (a.annotations.length !== b.annotations.length) return false;
  if (ordered) return a.annotations.every((x, i) => annotationsEqual(x, b.annotations[i]));
  const byId = new Map(b.annotations.map((x) => [x.id, x]));
  return a.annotations.every((x) => { const y = byId.get(x.id); return y !== undefined && annotationsEqual(x, y); });
}

export function annotationsEqual(a: Annotation, b: Annotation): boolean {
  for (const key of ANNOTATION_KEYS) if (a[key] !== b[key]) return false;
  for (const key of ANNOTATION_LIST_KEYS) if (!jsonEqual(a[key] ?? [], b[key] ?? [])) return false;
  return jsonEqual(a.extra ?? {}, b.extra ?? {});
}

function updateAnnotationNode(doc: Document, node: YAMLMap, before: Annotation, after: Annotation): void {
  for (const key of ANNOTATION_KEYS) {
    const was = before[key];
    const now = after[key];
    if (was === now) continue;
    const defaultValue = key === 'start' ? 0 : key === 'note' || key === 'prefix' || key === 'suffix' ? '' : undefined;
    if (now === undefined || (now === defaultValue && !hasKey(node, key))) node.delete(key);
    else node.set(key, scalarFor(doc, key, now));
    if (now !== undefined && hasKey(node, key)) moveToOrder(node, key, WRITE_ORDER);
  }
  for (const key of ANNOTATION_LIST_KEYS) {
    const was = before[key] ?? [];
    const now = after[key] ?? [];
    if (jsonEqual(was, now)) continue;
    if (now.length === 0) { node.delete(key); continue; }
    const existing: unknown = node.get(key, true);
    node.set(key, key === 'replies'
      ? repliesNode(doc, now as Reply[], was as Reply[], isSeq(existing) ? existing : undefined)
      : conflictsNode(doc, now as MergeConflictEntry[]));
    moveToOrder(node, key, WRITE_ORDER);
  }
  syncExtra(doc, node, before.extra, after.extra);
}

const WRITE_ORDER: readonly string[] = [...ANNOTATION_KEYS, ...ANNOTATION_LIST_KEYS];

/** The replies list; a reply that did not change keeps its node (and so its layout and comments). */
function repliesNode(doc: Document, replies: readonly Reply[], before: readonly Reply[], existing: YAMLSeq | undefined): YAMLSeq {
  const seq = existing ?? new YAMLSeq();
  const items = [...seq.items];
  seq.items = [];
  const nodes = new Map<string, YAMLMap>();
  if (items.length === before.length) items.forEach((item, i) => { if (isMap(item)) nodes.set(before[i].id, item); });
  const old = new Map(before.map((r) => [r.id, r]));
  for (const r of replies) {
    const node = nodes.get(r.id);
    const was = old.get(r.id);
    if (node && was && jsonEqual(was, r)) { seq.items.push(node); continue; }
    const map = new YAMLMap();
    for (const key of REPLY_KEYS) {
      const value = r[key];
      if (value === undefined) continue;
      map.add(doc.createPair(key, scalarFor(doc, key === 'body' ? 'note' : key, value)));
    }
    for (const [key, value] of Object.entries(r.extra ?? {})) map.add(doc.createPair(key, doc.createNode(value)));
    seq.items.push(map);
  }
  seq.flow = false;
  return seq;
}

function conflictsNode(doc: Document, conflicts: readonly MergeConflictEntry[]): YAMLSeq {
  const seq = new YAMLSeq();
  for (const c of conflicts) {
    const map = new YAMLMap();
    map.add(doc.createPair('field', scalarFor(doc, 'field', c.field)));
    if (c.side !== undefined) map.add(doc.createPair('side', doc.createNode(c.side)));
    if (c.theirs !== undefined) map.add(doc.createPair('theirs', typeof c.theirs === 'string' ? scalarFor(doc, 'note', c.theirs) : doc.createNode(c.theirs)));
    for (const [key, value] of Object.entries(c.extra ?? {})) map.add(doc.createPair(key, doc.createNode(value)));
    seq.items.push(map);
  }
  return seq;
}

function newAnnotationNode(doc: Document, a: Annotation): YAMLMap {
  const node = new YAMLMap();
  for (const key of ANNOTATION_KEYS) {
    const value = a[key];
    if (value === undefined || (key === 'note' && value === '')) continue;
    node.add(doc.createPair(key, scalarFor(doc, key, value)));
  }
  if (a.replies?.length) node.add(doc.createPair('replies', repliesNode(doc, a.replies, [], undefined)));
  if (a.conflicts?.length) node.add(doc.createPair('conflicts', conflictsNode(doc, a.conflicts)));
  for (const [key, value] of Object.entries(a.extra ?? {})) node.add(doc.createPair(key, doc.createNode(value)));
  return node;
}

/** Notes with line breaks as `|` blocks; anchor text double-quoted when whitespace matters. */
function scalarFor(doc: Document, key: string, value: string | number): Scalar {
  const node = doc.createNode(value) as Scalar;
  if (typeof value !== 'string') return node;
  if (key === 'note' && value.includes('\n') && !/[^\S\n]\n|[^\S\n]$/.test(value) && !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
    node.type = Scalar.BLOCK_LITERAL;
  } else if (/\n|^\s|\s$|\t/.test(value) || value === '') {
    node.type = Scalar.QUOTE_DOUBLE;
  }
  return node;
}

function setOrdered(doc: Document, map: YAMLMap, key: string, value: unknown, order: readonly string[], was: unknown): void {
  if (hasKey(map, key) && was === value) return;
  const node = value instanceof YAMLSeq || value instanceof YAMLMap ? value : doc.createNode(value);
  map.set(key, node);
  moveToOrder(map, key, order);
}

/** Keep known keys in canonical order: a key that was just added goes after its predecessors. */
function moveToOrder(map: YAMLMap, key: string, order: readonly string[]): void {
  const index = map.items.findIndex((p) => keyOf(p) === key);
  if (index < 0) return;
  const rank = order.indexOf(key);
  let target = 0;
  for (let i = 0; i < map.items.length; i++) {
    if (i === index) continue;
    const r = order.indexOf(keyOf(map.items[i]) ?? '');
    if (r >= 0 && r < rank) target = (i < index ? i : i - 1) + 1;
  }
  if (target === index) return;
  const [pair] = map.items.splice(index, 1);
  map.items.splice(target, 0, pair);
}

function syncExtra(doc: Document, map: YAMLMap, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): void {
  const was = before ?? {};
  const now = after ?? {};
  for (const key of Object.keys(was)) if (!(key in now)) map.delete(key);
  for (const [key, value] of Object.entries(now)) {
    if (key in was && jsonEqual(was[key], value)) continue;
    map.set(key, doc.createNode(value));
  }
}

function makeHandle(text: string, yamlDoc: Document.Parsed, parsed: Sidecar): SidecarHandle {
  return { kind: 'sidecar-handle', text, yamlDoc, parsed };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function keyOf(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  return typeof k === 'string' ? k : undefined;
}

function hasKey(map: YAMLMap, key: string): boolean {
  return map.items.some((p) => keyOf(p) === key);
}

function nodeStart(node: unknown): number {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as Node).range;
    if (range) return range[0];
  }
  return 0;
}

function toData(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return null;
  if (node instanceof Object && 'toJSON' in node && typeof (node as { toJSON: unknown }).toJSON === 'function') {
    return (node as { toJSON(): unknown }).toJSON();
  }
  return node;
}

/** Data equality, whatever order object keys were written in. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return a === b || stableJson(a) === stableJson(b);
}

/** JSON with object keys sorted (undefined values left out, as JSON.stringify does). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Offset of the first NUL or run of control characters that no text file has; -1 if none. */
function findBinary(text: string): number {
  const m = /[\u0000]|[\u0001-\u0008\u000e-\u001a\u001c-\u001f]{2}|\ufffd{3}/.exec(text);
  return m ? m.index : -1;
}

function findMergeMarkers(text: string): FileProblem[] {
  const problems: FileProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = MERGE_MARKER.exec(lines[i]);
    if (m) {
      problems.push({
        message: `unresolved git merge conflict ('${m[1]}' marker): resolve the conflict, then save`,
        line: i + 1, column: 1, severity: 'error',
      });
    }
  }
  return problems;
}

function positionIn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  return { line, column: offset - lineStart + 1 };
}
