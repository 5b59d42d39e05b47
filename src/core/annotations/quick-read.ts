/**
 * A fast, read-only reader for sidecars in the layout `serializeSidecar` writes, for loading a
 * whole workspace (the Annotations view, search): the `yaml` Document API costs about 20 ms of
 * CPU per 50-annotation sidecar, so 1,000 sidecars took seconds; this reads the same file line
 * by line, by offsets into its text, in about half a millisecond.
 *
 * It returns a Sidecar only when `parseSidecar` would read the text as valid with no problem
 * and as the same data; anything it is not sure of (a comment, flow style, single quotes, an
 * unknown or repeated key, `conflicts`, a top-level key besides the three, a scalar the yaml
 * core schema would read as a number, a bad date or status, control characters, merge markers)
 * gives undefined, and the caller parses with the yaml library (which reports the problems with
 * their lines). Writing always goes through the yaml Document API, never through this.
 * test/unit/quick-read.test.ts holds it to `parseSidecar` on generated sidecars.
 */
import { isIndex, isSafePlain } from './sidecar-text';
import { ANNOTATION_KEYS, Annotation, Reply, REPLY_KEYS, Sidecar } from './types';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** Characters whose presence sends the whole file to the yaml library (control characters, U+FFFD, JS line breaks...). */
const UNUSUAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd]/;
const MERGE_MARKER = /^(<{7}|\|{7}|={7}|>{7})(?: |$)/m;

const ESCAPES: Record<string, string> = {
  '0': '\u0000', a: '\u0007', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\u001b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/** The escapes of a double-quoted scalar's body decoded; undefined for anything unusual. */
function unescape(body: string): string | undefined {
  if (!body.includes('\\')) return body.includes('"') ? undefined : body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') return undefined;
    if (c !== '\\') { out += c; continue; }
    const e = body[++i];
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = body.slice(i + 1, i + 1 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) return undefined;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += hex;
      continue;
    }
    const decoded = e === undefined ? undefined : ESCAPES[e];
    if (decoded === undefined) return undefined;
    out += decoded;
  }
  return out;
}

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const DASH = 45;
const COLON = 58;

/**
 * The file's text and the start of the current line. Lines are read by offsets (the text ends
 * with a line break, so every line has one): a value is sliced once, when it is read; no line,
 * key or field object is made on the way.
 */
class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean { return this.pos >= this.text.length; }
  /** The end (the line break) of the line starting at `at`. */
  eol(at: number): number { return this.text.indexOf('\n', at); }
  /** `count` spaces at `at`. */
  spacesAt(at: number, count: number): boolean {
    for (let i = at; i < at + count; i++) if (this.text.charCodeAt(i) !== SPACE) return false;
    return true;
  }
}

/**
 * The value at [from, eol) of the current line, after `key: ` at `indent` (the key's column):
 * plain, double-quoted (one line or folded over several) or a `|`, `|-`, `|+` block. Moves the
 * reader to the line after the value.
 */
function readScalar(r: Reader, from: number, eol: number, indent: number): string | undefined {
  const text = r.text;
  r.pos = eol + 1;
  const first = text.charCodeAt(from);
  if (first === QUOTE) {
    return closesQuoteAt(text, from + 1, eol) ? unescapeAt(text, from + 1, eol - 1) : readFoldedQuoted(r, from + 1, eol, indent);
  }
  if (first === 124 /* | */) {
    const n = eol - from;
    const chomp = n === 1 ? '|' : n === 2 && (text.charCodeAt(from + 1) === DASH || text.charCodeAt(from + 1) === 43) ? text.slice(from, eol) : undefined;
    if (chomp) return readBlock(r, chomp, indent + 2);
  }
  return plainAt(text, from, eol);
}

/** A one-line double-quoted body [from, to): sliced as it is when it has no escape, else decoded. */
function unescapeAt(text: string, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) return unescape(text.slice(from, to));
    if (c === QUOTE) return undefined;
  }
  return text.slice(from, to);
}

/** Characters a plain scalar may not start with (besides white space). */
const NOT_PLAIN_FIRST = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') NOT_PLAIN_FIRST[c.charCodeAt(0)] = 1;
/** First characters of plain scalars the core schema may read as a number, boolean or null. */
const MAYBE_NOT_STRING = new Uint8Array(128);
for (const c of '-+.0123456789~nNtTfF') MAYBE_NOT_STRING[c.charCodeAt(0)] = 1;

/** JavaScript's `\s`. */
function isWhite(c: number): boolean {
  return c === SPACE || (c >= 9 && c <= 13) || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/**
 * The plain scalar at [from, to), or undefined when it might not read back as that string:
 * `isSafePlain` (the whole file was already checked for control characters), by character codes
 * for ordinary text: no indicator or white space first, no white space last, no `: `, final `:`,
 * ` #` or tab; the yaml library's own test only for what may read as a number, boolean or null.
 */
function plainAt(text: string, from: number, to: number): string | undefined {
  if (to <= from) return undefined;
  const first = text.charCodeAt(from);
  if (isWhite(first) || (first < 128 && NOT_PLAIN_FIRST[first] === 1) || isWhite(text.charCodeAt(to - 1))) return undefined;
  let space = false;
  let colon = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) {
      if (i === to - 1 || text.charCodeAt(i + 1) === SPACE) return undefined;
      colon = true;
    } else if (c === 35 /* # */) {
      if (text.charCodeAt(i - 1) === SPACE) return undefined;
    } else if (c === 9) return undefined;
    else if (c === SPACE) space = true;
  }
  const value = text.slice(from, to);
  // Numbers, booleans and null have no space or colon in them (a date and time has a colon).
  if (first < 128 && MAYBE_NOT_STRING[first] === 1 && !space && !colon && !isSafePlain(value)) return undefined;
  return value;
}

/**
 * A double-quoted scalar folded over several lines, as the yaml writer folds a long string with
 * line breaks: a break between two lines is a space, each empty line between them a newline.
 * `[from, eol)` is the first line's part after the opening quote. Continuation lines must be
 * indented past the key (as the writer indents them). Trailing whitespace or an escaped line
 * break sends the file to the yaml library.
 */
function readFoldedQuoted(r: Reader, from: number, eol: number, indent: number): string | undefined {
  const text = r.text;
  if (from === eol || isSpaceOrTab(text.charCodeAt(eol - 1)) || text.charCodeAt(eol - 1) === BACKSLASH) return undefined;
  let folded = text.slice(from, eol);
  let empty = 0;
  for (;;) {
    if (r.done) return undefined;
    const start = r.pos;
    const end = r.eol(start);
    r.pos = end + 1;
    let s = start;
    while (s < end && isSpaceOrTab(text.charCodeAt(s))) s++;
    if (s === end) { empty++; continue; }
    if (!r.spacesAt(start, indent + 1)) return undefined;
    const closes = closesQuoteAt(text, s, end);
    const last = closes ? end - 1 : end;
    if (last === s) return undefined; // the closing quote alone on its line
    if (!closes && (isSpaceOrTab(text.charCodeAt(end - 1)) || text.charCodeAt(end - 1) === BACKSLASH)) return undefined;
    folded += empty > 0 ? '\n'.repeat(empty) : ' ';
    folded += text.slice(s, last);
    empty = 0;
    if (closes) return unescape(folded);
  }
}

function isSpaceOrTab(c: number): boolean {
  return c === SPACE || c === 9;
}

/** True when text[from, to) ends with a closing quote (one not escaped by an odd run of backslashes). */
function closesQuoteAt(text: string, from: number, to: number): boolean {
  if (to <= from || text.charCodeAt(to - 1) !== QUOTE) return false;
  let backslashes = 0;
  for (let i = to - 2; i >= from && text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** A literal block scalar from the reader's line on, its content indented by `contentIndent` (no indentation indicator). */
function readBlock(r: Reader, header: string, contentIndent: number): string | undefined {
  const text = r.text;
  const body: string[] = [];
  while (!r.done) {
    const start = r.pos;
    const end = r.eol(start);
    if (end === start) { body.push(''); r.pos = end + 1; continue; }
    if (!r.spacesAt(start, contentIndent)) break;
    body.push(text.slice(start + contentIndent, end));
    r.pos = end + 1;
  }
  let trailing = 0;
  while (body.length > 0 && body[body.length - 1] === '') { body.pop(); trailing++; }
  if (body.length === 0) return undefined;
  if (isSpaceOrTab(body[0].charCodeAt(0))) return undefined; // the writer would have given an indentation indicator
  const value = body.join('\n');
  if (header === '|-') return value;
  if (header === '|') return `${value}\n`;
  return `${value}\n${'\n'.repeat(trailing)}`;
}

/** The place of the key text[from, to) in `keys`; -1 when it is none of them. */
function keyPlace(text: string, from: number, to: number, keys: readonly string[]): number {
  const n = to - from;
  for (let i = 0; i < keys.length; i++) if (keys[i].length === n && text.startsWith(keys[i], from)) return i;
  return -1;
}

const A_START = ANNOTATION_KEYS.indexOf('start');
/** An annotation's keys, then `replies` (a list). */
const ENTRY_KEYS: readonly string[] = [...ANNOTATION_KEYS, 'replies'];
const A_REPLIES = ANNOTATION_KEYS.length;

/**
 * `key: value` lines at `indent` under a `- ` item whose first key starts at `keyStart` on the
 * reader's line: each value by its place in `keys` (unknown or repeated keys: undefined);
 * `replies` (when `keys` has it) read into `out.replies`.
 */
function readMapping(r: Reader, keyStart: number, indent: number, keys: readonly string[], out: { replies?: Reply[] }): (string | undefined)[] | undefined {
  const text = r.text;
  const values: (string | undefined)[] = new Array<string | undefined>(keys.length).fill(undefined);
  let p = keyStart;
  for (;;) {
    const eol = r.eol(p);
    let k = p;
    for (let c = text.charCodeAt(k); c >= 97 && c <= 122; c = text.charCodeAt(++k));
    if (k === p || k >= eol || text.charCodeAt(k) !== COLON) return undefined;
    const place = keyPlace(text, p, k, keys);
    if (place < 0 || values[place] !== undefined || (place === A_REPLIES && out.replies)) return undefined;
    const hasValue = k + 1 < eol;
    if (hasValue && text.charCodeAt(k + 1) !== SPACE) return undefined;
    if (keys === ENTRY_KEYS && place === A_REPLIES) {
      if (hasValue) return undefined;
      r.pos = eol + 1;
      const replies = readReplies(r, indent + 2);
      if (!replies) return undefined;
      out.replies = replies;
    } else if (keys === ENTRY_KEYS && place === A_START) {
      if (!hasValue || !isIndex(text, k + 2, eol)) return undefined;
      values[place] = text.slice(k + 2, eol);
      r.pos = eol + 1;
    } else {
      if (!hasValue) return undefined;
      const value = readScalar(r, k + 2, eol, indent);
      if (value === undefined) return undefined;
      values[place] = value;
    }
    if (r.done) return values;
    const next = r.pos;
    if (!r.spacesAt(next, indent)) return values;
    const c = text.charCodeAt(next + indent);
    if (c === SPACE || c === DASH) return values;
    p = next + indent;
  }
}

const R_CREATED = REPLY_KEYS.indexOf('created');
const R_UPDATED = REPLY_KEYS.indexOf('updated');

function readReplies(r: Reader, indent: number): Reply[] | undefined {
  const replies: Reply[] = [];
  const seen = new Set<string>();
  const text = r.text;
  while (!r.done && r.spacesAt(r.pos, indent) && text.charCodeAt(r.pos + indent) === DASH && text.charCodeAt(r.pos + indent + 1) === SPACE) {
    const values = readMapping(r, r.pos + indent + 2, indent + 2, REPLY_KEYS, {});
    if (!values) return undefined;
    for (const place of [R_CREATED, R_UPDATED]) if (values[place] !== undefined && !ISO_8601.test(values[place]!)) return undefined;
    const reply: Reply = { id: '', body: '' };
    for (let place = 0; place < REPLY_KEYS.length; place++) if (values[place] !== undefined) reply[REPLY_KEYS[place]] = values[place]!;
    if (values[0] === undefined || !ID_PATTERN.test(reply.id) || seen.has(reply.id)) return undefined;
    seen.add(reply.id);
    replies.push(reply);
  }
  return replies.length > 0 ? replies : undefined;
}

function toAnnotation(values: (string | undefined)[], replies: Reply[] | undefined): Annotation | undefined {
  // The places in ANNOTATION_KEYS: id, tag, note, quote, prefix, suffix, start, author, created, updated, status.
  const [id, tag, note, quote, prefix, suffix, start, author, created, updated, status] = values;
  if (id === undefined || tag === undefined || !quote || !ID_PATTERN.test(id)) return undefined;
  if (created !== undefined && !ISO_8601.test(created)) return undefined;
  if (updated !== undefined && !ISO_8601.test(updated)) return undefined;
  if (status !== undefined && status !== 'open' && status !== 'resolved') return undefined;
  const a: Annotation = {
    id, tag, note: note ?? '', quote, prefix: prefix ?? '', suffix: suffix ?? '',
    start: start === undefined ? 0 : Number(start),
  };
  if (author !== undefined) a.author = author;
  if (created !== undefined) a.created = created;
  if (updated !== undefined) a.updated = updated;
  if (status !== undefined) a.status = status;
  if (replies) a.replies = replies;
  return a;
}

/** The sidecar in `text` when it is in the layout Policy Lens writes and valid; undefined otherwise (use `parseSidecar`). */
export function quickReadSidecar(input: string): Sidecar | undefined {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!text.endsWith('\n') || text.includes('\r') || UNUSUAL.test(text) || MERGE_MARKER.test(text)) return undefined;
  if (!text.startsWith('version: 1\ndocument: ')) return undefined;
  const r = new Reader(text);
  const docFrom = 'version: 1\ndocument: '.length;
  const document = readScalar(r, docFrom, r.eol(docFrom), 0);
  if (!document || r.done) return undefined;
  if (text.startsWith('annotations: []\n', r.pos)) return r.pos + 16 === text.length ? { version: 1, document, annotations: [] } : undefined;
  if (!text.startsWith('annotations:\n', r.pos)) return undefined;
  r.pos += 13;
  const annotations: Annotation[] = [];
  const ids = new Set<string>();
  while (!r.done) {
    const line = r.pos;
    if (!text.startsWith('  - ', line)) return undefined;
    const out: { replies?: Reply[] } = {};
    const values = readMapping(r, line + 4, 4, ENTRY_KEYS, out);
    const a = values && toAnnotation(values, out.replies);
    if (!a || ids.has(a.id)) return undefined;
    ids.add(a.id);
    annotations.push(a);
  }
  return annotations.length > 0 ? { version: 1, document, annotations } : undefined;
}
