/**
 * A fast, read-only reader for sidecars in the layout `serializeSidecar` writes, for loading a
 * whole workspace (the Annotations view, search): the `yaml` Document API costs about 20 ms of
 * CPU per 50-annotation sidecar, so 1,000 sidecars took seconds; this reads the same file line
 * by line in well under a millisecond.
 *
 * It returns a Sidecar only when `parseSidecar` would read the text as valid with no problem
 * and as the same data; anything it is not sure of (a comment, flow style, single quotes, an
 * unknown or repeated key, `conflicts`, a top-level key besides the three, a scalar the yaml
 * core schema would read as a number, a bad date or status, control characters, merge markers)
 * gives undefined, and the caller parses with the yaml library (which reports the problems with
 * their lines). Writing always goes through the yaml Document API, never through this.
 * test/unit/quick-read.test.ts holds it to `parseSidecar` on generated sidecars.
 */
import { isSafePlain } from './sidecar-text';
import { ANNOTATION_KEYS, Annotation, Reply, REPLY_KEYS, Sidecar } from './types';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** Characters whose presence sends the whole file to the yaml library (control characters, U+FFFD, JS line breaks...). */
const UNUSUAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd]/;
const MERGE_MARKER = /^(<{7}|\|{7}|={7}|>{7})(?: |$)/m;
const ANNOTATION_KEY_SET = new Set<string>(ANNOTATION_KEYS);
const REPLY_KEY_SET = new Set<string>(REPLY_KEYS);

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

class Lines {
  private readonly lines: string[];
  i = 0;
  constructor(text: string) {
    this.lines = text.split('\n');
    // The file ends with a newline: the empty string after it is not a line.
    if (this.lines[this.lines.length - 1] === '') this.lines.pop();
  }
  get done(): boolean { return this.i >= this.lines.length; }
  peek(): string { return this.lines[this.i]; }
  next(): string { return this.lines[this.i++]; }
}

/**
 * The value after `key:` at `indent` (the key's column): plain, double-quoted (one line or
 * folded over several) or a `|`, `|-`, `|+` block. `rest` is what followed `key: ` on its line.
 */
function readScalar(lines: Lines, rest: string | undefined, indent: number): string | undefined {
  if (rest === undefined) return undefined;
  if (rest.startsWith('"')) {
    const body = rest.slice(1);
    return closesQuote(body) ? unescape(body.slice(0, -1)) : readFoldedQuoted(lines, body);
  }
  if (rest === '|' || rest === '|-' || rest === '|+') return readBlock(lines, rest, indent + 2);
  return plainOk(rest) ? rest : undefined;
}

/** Plain scalars that need a closer look: an indicator first, a space last, ': ', ' #', a tab. */
const MAYBE_NOT_PLAIN = /^[\s\-?:,[\]{}#&*!|>'"%@`]|\s$|: |:$| #|\t/;
/** First characters of plain scalars the core schema may read as a number, boolean or null. */
const MAYBE_NOT_STRING = /^[-+.\d~nNtTfF]/;

/** `isSafePlain` (the whole file was already checked for control characters), cheaply for ordinary text. */
function plainOk(value: string): boolean {
  if (value === '' || MAYBE_NOT_PLAIN.test(value)) return false;
  return !MAYBE_NOT_STRING.test(value) || isSafePlain(value);
}

/**
 * A double-quoted scalar folded over several lines, as the yaml writer folds a long string with
 * line breaks: a break between two lines is a space, each empty line between them a newline.
 * Trailing whitespace or an escaped line break sends the file to the yaml library.
 */
function readFoldedQuoted(lines: Lines, first: string): string | undefined {
  const parts: string[] = [first];
  for (;;) {
    if (lines.done) return undefined;
    const line = lines.next().replace(/^[ \t]+/, '');
    if (closesQuote(line)) {
      parts.push(line.slice(0, -1));
      break;
    }
    parts.push(line);
  }
  if (parts[0] === '' || parts[parts.length - 1] === '') return undefined;
  for (let k = 0; k < parts.length - 1; k++) if (/[ \t\\]$/.test(parts[k])) return undefined;
  let folded = parts[0];
  let empty = 0;
  for (let k = 1; k < parts.length; k++) {
    if (parts[k] === '' && k < parts.length - 1) { empty++; continue; }
    folded += empty > 0 ? '\n'.repeat(empty) : ' ';
    folded += parts[k];
    empty = 0;
  }
  return unescape(folded);
}

/** True when `s` ends with a closing quote (one not escaped by an odd run of backslashes). */
function closesQuote(s: string): boolean {
  if (!s.endsWith('"')) return false;
  let backslashes = 0;
  for (let i = s.length - 2; i >= 0 && s[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** A literal block scalar whose content is indented by `contentIndent` (no indentation indicator). */
function readBlock(lines: Lines, header: string, contentIndent: number): string | undefined {
  const pad = ' '.repeat(contentIndent);
  const body: string[] = [];
  while (!lines.done) {
    const line = lines.peek();
    if (line === '') { body.push(''); lines.next(); continue; }
    if (!line.startsWith(pad)) break;
    body.push(line.slice(contentIndent));
    lines.next();
  }
  let trailing = 0;
  while (body.length > 0 && body[body.length - 1] === '') { body.pop(); trailing++; }
  if (body.length === 0) return undefined;
  if (/^[ \t]/.test(body[0])) return undefined; // the writer would have given an indentation indicator
  const text = body.join('\n');
  if (header === '|-') return text;
  if (header === '|') return `${text}\n`;
  return `${text}\n${'\n'.repeat(trailing)}`;
}

type Fields = Record<string, string | Reply[]>;
const PADS = ['', ' ', '  ', '   ', '    ', '     ', '      ', '       ', '        '];
const KEY = /^[a-z]+$/;

/** `key: value` lines at `indent` under a `- ` item whose first key is on the item line. */
function readMapping(lines: Lines, firstLine: string, indent: number, allowReplies: boolean): Fields | undefined {
  const fields: Fields = {};
  let line: string | undefined = firstLine;
  const pad = PADS[indent];
  for (;;) {
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon) : '';
    if (!KEY.test(key) || Object.prototype.hasOwnProperty.call(fields, key) || key === 'constructor') return undefined;
    if (colon + 1 < line.length && line.charCodeAt(colon + 1) !== 32) return undefined;
    const rest = colon + 1 < line.length ? line.slice(colon + 2) : undefined;
    if (key === 'replies' && allowReplies) {
      if (rest !== undefined) return undefined;
      const replies = readReplies(lines, indent + 2);
      if (!replies) return undefined;
      fields[key] = replies;
    } else if (key === 'start') {
      if (rest === undefined || !/^(?:0|[1-9]\d{0,14})$/.test(rest)) return undefined;
      fields[key] = rest;
    } else {
      const value = readScalar(lines, rest, indent);
      if (value === undefined) return undefined;
      fields[key] = value;
    }
    if (lines.done) return fields;
    const next = lines.peek();
    if (!next.startsWith(pad) || next.charCodeAt(indent) === 32 || next.charCodeAt(indent) === 45) return fields;
    line = lines.next().slice(indent);
  }
}

function readReplies(lines: Lines, indent: number): Reply[] | undefined {
  const replies: Reply[] = [];
  const seen = new Set<string>();
  const item = `${' '.repeat(indent)}- `;
  while (!lines.done && lines.peek().startsWith(item)) {
    const fields = readMapping(lines, lines.next().slice(item.length), indent + 2, false);
    if (!fields) return undefined;
    const reply: Reply = { id: '', body: '' };
    for (const key in fields) {
      const value = fields[key];
      if (!REPLY_KEY_SET.has(key) || typeof value !== 'string') return undefined;
      if ((key === 'created' || key === 'updated') && !ISO_8601.test(value)) return undefined;
      (reply as unknown as Record<string, string>)[key] = value;
    }
    if (!('id' in fields) || !ID_PATTERN.test(reply.id) || seen.has(reply.id)) return undefined;
    seen.add(reply.id);
    replies.push(reply);
  }
  return replies.length > 0 ? replies : undefined;
}

function toAnnotation(fields: Fields): Annotation | undefined {
  const values = fields as Record<string, string>;
  const replies = fields.replies as Reply[] | undefined;
  for (const key in fields) {
    if (key !== 'replies' && (!ANNOTATION_KEY_SET.has(key) || typeof fields[key] !== 'string')) return undefined;
  }
  const { id, tag, quote } = values;
  if (id === undefined || tag === undefined || !quote || !ID_PATTERN.test(id)) return undefined;
  if (values.start !== undefined && !/^(?:0|[1-9]\d{0,14})$/.test(values.start)) return undefined;
  for (const key of ['created', 'updated']) if (values[key] !== undefined && !ISO_8601.test(values[key])) return undefined;
  if (values.status !== undefined && values.status !== 'open' && values.status !== 'resolved') return undefined;
  const a: Annotation = {
    id, tag, note: values.note ?? '', quote, prefix: values.prefix ?? '', suffix: values.suffix ?? '',
    start: values.start === undefined ? 0 : Number(values.start),
  };
  for (const key of ['author', 'created', 'updated'] as const) if (values[key] !== undefined) a[key] = values[key];
  if (values.status !== undefined) a.status = values.status as Annotation['status'];
  if (replies) a.replies = replies;
  return a;
}

/** The sidecar in `text` when it is in the layout Policy Lens writes and valid; undefined otherwise (use `parseSidecar`). */
export function quickReadSidecar(input: string): Sidecar | undefined {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!text.endsWith('\n') || text.includes('\r') || UNUSUAL.test(text) || MERGE_MARKER.test(text)) return undefined;
  const lines = new Lines(text);
  if (lines.next() !== 'version: 1') return undefined;
  const doc = lines.done ? '' : lines.next();
  if (!doc.startsWith('document: ')) return undefined;
  const document = readScalar(lines, doc.slice('document: '.length), 0);
  if (!document) return undefined;
  const list = lines.done ? undefined : lines.next();
  if (list === 'annotations: []') return lines.done ? { version: 1, document, annotations: [] } : undefined;
  if (list !== 'annotations:') return undefined;
  const annotations: Annotation[] = [];
  const ids = new Set<string>();
  while (!lines.done) {
    const line = lines.next();
    if (!line.startsWith('  - ')) return undefined;
    const fields = readMapping(lines, line.slice(4), 4, true);
    const a = fields && toAnnotation(fields);
    if (!a || ids.has(a.id)) return undefined;
    ids.add(a.id);
    annotations.push(a);
  }
  return annotations.length > 0 ? { version: 1, document, annotations } : undefined;
}
