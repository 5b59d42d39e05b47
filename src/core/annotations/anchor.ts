/**
 * Find where each annotation's quote is in the current text, or say plainly that it is lost.
 *
 * Order of evidence: (a) the quote still at its offset hint (or at the hint shifted by the drift
 * of the previous annotation) with its context; (b) the exact quote elsewhere, chosen by context
 * and closeness to where it is expected; (c) an approximate match of the quote in
 * whitespace-normalised text, first near where it is expected, then anywhere via seeds. A
 * candidate that is not clearly better than its rivals is never picked: the annotation is
 * orphaned instead of being silently moved to look-alike text.
 */
import { similarity, approxMatchesIn } from './edit-distance';
import { normalizeText, normalizeWhitespace, NormalizedText } from './normalized-text';
import type { Anchor, AnchorMethod, AnchorResult, Annotation, OrphanReason } from './types';

export const CONTEXT_LENGTH = 32;

export const ANCHOR_THRESHOLDS = {
  /** Quote similarity (1 - edits / length) an approximate match needs. */
  minQuoteSimilarity: 0.8,
  /** Context similarity accepting the quote where it was, without looking further. */
  inPlaceContext: 0.8,
  /** Context support any relocated candidate needs. */
  minContext: 0.5,
  /** Context support an approximate match needs when it is far from where it was expected. */
  farContext: 0.7,
  /** Candidates whose scores differ by less than this are a tie; position must then decide. */
  tieMargin: 0.03,
  /** Characters searched either side of the expected position before the whole text. */
  window: 2048,
  /** Quotes shorter than this are only matched exactly (modulo whitespace). */
  minFuzzyLength: 10,
};

export type AnchorTarget = Pick<Annotation, 'id' | 'quote' | 'prefix' | 'suffix' | 'start'>;

/** Re-anchor every annotation against `text`; results come back in the order given. */
export function anchorAnnotations(text: string, targets: readonly AnchorTarget[]): AnchorResult[] {
  const anchorer = new Anchorer(text);
  const order = targets.map((_, i) => i).sort((a, b) => (targets[a].start ?? 0) - (targets[b].start ?? 0));
  const results: AnchorResult[] = new Array(targets.length);
  // Edits shift everything after them by the same amount: carry the last shift forward.
  let drift = 0;
  for (const i of order) {
    const result = anchorer.anchor(targets[i], drift);
    if (result.status === 'anchored') drift = result.start - (targets[i].start ?? 0);
    results[i] = result;
  }
  return results;
}

export function anchorAnnotation(text: string, target: AnchorTarget): AnchorResult {
  return new Anchorer(text).anchor(target, 0);
}

/** The anchor for a selection: its text, ~32 characters either side, and its offset. */
export function makeAnchor(text: string, start: number, end: number, contextLength = CONTEXT_LENGTH): Anchor {
  start = clamp(start, 0, text.length);
  end = clamp(end, start, text.length);
  let prefixStart = Math.max(0, start - contextLength);
  if (isLowSurrogate(text.charCodeAt(prefixStart)) && prefixStart > 0) prefixStart--;
  let suffixEnd = Math.min(text.length, end + contextLength);
  if (isLowSurrogate(text.charCodeAt(suffixEnd)) && suffixEnd < text.length) suffixEnd++;
  return { quote: text.slice(start, end), prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd), start };
}

const ID_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A short base-36 id not in `existing`. It always contains a letter, so YAML never reads it
 * as a number.
 */
export function newAnnotationId(existing: Iterable<string>, random: () => number = Math.random): string {
  const taken = new Set(existing);
  for (let attempt = 0; ; attempt++) {
    const length = 4 + Math.min(2, Math.floor(attempt / 20));
    let id = '';
    for (let i = 0; i < length; i++) id += ID_CHARS[Math.floor(random() * 36) % 36];
    if (/^\d+$/.test(id)) id = ID_CHARS[10 + Math.floor(random() * 26) % 26] + id.slice(1);
    if (!taken.has(id)) return id;
    if (attempt > 1000) throw new Error('newAnnotationId: random source keeps repeating');
  }
}

interface Candidate {
  start: number;
  end: number;
  /** 1 for the exact quote. */
  quoteSimilarity: number;
  context: number;
  distance: number;
  score: number;
}

type Choice = { kind: 'chosen'; candidate: Candidate } | { kind: 'ambiguous' } | { kind: 'none'; weak: boolean };

class Anchorer {
  private normalized?: NormalizedText;

  constructor(private readonly text: string) {}

  anchor(target: AnchorTarget, drift: number): AnchorResult {
    const { id, quote } = target;
    if (!quote) return orphan(id, 'empty-quote');
    const text = this.text;
    const hint = clamp(target.start ?? 0, 0, text.length);
    const expected = clamp(hint + drift, 0, text.length);

    // (a) Still where it was, or where its neighbours moved to.
    const places: [number, AnchorMethod][] = [[hint, 'position'], [expected, 'quote']];
    for (const [at, method] of places) {
      if (text.startsWith(quote, at)) {
        const context = this.context(target, at, at + quote.length);
        if (context >= ANCHOR_THRESHOLDS.inPlaceContext) return anchored(id, at, at + quote.length, method, score(1, context));
      }
    }

    // (b) The exact quote near where it is expected, then anywhere.
    const W = ANCHOR_THRESHOLDS.window;
    const near = this.exactCandidates(target, expected, expected - W, expected + W + quote.length);
    const local = choose(near, quote.length, false);
    if (local.kind === 'chosen' && local.candidate.context >= 0.9) return fromCandidate(id, local.candidate, 'quote');
    const everywhere = this.exactCandidates(target, expected, 0, text.length);
    const exact = choose(everywhere, quote.length, false);
    if (exact.kind === 'chosen') return fromCandidate(id, exact.candidate, 'quote');
    if (exact.kind === 'ambiguous') return orphan(id, 'ambiguous');

    // (c) An approximate match in whitespace-normalised text.
    return this.approximate(target, expected, everywhere.length > 0);
  }

  private approximate(target: AnchorTarget, expected: number, sawExact: boolean): AnchorResult {
    const { id } = target;
    const norm = (this.normalized ??= normalizeText(this.text));
    const pattern = normalizeWhitespace(target.quote);
    const m = pattern.length;
    const center = norm.fromOriginal(expected);
    const W = ANCHOR_THRESHOLDS.window;
    const fuzzy = m >= ANCHOR_THRESHOLDS.minFuzzyLength;
    const maxErrors = fuzzy ? Math.floor(m * (1 - ANCHOR_THRESHOLDS.minQuoteSimilarity)) : 0;

    const toCandidates = (matches: { start: number; end: number; errors: number }[]): Candidate[] =>
      matches.map((match) => {
        const start = norm.toOriginal(match.start);
        const end = match.end > match.start ? norm.toOriginal(match.end - 1) + 1 : start;
        return this.candidate(target, expected, start, end, 1 - match.errors / m);
      });

    let candidates = toCandidates(fuzzy
      ? approxMatchesIn(norm.text, pattern, center - W, center + m + W, maxErrors)
      : occurrences(norm.text, pattern, center - W, center + m + W).map((s) => ({ start: s, end: s + m, errors: 0 })));
    let choice = choose(candidates, m, true);
    if (choice.kind !== 'chosen') {
      const regions = fuzzy ? seedRegions(norm.text, pattern, maxErrors) : occurrences(norm.text, pattern, 0, norm.text.length);
      const more: { start: number; end: number; errors: number }[] = [];
      for (const r of regions) {
        if (Math.abs(r - center) <= W) continue;
        more.push(...(fuzzy ? approxMatchesIn(norm.text, pattern, r - maxErrors - 16, r + m + maxErrors + 16, maxErrors) : [{ start: r, end: r + m, errors: 0 }]));
      }
      candidates = dedupe([...candidates, ...toCandidates(more)]);
      choice = choose(candidates, m, true);
    }
    if (choice.kind === 'chosen') {
      const c = choice.candidate;
      return fromCandidate(id, c, c.quoteSimilarity === 1 ? 'quote' : 'fuzzy');
    }
    if (choice.kind === 'ambiguous') return orphan(id, 'ambiguous');
    return orphan(id, choice.weak || sawExact || candidates.length > 0 ? 'weak-match' : 'not-found');
  }

  private exactCandidates(target: AnchorTarget, expected: number, from: number, to: number): Candidate[] {
    const starts = occurrences(this.text, target.quote, from, to);
    let chosen = starts;
    if (starts.length > 200) {
      // Too many to score one by one: keep the nearest and those whose boundary context agrees.
      const byDistance = [...starts].sort((a, b) => Math.abs(a - expected) - Math.abs(b - expected)).slice(0, 50);
      const tailOfPrefix = target.prefix.slice(-8);
      const headOfSuffix = target.suffix.slice(0, 8);
      const agreeing = starts.filter((s) =>
        (tailOfPrefix !== '' && this.text.startsWith(tailOfPrefix, s - tailOfPrefix.length))
        || (headOfSuffix !== '' && this.text.startsWith(headOfSuffix, s + target.quote.length)));
      chosen = [...new Set([...byDistance, ...agreeing.slice(0, 200)])];
    }
    return chosen.map((s) => this.candidate(target, expected, s, s + target.quote.length, 1));
  }

  private candidate(target: AnchorTarget, expected: number, start: number, end: number, quoteSimilarity: number): Candidate {
    const context = this.context(target, start, end);
    return { start, end, quoteSimilarity, context, distance: Math.abs(start - expected), score: score(quoteSimilarity, context) };
  }

  /** How well the text around [start, end) agrees with the stored prefix and suffix (0..1). */
  private context(target: AnchorTarget, start: number, end: number): number {
    const text = this.text;
    const prefix = target.prefix ?? '';
    const suffix = target.suffix ?? '';
    const before = text.slice(Math.max(0, start - prefix.length), start);
    const after = text.slice(end, end + suffix.length);
    const side = (stored: string, actual: string, atEdge: boolean): number => {
      if (stored === '') return atEdge ? 1 : 0.5;
      if (stored === actual) return 1;
      return similarity(normalizeWhitespace(stored), normalizeWhitespace(actual));
    };
    return (side(prefix, before, start === 0) + side(suffix, after, end === text.length)) / 2;
  }
}

/**
 * The one candidate the evidence points to, if there is one. Candidates within `tieMargin`
 * of the best are a tie, broken only when one is much closer to where the quote was expected.
 */
function choose(candidates: Candidate[], quoteLength: number, approximate: boolean): Choice {
  const t = ANCHOR_THRESHOLDS;
  const acceptable = candidates.filter((c) => {
    if (c.quoteSimilarity < t.minQuoteSimilarity) return false;
    if (!approximate || c.quoteSimilarity === 1) {
      // The exact quote: context, or being practically in place with a quote long enough to be specific.
      return c.context >= t.minContext || (c.distance <= 256 && quoteLength >= 16);
    }
    return c.context >= (c.distance <= t.window ? t.minContext : t.farContext);
  });
  if (acceptable.length === 0) return { kind: 'none', weak: candidates.length > 0 };
  acceptable.sort((a, b) => b.score - a.score || a.distance - b.distance);
  const best = acceptable[0];
  const tied = acceptable.filter((c) => best.score - c.score < t.tieMargin);
  if (tied.length === 1) return { kind: 'chosen', candidate: best };
  tied.sort((a, b) => a.distance - b.distance);
  const [nearest, next] = tied;
  if (nearest.distance * 4 + 64 < next.distance) return { kind: 'chosen', candidate: nearest };
  return { kind: 'ambiguous' };
}

/** Likely match starts anywhere in the text: a few exact seeds taken from the pattern vote. */
function seedRegions(text: string, pattern: string, maxErrors: number): number[] {
  const m = pattern.length;
  const seedLength = clamp(Math.floor(m / 4), 8, 24);
  const offsets = [...new Set([0, Math.floor((m - seedLength) / 3), Math.floor((2 * (m - seedLength)) / 3), m - seedLength])];
  const regions: number[] = [];
  for (const offset of offsets) {
    const seed = pattern.slice(offset, offset + seedLength);
    const hits = occurrences(text, seed, 0, text.length, 51);
    if (hits.length > 50) continue; // too common to say anything
    for (const h of hits) regions.push(h - offset);
  }
  regions.sort((a, b) => a - b);
  const merged: number[] = [];
  for (const r of regions) if (merged.length === 0 || r - merged[merged.length - 1] > maxErrors + 16) merged.push(r);
  return merged.slice(0, 32);
}

/** Starts of `needle` in text[from, to) (the whole needle inside the range). */
function occurrences(text: string, needle: string, from: number, to: number, limit = 5000): number[] {
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  const found: number[] = [];
  if (needle.length === 0 || to - from < needle.length) return found;
  for (let i = text.indexOf(needle, from); i >= 0 && i + needle.length <= to; i = text.indexOf(needle, i + 1)) {
    found.push(i);
    if (found.length >= limit) break;
  }
  return found;
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  for (const c of sorted) if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  return kept;
}

function score(quoteSimilarity: number, context: number): number {
  return 0.7 * quoteSimilarity + 0.3 * context;
}

function fromCandidate(id: string, c: Candidate, method: AnchorMethod): AnchorResult {
  return anchored(id, c.start, c.end, method, c.score);
}

function anchored(id: string, start: number, end: number, method: AnchorMethod, s: number): AnchorResult {
  return { id, status: 'anchored', start, end, method, score: Math.round(s * 1000) / 1000 };
}

function orphan(id: string, reason: OrphanReason): AnchorResult {
  return { id, status: 'orphaned', reason };
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
