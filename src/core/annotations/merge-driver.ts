/**
 * The git merge driver's work on text: base, ours and theirs in, the merged sidecar out, written
 * on top of ours (its comments and layout kept) and checked to read back before it is returned.
 * A side that does not parse is reported, never guessed at: git then keeps its own conflict.
 */
import type { FileProblem } from '../types';
import { newAnnotationId } from './anchor';
import { mergeForGit } from './merge';
import { checkSerialized, emptySidecar, parseSidecar, ParseResult, serializeSidecar } from './sidecar';

export type MergeSide = 'base' | 'ours' | 'theirs';

export type MergeTextResult =
  | { ok: true; text: string; /** Conflict entries recorded in the file. */ recorded: number }
  | { ok: false; side: MergeSide; problems: FileProblem[] };

export function mergeSidecarTexts(base: string, ours: string, theirs: string): MergeTextResult {
  if (ours === theirs || theirs === base) return { ok: true, text: ours, recorded: 0 };
  if (ours === base) return { ok: true, text: theirs, recorded: 0 };
  const o = parseSide(ours);
  if (!o.ok) return { ok: false, side: 'ours', problems: o.problems };
  const t = parseSide(theirs);
  if (!t.ok) return { ok: false, side: 'theirs', problems: t.problems };
  // A base that does not parse (or none: both branches added the file) counts as empty: every
  // annotation on either side is then kept, at worst one deleted on a branch comes back.
  const b = parseSide(base);
  const baseSidecar = b.ok ? b.sidecar : emptySidecar(o.sidecar.document || t.sidecar.document);
  const { merged, recorded } = mergeForGit(baseSidecar, o.sidecar, t.sidecar, (taken) => newAnnotationId(taken));
  if (!merged.document) merged.document = t.sidecar.document;
  const text = serializeSidecar(merged, o.handle);
  const reasons = checkSerialized(merged, text);
  if (reasons.length > 0) return { ok: false, side: 'ours', problems: reasons.map((message) => ({ message: `the merge would not read back: ${message}`, line: 1, column: 1, severity: 'error' })) };
  return { ok: true, text, recorded };
}

/** An empty side (git passes an empty base when both branches added the file) is an empty sidecar. */
function parseSide(text: string): ParseResult {
  return parseSidecar(text);
}
