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
import { attr, child, childrenNamed, open, parseXml, text as xmlText, XmlElement } from './xml';
import { readZip, writeZip } from './zip';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
const COLOR = /^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/;

export interface QdpxExport {
  bytes: Uint8Array;
  /** The project.qde text (for tests and structural checks). */
  xml: string;
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

export function renderQdpx(project: ExportProject): QdpxExport {
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
  }
  if (docs.length > 0) out.push('</Sources>');
  if (notes.length > 0) out.push('<Notes>', ...notes, '</Notes>');
  out.push('</Project>');
  const xml = out.join('\n') + '\n';
  return { bytes: writeZip({ 'project.qde': xml, ...files }), xml, warnings };
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

/** Reads a `.qdpx`. Throws InterchangeError naming `file` and what is wrong; reads nothing outside the archive. */
export function parseQdpx(file: string, bytes: Uint8Array): ImportBundle {
  let entries: Map<string, Uint8Array>;
  try {
    entries = readZip(bytes);
  } catch (err) {
    throw new InterchangeError(file, err instanceof Error ? err.message : String(err));
  }
  const qde = entries.get('project.qde');
  if (!qde) throw new InterchangeError(file, 'no project.qde at the root of the archive (is it a REFI-QDA project?)');
  const root = xmlOf(file, 'project.qde', utf8(file, 'project.qde', qde));
  if (root.name !== 'Project' || (root.uri && root.uri !== PROJECT_NS)) throw new InterchangeError(file, `project.qde: the root element is <${root.name}>, not a REFI-QDA <Project> (${PROJECT_NS})`);

  const users = new Map<string, string>();
  for (const u of childrenNamed(child(root, 'Users') ?? emptyElement, 'User')) {
    if (u.attrs.guid) users.set(u.attrs.guid.toLowerCase(), u.attrs.name || u.attrs.id || '');
  }
  const tags: ImportedTag[] = [];
  const codes = new Map<string, string>(); // code guid -> path name
  const codebook = child(root, 'CodeBook');
  if (codebook) readCodes(file, child(codebook, 'Codes'), '', codes, tags);

  const notes = new Map<string, string>();
  for (const n of childrenNamed(child(root, 'Notes') ?? emptyElement, 'Note')) {
    const content = child(n, 'PlainTextContent');
    if (n.attrs.guid && content) notes.set(n.attrs.guid.toLowerCase(), content.text);
  }

  const documents: ImportedDocument[] = [];
  const notices: string[] = [];
  for (const source of childrenNamed(child(root, 'Sources') ?? emptyElement, 'TextSource')) {
    const name = source.attrs.name || source.attrs.guid || '?';
    const textValue = sourceText(file, source, name, entries);
    const conv = new OffsetConverter(textValue);
    const annotations: ImportedAnnotation[] = [];
    if (childrenNamed(source, 'Coding').length > 0) notices.push(`${name}: codings of the whole source are not imported (Policy Lens annotates passages)`);
    for (const sel of childrenNamed(source, 'PlainTextSelection')) {
      const guid = sel.attrs.guid;
      if (!guid || !GUID_PATTERN.test(guid)) throw new InterchangeError(file, `source '${name}': a PlainTextSelection has no valid guid`);
      const start = count(sel.attrs.startPosition), end = count(sel.attrs.endPosition);
      if (start === undefined || end === undefined || end < start) throw new InterchangeError(file, `source '${name}': selection ${guid} needs whole-number startPosition <= endPosition (has '${sel.attrs.startPosition}', '${sel.attrs.endPosition}')`);
      if (end > textValue.length && end > conv.codePointLength) throw new InterchangeError(file, `source '${name}': selection ${guid} ends at ${end}, past the end of its text (${conv.codePointLength} characters)`);
      const description = child(sel, 'Description')?.text ?? '';
      const noteTexts = childrenNamed(sel, 'NoteRef').map((r) => notes.get((r.attrs.targetGUID ?? '').toLowerCase())).filter((t): t is string => t !== undefined);
      const note = [description, ...noteTexts.filter((t) => t !== description)].filter(Boolean).join('\n\n');
      const creator = users.get((sel.attrs.creatingUser ?? '').toLowerCase());
      const base = {
        note,
        quote: sel.attrs.name ?? '',
        position: { start, end, unit: 'code-point' as const },
        author: creator || undefined,
        created: isoOrUndefined(sel.attrs.creationDateTime),
        updated: isoOrUndefined(sel.attrs.modifiedDateTime),
      };
      const codings = childrenNamed(sel, 'Coding');
      if (codings.length === 0) { annotations.push({ ...base, foreignId: guid.toLowerCase(), tags: [] }); continue; }
      codings.forEach((coding, k) => {
        const ref = child(coding, 'CodeRef')?.attrs.targetGUID ?? '';
        const code = codes.get(ref.toLowerCase());
        if (code === undefined) throw new InterchangeError(file, `source '${name}': selection ${guid} is coded with ${ref || 'no CodeRef'}, which is no Code in the codebook`);
        // One annotation per code; the first keeps the selection's GUID (our own exports re-import by it).
        annotations.push({ ...base, foreignId: k === 0 ? guid.toLowerCase() : `${guid.toLowerCase()}#${ref.toLowerCase()}`, tags: [code] });
      });
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

function sourceText(file: string, source: XmlElement, name: string, entries: Map<string, Uint8Array>): string {
  const inline = child(source, 'PlainTextContent');
  const path = source.attrs.plainTextPath;
  if (inline && !path) return inline.text;
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
