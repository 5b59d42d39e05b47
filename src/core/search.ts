/** Fuzzy search over annotations (fuse.js): note, quote and tag, best match first. */
import Fuse from 'fuse.js';

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

export function createAnnotationIndex(records: readonly SearchRecord[]): AnnotationIndex {
  const fuse = new Fuse(records, {
    keys: [
      { name: 'note', weight: 0.45 },
      { name: 'quote', weight: 0.35 },
      { name: 'tag', weight: 0.15 },
      { name: 'document', weight: 0.05 },
    ],
    threshold: 0.35,
    ignoreLocation: true,
    minMatchCharLength: 2,
  });
  return {
    size: records.length,
    search: (query, limit = 50) => (query.trim() ? fuse.search(query.trim(), { limit }).map((r) => r.item) : records.slice(0, limit)),
  };
}
