/**
 * Two documents compared entry by entry: what appears, what disappears, what rises or falls by
 * more than a factor (per 10,000 words, so a long and a short document compare fairly), with the
 * sentences that carry the change.
 */
import { LexiconEntry, Mention, Span } from '../types';
import { per10k, rowKind, RowKind } from './matrix';

/** One side of the comparison: its text, word count, lexicon mentions and sentence spans. */
export interface DiffSide {
  path: string;
  text: string;
  words: number;
  mentions: readonly Mention[];
  sentences: readonly Span[];
}

export type ChangeKind = 'appears' | 'disappears' | 'rises' | 'falls';

export interface EntryChange {
  id: string;
  label: string;
  kind: RowKind;
  change: ChangeKind;
  before: number;
  after: number;
  beforeRate: number;
  afterRate: number;
  /** after / before, per 10,000 words (Infinity for `appears`, 0 for `disappears`). */
  ratio: number;
  /**
   * The sentences that carry the change: for appears and rises, sentences of the later document
   * naming the entry that the earlier one does not have; for disappears and falls, sentences of the
   * earlier document that the later one dropped. At most `maxSentences`, in document order.
   */
  sentences: string[];
}

export interface DiffOptions {
  /** A rise or fall counts when the rate changes by at least this factor (default 2). */
  factor?: number;
  maxSentences?: number;
}

const ORDER: Record<ChangeKind, number> = { disappears: 0, appears: 1, falls: 2, rises: 3 };

export function diffDocuments(entries: Iterable<LexiconEntry>, before: DiffSide, after: DiffSide, options: DiffOptions = {}): EntryChange[] {
  const factor = options.factor ?? 2;
  const max = options.maxSentences ?? 5;
  const countsA = countBy(before.mentions);
  const countsB = countBy(after.mentions);
  const out: EntryChange[] = [];
  let sentencesA: Set<string> | undefined;
  let sentencesB: Set<string> | undefined;
  for (const e of entries) {
    const a = countsA.get(e.id) ?? 0;
    const b = countsB.get(e.id) ?? 0;
    if (a === 0 && b === 0) continue;
    const ra = per10k(a, before.words);
    const rb = per10k(b, after.words);
    let change: ChangeKind | undefined;
    if (a === 0) change = 'appears';
    else if (b === 0) change = 'disappears';
    else if (ra > 0 && rb / ra >= factor) change = 'rises';
    else if (rb > 0 && ra / rb >= factor) change = 'falls';
    if (!change) continue;
    const gained = change === 'appears' || change === 'rises';
    let sentences: string[];
    if (gained) {
      sentencesA ??= new Set(before.sentences.map((s) => normalise(before.text.slice(s.start, s.end))));
      sentences = carrying(after, e.id, sentencesA, max);
    } else {
      sentencesB ??= new Set(after.sentences.map((s) => normalise(after.text.slice(s.start, s.end))));
      sentences = carrying(before, e.id, sentencesB, max);
    }
    out.push({ id: e.id, label: e.label, kind: rowKind(e), change, before: a, after: b, beforeRate: ra, afterRate: rb, ratio: ra === 0 ? Infinity : rb / ra, sentences });
  }
  return out.sort((x, y) => ORDER[x.change] - ORDER[y.change] || Math.abs(Math.log(y.ratio || 1e-9)) - Math.abs(Math.log(x.ratio || 1e-9)) || x.label.localeCompare(y.label));
}

function countBy(mentions: readonly Mention[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of mentions) m.set(x.entryId, (m.get(x.entryId) ?? 0) + 1);
  return m;
}

/** Sentences of `side` naming `id` that are not among `other` (compared with spaces collapsed). */
function carrying(side: DiffSide, id: string, other: ReadonlySet<string>, max: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let s = 0;
  for (const m of side.mentions) {
    if (out.length >= max) break;
    if (m.entryId !== id) continue;
    while (s < side.sentences.length && side.sentences[s].end <= m.start) s++;
    const span = s < side.sentences.length && side.sentences[s].start <= m.start ? side.sentences[s] : lineAround(side.text, m);
    const text = normalise(side.text.slice(span.start, span.end));
    if (other.has(text) || seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

function lineAround(text: string, m: Span): Span {
  const start = text.lastIndexOf('\n', m.start - 1) + 1;
  const nl = text.indexOf('\n', m.end);
  return { start, end: nl < 0 ? text.length : nl };
}

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();
