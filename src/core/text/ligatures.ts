/**
 * Lost "ll" ligatures. Some PDF converters (NHS England's web pages among them) drop the second
 * letter of an "ll" ligature and leave a space: "wil be", "al ocations", "£249 mil ion",
 * "ful y", "Excel ence". A document with that artefact gets it repaired in the reading layer:
 * "al ocations" -> "allocations" (the space was the lost letter), "wil be" -> "will be" (the
 * letter was lost before a real space). Only words we know are repaired, and only in documents
 * that show the artefact unmistakably ("wil be", "mil ion"...), so ordinary text is untouched.
 */

/** Words with "ll" common in policy prose (derived from intact NHS and council documents). */
export const LL_WORDS: ReadonlySet<string> = new Set(`
all allow allows allowed allowing allowance allowances alliance allied allocate allocated allocates allocating
allocation allocations allegations ally allyship already billion billions bill bills bulletin bulletins call calls
called calling cancel cancelled cancellation cancellations challenge challenges challenged challenging colleague
colleagues collaborate collaborates collaborating collaboration collaborations collaborative collaboratives
collaboratively collect collected collecting collection collections collective collectively college colleges
controlled controller councillor councillors dwelling dwellings enrolled excellent excellence fall falls falling
fellow fellows fellowship fill filled filling follow follows followed following fulfil fulfilled fulfilling full
fuller fullest fully goodwill hallmark ill illness illnesses intelligence install installed installation
millennium million millions modelled modelling overall pallet palliative payroll pillar pillars pollution recall
rollout roll rolled rolling shall skill skills skilled small smaller smallest spell still syllabus tell telling
till toll totalled travelled travelling well wellbeing wellness will willing willingness wholly yellow
`.trim().split(/\s+/));

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Unmistakable cases of the artefact (none of them English words), each with the offset of its "l ". */
const PROBES = [' wil ', 'mil ion', 'bil ion', ' al ocat', ' ful y', ' fol ow', 'Excel ence', 'excel ence', ' al ow', 'col eague']
  .map((p) => ({ p, k: p.indexOf('l ') }));

/** The probes by the letter before their "l ". */
const PROBES_BY_LETTER = new Map<number, { p: string; k: number }[]>();
for (const probe of PROBES) {
  const letter = probe.p.charCodeAt(probe.k - 1);
  PROBES_BY_LETTER.set(letter, [...(PROBES_BY_LETTER.get(letter) ?? []), probe]);
}

/** Probes a text shows the artefact with. */
export const LOST_LIGATURE_PROBES = 3;

/** Does the text show the artefact (three probes seen)? One pass over the text's "l " pairs. */
export function hasLostLigatures(src: string): boolean {
  return countLostLigatureProbes(src, 0, src.length, LOST_LIGATURE_PROBES) >= LOST_LIGATURE_PROBES;
}

/**
 * Probes seen whose "l " starts in [from, to), counted up to `limit`. Each reads at most 11
 * characters either side of its "l ", so the count of a text after an edit is the count before,
 * less that of the edited range with a margin, plus that of the new range (reading.ts).
 */
export function countLostLigatureProbes(src: string, from: number, to: number, limit = Infinity): number {
  let seen = 0;
  for (let at = src.indexOf('l ', from); at >= 0 && at < to; at = src.indexOf('l ', at + 2)) {
    if (probeAt(src, at) && ++seen >= limit) return seen;
  }
  return seen;
}

/** Is the "l " at `at` that of a probe? */
function probeAt(src: string, at: number): boolean {
  // Only the probes with this letter before their "l " are tried; "all ", "model " try none.
  const probes = PROBES_BY_LETTER.get(src.charCodeAt(at - 1));
  if (probes === undefined) return false;
  for (const { p, k } of probes) if (at >= k && src.startsWith(p, at - k)) return true;
  return false;
}

/** A text's "l " pairs walked once: the probes seen (all of them), and the pairs ligatureRepair() may repair, in order. */
export interface LigatureScan {
  probes: number;
  /** mayRepair() pairs: [0, count). */
  repairable: Int32Array;
  count: number;
}

/** countLostLigatureProbes() of the whole text and the mayRepair() pairs, from one walk. */
export function scanLigatures(src: string): LigatureScan {
  let repairable = new Int32Array(256);
  let count = 0;
  let probes = 0;
  for (let at = src.indexOf('l '); at >= 0; at = src.indexOf('l ', at + 2)) {
    if (probeAt(src, at)) probes++;
    if (!mayRepair(src, at)) continue;
    if (count === repairable.length) {
      const grown = new Int32Array(count * 2);
      grown.set(repairable);
      repairable = grown;
    }
    repairable[count++] = at;
  }
  return { probes, repairable, count };
}

/** One step of the hash the repair checks words with before building any string (lower-case codes). */
function step(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

/** Hashes of LL_WORDS: most "l " pairs ("model of", "local area") are ruled out without a string. */
const LL_HASHES = new Set<number>([...LL_WORDS].map((w) => {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = step(h, w.charCodeAt(i));
  return h;
}));

/** An ASCII letter's place in the alphabet (1 to 26, either case), or 0. */
function letterIndex(c: number): number {
  return c >= 65 && c <= 90 ? c - 64 : c >= 97 && c <= 122 ? c - 96 : 0;
}

/**
 * The two letters before the first "l" of an "ll" in LL_WORDS (index 0: no letter, the word
 * starts there), as a table of 27 x 27; and whether a word starts with "ll".
 */
const LL_PAIRS = new Uint8Array(27 * 27);
let LL_START = false;
for (const w of LL_WORDS) {
  for (let p = w.indexOf('ll'); p >= 0; p = w.indexOf('ll', p + 1)) {
    if (p === 0) LL_START = true;
    else LL_PAIRS[(p >= 2 ? letterIndex(w.charCodeAt(p - 2)) : 0) * 27 + letterIndex(w.charCodeAt(p - 1))] = 1;
  }
}

/**
 * Can ligatureRepair() repair the "l " at `at`, on a line that starts after a non-letter (as every
 * line does)? False only where it returns null: the two letters before the "l" are not those
 * before an "ll" in a word of LL_WORDS, and it is no adverb ("annual y", "successful y").
 * Three or four characters read, no word walked.
 */
export function mayRepair(src: string, at: number): boolean {
  const c1 = letterIndex(src.charCodeAt(at - 1));
  if (c1 === 0) return LL_START;
  // (An adverb's "y" ends its word: a lower-case letter after it is on the line, as a line ends in a non-blank.)
  if ((c1 === 1 /* a */ || c1 === 21 /* u */) && src.charCodeAt(at + 2) === 121 /* y */ && !isLower(src.charCodeAt(at + 3))) return true;
  return LL_PAIRS[letterIndex(src.charCodeAt(at - 2)) * 27 + c1] === 1;
}

/** The first "l " at or after `from` that ligatureRepair() may repair (mayRepair), or -1. */
export function nextRepairable(src: string, from: number): number {
  let at = src.indexOf('l ', from);
  while (at >= 0 && !mayRepair(src, at)) at = src.indexOf('l ', at + 2);
  return at;
}

/** How to repair the "l " at `at` ("l" at at, space at at + 1): 'join' (the space was the letter), 'double' (add an "l"), or null. */
export function ligatureRepair(src: string, lineStart: number, lineEnd: number, at: number): 'join' | 'double' | null {
  // "all ", "will ", "well ": the "ll" is whole (most "l " pairs in a document).
  if (at > lineStart && src.charCodeAt(at - 1) === 108) return null;
  let w0 = at;
  while (w0 > lineStart && isLetter(src.charCodeAt(w0 - 1))) w0--;
  let w1 = at + 2;
  while (w1 < lineEnd && isLower(src.charCodeAt(w1))) w1++;
  // The left fragment [w0, at] is ASCII letters: lower-cased by setting bit 5.
  let left = 0;
  for (let i = w0; i <= at; i++) left = step(left, src.charCodeAt(i) | 32);
  const withL = step(left, 108);
  if (w1 > at + 2) {
    let joined = withL;
    for (let i = at + 2; i < w1; i++) joined = step(joined, src.charCodeAt(i));
    if (LL_HASHES.has(joined) && LL_WORDS.has(src.slice(w0, at + 1).toLowerCase() + 'l' + src.slice(at + 2, w1))) return 'join';
    // Adverbs: "annual y" -> "annually", "successful y" -> "successfully".
    if (w1 === at + 3 && src.charCodeAt(at + 2) === 121 && at > w0) {
      const a1 = src.charCodeAt(at - 1) | 32;
      if (a1 === 97 /* a */ || (a1 === 117 /* u */ && at - 1 > w0 && (src.charCodeAt(at - 2) | 32) === 102 /* f */)) return 'join';
    }
  }
  // "wil be", "al organisations": the fragment is no word, the fragment plus "l" is one.
  // ("et al" stays as it is.)
  if (!LL_HASHES.has(withL)) return null;
  const word = src.slice(w0, at + 1).toLowerCase();
  if (LL_WORDS.has(word + 'l') && !(word === 'al' && src.startsWith('et ', w0 - 3))) return 'double';
  return null;
}
