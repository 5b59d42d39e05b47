/** What every importer produces, whatever the format: documents, their annotations, tags. */

export type PositionUnit = 'code-point' | 'utf16';

export interface ImportedAnnotation {
  /** The annotation's id in the file (a GUID, an IRI, a Hypothesis id): stable ids on re-import. */
  foreignId: string;
  /** Tag ids (the first is used; the rest are reported). */
  tags: string[];
  note: string;
  quote: string;
  prefix?: string;
  suffix?: string;
  /** Where the file says the quote starts, in the unit the format claims: only a hint. */
  position?: { start: number; end: number; unit: PositionUnit };
  author?: string;
  created?: string;
  updated?: string;
}

export interface ImportedDocument {
  /** How the file names the document: a relative path, a URI or a name. */
  source: string;
  /** The document's text when the file carries it (REFI-QDA sources). */
  text?: string;
  annotations: ImportedAnnotation[];
}

export interface ImportedTag {
  id: string;
  label: string;
  color?: string;
  description?: string;
  /** The file's GUID for it (REFI-QDA codes). */
  guid?: string;
}

export type ImportFormat = 'qdpx' | 'qdc' | 'w3c' | 'hypothesis';

export interface ImportBundle {
  format: ImportFormat;
  documents: ImportedDocument[];
  tags: ImportedTag[];
  /** Things skipped while reading (page notes, replies), one line each. */
  notices: string[];
}

/** Bad input: names the file and says what is wrong. Nothing is written when an import throws it. */
export class InterchangeError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'InterchangeError';
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 date-time as given, or undefined for anything else. */
export function isoOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && ISO.test(value) ? value : undefined;
}

/** A tag id from a code or tag name: lower-case words joined by '-', '/' kept for nesting. */
export function tagIdOf(name: string): string {
  return name.split('/').map((part) => part.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')).filter(Boolean).join('/') || 'untagged';
}
