/**
 * W3C Web Annotation (JSON-LD): export an AnnotationCollection with its AnnotationPage embedded,
 * each annotation targeting its document with a TextQuoteSelector and a TextPositionSelector
 * (code points, end exclusive), a `tagging` body and a `commenting` (text/markdown) body; and
 * import the same (a collection, a page, an array or one annotation).
 */
import { guidOf } from './guid';
import { ImportBundle, ImportedAnnotation, ImportedDocument, InterchangeError, isoOrUndefined } from './imported';
import { byPath, ExportProject, locateAnnotations } from './model';
import { OffsetConverter } from './offsets';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export function renderW3c(project: ExportProject): string {
  const items: unknown[] = [];
  for (const doc of [...project.documents].sort(byPath)) {
    const offsets = new OffsetConverter(doc.text);
    const located = locateAnnotations(doc).sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || (a.annotation.id < b.annotation.id ? -1 : 1));
    for (const l of located) {
      const a = l.annotation;
      const body: unknown[] = [{ type: 'TextualBody', purpose: 'tagging', value: a.tag }];
      if (a.note) body.push({ type: 'TextualBody', purpose: 'commenting', format: 'text/markdown', value: a.note });
      const quote = l.start === undefined ? { exact: a.quote, prefix: a.prefix, suffix: a.suffix }
        : { exact: doc.text.slice(l.start, l.end), prefix: a.prefix, suffix: a.suffix };
      const selector: unknown[] = [{ type: 'TextQuoteSelector', ...quote }];
      if (l.start !== undefined) selector.push({ type: 'TextPositionSelector', start: offsets.toCodePoint(l.start), end: offsets.toCodePoint(l.end!) });
      const item: Record<string, unknown> = {
        id: `urn:uuid:${guidOf.annotation(doc.path, a.id)}`,
        type: 'Annotation',
      };
      if (a.author) item.creator = { type: 'Person', name: a.author };
      if (a.created) item.created = a.created;
      if (a.updated) item.modified = a.updated;
      item.body = body;
      item.target = { source: doc.path, selector };
      items.push(item);
    }
  }
  const collection = {
    '@context': W3C_CONTEXT,
    id: `urn:uuid:${guidOf.project(project.name)}`,
    type: 'AnnotationCollection',
    label: project.name,
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  };
  return JSON.stringify(collection, null, 2) + '\n';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const hasType = (v: Json, type: string): boolean => asArray(v.type).includes(type);

/** Reads W3C Web Annotation JSON(-LD). Throws InterchangeError naming `file` and the bad part. */
export function parseW3c(file: string, json: unknown): ImportBundle {
  let items: unknown[];
  let where: string;
  if (Array.isArray(json)) { items = json; where = ''; }
  else if (isObject(json) && hasType(json, 'AnnotationCollection')) {
    if (!isObject(json.first)) throw new InterchangeError(file, "the AnnotationCollection has no embedded 'first' AnnotationPage (pages fetched by IRI are not supported)");
    if (!Array.isArray(json.first.items)) throw new InterchangeError(file, "'first.items' must be a list of annotations");
    items = json.first.items; where = 'first.items';
  } else if (isObject(json) && hasType(json, 'AnnotationPage')) {
    if (!Array.isArray(json.items)) throw new InterchangeError(file, "'items' must be a list of annotations");
    items = json.items; where = 'items';
  } else if (isObject(json) && hasType(json, 'Annotation')) { items = [json]; where = ''; }
  else throw new InterchangeError(file, 'not W3C Web Annotation JSON: expected an AnnotationCollection, an AnnotationPage, an Annotation or a list of annotations');

  const documents = new Map<string, ImportedDocument>();
  const notices: string[] = [];
  items.forEach((item, i) => {
    const at = where ? `${where}[${i}]` : `[${i}]`;
    const read = readAnnotation(file, item, at);
    if ('notice' in read) { notices.push(read.notice); return; }
    const doc = documents.get(read.source) ?? { source: read.source, annotations: [] };
    doc.annotations.push(read.annotation);
    documents.set(read.source, doc);
  });
  return { format: 'w3c', documents: [...documents.values()], tags: [], notices };
}

function readAnnotation(file: string, item: unknown, at: string): { source: string; annotation: ImportedAnnotation } | { notice: string } {
  if (!isObject(item)) throw new InterchangeError(file, `${at} must be an annotation object`);
  if (typeof item.id !== 'string' || item.id === '') throw new InterchangeError(file, `${at} has no 'id'`);
  const targets = asArray(item.target);
  const target = targets.find(isObject);
  if (!target) return { notice: `${item.id}: no text target (skipped)` };
  if (typeof target.source !== 'string' || target.source === '') throw new InterchangeError(file, `${at}.target has no 'source' (the document)`);
  const selectors = asArray(target.selector).filter(isObject);
  const quoteSelector = selectors.find((s) => s.type === 'TextQuoteSelector');
  if (!quoteSelector || typeof quoteSelector.exact !== 'string' || quoteSelector.exact === '') {
    return { notice: `${item.id}: no TextQuoteSelector with the quoted text (skipped: Policy Lens anchors by quote)` };
  }
  for (const key of ['prefix', 'suffix'] as const) {
    if (quoteSelector[key] !== undefined && typeof quoteSelector[key] !== 'string') throw new InterchangeError(file, `${at}: TextQuoteSelector '${key}' must be text`);
  }
  const positionSelector = selectors.find((s) => s.type === 'TextPositionSelector');
  let position: ImportedAnnotation['position'];
  if (positionSelector) {
    const { start, end } = positionSelector;
    if (!isCount(start) || !isCount(end) || end < start) throw new InterchangeError(file, `${at}: TextPositionSelector needs whole-number 'start' <= 'end'`);
    position = { start, end, unit: 'code-point' };
  }
  const tags: string[] = [];
  let note = '';
  for (const body of asArray(item.body)) {
    if (typeof body === 'string') continue; // a body by IRI: nothing to read
    if (!isObject(body)) throw new InterchangeError(file, `${at}.body must be objects`);
    const purposes = asArray(body.purpose);
    if (typeof body.value !== 'string') continue;
    if (purposes.includes('tagging')) tags.push(body.value);
    else if (purposes.includes('commenting') || purposes.length === 0 || purposes.includes('describing')) note = note ? `${note}\n\n${body.value}` : body.value;
  }
  const creator = asArray(item.creator)[0];
  const author = typeof creator === 'string' ? creator : isObject(creator) && typeof creator.name === 'string' ? creator.name : isObject(creator) && typeof creator.nickname === 'string' ? creator.nickname : undefined;
  return {
    source: target.source,
    annotation: {
      foreignId: item.id,
      tags,
      note,
      quote: quoteSelector.exact,
      prefix: (quoteSelector.prefix as string | undefined) ?? undefined,
      suffix: (quoteSelector.suffix as string | undefined) ?? undefined,
      position,
      author,
      created: isoOrUndefined(item.created),
      updated: isoOrUndefined(item.modified),
    },
  };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
