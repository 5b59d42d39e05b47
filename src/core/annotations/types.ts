/**
 * Plain data for annotations kept in `<document>.annotations.yaml` sidecars.
 * Offsets are UTF-16 code-unit offsets into the document text.
 */

/** Keys written for every annotation, in this order; any other key is preserved after them. */
export const ANNOTATION_KEYS = [
  'id', 'tag', 'note', 'quote', 'prefix', 'suffix', 'start', 'author', 'created', 'updated', 'status',
] as const;

/** Lists written after the scalar keys, in this order (both optional). */
export const ANNOTATION_LIST_KEYS = ['replies', 'conflicts'] as const;

export const REPLY_KEYS = ['id', 'author', 'created', 'updated', 'body'] as const;

/** A thread's state: absent means open. */
export type AnnotationStatus = 'open' | 'resolved';

/** A reply in an annotation's review thread. */
export interface Reply {
  /** Stable short id, unique within its annotation. */
  id: string;
  /** Markdown, kept verbatim. */
  body: string;
  author?: string;
  /** ISO 8601 timestamps. */
  created?: string;
  updated?: string;
  extra?: Record<string, unknown>;
}

/**
 * What the git merge driver could not merge: the same field changed differently on both sides.
 * Ours stays in the annotation; theirs is kept here until someone resolves it.
 * `field` is an annotation key, `replies.<reply id>` (`theirs` is then the whole reply), or
 * `deleted` (one side deleted the annotation, the other changed it: the changed one is kept;
 * `side` says which branch deleted it).
 */
export interface MergeConflictEntry {
  field: string;
  theirs?: unknown;
  side?: 'ours' | 'theirs';
  extra?: Record<string, unknown>;
}

export type AnnotationKey = (typeof ANNOTATION_KEYS)[number];

/** The anchor that locates an annotation: the quoted text, its context and an offset hint. */
export interface Anchor {
  quote: string;
  /** Up to ~32 characters of text just before the quote ('' at the start of the document). */
  prefix: string;
  /** Up to ~32 characters of text just after the quote ('' at the end of the document). */
  suffix: string;
  /** UTF-16 offset of the quote when the annotation was last anchored; only a hint. */
  start: number;
}

export interface Annotation extends Anchor {
  /** Stable short id, unique within its sidecar. */
  id: string;
  /** A codebook tag id, e.g. `omission`. */
  tag: string;
  /** Markdown, kept verbatim ('' when absent). */
  note: string;
  author?: string;
  /** ISO 8601 timestamps. */
  created?: string;
  updated?: string;
  /** `resolved` once the thread is resolved; absent (or `open`) otherwise. */
  status?: AnnotationStatus;
  /** Replies, oldest first. */
  replies?: Reply[];
  /** Unresolved merge conflicts (see `MergeConflictEntry`). */
  conflicts?: MergeConflictEntry[];
  /** Keys this version does not know, preserved as they were read. */
  extra?: Record<string, unknown>;
}

export interface Sidecar {
  version: 1;
  /** The document's file name, relative to the sidecar's folder. */
  document: string;
  annotations: Annotation[];
  /** Unknown top-level keys, preserved. */
  extra?: Record<string, unknown>;
}

export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export type OrphanReason = 'not-found' | 'ambiguous' | 'weak-match' | 'empty-quote' | 'no-document';

export type AnchorResult =
  | { id: string; status: 'anchored'; start: number; end: number; method: AnchorMethod; score: number }
  | { id: string; status: 'orphaned'; reason: OrphanReason };

export interface CodebookTag {
  id: string;
  label: string;
  /** `#rrggbb` */
  color: string;
  description: string;
}

export interface CodebookOverride {
  id: string;
  label?: string;
  color?: string;
  description?: string;
}
