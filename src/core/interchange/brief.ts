/**
 * The brief: a Markdown document an analyst edits and publishes. Per document its title and
 * source, then its annotations grouped by tag (codebook order and labels), each quote as a
 * blockquote with its printed page "(p13)" where the document has page numbers, else its line,
 * the note below, author and date in small text; optionally the findings summary.
 * Deterministic: the same input gives the same bytes (dates in UTC, no clock, no locale).
 */
import type { CodebookTag } from '../annotations/types';
import type { FundingClass } from '../types';
import { byPath, documentTitle, ExportDocument, locateAnnotations, LocatedAnnotation, tagOrder } from './model';

export interface BriefOptions {
  /** The heading of a brief over several documents. */
  title?: string;
  /** Include each document's findings summary (where the caller computed one). */
  findings?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FUNDING_CLASSES: { cls: FundingClass; label: string }[] = [
  { cls: 'unfunded', label: 'Unfunded' },
  { cls: 'existing', label: 'Within existing resources' },
  { cls: 'backed', label: 'Backed' },
];

export function renderBrief(documents: readonly ExportDocument[], codebook: readonly CodebookTag[], options: BriefOptions = {}): string {
  const docs = [...documents].sort(byPath);
  const out: string[] = [];
  const single = docs.length === 1;
  if (!single) out.push(`# ${escapeMarkdown(options.title ?? 'Brief')}`, '');
  for (const doc of docs) out.push(...documentSection(doc, codebook, options, single ? '#' : '##'));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

function documentSection(doc: ExportDocument, codebook: readonly CodebookTag[], options: BriefOptions, h: string): string[] {
  const out: string[] = [`${h} ${escapeMarkdown(documentTitle(doc))}`, '', `Source: \`${doc.path.replace(/`/g, "'")}\``, ''];
  if (options.findings && doc.findings) out.push(...findingsSection(doc, h + '#'));
  const located = locateAnnotations(doc);
  if (located.length === 0) {
    out.push('_No annotations._', '');
    return out;
  }
  const byTag = new Map<string, LocatedAnnotation[]>();
  for (const l of located) {
    const list = byTag.get(l.annotation.tag) ?? [];
    list.push(l);
    byTag.set(l.annotation.tag, list);
  }
  for (const tag of tagOrder(codebook, byTag.keys())) {
    const list = byTag.get(tag.id);
    if (!list) continue;
    list.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || (a.annotation.id < b.annotation.id ? -1 : 1));
    out.push(`${h}# ${escapeMarkdown(tag.label)}`, '');
    for (const l of list) out.push(...annotationBlock(l, (doc.pages?.length ?? 0) > 0));
  }
  return out;
}

function annotationBlock(l: LocatedAnnotation, hasPages: boolean): string[] {
  const a = l.annotation;
  const where = l.start === undefined ? '(not found in the current text)'
    : hasPages && l.page !== undefined ? `(p${l.page})` : `(line ${l.line})`;
  const quoteLines = a.quote.replace(/\r\n?/g, '\n').split('\n').map((line) => (line.trim() === '' ? '>' : `> ${line.trimEnd()}`));
  const out = [...quoteLines, '>', `> ${where}`, ''];
  const note = a.note.replace(/\r\n?/g, '\n').trim();
  if (note) out.push(note, '');
  const byline = [a.author, a.created ? utcDate(a.created) : undefined].filter((s): s is string => !!s);
  if (byline.length) out.push(`<small>${byline.map(escapeHtml).join(' · ')}</small>`, '');
  return out;
}

function findingsSection(doc: ExportDocument, h: string): string[] {
  const f = doc.findings!;
  const out = [`${h} Findings`, ''];
  if (f.missing.length > 0) {
    const named = f.named.slice(0, 5).map((n) => `${escapeMarkdown(n.label)} (${n.count}×)`);
    out.push(`- **Never mentioned:** ${f.missing.map(escapeMarkdown).join(', ')}; named instead: ${named.length ? named.join(', ') : 'no party'}.`);
  } else {
    out.push('- Every expected party is named.');
  }
  for (const { cls, label } of FUNDING_CLASSES) {
    const statements = f.funding.filter((s) => s.class === cls);
    if (statements.length === 0) continue;
    out.push(`- **${label}** (${statements.length}):`);
    for (const s of statements) out.push(`  - ${escapeMarkdown(s.text)}${s.page !== undefined ? ` (p${s.page})` : ''}`);
  }
  out.push('');
  return out;
}

/** "1 Dec 2026" from an ISO timestamp, in UTC; the text itself when it is not a date. */
export function utcDate(iso: string): string {
  const time = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso.trim()) || Number.isNaN(time)) return iso;
  const d = new Date(time);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Literal text as inline Markdown on one line: only what would start emphasis, code, links, HTML or entities is escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
