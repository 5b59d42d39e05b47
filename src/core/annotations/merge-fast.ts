/**
 * The git merge driver's fast path: when base, ours and theirs are all in the layout
 * `serializeSidecar` writes, they are read line by line (`sidecar-text.ts`), merged by the same
 * `mergeForGit`, and the result is assembled as text: an annotation the merge left as ours keeps
 * our entry's text; any other is written key by key as the yaml writer would on top of ours.
 * Undefined whenever anything is outside that layout: the caller then takes the full path (the
 * yaml library), which gives the same text for the same input (test/unit/merge-fast.test.ts).
 *
 * Before the text is returned it is read back, entry by entry: an entry copied from ours or
 * theirs was read from that file; every other entry is read by the line reader and compared with
 * the merge, and also by the yaml library and the sidecar reader. A full yaml parse of 2 MB costs seconds (`npm run
 * bench` prints it); the line reader is checked against the yaml library by merge-fast.test.ts.
 */
import { mergeForGit } from './merge';
import { annotationsEqual, checkSerialized, sortAnnotations } from './sidecar';
import { encodeString, entryText, EntryText, LayoutText, readEntry, readLayout } from './sidecar-text';
import type { Sidecar } from './types';

export interface FastMerge { text: string; recorded: number; /** Entries written anew (the rest were copied). */ written: number }

function sidecarOf(layout: LayoutText): Sidecar {
  return { version: 1, document: layout.document, annotations: layout.entries.map((e) => e.annotation) };
}

export function mergeSidecarTextsFast(base: string, ours: string, theirs: string, newId: (taken: Set<string>) => string): FastMerge | undefined {
  const o = readLayout(ours);
  const t = o && readLayout(theirs);
  const b = t && (base === '' ? { document: '', header: '', entries: [] } : readLayout(base));
  if (!o || !t || !b) return undefined;
  const { merged, recorded } = mergeForGit(sidecarOf(b), sidecarOf(o), sidecarOf(t), newId);
  if (!merged.document) merged.document = t.document;
  if (merged.extra || merged.annotations.length === 0) return undefined;

  let header = o.header;
  if (merged.document !== o.document) {
    const encoded = encodeString(merged.document, 0, false);
    if (encoded === undefined) return undefined;
    header = `version: 1\ndocument: ${encoded}\nannotations:\n`;
  }
  const oursById = new Map<string, EntryText>(o.entries.map((e) => [e.annotation.id, e]));
  const theirsById = new Map<string, EntryText>(t.entries.map((e) => [e.annotation.id, e]));
  const parts: string[] = [];
  const written: string[] = [];
  const writtenIds = new Set<string>();
  for (const a of sortAnnotations(merged.annotations)) {
    const before = oursById.get(a.id);
    if (before && annotationsEqual(before.annotation, a)) { parts.push(before.text); continue; }
    const text = entryText(a, before);
    if (text === undefined) return undefined;
    parts.push(text);
    // Read back: theirs as it is (their edit, their new annotation) was read from their file...
    const theirs = theirsById.get(a.id);
    if (theirs && text === theirs.text) {
      if (!annotationsEqual(theirs.annotation, a)) return undefined;
      continue;
    }
    // ...anything else by the line reader now, and below by the yaml library.
    const back = readEntry(text);
    if (!back || !annotationsEqual(back.annotation, a)) return undefined;
    written.push(text);
    writtenIds.add(a.id);
  }
  // Each part is one whole entry (starts with `  - id: `, ends with a line break), so the parts
  // read back together as they did one by one: the whole text needs no second reading.
  const text = header + parts.join('');
  // What this path wrote, by the yaml library and the sidecar reader, as the store checks a write.
  if (written.length > 0) {
    const mini: Sidecar = { version: 1, document: merged.document, annotations: merged.annotations.filter((a) => writtenIds.has(a.id)) };
    if (checkSerialized(mini, header + written.join('')).length > 0) return undefined;
  }
  return { text, recorded, written: written.length };
}
