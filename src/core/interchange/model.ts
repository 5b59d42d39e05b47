/** What every export reads: documents with their text, sidecar and pages, and the codebook. */
import { anchorAnnotations } from '../annotations/anchor';
import type { Annotation, CodebookTag, Sidecar } from '../annotations/types';
import { pageAt } from '../engine';
import { LineIndex } from '../text/lines';
import type { FundingStatement, PageStart } from '../types';

/** A document's findings, for the brief's optional summary (computed by the caller with the engine). */
export interface DocumentFindings {
  /** Labels of expected parties the document never mentions. */
  missing: string[];
  /** Parties it names instead, most-named first. */
  named: { label: string; count: number }[];
  funding: FundingStatement[];
}

export interface ExportDocument {
  /** Path relative to the export root, '/'-separated: names the document in every format. */
  path: string;
  text: string;
  sidecar: Sidecar;
  /** Printed page starts (`Analysis.pages`); empty or absent when the document has no page numbers. */
  pages?: readonly PageStart[];
  findings?: DocumentFindings;
}

export interface ExportProject {
  name: string;
  documents: ExportDocument[];
  codebook: readonly CodebookTag[];
}

/** An annotation with where it is now (UTF-16, undefined when orphaned), its page and 1-based line. */
export interface LocatedAnnotation {
  annotation: Annotation;
  start?: number;
  end?: number;
  page?: number;
  line?: number;
}

/** Anchors each annotation of `doc` against its text; in the sidecar's order. */
export function locateAnnotations(doc: ExportDocument): LocatedAnnotation[] {
  const list = doc.sidecar.annotations;
  if (list.length === 0) return [];
  const results = anchorAnnotations(doc.text, list);
  let lines: LineIndex | undefined;
  return list.map((annotation, i) => {
    const r = results[i];
    if (r.status !== 'anchored') return { annotation };
    lines ??= new LineIndex(doc.text);
    const page = doc.pages && doc.pages.length > 0 ? pageAt(doc.pages, r.start) : undefined;
    return { annotation, start: r.start, end: r.end, page, line: lines.positionAt(r.start).line + 1 };
  });
}

/** The document's title: its first `# ` heading near the top, else its file name. */
export function documentTitle(doc: Pick<ExportDocument, 'path' | 'text'>): string {
  const head = doc.text.slice(0, 20000);
  const m = /^\uFEFF?[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$/m.exec(head);
  if (m) return m[1].trim();
  return doc.path.slice(doc.path.lastIndexOf('/') + 1);
}

/** Tags in codebook order, then any tag used but not in the codebook (alphabetically). */
export function tagOrder(codebook: readonly CodebookTag[], used: Iterable<string>): CodebookTag[] {
  const known = new Set(codebook.map((t) => t.id));
  const extra = [...new Set(used)].filter((id) => !known.has(id)).sort();
  return [...codebook, ...extra.map((id) => ({ id, label: id, color: '#808080', description: '' }))];
}

/** Compare by path with plain code-unit order (not locale: the same bytes on every machine). */
export function byPath<T extends { path: string }>(a: T, b: T): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Which annotations an export takes: by id, by tag (a parent tag takes its nested tags), or both (an annotation must pass each given). */
export interface AnnotationSelection {
  ids?: ReadonlySet<string>;
  tags?: ReadonlySet<string>;
}

/** The documents with only the selected annotations; documents left with none are dropped. */
export function selectAnnotations(docs: readonly ExportDocument[], selection: AnnotationSelection): ExportDocument[] {
  const { ids, tags } = selection;
  if (!ids && !tags) return [...docs];
  const tagged = (tag: string) => !tags || tags.has(tag) || [...tags].some((t) => tag.startsWith(`${t}/`));
  const out: ExportDocument[] = [];
  for (const doc of docs) {
    const annotations = doc.sidecar.annotations.filter((a) => (!ids || ids.has(a.id)) && tagged(a.tag));
    if (annotations.length > 0) out.push({ ...doc, sidecar: { ...doc.sidecar, annotations } });
  }
  return out;
}
