/**
 * Lost "ll" ligatures. Some PDF converters (NHS England's web pages among them) drop the second
 * letter of an "ll" ligature and leave a space: "wil be", "al ocations", "£249 mil ion",
 * "ful y", "Excel ence". A document with that artefact gets it repaired in the reading layer:
 * "al ocations" -> "allocations" (the space was the lost letter), "wil be" -> "will be" (the
 * letter was lost before a real space). Only words we know are repaired, and only in documents
 * that show the artefact unmistakably ("wil be", "mil ion"...), so ordinary text is untouched.
 */

/** Words with "ll" common in policy prose (derived from intact NHS and council documents). */
const LL_WORDS = new Set(`
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

/** Does the text show the artefact (three probes seen)? One pass over the text's "l " pairs. */
export function hasLostLigatures(src: string): boolean {
  let seen = 0;
  for (let at = src.indexOf('l '); at >= 0; at = src.indexOf('l ', at + 2)) {
    for (const { p, k } of PROBES) {
      if (at >= k && src.startsWith(p, at - k)) {
        if (++seen >= 3) return true;
        break;
      }
    }
  }
  return false;
}

/** How to repair the "l " at `at` ("l" at at, space at at + 1): 'join' (the space was the letter), 'double' (add an "l"), or null. */
export function ligatureRepair(src: string, lineStart: number, lineEnd: number, at: number): 'join' | 'double' | null {
  // "all ", "will ", "well ": the "ll" is whole (most "l " pairs in a document).
  if (at > lineStart && src.charCodeAt(at - 1) === 108) return null;
  let w0 = at;
  while (w0 > lineStart && isLetter(src.charCodeAt(w0 - 1))) w0--;
  let w1 = at + 2;
  while (w1 < lineEnd && isLower(src.charCodeAt(w1))) w1++;
  const left = src.slice(w0, at + 1).toLowerCase();
  const right = src.slice(at + 2, w1);
  if (w1 > at + 2) {
    const joined = left + 'l' + right;
    if (LL_WORDS.has(joined)) return 'join';
    // Adverbs: "annual y" -> "annually", "successful y" -> "successfully".
    if (right === 'y' && (left.endsWith('al') || left.endsWith('ful'))) return 'join';
  }
  // "wil be", "al organisations": the fragment is no word, the fragment plus "l" is one.
  // ("et al" stays as it is.)
  if (LL_WORDS.has(left + 'l') && !(left === 'al' && src.startsWith('et ', w0 - 3))) return 'double';
  return null;
}
