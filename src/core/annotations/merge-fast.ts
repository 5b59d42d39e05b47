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
 * the merge. The line reader accepts only what reads the same with the yaml library (checked
 * against it on generated files by merge-fast.test.ts), so a full yaml parse of the result (2 MB:
 * seconds, `npm run bench` prints it) adds nothing.
 */
import { mergeForGit } from './merge';
import { annotationsEqual, sortAnnotations } from './sidecar';
import { encodeString, entryText, EntryText, LayoutText, readEntry, readLayout } from './sidecar-text';
import type { Sidecar } from './types';

export interface FastMerge { text: string; recorded: number; /** Entries written anew (the rest were copied). */ written: number }

/** Reads a partly read entry in full, in place (every side holding it sees the whole annotation); false if it does not read. */
function inFull(entry: EntryText): boolean {
  if (!entry.partial) return true;
  const full = readEntry(entry.text);
  if (!full) return false;
  Object.assign(entry, full, { partial: false });
  return true;
}

function sidecarOf(layout: LayoutText): Sidecar {
  return { version: 1, document: layout.document, annotations: layout.entries.map((e) => e.annotation) };
}

export function mergeSidecarTextsFast(base: string, ours: string, theirs: string, newId: (taken: Set<string>) => string): FastMerge | undefined {
  // Ours is checked entry by entry but read in part (id and start); an entry with the same text
  // in theirs or the base is not read again but shared, so the merge meets the same annotation
  // object on each side (equal at once, and taken as it is). Only the entries of ours that another
  // side has with other text are read in full: the merge compares their fields.
  const o = readLayout(ours, undefined, false);
  const t = o && readLayout(theirs, o.byId);
  const b = t && (base === '' ? { document: '', header: '', entries: [], byId: new Map() } : readLayout(base, o.byId));
  if (!o || !t || !b) return undefined;
  for (const side of [t, b]) {
    for (const e of side.entries) {
      const mine = o.byId.get(e.annotation.id);
      if (mine && mine !== e && !inFull(mine)) return undefined;
    }
  }
  const { merged, recorded } = mergeForGit(sidecarOf(b), sidecarOf(o), sidecarOf(t), newId);
  if (!merged.document) merged.document = t.document;
  if (merged.extra || merged.annotations.length === 0) return undefined;

  let header = o.header;
  if (merged.document !== o.document) {
    const encoded = encodeString(merged.document, 0, false);
    if (encoded === undefined) return undefined;
    header = `version: 1\ndocument: ${encoded}\nannotations:\n`;
  }
  const oursById = o.byId;
  const theirsById = t.byId;
  const parts: string[] = [];
  let written = 0;
  for (const a of sortAnnotations(merged.annotations)) {
    const before = oursById.get(a.id);
    if (before && before.annotation === a) { parts.push(before.text); continue; }
    if (before && !inFull(before)) return undefined;
    if (before && annotationsEqual(before.annotation, a)) { parts.push(before.text); continue; }
    const text = entryText(a, before);
    if (text === undefined) return undefined;
    parts.push(text);
    // Read back: theirs as it is (their edit, their new annotation) was read from their file...
    const theirs = theirsById.get(a.id);
    if (theirs && text === theirs.text && inFull(theirs)) {
      if (theirs.annotation !== a && !annotationsEqual(theirs.annotation, a)) return undefined;
      continue;
    }
    // ...anything else by the line reader now.
    const back = readEntry(text);
    if (!back || !annotationsEqual(back.annotation, a)) return undefined;
    written++;
  }
  // A new header (the document's name changed) reads back too.
  if (header !== o.header && readLayout(header + parts[0])?.document !== merged.document) return undefined;
  // Each part is one whole entry (starts with `  - id: `, ends with a line break), so the parts
  // read back together as they did one by one: the whole text needs no second reading.
  const text = header + parts.join('');
  return { text, recorded, written };
}
