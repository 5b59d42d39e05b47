/**
 * A fast reader and writer for sidecars in exactly the layout `serializeSidecar` writes, for the
 * git merge driver's fast path (`merge-fast.ts`): the `yaml` library takes seconds on a 2 MB
 * sidecar; this takes milliseconds, because it accepts only that layout, line by line:
 *
 *   version: 1
 *   document: <scalar>
 *   annotations:
 *     - id: <id>
 *       <key>: <scalar>          plain, "double-quoted" (\\ \" \n \t escapes) or a |, |-, |+ block
 *       replies:                 each reply `      - id: ...` with keys at 8 spaces
 *       conflicts:               each `      - field: ...` with scalar keys at 8 spaces
 *
 * Anything else (comments, flow style, single quotes, other keys, blank lines outside a block,
 * a scalar the yaml library would read as a number or write another way) makes `readLayout`
 * return undefined and the caller uses the yaml library. Every scalar this module writes or
 * accepts is one the yaml library reads as the same string and writes back as the same text
 * (checked against it by test/unit/merge-fast.test.ts on generated strings).
 */
import { stringify } from 'yaml';
import { stableJson } from './sidecar';
import { ANNOTATION_KEYS, ANNOTATION_LIST_KEYS, Annotation, MergeConflictEntry, Reply, REPLY_KEYS } from './types';

/** One annotation as written: its text, and each key's lines in the order written. */
export interface EntryText {
  annotation: Annotation;
  text: string;
  keys: { key: string; text: string }[];
  /** Each reply's text by id (kept as it is when the reply did not change). */
  replies: Map<string, string>;
}

export interface LayoutText {
  document: string;
  header: string;
  entries: EntryText[];
}

const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Plain scalars the yaml core schema would read as something other than a string. */
const NOT_A_STRING = /^(?:[-+]?(?:\d[\d_]*|\.\d+|\d+\.\d*)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/;
/** Characters never accepted or written as they are (the yaml library escapes or rejects them). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd\ud800-\udfff]/;

/** True when `value` can be written as a plain scalar that the yaml library reads and writes back as is. */
export function isSafePlain(value: string): boolean {
  if (value === '' || UNSAFE.test(value) || /[\n\t]/.test(value)) return false;
  if (/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) || /\s$/.test(value)) return false;
  if (/: |:$| #/.test(value) || NOT_A_STRING.test(value)) return false;
  return true;
}

function encodeDouble(value: string): string | undefined {
  if (UNSAFE.test(value)) return undefined;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

function decodeDouble(body: string): string | undefined {
  if (UNSAFE.test(body)) return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') return undefined;
    if (c !== '\\') { out += c; continue; }
    const next = body[++i];
    if (next === '\\') out += '\\';
    else if (next === '"') out += '"';
    else if (next === 'n') out += '\n';
    else if (next === 't') out += '\t';
    else return undefined;
  }
  return out;
}

/**
 * A string scalar after `key: ` at `indent` (the key's indentation), as `scalarFor` in
 * sidecar.ts chooses its style (`block`: a note or reply body); undefined when this module
 * cannot write it exactly as the yaml library would.
 */
export function encodeString(value: string, indent: number, block: boolean): string | undefined {
  if (block && value.includes('\n') && !/[^\S\n]\n|[^\S\n]$/.test(value) && !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
    if (UNSAFE.test(value) || /^[\s]/.test(value) || value.startsWith('\n')) return undefined;
    const chomp = !value.endsWith('\n') ? '|-' : value.endsWith('\n\n') ? '|+' : '|';
    const lines = (value.endsWith('\n') ? value.slice(0, -1) : value).split('\n');
    const pad = ' '.repeat(indent + 2);
    return `${chomp}\n${lines.map((l) => (l === '' ? '' : pad + l)).join('\n')}`;
  }
  if (/\n|^\s|\s$|\t/.test(value) || value === '') return encodeDouble(value);
  if (isSafePlain(value)) return value;
  // Plain is not certain: as the yaml writer puts it (quoted, mostly). Rare, so its cost is fine.
  if (UNSAFE.test(value)) return undefined;
  const line = stringify({ k: value }, { lineWidth: 0 });
  return /^k: [^\n]*\n$/.test(line) ? line.slice(3, -1) : undefined;
}

/** `key: value` lines (ending with a line break) for one scalar, or undefined. */
function scalarLines(key: string, value: string | number, indent: number, block: boolean): string | undefined {
  const pad = ' '.repeat(indent);
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? `${pad}${key}: ${value}\n` : undefined;
  const encoded = encodeString(value, indent, block);
  return encoded === undefined ? undefined : `${pad}${key}: ${encoded}\n`;
}

// ---------------------------------------------------------------------------------------------
// Reading

class Lines {
  readonly lines: string[];
  i = 0;
  constructor(text: string) {
    this.lines = text.split('\n');
    // A final line break leaves one empty element: not a line.
    if (this.lines[this.lines.length - 1] === '') this.lines.pop();
  }
  get done(): boolean { return this.i >= this.lines.length; }
  peek(): string { return this.lines[this.i]; }
}

const KEY_LINE = /^( *)(- )?([A-Za-z][A-Za-z0-9_-]*):(?: (.*))?$/;

/** One scalar value starting on the current line's `rest`; advances past it. */
function readScalar(lines: Lines, rest: string, keyIndent: number): { value: string; text: string } | undefined {
  const first = lines.peek();
  lines.i++;
  if (/^\|[-+]?$/.test(rest)) {
    const pad = ' '.repeat(keyIndent + 2);
    const content: string[] = [];
    let text = `${first}\n`;
    while (!lines.done) {
      const line = lines.peek();
      if (line === '') content.push('');
      else if (line.startsWith(pad)) content.push(line.slice(pad.length));
      else break;
      text += `${line}\n`;
      lines.i++;
    }
    if (content.length === 0 || content[0] === '' || content[0].startsWith(' ')) return undefined;
    if (rest !== '|+' && content[content.length - 1] === '') return undefined;
    if (content.some((l) => /[^\S\n]$/.test(l) || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(l) || UNSAFE.test(l))) return undefined;
    const joined = content.join('\n');
    const value = rest === '|-' ? joined : `${joined}\n`;
    // Only what encodeString would write in the same place (else the yaml library might not write it back as is).
    if (encodeString(value, keyIndent, true) !== rest + '\n' + content.map((l) => (l === '' ? '' : pad + l)).join('\n')) return undefined;
    return { value, text };
  }
  if (rest.startsWith('"')) {
    if (!rest.endsWith('"') || rest.length < 2) return undefined;
    const value = decodeDouble(rest.slice(1, -1));
    if (value === undefined || encodeDouble(value) !== rest) return undefined;
    // A double-quoted string written by us is one scalarFor quotes; another is fine for reading as long as it round-trips.
    return { value, text: `${first}\n` };
  }
  if (!isSafePlain(rest)) return undefined;
  return { value: rest, text: `${first}\n` };
}

/** True when `keys` follow `order` (every key known, none twice): the order `serializeSidecar` writes. */
function inOrder(keys: readonly { key: string }[], order: readonly string[]): boolean {
  let last = -1;
  for (const { key } of keys) {
    const rank = order.indexOf(key);
    if (rank <= last) return false;
    last = rank;
  }
  return true;
}

const STRING_KEYS = new Set(['tag', 'note', 'quote', 'prefix', 'suffix', 'author', 'created', 'updated', 'status']);

/** One mapping item of a list: `- firstKey: ...` at `dash` spaces, its other keys at dash + 2. */
function readItem(lines: Lines, dash: number): { fields: Map<string, { value: string; text: string }>; order: { key: string; text: string }[]; nested: Map<string, string[]>; text: string } | undefined {
  const fields = new Map<string, { value: string; text: string }>();
  const order: { key: string; text: string }[] = [];
  const nested = new Map<string, string[]>();
  const start = lines.i;
  const keyIndent = dash + 2;
  let firstLine = true;
  while (!lines.done) {
    const line = lines.peek();
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    const [, spaces, dashMark, key, rest] = m;
    if (firstLine) {
      if (spaces.length !== dash || !dashMark) return undefined;
    } else if (spaces.length !== keyIndent || dashMark) {
      if (spaces.length < keyIndent) break; // the next item, or the end of this list
      return undefined;
    }
    firstLine = false;
    if (fields.has(key) || nested.has(key)) return undefined;
    if (rest === undefined) {
      // A nested list: `replies:` / `conflicts:` with items at keyIndent + 2.
      const itemStart = lines.i;
      lines.i++;
      const items: string[] = [];
      while (!lines.done && lines.peek().startsWith(`${' '.repeat(keyIndent + 2)}- `)) {
        const before = lines.i;
        if (!readItem(lines, keyIndent + 2)) return undefined;
        items.push(lines.lines.slice(before, lines.i).join('\n') + '\n');
      }
      if (items.length === 0) return undefined;
      nested.set(key, items);
      order.push({ key, text: lines.lines.slice(itemStart, lines.i).join('\n') + '\n' });
      continue;
    }
    const number = key === 'start' && /^(?:0|[1-9]\d{0,14})$/.test(rest);
    if (number) lines.i++;
    const scalar = number ? { value: rest, text: `${line}\n` } : readScalar(lines, rest, keyIndent);
    if (!scalar) return undefined;
    fields.set(key, scalar);
    // The item's first key is kept without its dash, as it would be in any other place.
    order.push({ key, text: order.length === 0 ? ' '.repeat(keyIndent) + scalar.text.slice(keyIndent) : scalar.text });
  }
  return { fields, order, nested, text: lines.lines.slice(start, lines.i).join('\n') + '\n' };
}

function readReply(text: string): Reply | undefined {
  const lines = new Lines(text);
  const item = readItem(lines, 6);
  if (!item || !lines.done || item.nested.size > 0) return undefined;
  const reply: Partial<Reply> = {};
  for (const [key, { value }] of item.fields) {
    if (!(REPLY_KEYS as readonly string[]).includes(key)) return undefined;
    (reply as Record<string, string>)[key] = value;
  }
  if (reply.id === undefined || !ID.test(reply.id) || !inOrder(item.order, REPLY_KEYS)) return undefined;
  const out: Reply = { id: reply.id, body: reply.body ?? '' };
  for (const key of ['author', 'created', 'updated'] as const) if (reply[key] !== undefined) out[key] = reply[key];
  return out;
}

function readConflict(text: string): MergeConflictEntry | undefined {
  const lines = new Lines(text);
  const item = readItem(lines, 6);
  if (!item || !lines.done || item.nested.size > 0 || !inOrder(item.order, ['field', 'side', 'theirs'])) return undefined;
  const entry: MergeConflictEntry = { field: item.fields.get('field')!.value };
  for (const [key, { value }] of item.fields) {
    if (key === 'field') continue;
    if (key === 'side' && (value === 'ours' || value === 'theirs')) entry.side = value;
    else if (key === 'theirs') entry.theirs = value;
    else return undefined;
  }
  return entry;
}

/** One entry (`  - id: ...` and its keys) in our layout; undefined otherwise. */
export function readEntry(text: string): EntryText | undefined {
  const lines = new Lines(text);
  const item = readItem(lines, 2);
  if (!item || !lines.done || !inOrder(item.order, WRITE_ORDER) || item.order[0].key !== 'id') return undefined;
  const values: Record<string, unknown> = {};
  for (const [key, { value }] of item.fields) {
    if (key === 'id') { if (!ID.test(value)) return undefined; values.id = value; continue; }
    if (key === 'start') {
      if (!/^(?:0|[1-9]\d{0,14})$/.test(value)) return undefined;
      values.start = Number(value);
      continue;
    }
    if (!STRING_KEYS.has(key)) return undefined;
    if (key === 'status' && value !== 'open' && value !== 'resolved') return undefined;
    values[key] = value;
  }
  if (typeof values.tag !== 'string' || typeof values.quote !== 'string') return undefined;
  const a: Annotation = {
    id: values.id as string, tag: values.tag, note: (values.note as string | undefined) ?? '', quote: values.quote,
    prefix: (values.prefix as string | undefined) ?? '', suffix: (values.suffix as string | undefined) ?? '', start: (values.start as number | undefined) ?? 0,
  };
  for (const key of ['author', 'created', 'updated'] as const) if (typeof values[key] === 'string') a[key] = values[key] as string;
  if (values.status !== undefined) a.status = values.status as Annotation['status'];
  const replies = new Map<string, string>();
  for (const [key, items] of item.nested) {
    if (key === 'replies') {
      const list: Reply[] = [];
      for (const t of items) {
        const r = readReply(t);
        if (!r || replies.has(r.id)) return undefined;
        replies.set(r.id, t);
        list.push(r);
      }
      a.replies = list;
    } else if (key === 'conflicts') {
      const list: MergeConflictEntry[] = [];
      for (const t of items) { const c = readConflict(t); if (!c) return undefined; list.push(c); }
      a.conflicts = list;
    } else return undefined;
  }
  return { annotation: a, text, keys: item.order, replies };
}

/** The sidecar's header, entries and annotations when it is in our layout; undefined otherwise. */
export function readLayout(text: string): LayoutText | undefined {
  if (text.includes('\r') || !text.endsWith('\n')) return undefined;
  const m = /^version: 1\ndocument: (.*)\nannotations:\n/.exec(text);
  if (!m) return undefined;
  const lines = new Lines(`  - id: x\n    tag: x\n    quote: x\n    document: ${m[1]}\n`);
  const doc = readItem(lines, 2)?.fields.get('document');
  if (!doc || doc.value === '') return undefined;
  const header = m[0];
  const body = text.slice(header.length);
  if (!body.startsWith('  - id: ')) return undefined;
  const entries: EntryText[] = [];
  const seen = new Set<string>();
  // Split before each `  - id: ` line: no scalar line can start so (block text is indented 6+).
  const starts: number[] = [];
  for (let at = 0; at >= 0 && at < body.length; at = body.indexOf('\n  - id: ', at)) {
    starts.push(at === 0 ? 0 : at + 1);
    if (at === 0) at = 1; else at += 1;
  }
  for (let k = 0; k < starts.length; k++) {
    const chunk = body.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : body.length);
    const entry = readEntry(chunk);
    if (!entry || seen.has(entry.annotation.id)) return undefined;
    seen.add(entry.annotation.id);
    entries.push(entry);
  }
  return { document: doc.value, header, entries };
}

// ---------------------------------------------------------------------------------------------
// Writing

const WRITE_ORDER: readonly string[] = [...ANNOTATION_KEYS, ...ANNOTATION_LIST_KEYS];

function replyText(r: Reply): string | undefined {
  if (r.extra && Object.keys(r.extra).length > 0) return undefined;
  let out = '';
  for (const key of REPLY_KEYS) {
    const value = r[key];
    if (value === undefined) continue;
    const lines = scalarLines(key, value, 8, key === 'body');
    if (lines === undefined) return undefined;
    out += lines;
  }
  return `      - ${out.slice(8)}`;
}

function conflictText(c: MergeConflictEntry): string | undefined {
  if (c.extra && Object.keys(c.extra).length > 0) return undefined;
  let out = scalarLines('field', c.field, 8, false);
  if (out === undefined) return undefined;
  if (c.side !== undefined) out += `        side: ${c.side}\n`;
  if (c.theirs !== undefined) {
    if (typeof c.theirs !== 'string') return undefined;
    const lines = scalarLines('theirs', c.theirs, 8, true);
    if (lines === undefined) return undefined;
    out += lines;
  }
  return `      - ${out.slice(8)}`;
}

function listText(key: 'replies' | 'conflicts', a: Annotation, before?: EntryText): string | undefined {
  if (key === 'conflicts') {
    const parts = (a.conflicts ?? []).map(conflictText);
    return parts.some((p) => p === undefined) ? undefined : `    conflicts:\n${parts.join('')}`;
  }
  const old = new Map((before?.annotation.replies ?? []).map((r) => [r.id, r]));
  const parts = (a.replies ?? []).map((r) => {
    const was = old.get(r.id);
    const kept = before?.replies.get(r.id);
    return was && kept && stableJson(was) === stableJson(r) ? kept : replyText(r);
  });
  return parts.some((p) => p === undefined) ? undefined : `    replies:\n${parts.join('')}`;
}


/**
 * The entry for `a` as `serializeSidecar` writes it: on top of `before` (the text of what did
 * not change kept; `before` is in the write order, so a changed or added key goes where the
 * yaml writer puts it) or new; undefined when this module cannot write it exactly.
 */
export function entryText(a: Annotation, before?: EntryText): string | undefined {
  if (a.extra && Object.keys(a.extra).length > 0) return undefined;
  const was = before?.annotation;
  const valueOf = (x: Annotation, key: string): unknown => (x as unknown as Record<string, unknown>)[key];
  const isList = (key: string) => key === 'replies' || key === 'conflicts';
  let text = '';
  for (const key of WRITE_ORDER) {
    const now = valueOf(a, key);
    const kept = before?.keys.find((k) => k.key === key);
    if (isList(key)) {
      const list = (now as unknown[] | undefined) ?? [];
      if (list.length === 0) continue;
      if (kept && was && stableJson(list) === stableJson(valueOf(was, key) ?? [])) { text += kept.text; continue; }
      const lines = listText(key as 'replies' | 'conflicts', a, before);
      if (lines === undefined) return undefined;
      text += lines;
      continue;
    }
    if (now === undefined) continue;
    if (kept && was && now === valueOf(was, key)) { text += kept.text; continue; }
    // A key the entry does not have is not added for a default value (a new entry: no empty note).
    const defaultValue = key === 'start' ? 0 : key === 'note' || key === 'prefix' || key === 'suffix' ? '' : undefined;
    if (before ? !kept && now === defaultValue : key === 'note' && now === '') continue;
    const lines = scalarLines(key, now as string | number, 4, key === 'note');
    if (lines === undefined) return undefined;
    text += lines;
  }
  if (!text.startsWith('    id: ')) return undefined;
  return `  - ${text.slice(4)}`;
}
