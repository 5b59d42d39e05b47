/**
 * REFI-QDA (standard 1.5): a `.qdpx` project (a ZIP holding `project.qde` and each text as
 * `sources/<GUID>.txt`) and a codebook-only `.qdc`. Element order follows the schema's
 * sequences; positions are Unicode code points (end exclusive) on the exported LF text; each
 * note is written both as the selection's Description (QualCoder's coding memo) and as a NoteRef
 * to a Note (the standard's form). GUIDs are derived, so re-exports keep them.
 */
import type { CodebookTag } from '../annotations/types';
import { guidOf, GUID_PATTERN } from './guid';
import { ImportBundle, ImportedAnnotation, ImportedDocument, ImportedTag, InterchangeError, isoOrUndefined, tagIdOf } from './imported';
import { byPath, ExportProject, locateAnnotations, tagOrder } from './model';
import { lfOffsetMapper, OffsetConverter, toLf } from './offsets';
import { attr, child, childrenNamed, open, parseXml, streamXml, text as xmlText, XmlElement } from './xml';
import { fflateZipCodec } from './fflate-codec';
import { readZip, writeZip, ZipCodec } from './zip';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
const COLOR = /^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/;

export interface QdpxExport {
  bytes: Uint8Array;
  /** The project.qde text (for tests and structural checks; decoded from the bytes when read). */
  readonly xml: string;
  /** Annotations left out (their quote is not in the current text), one line each. */
  warnings: string[];
}

/** xsd:dateTime in UTC with `Z`, or undefined when `iso` is not a date. */
function utc(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  if (/Z$/.test(iso) && isoOrUndefined(iso)) return iso;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The project as a `.qdpx`, zipped with `codec` (the host's: Node's zlib in the Node hosts and the CLI). */
export function renderQdpx(project: ExportProject, codec: ZipCodec = fflateZipCodec): QdpxExport {
  const docs = [...project.documents].sort(byPath);
  const warnings: string[] = [];
  const authors = new Set<string>();
  const usedTags = new Set<string>();
  let latest = '';
  for (const d of docs) for (const a of d.sidecar.annotations) {
    if (a.author) authors.add(a.author);
    usedTags.add(a.tag);
    for (const t of [a.created, a.updated]) { const u = utc(t); if (u && u > latest) latest = u; }
  }
  const users = [...authors].sort();
  const userGuid = (name: string | undefined) => (name ? guidOf.user(name) : undefined);
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  out.push(open('Project', [
    ['xmlns', PROJECT_NS], ['name', project.name], ['origin', 'Policy Lens'],
    ['creatingUserGUID', users.length > 0 ? userGuid(users[0]) : undefined], ['creationDateTime', latest || undefined],
  ]));
  if (users.length > 0) {
    out.push('<Users>');
    for (const u of users) out.push(open('User', [['guid', guidOf.user(u)], ['id', u], ['name', u]], true));
    out.push('</Users>');
  }
  out.push('<CodeBook>', '<Codes>', ...codesXml(tagOrder(project.codebook, usedTags)), '</Codes>', '</CodeBook>');

  const files: Record<string, string | Uint8Array> = {};
  const notes: string[] = [];
  // project.qde is encoded a document at a time, each line ended by '\n': a large project never
  // becomes one 100 MB string (joining and encoding that was a fifth of the export, most of it
  // garbage collection).
  const qde = new ChunkedUtf8();
  if (docs.length > 0) out.push('<Sources>');
  for (const doc of docs) {
    const sourceGuid = guidOf.document(doc.path);
    const lf = toLf(doc.text);
    files[`sources/${sourceGuid}.txt`] = lf;
    const toLfOffset = lfOffsetMapper(doc.text);
    const cps = new OffsetConverter(lf);
    out.push(open('TextSource', [['guid', sourceGuid], ['name', doc.path], ['plainTextPath', `internal://${sourceGuid}.txt`]]));
    const located = locateAnnotations(doc).sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || (a.annotation.id < b.annotation.id ? -1 : 1));
    for (const l of located) {
      const a = l.annotation;
      if (l.start === undefined) { warnings.push(`${doc.path}: annotation ${a.id} left out: its quote is not in the current text`); continue; }
      const s = toLfOffset(l.start), e = toLfOffset(l.end!);
      const guid = guidOf.annotation(doc.path, a.id);
      const user = userGuid(a.author);
      const created = utc(a.created), modified = utc(a.updated);
      out.push(open('PlainTextSelection', [
        ['guid', guid], ['name', lf.slice(s, e)], ['startPosition', String(cps.toCodePoint(s))], ['endPosition', String(cps.toCodePoint(e))],
        ['creatingUser', user], ['creationDateTime', created], ['modifyingUser', modified ? user : undefined], ['modifiedDateTime', modified],
      ]));
      if (a.note) out.push(`<Description>${xmlText(a.note)}</Description>`);
      out.push(open('Coding', [['guid', guidOf.coding(doc.path, a.id)], ['creatingUser', user], ['creationDateTime', created]]));
      out.push(open('CodeRef', [['targetGUID', guidOf.tag(a.tag)]], true), '</Coding>');
      if (a.note) {
        const noteGuid = guidOf.note(doc.path, a.id);
        out.push(open('NoteRef', [['targetGUID', noteGuid]], true));
        notes.push(open('Note', [['guid', noteGuid], ['name', `Note on ${a.id}`], ['creatingUser', user], ['creationDateTime', created], ['modifyingUser', modified ? user : undefined], ['modifiedDateTime', modified]])
          + `<PlainTextContent>${xmlText(a.note)}</PlainTextContent></Note>`);
      }
      out.push('</PlainTextSelection>');
    }
    out.push('</TextSource>');
    qde.addLines(out);
    out.length = 0;
  }
  if (docs.length > 0) out.push('</Sources>');
  if (notes.length > 0) {
    out.push('<Notes>');
    for (let i = 0; i < notes.length; i += 1000) { qde.addLines(out); out.length = 0; out.push(...notes.slice(i, i + 1000)); }
    out.push('</Notes>');
  }
  out.push('</Project>');
  qde.addLines(out);
  const qdeBytes = qde.bytes();
  return { bytes: writeZip({ 'project.qde': qdeBytes, ...files }, codec), get xml() { return new TextDecoder().decode(qdeBytes); }, warnings };
}

/** UTF-8 built from lines a batch at a time, then joined into one array. */
class ChunkedUtf8 {
  private readonly chunks: Uint8Array[] = [];
  private readonly encoder = new TextEncoder();

  /** Each line followed by '\n'. */
  addLines(lines: readonly string[]): void {
    if (lines.length > 0) this.chunks.push(this.encoder.encode(lines.join('\n') + '\n'));
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) { out.set(c, at); at += c.length; }
    return out;
  }
}

export function renderQdc(codebook: readonly CodebookTag[]): string {
  return ['<?xml version="1.0" encoding="utf-8"?>', `<CodeBook xmlns="${CODEBOOK_NS}">`, '<Codes>', ...codesXml(codebook), '</Codes>', '</CodeBook>'].join('\n') + '\n';
}

/** Codes nested by '/' in tag ids ("funding/recurrent" inside "funding"); a missing parent is a folder (not codable). */
function codesXml(tags: readonly CodebookTag[]): string[] {
  interface Node { id: string; tag?: CodebookTag; children: Node[] }
  const root: Node = { id: '', children: [] };
  const nodes = new Map<string, Node>();
  const nodeFor = (id: string): Node => {
    let n = nodes.get(id);
    if (n) return n;
    n = { id, children: [] };
    nodes.set(id, n);
    const slash = id.lastIndexOf('/');
    (slash > 0 ? nodeFor(id.slice(0, slash)) : root).children.push(n);
    return n;
  };
  for (const t of tags) nodeFor(t.id).tag = t;
  const out: string[] = [];
  const write = (n: Node) => {
    const t = n.tag;
    const name = t?.label ?? n.id.slice(n.id.lastIndexOf('/') + 1);
    const color = t && COLOR.test(t.color) ? t.color.toUpperCase() : undefined;
    const attrs: [string, string | undefined][] = [['guid', guidOf.tag(n.id)], ['name', name], ['isCodable', t ? 'true' : 'false'], ['color', color]];
    if (!t?.description && n.children.length === 0) { out.push(open('Code', attrs, true)); return; }
    out.push(open('Code', attrs));
    if (t?.description) out.push(`<Description>${xmlText(t.description)}</Description>`);
    n.children.forEach(write);
    out.push('</Code>');
  };
  root.children.forEach(write);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(file: string, what: string, bytes: Uint8Array): string {
  try {
    const s = decoder.decode(bytes);
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  } catch {
    throw new InterchangeError(file, `${what} is not UTF-8 text`);
  }
}

function xmlOf(file: string, what: string, textValue: string): XmlElement {
  try {
    return parseXml(textValue);
  } catch (err) {
    throw new InterchangeError(file, `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A selection as read from project.qde, before codes, notes and users are resolved. */
interface RawSelection {
  attrs: Record<string, string>;
  description?: string;
  noteRefs: string[];
  /** The first CodeRef's targetGUID of each Coding ('' when a Coding has none). */
  codeRefs: string[];
}

interface RawSource {
  attrs: Record<string, string>;
  inline?: string;
  /** Codings of the whole source (not imported; reported). */
  wholeCodings: number;
  selections: RawSelection[];
}

interface RawProject {
  rootName: string;
  rootUri: string;
  users: Map<string, string>;
  codebook?: XmlElement;
  notes: Map<string, string>;
  sources: RawSource[];
}

/**
 * One streaming pass over project.qde that keeps only what an import uses: users, the codebook
 * (as a small tree), notes, and each text source's selections with their codings and note refs.
 */
function readProjectXml(xmlValue: string): RawProject {
  const project: RawProject = { rootName: '', rootUri: '', users: new Map(), notes: new Map(), sources: [] };
  const stack: string[] = [];
  let tree: XmlElement[] = []; // the codebook being built
  let source: RawSource | undefined;
  let selection: RawSelection | undefined;
  let note: { guid?: string; text?: string } | undefined;
  // Where text goes while inside an element whose text is kept, and at what depth that element is.
  let textTo: ((t: string) => void) | undefined;
  let textDepth = -1;
  const collect = (depth: number, to: (t: string) => void) => { textDepth = depth; textTo = to; };
  streamXml(xmlValue, {
    wantsText: () => textTo !== undefined,
    text: (t) => textTo!(t),
    open(name, attrs, prefix) {
      const depth = stack.length;
      const parent = depth > 0 ? stack[depth - 1] : '';
      stack.push(name);
      if (tree.length > 0) {
        const el: XmlElement = { name, uri: '', attrs: { ...attrs }, children: [], text: '' };
        tree[tree.length - 1].children.push(el);
        tree.push(el);
        collect(depth, (t) => { el.text += t; });
        return;
      }
      if (textTo) return; // markup inside text we keep (not in the schema): its text is not ours
      if (depth === 0) {
        project.rootName = name;
        project.rootUri = (prefix ? attrs[`xmlns:${prefix}`] : attrs.xmlns) ?? '';
        return;
      }
      if (depth === 1) {
        if (name === 'CodeBook' && !project.codebook) { project.codebook = { name, uri: '', attrs: { ...attrs }, children: [], text: '' }; tree = [project.codebook]; }
        return;
      }
      if (depth === 2) {
        if (name === 'User' && parent === 'Users') { if (attrs.guid) project.users.set(attrs.guid.toLowerCase(), attrs.name || attrs.id || ''); }
        else if (name === 'Note' && parent === 'Notes') note = { guid: attrs.guid };
        else if (name === 'TextSource' && parent === 'Sources') { source = { attrs, wholeCodings: 0, selections: [] }; project.sources.push(source); }
        return;
      }
      if (depth === 3) {
        if (note && name === 'PlainTextContent' && note.text === undefined) { const n = note; n.text = ''; collect(depth, (t) => { n.text += t; }); }
        else if (source && name === 'PlainTextContent' && source.inline === undefined) { const s = source; s.inline = ''; collect(depth, (t) => { s.inline += t; }); }
        else if (source && name === 'Coding') source.wholeCodings++;
        else if (source && name === 'PlainTextSelection') { selection = { attrs, noteRefs: [], codeRefs: [] }; source.selections.push(selection); }
        return;
      }
      if (!selection) return;
      if (depth === 4) {
        if (name === 'Description' && selection.description === undefined) { const sel = selection; sel.description = ''; collect(depth, (t) => { sel.description += t; }); }
        else if (name === 'NoteRef') selection.noteRefs.push(attrs.targetGUID ?? '');
        else if (name === 'Coding') selection.codeRefs.push('');
      } else if (depth === 5 && name === 'CodeRef' && parent === 'Coding') {
        const last = selection.codeRefs.length - 1;
        if (selection.codeRefs[last] === '') selection.codeRefs[last] = attrs.targetGUID ?? '';
      }
    },
    close() {
      stack.pop();
      const depth = stack.length;
      if (tree.length > 0) {
        tree.pop();
        if (tree.length > 0) { const el = tree[tree.length - 1]; collect(depth - 1, (t) => { el.text += t; }); } else textTo = undefined;
        return;
      }
      if (depth === textDepth) { textTo = undefined; textDepth = -1; }
      if (depth === 3) selection = undefined;
      else if (depth === 2) { source = undefined; if (note) { if (note.guid && note.text !== undefined) project.notes.set(note.guid.toLowerCase(), note.text); note = undefined; } }
    },
  });
  if (!project.rootName) throw new Error('no XML element found');
  return project;
}

/** Reads a `.qdpx`. Throws InterchangeError naming `file` and what is wrong; reads nothing outside the archive. */
export function parseQdpx(file: string, bytes: Uint8Array, codec: ZipCodec = fflateZipCodec): ImportBundle {
  let entries: Map<string, Uint8Array>;
  try {
    entries = readZip(bytes, codec);
  } catch (err) {
    throw new InterchangeError(file, err instanceof Error ? err.message : String(err));
  }
  const qde = entries.get('project.qde');
  if (!qde) throw new InterchangeError(file, 'no project.qde at the root of the archive (is it a REFI-QDA project?)');
  let root: RawProject;
  try {
    root = readProjectXml(utf8(file, 'project.qde', qde));
  } catch (err) {
    if (err instanceof InterchangeError) throw err;
    throw new InterchangeError(file, `project.qde: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (root.rootName !== 'Project' || (root.rootUri && root.rootUri !== PROJECT_NS)) throw new InterchangeError(file, `project.qde: the root element is <${root.rootName}>, not a REFI-QDA <Project> (${PROJECT_NS})`);

  const users = root.users;
  const tags: ImportedTag[] = [];
  const codes = new Map<string, string>(); // code guid -> path name
  if (root.codebook) readCodes(file, child(root.codebook, 'Codes'), '', codes, tags);
  const notes = root.notes;

  const documents: ImportedDocument[] = [];
  const notices: string[] = [];
  for (const source of root.sources) {
    const name = source.attrs.name || source.attrs.guid || '?';
    const textValue = sourceText(file, source, name, entries);
    const conv = new OffsetConverter(textValue);
    const annotations: ImportedAnnotation[] = [];
    if (source.wholeCodings > 0) notices.push(`${name}: codings of the whole source are not imported (Policy Lens annotates passages)`);
    for (const sel of source.selections) {
      const attrs = sel.attrs;
      const guid = attrs.guid;
      if (!guid || !GUID_PATTERN.test(guid)) throw new InterchangeError(file, `source '${name}': a PlainTextSelection has no valid guid`);
      const start = count(attrs.startPosition), end = count(attrs.endPosition);
      if (start === undefined || end === undefined || end < start) throw new InterchangeError(file, `source '${name}': selection ${guid} needs whole-number startPosition <= endPosition (has '${attrs.startPosition}', '${attrs.endPosition}')`);
      if (end > textValue.length && end > conv.codePointLength) throw new InterchangeError(file, `source '${name}': selection ${guid} ends at ${end}, past the end of its text (${conv.codePointLength} characters)`);
      const description = sel.description ?? '';
      let note = description;
      for (const ref of sel.noteRefs) {
        const t = notes.get(ref.toLowerCase());
        if (t !== undefined && t !== description && t) note = note ? `${note}\n\n${t}` : t;
      }
      const quote = attrs.name ?? '';
      const author = users.get((attrs.creatingUser ?? '').toLowerCase()) || undefined;
      const created = isoOrUndefined(attrs.creationDateTime), updated = isoOrUndefined(attrs.modifiedDateTime);
      const make = (foreignId: string, tagsOf: string[]): ImportedAnnotation =>
        ({ foreignId, tags: tagsOf, note, quote, position: { start, end, unit: 'code-point' }, author, created, updated });
      const lowerGuid = guid.toLowerCase();
      if (sel.codeRefs.length === 0) { annotations.push(make(lowerGuid, [])); continue; }
      for (let k = 0; k < sel.codeRefs.length; k++) {
        const ref = sel.codeRefs[k];
        const code = codes.get(ref.toLowerCase());
        if (code === undefined) throw new InterchangeError(file, `source '${name}': selection ${guid} is coded with ${ref || 'no CodeRef'}, which is no Code in the codebook`);
        // One annotation per code; the first keeps the selection's GUID (our own exports re-import by it).
        annotations.push(make(k === 0 ? lowerGuid : `${lowerGuid}#${ref.toLowerCase()}`, [code]));
      }
    }
    documents.push({ source: name, text: textValue, annotations });
  }
  return { format: 'qdpx', documents, tags, notices };
}

/** Reads a codebook-only `.qdc`. */
export function parseQdc(file: string, bytes: Uint8Array): ImportBundle {
  const root = xmlOf(file, 'the codebook', utf8(file, 'the codebook', bytes));
  if (root.name !== 'CodeBook') throw new InterchangeError(file, `the root element is <${root.name}>, not a REFI-QDA <CodeBook>`);
  const tags: ImportedTag[] = [];
  readCodes(file, child(root, 'Codes'), '', new Map(), tags);
  return { format: 'qdc', documents: [], tags, notices: [] };
}

const emptyElement: XmlElement = { name: '', uri: '', attrs: {}, children: [], text: '' };

function readCodes(file: string, codesEl: XmlElement | undefined, parent: string, codes: Map<string, string>, tags: ImportedTag[]): void {
  for (const code of childrenNamed(codesEl ?? emptyElement, 'Code')) readCode(file, code, parent, codes, tags);
}

function readCode(file: string, code: XmlElement, parent: string, codes: Map<string, string>, tags: ImportedTag[]): void {
  const { guid, name, color } = code.attrs;
  if (!guid || !GUID_PATTERN.test(guid)) throw new InterchangeError(file, `code '${name ?? '?'}' has no valid guid`);
  if (!name) throw new InterchangeError(file, `code ${guid} has no name`);
  if (color !== undefined && !COLOR.test(color)) throw new InterchangeError(file, `code '${name}' has colour '${color}', which is not #RRGGBB or #RGB`);
  const path = parent ? `${parent}/${name}` : name;
  codes.set(guid.toLowerCase(), path);
  if (code.attrs.isCodable !== 'false') {
    const tag: ImportedTag = { id: tagIdOf(path), label: name, guid: guid.toLowerCase() };
    if (color) tag.color = expandColor(color);
    const description = child(code, 'Description')?.text;
    if (description) tag.description = description;
    tags.push(tag);
  }
  for (const c of childrenNamed(code, 'Code')) readCode(file, c, path, codes, tags);
}

function expandColor(c: string): string {
  const hex = c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}` : c;
  return hex.toLowerCase();
}

function sourceText(file: string, source: RawSource, name: string, entries: Map<string, Uint8Array>): string {
  const path = source.attrs.plainTextPath;
  if (source.inline !== undefined && !path) return source.inline;
  if (!path) throw new InterchangeError(file, `source '${name}' has neither plainTextPath nor PlainTextContent`);
  const m = /^internal:\/\/(.+)$/.exec(path);
  if (!m) throw new InterchangeError(file, `source '${name}' points outside the archive (${path}); only internal:// sources are read`);
  const entryName = `sources/${m[1]}`;
  const bytes = entries.get(entryName) ?? [...entries].find(([k]) => k.toLowerCase() === entryName.toLowerCase())?.[1];
  if (!bytes) throw new InterchangeError(file, `source '${name}' points at ${path}, which is not in the archive (missing ${entryName})`);
  return utf8(file, entryName, bytes);
}

function count(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,12}$/.test(v) ? Number(v) : undefined;
}

// `attr` is re-exported for tests that build hostile project files.
export { attr as xmlAttr };
