/**
 * Fuzzy search over annotations (fuse.js): note, quote and tag, best match first.
 * fuse.js scores every record on every query, about a second per query at 50,000
 * annotations; a cheap first pass keeps only records that contain the first three
 * letters of every query word, and fuse.js ranks those. When the first pass finds nothing
 * (a badly misspelt query) the whole set is searched.
 */
import Fuse, { IFuseOptions } from 'fuse.js';

export interface SearchRecord {
  /** Caller's key back to the annotation (e.g. document URI + id). */
  key: string;
  note: string;
  quote: string;
  tag: string;
  document: string;
}

export interface AnnotationIndex {
  search(query: string, limit?: number): SearchRecord[];
  readonly size: number;
}

const OPTIONS: IFuseOptions<SearchRecord> = {
  keys: [
    { name: 'note', weight: 0.45 },
    { name: 'quote', weight: 0.35 },
    { name: 'tag', weight: 0.15 },
    { name: 'document', weight: 0.05 },
  ],
  threshold: 0.35,
  ignoreLocation: true,
  minMatchCharLength: 2,
};

/** Below this many records fuse.js alone is fast enough. */
const PREFILTER_FROM = 2_000;

const wordStarts = (text: string) => new Set((text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).map((w) => w.slice(0, 3)));

export function createAnnotationIndex(records: readonly SearchRecord[]): AnnotationIndex {
  const fuse = new Fuse(records, OPTIONS);
  // Lower-cased text per record for the first pass, built once.
  const haystacks = records.length >= PREFILTER_FROM
    ? records.map((r) => `${r.note} ${r.quote} ${r.tag} ${r.document}`.toLowerCase())
    : undefined;

  const search = (query: string, limit = 50): SearchRecord[] => {
    const q = query.trim();
    if (!q) return records.slice(0, limit);
    if (!haystacks) return fuse.search(q, { limit }).map((r) => r.item);
    const starts = [...wordStarts(q)];
    // Every query word must start a word somewhere in the record (then fuse.js ranks the few).
    const candidates = starts.length === 0 ? [] : records.filter((_, i) => starts.every((s) => haystacks[i].includes(s)));
    const narrowed = candidates.length > 0 && candidates.length < records.length / 2;
    const results = narrowed ? new Fuse(candidates, OPTIONS).search(q, { limit }).map((r) => r.item) : [];
    return results.length > 0 ? results : fuse.search(q, { limit }).map((r) => r.item);
  };

  return { size: records.length, search };
}
