/**
 * The git merge driver's fast path: when base, ours and theirs are all in the layout
 * `serializeSidecar` writes, they are cut at their entries (`sidecar-text.ts`) and the entries'
 * texts are compared across the sides before anything is read. An annotation whose text is the
 * same where it matters (in ours and theirs, or in theirs and the base, or only in ours) is
 * decided by text: our entry is copied to the output as it is, checked to be in our layout but
 * never made into an object. Only the annotations whose text differs between the sides are read
 * in full and merged by the same `mergeForGit`; the result is assembled as text: an annotation the
 * merge left as ours keeps our entry's text; any other is written key by key as the yaml writer
 * would on top of ours. Undefined whenever anything is outside that layout: the caller then takes
 * the full path (the yaml library), which gives the same text for the same input
 * (test/unit/merge-fast.test.ts).
 *
 * Deciding by text is what `mergeForGit` decides by value: the same text reads as the same
 * annotation, and the merge keeps ours when ours and theirs are equal or theirs is the base,
 * drops one the other side deleted unchanged, and keeps an addition on our side only. Everything
 * else (theirs changed, both changed, an addition of theirs, deleted and changed) goes to it.
 *
 * Before the text is returned it is read back, entry by entry: an entry copied from ours or
 * theirs was checked in that file; every other entry is read by the line reader and compared with
 * the merge. The line reader accepts only what reads the same with the yaml library (checked
 * against it on generated files by merge-fast.test.ts), so a full yaml parse of the result (2 MB:
 * seconds, `npm run bench` prints it) adds nothing.
 */
import { mergeForGit } from './merge';
import { annotationsEqual } from './sidecar';
import { cutEntries, encodeString, EntryCuts, entryStartAt, entryText, EntryText, readEntry, readEntryAt, readLayout, sameEntry } from './sidecar-text';
import { ANNOTATION_KEYS, Annotation, Sidecar } from './types';

export interface FastMerge { text: string; recorded: number; /** Entries written anew (the rest were copied). */ written: number }

const NO_BASE: EntryCuts = { text: '', document: '', header: '', starts: [0], ids: [], index: new Map() };

/** The entries of `cuts` marked in `marks`, read in full (in the file's order); undefined when one is outside our layout. */
function readMarked(cuts: EntryCuts, marks: Uint8Array): Map<string, EntryText> | undefined {
  const out = new Map<string, EntryText>();
  for (let i = 0; i < marks.length; i++) {
    if (!marks[i]) continue;
    const entry = readEntryAt(cuts, i);
    if (!entry) return undefined;
    out.set(entry.annotation.id, entry);
  }
  return out;
}

/** `annotationsEqual`, the scalar fields first (most annotations that differ differ there; it compares lists as JSON). */
function sameAnnotation(a: Annotation, b: Annotation): boolean {
  if (a === b) return true;
  for (const key of ANNOTATION_KEYS) if (a[key] !== b[key]) return false;
  return annotationsEqual(a, b);
}

function sidecarOf(document: string, entries: Map<string, EntryText>): Sidecar {
  return { version: 1, document, annotations: [...entries.values()].map((e) => e.annotation) };
}

export function mergeSidecarTextsFast(base: string, ours: string, theirs: string, newId: (taken: Set<string>) => string): FastMerge | undefined {
  const o = cutEntries(ours);
  const t = o && cutEntries(theirs);
  const b = t && (base === '' ? NO_BASE : cutEntries(base));
  if (!o || !t || !b) return undefined;

  // Per entry of each side: checked to be in our layout (itself, or an entry of the same text),
  // or marked to be read in full for the merge (which checks it too).
  const tChecked = new Uint8Array(t.ids.length);
  const bChecked = new Uint8Array(b.ids.length);
  const oRead = new Uint8Array(o.ids.length);
  const tRead = new Uint8Array(t.ids.length);
  const bRead = new Uint8Array(b.ids.length);
  // Our entries kept as they are, with their start hints (the output's order).
  const kept: number[] = [];
  const keptStart: number[] = [];

  for (let i = 0; i < o.ids.length; i++) {
    const hint = entryStartAt(o, i);
    if (hint < 0) return undefined;
    const id = o.ids[i];
    const j = t.index.get(id);
    const k = b.index.get(id);
    const oursIsBase = k !== undefined && sameEntry(o, i, b, k);
    if (oursIsBase) bChecked[k] = 1;
    if (j !== undefined && sameEntry(o, i, t, j)) {
      // The same on both sides: ours.
      tChecked[j] = 1;
      kept.push(i);
      keptStart.push(hint);
      continue;
    }
    if (j === undefined) {
      if (k === undefined) { kept.push(i); keptStart.push(hint); } // added by us
      else if (!oursIsBase) { oRead[i] = 1; bRead[k] = 1; } // changed by us, deleted by them
      // else: deleted by them, unchanged by us: gone
      continue;
    }
    if (k !== undefined && !oursIsBase && sameEntry(t, j, b, k)) {
      // Changed by us only: ours (their entry, the base's text, is checked once).
      if (entryStartAt(t, j) < 0) return undefined;
      tChecked[j] = 1;
      bChecked[k] = 1;
      kept.push(i);
      keptStart.push(hint);
      continue;
    }
    // Changed by them (or by both, or added by both): the merge decides. A base with our text is
    // our annotation (not read twice).
    oRead[i] = 1;
    tRead[j] = 1;
    if (k !== undefined && !oursIsBase) bRead[k] = 1;
  }
  for (let j = 0; j < t.ids.length; j++) {
    const id = t.ids[j];
    if (o.index.has(id)) continue;
    const k = b.index.get(id);
    if (k !== undefined && sameEntry(t, j, b, k)) {
      // Deleted by us, unchanged by them: gone (checked once).
      if (entryStartAt(t, j) < 0) return undefined;
      tChecked[j] = 1;
      bChecked[k] = 1;
      continue;
    }
    // Added by them, or deleted by us and changed by them: the merge decides.
    tRead[j] = 1;
    if (k !== undefined) bRead[k] = 1;
  }
  // Every other entry is checked too (the yaml path would read it: a side must be in our layout as a whole).
  for (let j = 0; j < t.ids.length; j++) if (!tChecked[j] && !tRead[j] && entryStartAt(t, j) < 0) return undefined;
  for (let k = 0; k < b.ids.length; k++) if (!bChecked[k] && !bRead[k] && entryStartAt(b, k) < 0) return undefined;

  const oursById = readMarked(o, oRead);
  const theirsById = oursById && readMarked(t, tRead);
  const baseById = theirsById && readMarked(b, bRead);
  if (!oursById || !theirsById || !baseById) return undefined;
  for (const [id, entry] of oursById) {
    const k = b.index.get(id);
    if (k !== undefined && !bRead[k]) baseById.set(id, entry);
  }
  // A new id (the same id added on both sides for different passages) is new to every side, not only to the annotations merged here.
  let taken: Set<string> | undefined;
  const freshId = (some: Set<string>): string => {
    taken ??= new Set([...b.ids, ...o.ids, ...t.ids]);
    for (const id of some) taken.add(id);
    return newId(taken);
  };
  const { merged, recorded } = mergeForGit(sidecarOf(b.document, baseById), sidecarOf(o.document, oursById), sidecarOf(t.document, theirsById), freshId);
  if (!merged.document) merged.document = t.document;
  if (merged.extra || merged.annotations.length + kept.length === 0) return undefined;

  let header = o.header;
  if (merged.document !== o.document) {
    const encoded = encodeString(merged.document, 0, false);
    if (encoded === undefined) return undefined;
    header = `version: 1\ndocument: ${encoded}\nannotations:\n`;
  }

  // The output's order (`sortAnnotations`: by start, then id): our kept entries (k < kept.length) and the merge's annotations.
  const count = kept.length + merged.annotations.length;
  const startOf = (x: number): number => (x < kept.length ? keptStart[x] : merged.annotations[x - kept.length].start);
  const idOf = (x: number): string => (x < kept.length ? o.ids[kept[x]] : merged.annotations[x - kept.length].id);
  const order = Array.from({ length: count }, (_, x) => x);
  order.sort((x, y) => {
    const d = startOf(x) - startOf(y);
    if (d !== 0) return d;
    const a = idOf(x);
    const c = idOf(y);
    return a < c ? -1 : a > c ? 1 : 0;
  });

  const parts: string[] = [];
  // Consecutive kept entries of ours are copied as one piece.
  let runFrom = 0;
  let runTo = -1;
  const flush = () => { if (runTo > runFrom) parts.push(ours.slice(runFrom, runTo)); runTo = -1; };
  let written = 0;
  for (const x of order) {
    if (x < kept.length) {
      const i = kept[x];
      if (runTo !== o.starts[i]) { flush(); runFrom = o.starts[i]; }
      runTo = o.starts[i + 1];
      continue;
    }
    flush();
    const a: Annotation = merged.annotations[x - kept.length];
    const before = oursById.get(a.id);
    if (before && sameAnnotation(before.annotation, a)) { parts.push(before.text); continue; }
    const text = entryText(a, before);
    if (text === undefined) return undefined;
    parts.push(text);
    // Read back: theirs as it is (their edit, their new annotation) was read from their file...
    const theirsEntry = theirsById.get(a.id);
    if (theirsEntry && text === theirsEntry.text) {
      if (!sameAnnotation(theirsEntry.annotation, a)) return undefined;
      continue;
    }
    // ...anything else by the line reader now.
    const back = readEntry(text);
    if (!back || !sameAnnotation(back.annotation, a)) return undefined;
    written++;
  }
  flush();
  // Each part is whole entries (each starts with `  - id: `, ends with a line break), so the
  // parts read back together as they did one by one: the whole text needs no second reading.
  const body = parts.join('');
  // A new header (the document's name changed) reads back too.
  if (header !== o.header) {
    const next = body.indexOf('\n  - id: ');
    if (readLayout(header + body.slice(0, next < 0 ? body.length : next + 1))?.document !== merged.document) return undefined;
  }
  return { text: header + body, recorded, written };
}
