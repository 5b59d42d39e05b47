/**
 * A fast reader and writer for sidecars in exactly the layout `serializeSidecar` writes, for the
 * git merge driver's fast path (`merge-fast.ts`): the `yaml` library takes seconds on a 2 MB
 * sidecar; this takes milliseconds, because it accepts only that layout, line by line:
 *
 *   version: 1
 *   document: <scalar>
 *   annotations:
 *     - id: <id>
 *       <key>: <scalar>          plain, "double-quoted" (\\ \" \n \t escapes), 'single-quoted' (a value
 *                                with a " and no '), or a |, |-, |+ block
 *       replies:                 each reply `      - id: ...` with keys at 8 spaces
 *       conflicts:               each `      - field: ...` with scalar keys at 8 spaces
 *
 * Anything else (comments, flow style, other quoting, other keys, blank lines outside a block,
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
  /** The annotation; when `partial`, only its id and start (the rest empty). */
  annotation: Annotation;
  text: string;
  /** Read for its layout only (`readEntry(text, false)`): `spans` and `replies` are absent. */
  partial?: boolean;
  /** Each key's lines in `text`: [start, end) at 2 * its place in the write order (see `keyText`). */
  spans?: number[];
  /** Each reply's text by id (kept as it is when the reply did not change); undefined without replies. */
  replies?: Map<string, string>;
}

export interface LayoutText {
  document: string;
  header: string;
  entries: EntryText[];
  byId: ReadonlyMap<string, EntryText>;
}

const SPACE = 32;
const NL = 10;
const DASH = 45;
const COLON = 58;
const QUOTE = 34;
const BACKSLASH = 92;
const PIPE = 124;
const APOSTROPHE = 39;
/** Plain scalars the yaml core schema would read as something other than a string. */
const NOT_A_STRING = /^(?:[-+]?(?:\d[\d_]*|\.\d+|\d+\.\d*)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/;
/**
 * Characters never accepted or written as they are (the yaml library escapes or rejects them). A
 * character outside the Basic Multilingual Plane (an emoji: a high surrogate, then a low one) is
 * written as it is by the yaml library, and read back the same; half of one is not.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** JavaScript's `\\s`. */
function isWhite(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** True when `src` has a surrogate pair (a character such as an emoji) at i, before `to`. */
function isPairAt(src: string, i: number, to: number): boolean {
  const c = src.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= to) return false;
  const d = src.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** A character of `UNSAFE`, or a surrogate (safe only in a pair: see `isPairAt`). */
function isUnsafe(c: number): boolean {
  return c <= 8 || (c >= 0x0b && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029
    || c === 0xfeff || c === 0xfffd || (c >= 0xd800 && c <= 0xdfff);
}

/** Characters a plain scalar may not start with. */
const NOT_PLAIN_FIRST = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** First characters of a `NOT_A_STRING` match: digits, sign, dot, `~`, and t f n in either case. */
const MAYBE_NOT_A_STRING = new Set([...'0123456789+.~tTfFnN'].map((c) => c.charCodeAt(0)));

/**
 * True when `value` can be written as a plain scalar that the yaml library reads and writes back
 * as is. Refuses any surrogate, as before emoji were read here (quick-read.ts relies on it).
 */
export function isSafePlain(value: string): boolean {
  return !/[\ud800-\udfff]/.test(value) && isSafePlainAt(`${value}\n`, 0, value.length);
}

/** `isSafePlain`, taking characters outside the Basic Multilingual Plane (emoji) as the yaml library does. */
function isPlain(value: string): boolean {
  return isSafePlainAt(`${value}\n`, 0, value.length);
}

/** `NOT_A_STRING` from lastIndex up to a line break. */
const NOT_A_STRING_LINE = new RegExp(`(?:${NOT_A_STRING.source.slice(1, -1)})(?=\n)`, 'y');

/** `isSafePlain` for the value at [from, to) of `src`, where a line break follows it. */
function isSafePlainAt(src: string, from: number, to: number): boolean {
  if (to <= from) return false;
  const first = src.charCodeAt(from);
  if (isWhite(first) || NOT_PLAIN_FIRST.has(first) || isWhite(src.charCodeAt(to - 1))) return false;
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    // `: ` or a final `:`, and ` #` (the first character is neither, so i - 1 is in the value).
    if (c === COLON) { if (i === to - 1 || src.charCodeAt(i + 1) === SPACE) return false; } else if (c === 35) { if (src.charCodeAt(i - 1) === SPACE) return false; } else if ((c < 0x20 || c >= 0x7f) && (c === 9 || c === NL || isUnsafe(c))) { if (!isPairAt(src, i, to)) return false; i++; }
  }
  if (!MAYBE_NOT_A_STRING.has(first)) return true;
  NOT_A_STRING_LINE.lastIndex = from;
  return !(NOT_A_STRING_LINE.test(src) && NOT_A_STRING_LINE.lastIndex === to);
}

function encodeDouble(value: string): string | undefined {
  if (UNSAFE.test(value)) return undefined;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
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
  if (isPlain(value)) return value;
  if (UNSAFE.test(value)) return undefined;
  // The yaml writer's own test for a value that cannot be plain (a note like `ours: ...`, a
  // quote with ` #`): on one line it quotes it, in double quotes when it has no `"`, escaping
  // only what `encodeDouble` escapes (no line break, tab or control character here).
  if (YAML_NOT_PLAIN.test(value) && !value.includes('"')) return encodeDouble(value);
  // Plain is not certain: as the yaml writer puts it. Rare, so its cost is fine.
  const line = stringify({ k: value }, { lineWidth: 0 });
  return /^k: [^\n]*\n$/.test(line) ? line.slice(3, -1) : undefined;
}

/** `plainString` in the yaml library (stringify/stringifyString.js): a value matching this is quoted. */
const YAML_NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** `key: value` lines (ending with a line break) for one scalar, or undefined. */
function scalarLines(key: string, value: string | number, indent: number, block: boolean): string | undefined {
  const pad = ' '.repeat(indent);
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? `${pad}${key}: ${value}\n` : undefined;
  const encoded = encodeString(value, indent, block);
  return encoded === undefined ? undefined : `${pad}${key}: ${encoded}\n`;
}

const WRITE_ORDER: readonly string[] = [...ANNOTATION_KEYS, ...ANNOTATION_LIST_KEYS];

// ---------------------------------------------------------------------------------------------
// Reading: by offsets into the file's text, character codes rather than a regular expression per
// line, no copy of a line or an entry (an entry's text is a slice of the file). A value is sliced
// once, when it is read.


/**
 * The keys of one kind of item (an entry, a reply, a conflict) in the order written; those from
 * `listFrom` on hold a list of items (`replies:`, `conflicts:`), the others a scalar.
 */
interface Schema {
  keys: readonly string[];
  listFrom: number;
  /** Places whose value is read even when only the layout is checked (`keep` false): bit i for place i. */
  always: number;
}

interface Item {
  /** Each key's value by its place in the schema (`true`: checked, not kept). */
  values: (string | true | undefined)[];
  /** Each key's lines: [start, end) at 2 * place (undefined when absent). */
  spans: number[];
  /** A list key's items: [start, end) pairs, by place. */
  lists?: number[][];
  end: number;
}

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 95 || c === DASH;
}

/** `[0-9]` with the value's digits: `0` or up to 15 digits without a leading zero (a `start:` hint). */
export function isIndex(src: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 1 || n > 15) return false;
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n === 1 || src.charCodeAt(from) !== 48;
}

/** `count` spaces at `at`. */
function spacesAt(src: string, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) if (src.charCodeAt(i) !== SPACE) return false;
  return true;
}

let scalarEnd = 0;

/**
 * One scalar value after `key: ` (at `from`, the line ending at `eol`); sets `scalarEnd` past its
 * last line. Accepts only what `encodeString` writes in that place (or, double-quoted, what reads
 * and writes back as is), so that the yaml library reads the same string.
 */
function readScalarAt(src: string, from: number, eol: number, limit: number, keyIndent: number, keep: boolean): string | true | undefined {
  scalarEnd = eol + 1;
  const first = src.charCodeAt(from);
  if (first === PIPE) {
    const chomp = eol - from === 1 ? 0 : eol - from === 2 ? src.charCodeAt(from + 1) : -1;
    if (chomp !== 0 && chomp !== DASH && chomp !== 43 /* + */) return undefined;
    return readBlock(src, eol + 1, limit, keyIndent + 2, chomp, keep);
  }
  if (first === QUOTE) {
    if (eol - from < 2 || src.charCodeAt(eol - 1) !== QUOTE) return undefined;
    return readDouble(src, from + 1, eol - 1, keep);
  }
  if (first === APOSTROPHE) return readSingle(src, from, eol, keep);
  if (!isSafePlainAt(src, from, eol)) return undefined;
  return keep ? src.slice(from, eol) : true;
}

/**
 * A single-quoted scalar at [from, to): only as the yaml writer writes one on a line, for a
 * value that cannot be plain and has a `"` but no `'` (so no `''` escape inside): read as it is.
 */
function readSingle(src: string, from: number, to: number, keep: boolean): string | true | undefined {
  if (to - from < 3 || src.charCodeAt(to - 1) !== APOSTROPHE) return undefined;
  let double = false;
  for (let i = from + 1; i < to - 1; i++) {
    const c = src.charCodeAt(i);
    if (c === APOSTROPHE || c === 9) return undefined;
    if (isUnsafe(c)) { if (!isPairAt(src, i, to - 1)) return undefined; i++; }
    if (c === QUOTE) double = true;
  }
  if (!double || isWhite(src.charCodeAt(from + 1)) || isWhite(src.charCodeAt(to - 2))) return undefined;
  const value = src.slice(from + 1, to - 1);
  if (isPlain(value)) return undefined;
  return keep ? value : true;
}

/**
 * A literal block (`|`, `|-`, `|+`: `chomp` 0, DASH or +) of lines indented `pad` spaces, from
 * `at`; what `encodeString` writes for that value, or undefined.
 */
function readBlock(src: string, at: number, limit: number, pad: number, chomp: number, keep: boolean): string | true | undefined {
  let value = '';
  let lines = 0;
  let lastEmpty = false;
  let q = at;
  while (q < limit) {
    const e = src.indexOf('\n', q);
    if (e === q) {
      if (lines === 0) return undefined; // a block starting with an empty line
      if (keep) value += '\n';
      lines++;
      lastEmpty = true;
      q = e + 1;
      continue;
    }
    if (!spacesAt(src, q, pad)) break;
    const s = q + pad;
    if (e === s) return undefined; // spaces alone: the writer leaves an empty line
    if (lines === 0 && isWhite(src.charCodeAt(s))) return undefined;
    if (isWhite(src.charCodeAt(e - 1))) return undefined;
    for (let i = s; i < e; i++) {
      const c = src.charCodeAt(i);
      if ((c < 0x20 || c >= 0x7f) && isUnsafe(c)) { if (!isPairAt(src, i, e)) return undefined; i++; }
    }
    if (keep) value += lines === 0 ? src.slice(s, e) : `\n${src.slice(s, e)}`;
    lines++;
    lastEmpty = false;
    q = e + 1;
  }
  if (lines === 0) return undefined;
  // The chomping the writer chooses for this value: |+ when it ends with an empty line, |- when
  // it has no final line break (and has a line break at all), | otherwise.
  if (chomp === 43 ? !lastEmpty : lastEmpty) return undefined;
  if (chomp === DASH && lines < 2) return undefined;
  scalarEnd = q;
  if (!keep) return true;
  return chomp === DASH ? value : `${value}\n`;
}

/** A double-quoted body [from, to) with only the escapes `encodeDouble` writes, each where it writes them. */
function readDouble(src: string, from: number, to: number, keep: boolean): string | true | undefined {
  let out = '';
  let run = from;
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c === QUOTE || c === 9) return undefined;
    if (isUnsafe(c)) { if (!isPairAt(src, i, to)) return undefined; i++; continue; }
    if (c !== BACKSLASH) continue;
    if (i + 1 >= to) return undefined;
    const next = src.charCodeAt(i + 1);
    const decoded = next === BACKSLASH ? '\\' : next === QUOTE ? '"' : next === 110 /* n */ ? '\n' : next === 116 /* t */ ? '\t' : undefined;
    if (decoded === undefined) return undefined;
    if (keep) out += src.slice(run, i) + decoded;
    i++;
    run = i + 1;
  }
  if (!keep) return true;
  return run === from ? src.slice(from, to) : out + src.slice(run, to);
}

/** The key at [from, to) as its place in `keys`; -1 when it is not one of them. */
function keyAt(src: string, from: number, to: number, keys: readonly string[]): number {
  const n = to - from;
  for (let i = 0; i < keys.length; i++) if (keys[i].length === n && src.startsWith(keys[i], from)) return i;
  return -1;
}

/**
 * One mapping item of a list from `pos` (before `limit`): `- firstKey: ...` at `dash` spaces,
 * its other keys at dash + 2, each a key of `schema`, in its order, once; ends at the first line
 * indented less. Undefined outside our layout.
 */
function readItemAt(src: string, pos: number, limit: number, dash: number, schema: Schema, keep = true): Item | undefined {
  const values: (string | true | undefined)[] = [];
  const spans: number[] = [];
  let lists: number[][] | undefined;
  const keyIndent = dash + 2;
  let last = -1;
  while (pos < limit) {
    const eol = src.indexOf('\n', pos);
    if (eol < 0 || eol >= limit) return undefined;
    let p = pos;
    while (src.charCodeAt(p) === SPACE) p++;
    const spaces = p - pos;
    const dashed = src.charCodeAt(p) === DASH && src.charCodeAt(p + 1) === SPACE;
    if (dashed) p += 2;
    const k0 = p;
    if (!isKeyStart(src.charCodeAt(p))) return undefined;
    p++;
    while (isKeyChar(src.charCodeAt(p))) p++;
    if (src.charCodeAt(p) !== COLON) return undefined;
    const colon = p;
    let rest = -1; // the value's offset; -1: the line ends at the colon
    if (colon + 1 !== eol) {
      if (src.charCodeAt(colon + 1) !== SPACE) return undefined;
      rest = colon + 2;
    }
    if (last < 0) {
      if (spaces !== dash || !dashed) return undefined;
    } else if (spaces !== keyIndent || dashed) {
      if (spaces < keyIndent) break; // the next item, or the end of this list
      return undefined;
    }
    const place = keyAt(src, k0, colon, schema.keys);
    if (place <= last) return undefined; // unknown, out of order, or twice
    last = place;
    const isList = place >= schema.listFrom;
    if (isList !== (rest < 0)) return undefined;
    if (isList) {
      // A nested list (`replies:` / `conflicts:`): items at keyIndent + 2.
      const listStart = pos;
      pos = eol + 1;
      const items: number[] = [];
      while (pos < limit && spacesAt(src, pos, keyIndent + 2) && src.charCodeAt(pos + keyIndent + 2) === DASH && src.charCodeAt(pos + keyIndent + 3) === SPACE) {
        const end = skipItem(src, pos, limit, keyIndent + 2);
        if (end < 0) return undefined;
        items.push(pos, end);
        pos = end;
      }
      if (items.length === 0) return undefined;
      (lists ??= [])[place] = items;
      spans[2 * place] = listStart;
      spans[2 * place + 1] = pos;
      continue;
    }
    let value: string | true | undefined;
    if (src.charCodeAt(k0) === 115 /* s */ && schema.keys[place] === 'start' && isIndex(src, rest, eol)) {
      value = src.slice(rest, eol);
      scalarEnd = eol + 1;
    } else value = readScalarAt(src, rest, eol, limit, keyIndent, keep || (schema.always & (1 << place)) !== 0);
    if (value === undefined) return undefined;
    values[place] = value;
    spans[2 * place] = pos;
    spans[2 * place + 1] = scalarEnd;
    pos = scalarEnd;
  }
  return { values, spans, lists, end: pos };
}

/** The end of a nested item from `pos` (its lines indented more than `dash`), -1 when a line is not a key line or a block's. */
function skipItem(src: string, pos: number, limit: number, dash: number): number {
  // The item is read key by key when its entry is read (readReplyAt / readConflictAt); here its
  // extent: the first line, then every line indented more than the dash, or empty (in a block).
  let at = src.indexOf('\n', pos) + 1;
  while (at > 0 && at < limit) {
    if (src.charCodeAt(at) !== NL && !spacesAt(src, at, dash + 1)) break;
    at = src.indexOf('\n', at) + 1;
  }
  return at > 0 ? at : -1;
}

const ENTRY: Schema = { keys: WRITE_ORDER, listFrom: ANNOTATION_KEYS.length, always: (1 << 0) | (1 << 6) | (1 << 10) /* id, start, status */ };
const REPLY: Schema = { keys: REPLY_KEYS, listFrom: REPLY_KEYS.length, always: 1 /* id */ };
const CONFLICT: Schema = { keys: ['field', 'side', 'theirs'], listFrom: 3, always: 0b11 /* field, side */ };
const DOCUMENT: Schema = { keys: ['document'], listFrom: 1, always: 1 };

function isId(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 64 || !isKeyStart(value.charCodeAt(0))) return false;
  for (let i = 1; i < n; i++) if (!isKeyChar(value.charCodeAt(i))) return false;
  return true;
}

/** A reply at [start, end): the reply, or (`keep` false) its id once the layout is checked. */
function readReplyAt(src: string, start: number, end: number, keep: boolean): Reply | undefined {
  const item = readItemAt(src, start, end, 6, REPLY, keep);
  if (!item || item.end !== end) return undefined;
  const [id, author, created, updated, body] = item.values as (string | undefined)[];
  if (id === undefined || !isId(id)) return undefined;
  if (!keep) return { id, body: '' };
  const out: Reply = { id, body: body ?? '' };
  if (author !== undefined) out.author = author;
  if (created !== undefined) out.created = created;
  if (updated !== undefined) out.updated = updated;
  return out;
}

function readConflictAt(src: string, start: number, end: number, keep: boolean): MergeConflictEntry | undefined {
  const item = readItemAt(src, start, end, 6, CONFLICT, keep);
  if (!item || item.end !== end) return undefined;
  const [field, side, theirs] = item.values as (string | undefined)[];
  if (field === undefined) return undefined;
  const entry: MergeConflictEntry = { field };
  if (side !== undefined) {
    if (side !== 'ours' && side !== 'theirs') return undefined;
    entry.side = side;
  }
  if (theirs !== undefined) entry.theirs = theirs;
  return entry;
}

/**
 * One entry (`  - id: ...` and its keys, the whole of `text`) in our layout; undefined otherwise.
 * `keep` false: the layout is checked as closely, but only the id and start are kept (`partial`:
 * the annotation stands for the entry; `readEntry(text)` gives it in full when it is needed).
 */
export function readEntry(text: string, keep = true): EntryText | undefined {
  const item = readItemAt(text, 0, text.length, 2, ENTRY, keep);
  if (!item || item.end !== text.length) return undefined;
  // The places in ANNOTATION_KEYS: id, tag, note, quote, prefix, suffix, start, author, created, updated, status.
  const [id, tag, note, quote, prefix, suffix, start, author, created, updated, status] = item.values as (string | undefined)[];
  if (id === undefined || item.spans[0] !== 0 || !isId(id) || tag === undefined || quote === undefined) return undefined;
  if (start !== undefined && !isIndex(start, 0, start.length)) return undefined;
  if (status !== undefined && status !== 'open' && status !== 'resolved') return undefined;
  const replyItems = item.lists?.[ENTRY.listFrom];
  const conflictItems = item.lists?.[ENTRY.listFrom + 1];
  if (!keep) {
    // The same checks of the lists' items, nothing kept.
    const ids = new Set<string>();
    for (let k = 0; replyItems && k < replyItems.length; k += 2) {
      const r = readReplyAt(text, replyItems[k], replyItems[k + 1], false);
      if (!r || ids.has(r.id)) return undefined;
      ids.add(r.id);
    }
    for (let k = 0; conflictItems && k < conflictItems.length; k += 2) if (!readConflictAt(text, conflictItems[k], conflictItems[k + 1], false)) return undefined;
    return { annotation: { id, tag: '', note: '', quote: '', prefix: '', suffix: '', start: start === undefined ? 0 : Number(start) }, text, partial: true };
  }
  const a: Annotation = {
    id, tag, note: note ?? '', quote, prefix: prefix ?? '', suffix: suffix ?? '', start: start === undefined ? 0 : Number(start),
  };
  if (author !== undefined) a.author = author;
  if (created !== undefined) a.created = created;
  if (updated !== undefined) a.updated = updated;
  if (status !== undefined) a.status = status as Annotation['status'];
  let replies: Map<string, string> | undefined;
  if (replyItems) {
    replies = new Map();
    const list: Reply[] = [];
    for (let k = 0; k < replyItems.length; k += 2) {
      const r = readReplyAt(text, replyItems[k], replyItems[k + 1], true);
      if (!r || replies.has(r.id)) return undefined;
      replies.set(r.id, text.slice(replyItems[k], replyItems[k + 1]));
      list.push(r);
    }
    a.replies = list;
  }
  if (conflictItems) {
    const list: MergeConflictEntry[] = [];
    for (let k = 0; k < conflictItems.length; k += 2) {
      const c = readConflictAt(text, conflictItems[k], conflictItems[k + 1], true);
      if (!c) return undefined;
      list.push(c);
    }
    a.conflicts = list;
  }
  return { annotation: a, text, spans: item.spans, replies };
}

/**
 * The sidecar's header, entries and annotations when it is in our layout; undefined otherwise.
 * `known`: the entries of another version of the file by id: an entry with the same text is not
 * read again but shared (the merge then meets the same annotation object on both sides).
 * `keep` false: entries are checked but read in part (see `readEntry`).
 */
export function readLayout(text: string, known?: ReadonlyMap<string, EntryText>, keep = true): LayoutText | undefined {
  const head = readHeader(text);
  if (!head) return undefined;
  const entries: EntryText[] = [];
  const byId = new Map<string, EntryText>();
  const whole = forEachEntry(text, head.header.length, (start, end) => {
    const same = known?.get(text.slice(start + 8, text.indexOf('\n', start + 8)));
    const entry = same && same.text.length === end - start && text.startsWith(same.text, start) ? same : readEntry(text.slice(start, end), keep);
    if (!entry || byId.has(entry.annotation.id)) return false;
    byId.set(entry.annotation.id, entry);
    entries.push(entry);
    return true;
  });
  return whole ? { document: head.document, header: head.header, entries, byId } : undefined;
}

/**
 * Calls `each(start, end)` for every entry after the header (at `from`), in order; false when the
 * text does not start an entry there or `each` refuses one. Each entry starts at a `  - id: ` line:
 * no line of an entry in our layout starts so (keys are indented 4, block text 6 or more), and
 * every entry is checked before it is used.
 */
function forEachEntry(text: string, from: number, each: (start: number, end: number) => boolean): boolean {
  if (!text.startsWith('  - id: ', from)) return false;
  let start = from;
  while (start < text.length) {
    const next = text.indexOf('\n  - id: ', start);
    const end = next < 0 ? text.length : next + 1;
    if (!each(start, end)) return false;
    start = end;
  }
  return true;
}

/** The text of the lines of the key at `place` (in the write order) in `entry`, as it would be anywhere but first (no `- `); undefined when absent. */
export function keyText(entry: EntryText, place: number): string | undefined {
  const start = entry.spans?.[2 * place];
  if (start === undefined) return undefined;
  const end = entry.spans![2 * place + 1];
  return start === 0 ? `    ${entry.text.slice(4, end)}` : entry.text.slice(start, end);
}

// ---------------------------------------------------------------------------------------------
// Writing


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
    const kept = before?.replies?.get(r.id);
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
  if (before?.partial) before = readEntry(before.text);
  const was = before?.annotation;
  const valueOf = (x: Annotation, key: string): unknown => (x as unknown as Record<string, unknown>)[key];
  const isList = (key: string) => key === 'replies' || key === 'conflicts';
  let text = '';
  for (let place = 0; place < WRITE_ORDER.length; place++) {
    const key = WRITE_ORDER[place];
    const now = valueOf(a, key);
    const kept = before ? keyText(before, place) : undefined;
    if (isList(key)) {
      const list = (now as unknown[] | undefined) ?? [];
      if (list.length === 0) continue;
      if (kept && was && stableJson(list) === stableJson(valueOf(was, key) ?? [])) { text += kept; continue; }
      const lines = listText(key as 'replies' | 'conflicts', a, before);
      if (lines === undefined) return undefined;
      text += lines;
      continue;
    }
    if (now === undefined) continue;
    if (kept && was && now === valueOf(was, key)) { text += kept; continue; }
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

// ---------------------------------------------------------------------------------------------
// Cutting a file at its entries without reading them (the merge driver compares entry texts
// across base, ours and theirs first, and reads in full only the entries whose text differs).

/** A sidecar in our layout cut at its `  - id: ` lines: header, document, each entry's offset and id. */
export interface EntryCuts {
  text: string;
  document: string;
  header: string;
  /** Each entry's offset in `text`, then `text.length` (entry i is [starts[i], starts[i + 1])). */
  starts: number[];
  /** Each entry's id. */
  ids: string[];
  /** Entry index by id. */
  index: Map<string, number>;
}

/** The header as `readLayout` accepts it: its text and the document's name. */
function readHeader(text: string): { header: string; document: string } | undefined {
  if (!text.endsWith('\n') || text.includes('\r')) return undefined;
  const m = /^version: 1\ndocument: (.*)\nannotations:\n/.exec(text);
  if (!m) return undefined;
  const docLine = `  - document: ${m[1]}\n`;
  const document = readItemAt(docLine, 0, docLine.length, 2, DOCUMENT)?.values[0] as string | undefined;
  if (!document) return undefined;
  return { header: m[0], document };
}

/** A plain id as the writer writes it (`[A-Za-z][A-Za-z0-9_-]*`, not a word the yaml library reads as a boolean or null). */
const PLAIN_ID = /^(?!(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$)[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * The file cut at its entries, each entry's id taken from its first line (read in full only when
 * it is not a plain id: a quoted one); undefined outside our layout's header or with an id twice.
 * The entries themselves are not checked here: see `entryStartAt` and `readEntryAt`.
 */
export function cutEntries(text: string): EntryCuts | undefined {
  const head = readHeader(text);
  if (!head) return undefined;
  const { header, document } = head;
  const starts: number[] = [];
  const ids: string[] = [];
  const index = new Map<string, number>();
  const whole = forEachEntry(text, header.length, (start, end) => {
    let id = text.slice(start + 8, text.indexOf('\n', start + 8));
    if (!PLAIN_ID.test(id)) {
      const entry = readEntry(text.slice(start, end), false);
      if (!entry) return false;
      id = entry.annotation.id;
    }
    if (index.has(id)) return false;
    index.set(id, ids.length);
    ids.push(id);
    starts.push(start);
    return true;
  });
  if (!whole) return undefined;
  starts.push(text.length);
  return { text, document, header, starts, ids, index };
}

/** The text of entry `i`. */
export function entryAt(cuts: EntryCuts, i: number): string {
  return cuts.text.slice(cuts.starts[i], cuts.starts[i + 1]);
}

/** True when entries `i` of `a` and `j` of `b` have the same text. */
export function sameEntry(a: EntryCuts, i: number, b: EntryCuts, j: number): boolean {
  const n = a.starts[i + 1] - a.starts[i];
  // Two slices compared whole (a string comparison of flat pieces; `startsWith` at an offset is many times slower).
  return n === b.starts[j + 1] - b.starts[j] && entryAt(a, i) === entryAt(b, j);
}

// One regular expression for the common entry (scalars plain or double-quoted, a note also a
// block; no replies or conflicts): it accepts only entries `readEntry` accepts (a subset of its
// rules, checked on generated entries by merge-fast.test.ts), and runs in the regular expression
// engine's compiled code rather than character by character. Whatever it does not match goes to
// `readEntry`.
const U = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029\\ufeff\\ufffd\\ud800-\\udfff';
/** A surrogate pair (an emoji): taken whole, wherever a class above leaves out every surrogate. */
const PAIR = '[\\ud800-\\udbff][\\udc00-\\udfff]';
/** One character of the negated class `[^${cls}${U}]`, or a surrogate pair. */
const char = (cls: string): string => `(?:[^${cls}${U}]|${PAIR})`;
const PLAIN_RE = `(?!(?:${NOT_A_STRING.source.slice(1, -1)})\\n)${char('\\s\\-?:,\\[\\]{}#&*!|>\'"%@`')}(?:${char('\\t\\n:#')}|:(?=[^ \\n])|(?<! )#)*(?<!\\s)\\n`;
const DOUBLE_RE = `"(?:${char('"\\\\\\t\\n')}|\\\\[\\\\"nt])*"\\n`;
/** Single-quoted as `readSingle` accepts it, when the value has a `"` and a `: ` or ` #` (so it cannot be plain). */
const SINGLE_RE = `'(?=[^'\\n]*")(?=[^'\\n]*(?:: | #))${char("\\s'")}(?:${char("'\\t\\n")}*${char("\\s'")})?'\\n`;
const SCALAR_RE = `(?:${PLAIN_RE}|${DOUBLE_RE}|${SINGLE_RE})`;
/** A literal block (`|`, `|-`, `|+`) of lines indented `pad` spaces, as `readBlock` accepts it. */
function blockPattern(pad: number): string {
  const indent = ' '.repeat(pad);
  const first = `${indent}${char('\\s')}(?:${char('\\n')}*${char('\\s')})?\\n`;
  const line = `\\n*${indent}${char('\\n')}*${char('\\s')}\\n`;
  return `(?:\\|\\n${first}(?:${line})*|\\|-\\n${first}(?:${line})+|\\|\\+\\n${first}(?:${line})*\\n+)`;
}
const ID_RE = '(?!(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)\\n)[A-Za-z][A-Za-z0-9_-]{0,63}\\n';
const REPLY_RE = `      - id: ${ID_RE}(?:        author: ${SCALAR_RE})?(?:        created: ${SCALAR_RE})?(?:        updated: ${SCALAR_RE})?(?:        body: (?:${SCALAR_RE}|${blockPattern(10)}))?`;
const CONFLICT_RE = `      - field: ${SCALAR_RE}(?:        side: (?:ours|theirs)\\n)?(?:        theirs: (?:${SCALAR_RE}|${blockPattern(10)}))?`;
const ENTRY_RE = new RegExp(
  `  - id: ${ID_RE}    tag: ${SCALAR_RE}(?:    note: (?:${SCALAR_RE}|${blockPattern(6)}))?    quote: ${SCALAR_RE}`
  + `(?:    prefix: ${SCALAR_RE})?(?:    suffix: ${SCALAR_RE})?(?:    start: (0|[1-9][0-9]{0,14})\\n)?(?:    author: ${SCALAR_RE})?`
  + `(?:    created: ${SCALAR_RE})?(?:    updated: ${SCALAR_RE})?(?:    status: (?:open|resolved)\\n)?`
  + `(?:    replies:\\n((?:${REPLY_RE})+))?(?:    conflicts:\\n(?:${CONFLICT_RE})+)?`, 'y');

/** True when the replies' text (`      - id: ` items) names an id twice. */
function repliesRepeatAnId(replies: string): boolean {
  const ids = new Set<string>();
  for (let at = 0; at >= 0; at = replies.indexOf('\n      - id: ', at + 1)) {
    const from = at === 0 ? 12 : at + 13;
    const id = replies.slice(from, replies.indexOf('\n', from));
    if (ids.has(id)) return true;
    ids.add(id);
  }
  return false;
}

/** Exported for the tests: the common-entry expression alone (the start hint, or -1 when it does not match entry `i` whole). */
export function entryStartByPattern(cuts: EntryCuts, i: number): number {
  ENTRY_RE.lastIndex = cuts.starts[i];
  const m = ENTRY_RE.exec(cuts.text);
  if (!m || ENTRY_RE.lastIndex !== cuts.starts[i + 1] || (m[2] !== undefined && repliesRepeatAnId(m[2]))) return -1;
  return m[1] === undefined ? 0 : Number(m[1]);
}

/**
 * Entry `i` checked to be in our layout (as `readEntry` checks it) without reading it: its
 * `start` hint (0 when absent), or -1 outside our layout.
 */
export function entryStartAt(cuts: EntryCuts, i: number): number {
  const start = entryStartByPattern(cuts, i);
  if (start >= 0) return start;
  const entry = readEntry(entryAt(cuts, i), false);
  return entry && entry.annotation.id === cuts.ids[i] ? entry.annotation.start : -1;
}

/** Entry `i` read in full; undefined outside our layout. */
export function readEntryAt(cuts: EntryCuts, i: number): EntryText | undefined {
  const entry = readEntry(entryAt(cuts, i));
  return entry && entry.annotation.id === cuts.ids[i] ? entry : undefined;
}
