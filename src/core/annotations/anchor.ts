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
import { normalizeText, normalizeWhitespace } from './normalized-text';
import type { Anchor, AnchorMethod, AnchorResult, Annotation, OrphanReason } from './types';

export const CONTEXT_LENGTH = 32;

export const ANCHOR_THRESHOLDS = {
  /** Quote similarity (1 - edits / length) an approximate match needs. */
  minQuoteSimilarity: 0.8,
  /** Context similarity accepting the quote where it was, without looking further. */
  inPlaceContext: 0.8,
  /** Context support (mean of both sides) any relocated exact quote needs. */
  minContext: 0.5,
  /** Context support an approximate match needs: both sides, and at least one side clearly. */
  fuzzyContext: 0.75,
  fuzzyWeakerSide: 0.5,
  /**
   * Context support any candidate needs when it is far (beyond `window`) from where it was
   * expected: moved text is followed only when its surroundings moved with it.
   */
  farContext: 0.95,
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

/**
 * The anchor for a selection: its text, ~32 characters either side, and its offset. The context
 * ends at word boundaries (it reads well in a diff): widened to the whole word when that adds at
 * most `contextLength / 2` characters, otherwise cut inside the word.
 */
export function makeAnchor(text: string, start: number, end: number, contextLength = CONTEXT_LENGTH): Anchor {
  start = clamp(start, 0, text.length);
  end = clamp(end, start, text.length);
  const slack = Math.floor(contextLength / 2);
  let prefixStart = Math.max(0, start - contextLength);
  if (prefixStart > 0 && !isSpace(text.charCodeAt(prefixStart - 1))) {
    let i = prefixStart;
    while (i > 0 && prefixStart - i < slack && !isSpace(text.charCodeAt(i - 1))) i--;
    if (i === 0 || isSpace(text.charCodeAt(i - 1))) prefixStart = i;
  }
  if (isLowSurrogate(text.charCodeAt(prefixStart)) && prefixStart > 0) prefixStart--;
  let suffixEnd = Math.min(text.length, end + contextLength);
  if (suffixEnd < text.length && !isSpace(text.charCodeAt(suffixEnd))) {
    let i = suffixEnd;
    while (i < text.length && i - suffixEnd < slack && !isSpace(text.charCodeAt(i))) i++;
    if (i === text.length || isSpace(text.charCodeAt(i))) suffixEnd = i;
  }
  if (isLowSurrogate(text.charCodeAt(suffixEnd)) && suffixEnd < text.length) suffixEnd++;
  return { quote: text.slice(start, end), prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd), start };
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029;
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
  /** Mean of the two sides' context similarity. */
  context: number;
  /** The weaker side's context similarity. */
  weakerSide: number;
  distance: number;
  score: number;
}

type Choice = { kind: 'chosen'; candidate: Candidate } | { kind: 'ambiguous' } | { kind: 'none'; weak: boolean };

class Anchorer {
  constructor(private readonly text: string) {}

  anchor(target: AnchorTarget, drift: number): AnchorResult {
    const { id, quote } = target;
    if (!quote) return orphan(id, 'empty-quote');
    const text = this.text;
    const hint = clamp(target.start ?? 0, 0, text.length);
    const expected = clamp(hint + drift, 0, text.length);

    // (a) Still where it was, or where its neighbours moved to. The common case first: the quote
    // and both sides of its context exactly where they were (no slice, no similarity).
    if (text.startsWith(quote, hint) && this.exactContext(target, hint, hint + quote.length)) {
      return anchored(id, hint, hint + quote.length, 'position', score(1, 1));
    }
    for (let k = 0; k < 2; k++) {
      const at = k === 0 ? hint : expected;
      if (text.startsWith(quote, at)) {
        const context = this.context(target, at, at + quote.length);
        if (context >= ANCHOR_THRESHOLDS.inPlaceContext) return anchored(id, at, at + quote.length, k === 0 ? 'position' : 'quote', score(1, context));
      }
    }

    // (b) The exact quote near where it is expected, then anywhere.
    const W = ANCHOR_THRESHOLDS.window;
    const near = this.exactCandidates(target, expected, expected - W, expected + W + quote.length);
    const local = choose(near, false);
    if (local.kind === 'chosen' && local.candidate.context >= 0.9) return fromCandidate(id, local.candidate, 'quote');
    const everywhere = this.exactCandidates(target, expected, 0, text.length);
    const exact = choose(everywhere, false);
    if (exact.kind === 'chosen') return fromCandidate(id, exact.candidate, 'quote');
    if (exact.kind === 'ambiguous') return orphan(id, 'ambiguous');

    // (c) An approximate match in whitespace-normalised text.
    return this.approximate(target, expected, everywhere.length > 0);
  }

  private approximate(target: AnchorTarget, expected: number, sawExact: boolean): AnchorResult {
    const { id } = target;
    const pattern = normalizeWhitespace(target.quote);
    const m = pattern.length;
    const maxErrors = m >= ANCHOR_THRESHOLDS.minFuzzyLength ? Math.floor(m * (1 - ANCHOR_THRESHOLDS.minQuoteSimilarity)) : 0;
    const W = ANCHOR_THRESHOLDS.window;
    const from = Math.max(0, expected - W);
    const to = Math.min(this.text.length, expected + W + target.quote.length);

    let candidates = this.matchesIn(target, expected, pattern, from, to, maxErrors);
    let choice = choose(candidates, true);
    if (choice.kind !== 'chosen') {
      // Anywhere else: places where several of the quote's words sit as they do in the quote.
      const more: Candidate[] = [];
      for (const region of seedRegions(this.text, pattern, maxErrors)) {
        if (region + m + maxErrors >= from && region - maxErrors <= to) continue;
        const pad = maxErrors + 16 + Math.ceil(m / 8);
        more.push(...this.matchesIn(target, expected, pattern, region - pad, region + m + pad, maxErrors));
      }
      candidates = dedupe([...candidates, ...more]);
      choice = choose(candidates, true);
    }
    if (choice.kind === 'chosen') {
      const c = choice.candidate;
      return fromCandidate(id, c, c.quoteSimilarity === 1 ? 'quote' : 'fuzzy');
    }
    if (choice.kind === 'ambiguous') return orphan(id, 'ambiguous');
    return orphan(id, choice.weak || sawExact ? 'weak-match' : 'not-found');
  }

  /** Approximate matches of the whitespace-normalised quote in text[from, to), as candidates. */
  private matchesIn(target: AnchorTarget, expected: number, pattern: string, from: number, to: number, maxErrors: number): Candidate[] {
    from = Math.max(0, from);
    to = Math.min(this.text.length, to);
    if (to <= from) return [];
    const local = normalizeText(this.text.slice(from, to));
    return approxMatchesIn(local.text, pattern, 0, local.text.length, maxErrors).map((match) => {
      const start = from + local.toOriginal(match.start);
      const end = match.end > match.start ? from + local.toOriginal(match.end - 1) + 1 : start;
      return this.candidate(target, expected, start, end, 1 - match.errors / pattern.length);
    });
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
    const [before, after] = this.contextSides(target, start, end);
    const context = (before + after) / 2;
    return { start, end, quoteSimilarity, context, weakerSide: Math.min(before, after), distance: Math.abs(start - expected), score: score(quoteSimilarity, context) };
  }

  /** True when the stored prefix ends at `start` and the stored suffix starts at `end`, exactly (what `context` scores 1). */
  private exactContext(target: AnchorTarget, start: number, end: number): boolean {
    const prefix = target.prefix ?? '';
    const suffix = target.suffix ?? '';
    return (prefix === '' || (start >= prefix.length && this.text.startsWith(prefix, start - prefix.length)))
      && (suffix === '' || this.text.startsWith(suffix, end));
  }

  /** How well the text around [start, end) agrees with the stored prefix and suffix (0..1). */
  private context(target: AnchorTarget, start: number, end: number): number {
    const [before, after] = this.contextSides(target, start, end);
    return (before + after) / 2;
  }

  private contextSides(target: AnchorTarget, start: number, end: number): [number, number] {
    const text = this.text;
    const prefix = target.prefix ?? '';
    const suffix = target.suffix ?? '';
    const before = text.slice(Math.max(0, start - prefix.length), start);
    const after = text.slice(end, end + suffix.length);
    const side = (stored: string, actual: string): number => {
      // No stored context (the quote was at an edge of the document): nothing disagrees.
      if (stored === '') return 1;
      if (stored === actual) return 1;
      return similarity(normalizeWhitespace(stored), normalizeWhitespace(actual));
    };
    return [side(prefix, before), side(suffix, after)];
  }
}

/**
 * The one candidate the evidence points to, if there is one. Candidates within `tieMargin`
 * of the best are a tie, broken only when one is much closer to where the quote was expected.
 */
function choose(candidates: Candidate[], approximate: boolean): Choice {
  const t = ANCHOR_THRESHOLDS;
  const acceptable = candidates.filter((c) => {
    if (c.quoteSimilarity < t.minQuoteSimilarity) return false;
    if (c.distance > t.window) return c.context >= t.farContext;
    if (!approximate || c.quoteSimilarity === 1) return c.context >= t.minContext;
    return c.context >= t.fuzzyContext && c.weakerSide >= t.fuzzyWeakerSide;
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

/**
 * Likely match starts anywhere in the text: the quote's longer words are looked up (words too
 * common to tell anything are skipped) and vote for where the quote would begin; places with
 * two or more agreeing words are worth verifying.
 */
function seedRegions(text: string, pattern: string, maxErrors: number): number[] {
  const words: { word: string; offset: number }[] = [];
  for (const match of pattern.matchAll(/\S+/g)) {
    if (match[0].length >= 5) words.push({ word: match[0], offset: match.index ?? 0 });
  }
  const seeds = words.sort((a, b) => b.word.length - a.word.length).slice(0, 4);
  if (seeds.length === 0) return [];
  const needed = Math.min(2, seeds.length);
  const votes: { at: number; seed: number }[] = [];
  seeds.forEach((seed, index) => {
    const hits = occurrences(text, seed.word, 0, text.length, 41);
    if (hits.length > 40) return;
    for (const h of hits) votes.push({ at: h - seed.offset, seed: index });
  });
  votes.sort((a, b) => a.at - b.at);
  const regions: number[] = [];
  const tolerance = maxErrors + 8 + Math.ceil(pattern.length / 8);
  for (let i = 0; i < votes.length; ) {
    let j = i;
    const agreeing = new Set<number>();
    while (j < votes.length && votes[j].at - votes[i].at <= tolerance) agreeing.add(votes[j++].seed);
    if (agreeing.size >= needed) regions.push(votes[i].at);
    i = j;
  }
  return regions.slice(0, 16);
}

/** Starts of `needle` in text[from, to) (the whole needle inside the range). */
function occurrences(text: string, needle: string, from: number, to: number, limit = 5000): number[] {
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  const found: number[] = [];
  if (needle.length === 0 || to - from < needle.length) return found;
  // Search a slice so a miss costs the window, not the rest of the document.
  const haystack = from === 0 && to === text.length ? text : text.slice(from, to);
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
    found.push(from + i);
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
