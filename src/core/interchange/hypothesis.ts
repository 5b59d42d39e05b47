/**
 * A Hypothesis export (`{export_date, export_userid, annotations: [...]}` or a bare list from
 * its API): each annotation's `uri`, `text` (Markdown), `tags` and `target[0].selector`, whose
 * TextPositionSelector counts UTF-16 code units. Page notes (no selector) and replies are skipped.
 */
import { ImportBundle, ImportedDocument, InterchangeError, isoOrUndefined } from './imported';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isHypothesisExport(json: unknown): boolean {
  if (isObject(json) && Array.isArray(json.annotations)) return true;
  return Array.isArray(json) && json.length > 0 && isObject(json[0]) && typeof json[0].uri === 'string' && Array.isArray(json[0].target);
}

export function parseHypothesis(file: string, json: unknown): ImportBundle {
  const list = isObject(json) ? json.annotations : json;
  if (!Array.isArray(list)) throw new InterchangeError(file, "not a Hypothesis export: expected 'annotations' to be a list");
  const documents = new Map<string, ImportedDocument>();
  const notices: string[] = [];
  list.forEach((item, i) => {
    const at = `annotations[${i}]`;
    if (!isObject(item)) throw new InterchangeError(file, `${at} must be an object`);
    const id = typeof item.id === 'string' && item.id ? item.id : undefined;
    if (!id) throw new InterchangeError(file, `${at} has no 'id'`);
    if (typeof item.uri !== 'string' || !item.uri) throw new InterchangeError(file, `${at} has no 'uri' (the document)`);
    if (Array.isArray(item.references) && item.references.length > 0) { notices.push(`${id}: a reply (skipped)`); return; }
    if (item.tags !== undefined && (!Array.isArray(item.tags) || item.tags.some((t) => typeof t !== 'string'))) throw new InterchangeError(file, `${at}.tags must be a list of text`);
    if (item.text !== undefined && typeof item.text !== 'string') throw new InterchangeError(file, `${at}.text must be text`);
    if (!Array.isArray(item.target)) throw new InterchangeError(file, `${at}.target must be a list`);
    const target = item.target.find(isObject);
    const selectors = target && Array.isArray(target.selector) ? target.selector.filter(isObject) : [];
    const quote = selectors.find((s) => s.type === 'TextQuoteSelector');
    if (!quote || typeof quote.exact !== 'string' || !quote.exact) { notices.push(`${id}: a page note without a quoted passage (skipped)`); return; }
    const pos = selectors.find((s) => s.type === 'TextPositionSelector');
    const position = pos && isCount(pos.start) && isCount(pos.end) && pos.end >= pos.start ? { start: pos.start, end: pos.end, unit: 'utf16' as const } : undefined;
    const user = typeof item.user === 'string' ? item.user.replace(/^acct:/, '').replace(/@[^@]*$/, '') : undefined;
    const doc = documents.get(item.uri) ?? { source: item.uri, annotations: [] };
    doc.annotations.push({
      foreignId: id,
      tags: (item.tags as string[] | undefined) ?? [],
      note: (item.text as string | undefined) ?? '',
      quote: quote.exact,
      prefix: typeof quote.prefix === 'string' ? quote.prefix : undefined,
      suffix: typeof quote.suffix === 'string' ? quote.suffix : undefined,
      position,
      author: user || undefined,
      created: isoOrUndefined(item.created),
      updated: isoOrUndefined(item.updated),
    });
    documents.set(item.uri, doc);
  });
  return { format: 'hypothesis', documents: [...documents.values()], tags: [], notices };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
