/**
 * The comparison matrix: rows are lexicon parties and terms, columns are documents, cells are
 * mention counts (absolute and per 10,000 words). Pure: per-document summaries in, plain data out.
 */
import { LexiconEntry } from '../types';

/** What the matrix needs of one analysed document (small enough to cache per content hash). */
export interface DocumentSummary {
  words: number;
  /** Mentions per entry id (entries with no mention may be absent). */
  counts: Record<string, number>;
}

/** One document as the matrix receives it: analysed (`summary`) or not (`error` says why). */
export interface CompareInput {
  path: string;
  date?: string;
  summary?: DocumentSummary;
  error?: string;
}

export interface MatrixColumn {
  path: string;
  /** `2019`, `2019-01` or `2019-01-07`; null when the document carries no date. */
  date: string | null;
  words: number;
  /** Why the document was not analysed (unreadable, binary); its counts are null. */
  error?: string;
}

export type RowKind = 'party' | 'term';

export interface MatrixRow {
  id: string;
  label: string;
  kind: RowKind;
  /** An expected party or term of the workspace (expectedParties / expectedTerms). */
  expected: boolean;
  /** One per column; null where the document was not analysed. */
  counts: (number | null)[];
}

export interface Matrix {
  documents: MatrixColumn[];
  rows: MatrixRow[];
}

export type ColumnOrder = 'date' | 'name';

export interface MatrixOptions {
  /** Include every term (parties, and the expected terms, are always included). */
  terms: boolean;
  /** Ids of the expected parties and terms. */
  expected?: ReadonlySet<string>;
  /** Column order; `name` by default. */
  by?: ColumnOrder;
}

/** The kind a row is shown as: an entry that is both a party and a term is a party. */
export function rowKind(entry: LexiconEntry): RowKind {
  return entry.kinds.includes('party') ? 'party' : 'term';
}

export function buildMatrix(entries: Iterable<LexiconEntry>, inputs: readonly CompareInput[], options: MatrixOptions): Matrix {
  const docs = orderDocuments(inputs, options.by ?? 'name');
  const expected = options.expected ?? new Set<string>();
  const documents: MatrixColumn[] = docs.map((d) => {
    const col: MatrixColumn = { path: d.path, date: d.date ?? null, words: d.summary?.words ?? 0 };
    if (!d.summary) col.error = d.error ?? 'not analysed';
    return col;
  });
  const parties: MatrixRow[] = [];
  const terms: MatrixRow[] = [];
  for (const e of entries) {
    const kind = rowKind(e);
    if (kind === 'term' && !options.terms && !expected.has(e.id)) continue;
    const row: MatrixRow = {
      id: e.id,
      label: e.label,
      kind,
      expected: expected.has(e.id),
      counts: docs.map((d) => (d.summary ? d.summary.counts[e.id] ?? 0 : null)),
    };
    (kind === 'party' ? parties : terms).push(row);
  }
  return { documents, rows: [...parties, ...terms] };
}

/** By date (undated last, then by name) or by name (path order). */
export function orderDocuments<T extends { path: string; date?: string | null }>(docs: readonly T[], by: ColumnOrder): T[] {
  const byName = (a: T, b: T): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const out = [...docs];
  if (by === 'name') return out.sort(byName);
  return out.sort((a, b) => {
    if (a.date && b.date) return a.date < b.date ? -1 : a.date > b.date ? 1 : byName(a, b);
    if (a.date) return -1;
    if (b.date) return 1;
    return byName(a, b);
  });
}

/** Mentions per 10,000 words, one decimal; 0 for an empty document. */
export function per10k(count: number, words: number): number {
  return words > 0 ? Math.round((count * 100000) / words) / 10 : 0;
}

/** A row with at least one analysed document that never mentions the entry. */
export function hasAbsence(row: MatrixRow): boolean {
  return row.counts.some((c) => c === 0);
}

/** The JSON of `policy-lens report --format json`. */
export interface MatrixJson {
  version: 1;
  documents: { path: string; date: string | null; words: number; error?: string }[];
  rows: { id: string; label: string; kind: RowKind; expected?: true; counts: (number | null)[] }[];
}

export function matrixJson(m: Matrix): MatrixJson {
  return {
    version: 1,
    documents: m.documents.map((d) => (d.error ? { path: d.path, date: d.date, words: d.words, error: d.error } : { path: d.path, date: d.date, words: d.words })),
    rows: m.rows.map((r) => (r.expected ? { id: r.id, label: r.label, kind: r.kind, expected: true as const, counts: r.counts } : { id: r.id, label: r.label, kind: r.kind, counts: r.counts })),
  };
}
