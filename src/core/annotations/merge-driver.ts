/**
 * The git merge driver's work on text: base, ours and theirs in, the merged sidecar out, written
 * on top of ours (its comments and layout kept) and checked to read back before it is returned.
 * A side that does not parse is reported, never guessed at: git then keeps its own conflict.
 */
import type { FileProblem } from '../types';
import { newAnnotationId } from './anchor';
import { mergeForGit } from './merge';
import { mergeSidecarTextsFast } from './merge-fast';
import { checkSerialized, emptySidecar, parseSidecar, ParseResult, serializeSidecar } from './sidecar';

export type MergeSide = 'base' | 'ours' | 'theirs';

export type MergeTextResult =
  | { ok: true; text: string; /** Conflict entries recorded in the file. */ recorded: number; /** Which path merged (absent: nothing to merge). */ via?: 'text' | 'yaml' }
  | { ok: false; side: MergeSide; problems: FileProblem[] };

export interface MergeOptions {
  /** A new id for theirs when both sides added the same id for different passages (default: random). */
  newId?: (taken: Set<string>) => string;
  /** 'full': always the yaml library (the fast path is compared with it in tests). */
  path?: 'auto' | 'full';
}

export function mergeSidecarTexts(base: string, ours: string, theirs: string, options: MergeOptions = {}): MergeTextResult {
  if (ours === theirs || theirs === base) return { ok: true, text: ours, recorded: 0 };
  if (ours === base) return { ok: true, text: theirs, recorded: 0 };
  const newId = options.newId ?? ((taken: Set<string>) => newAnnotationId(taken));
  // Files in the layout Policy Lens writes: merged by text, the yaml library only for what changed.
  const fast = options.path === 'full' ? undefined : mergeSidecarTextsFast(base, ours, theirs, newId);
  if (fast) return { ok: true, text: fast.text, recorded: fast.recorded, via: 'text' };
  const o = parseSide(ours);
  if (!o.ok) return { ok: false, side: 'ours', problems: o.problems };
  const t = parseSide(theirs);
  if (!t.ok) return { ok: false, side: 'theirs', problems: t.problems };
  // A base that does not parse (or none: both branches added the file) counts as empty: every
  // annotation on either side is then kept, at worst one deleted on a branch comes back.
  const b = parseSide(base);
  const baseSidecar = b.ok ? b.sidecar : emptySidecar(o.sidecar.document || t.sidecar.document);
  const { merged, recorded } = mergeForGit(baseSidecar, o.sidecar, t.sidecar, newId);
  if (!merged.document) merged.document = t.sidecar.document;
  const text = serializeSidecar(merged, o.handle);
  const reasons = checkSerialized(merged, text);
  if (reasons.length > 0) return { ok: false, side: 'ours', problems: reasons.map((message) => ({ message: `the merge would not read back: ${message}`, line: 1, column: 1, severity: 'error' })) };
  return { ok: true, text, recorded, via: 'yaml' };
}

/** An empty side (git passes an empty base when both branches added the file) is an empty sidecar. */
function parseSide(text: string): ParseResult {
  return parseSidecar(text);
}
