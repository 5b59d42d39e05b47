/**
 * One pass over a money statement's one-line text that tells the funding rules (funding.ts) which
 * of their sentence patterns can match it at all, so the regular expressions run only on the
 * sentences that need them: on a policy document most money statements name no accounting term,
 * no past-tense verb and no payer, and each pattern cost as much as the whole pass.
 *
 * Every pattern needs at least one of a few words, and each of them is a whole run of ASCII
 * letters: the pattern has a `\b`, white space or punctuation on both sides of it, and `\b` never
 * falls inside a run of letters. So the pass looks each run up once, by its lower-cased first four
 * letters ("depreciation" -> "depr"; a shorter run is all of it: "ias", "et"), in a small table,
 * and compares a longer run with the table's words of its length ("impact" is not "impairment", nor
 * "providers" "provided"). A word that is present proves nothing (the pattern itself decides); one
 * that is absent proves the pattern cannot match. Without the `u` flag a pattern's `i` matches only
 * ASCII letters in either case, as this does.
 * test/unit/sentence-scan.test.ts checks every pattern's alternatives, and every sentence of the
 * fixtures and the corpus, against the patterns themselves.
 */
import { isJsSpace } from '../text/spaces';

/** NOT_A_CLAIM (a URL, a reference, the language of accounts). */
export const MAY_NOT_A_CLAIM = 1;
/** PAST's verbs and "over the last". */
const PAST_WORD = 2;
/** PAST's "we/it/this/they ...ed": needs a run ending in "ed" as well. */
const PAST_PRONOUN = 4;
/** RISK_INSIDE. */
export const MAY_RISK_INSIDE = 8;
/** UNCONFIRMED. */
export const MAY_UNCONFIRMED = 16;
/** WORD_AMOUNT. */
export const MAY_WORD_AMOUNT = 32;
/** NAMED_PAYER's "The X has provided". */
const PAYER_VERB = 64;
/** NAMED_PAYER's "funded / paid for / ..." ... */
const PAYER_WORD = 128;
/** ... "by / through / from / via". */
const PAYER_PREPOSITION = 256;
/** A run of letters ends in "ed" (set by the pass itself). */
const ENDS_ED = 512;
/** PAST can match. */
export const MAY_PAST = 1 << 16;
/** NAMED_PAYER can match. */
export const MAY_NAMED_PAYER = 1 << 17;
/** ENVELOPE_EXISTING can match ("within", "out of", "from", "using", "use"). */
export const MAY_ENVELOPE = 1 << 18;
/** The sentence says "within" (ENVELOPE_EXISTING's first alternative, for sentences naming no budget). */
export const MAY_WITHIN = 1 << 19;

/**
 * The words each pattern needs, each in every form the pattern spells it ("receivables?":
 * receivable, receivables), as whole runs of letters. Keep these next to the patterns in
 * funding.ts: a word added to a pattern needs its forms here, or the pattern never sees the
 * sentences that have it.
 */
const NEEDED: ReadonlyArray<[number, readonly string[]]> = [
  // URL_OR_REFERENCE (its "http:" and "www." are told by their punctuation, below) and ACCOUNTING.
  [MAY_NOT_A_CLAIM, ['doi', 'available', 'et', 'ifrs', 'ias', 'carrying', 'recognised', 'recognized', 'accounting', 'amortised',
    'amortized', 'depreciation', 'liability', 'liabilities', 'receivable', 'receivables', 'payable', 'payables', 'cash', 'financial',
    'frem', 'subsidiary', 'discount', 'fair', 'pension', 'notional', 'trust', 'cetv', 'accrual', 'accruals', 'impairment',
    'behalf', 'accounts', 'accounted', 'equity', 'subsidiaries', 'associates']],
  [PAST_WORD, ['was', 'were', 'had', 'did', 'has', 'have', 'spent', 'received', 'achieved', 'delivered', 'secured', 'awarded',
    'continued', 'increased', 'decreased', 'reduced', 'rose', 'grew', 'fell', 'fallen', 'risen', 'grown', 'noted', 'discussed', 'agreed', 'reported', 'said',
    'commented', 'presented', 'explained', 'highlighted', 'confirmed', 'welcomed', 'acknowledged', 'asked', 'queried', 'sought',
    'informed', 'considered', 'reviewed', 'approved', 'endorsed', 'recommended', 'over']],
  [PAST_PRONOUN, ['we', 'it', 'this', 'they']],
  [MAY_RISK_INSIDE, ['then', 'there', 'risk']],
  [MAY_UNCONFIRMED, ['confirmed', 'agreed', 'tbc', 'yet', 'subject', 'awaiting', 'apply', 'applied', 'applying', 'bid', 'bidding', 'securing', 'programme', 'plan', 'budget', 'identified', 'secured', 'found', 'unfunded', 'funded', 'successful', 'depend', 'depends', 'dependent']],
  [MAY_WORD_AMOUNT, ['million', 'billion', 'thousand', 'bn', 'm']],
  [PAYER_VERB, ['provided', 'allocated', 'awarded', 'granted', 'agreed', 'committed', 'fund', 'pay', 'finance']],
  [PAYER_WORD, ['funded', 'funding', 'investment', 'grant', 'grants', 'money', 'paid', 'financed', 'commissioned', 'met', 'provided',
    'resourced']],
  [PAYER_PREPOSITION, ['by', 'through', 'from', 'via']],
  [MAY_ENVELOPE, ['within', 'out', 'from', 'using', 'use']],
  [MAY_WITHIN, ['within']],
];

/** The key of a run of letters: its first four letters lower-cased, a byte each. */
function keyOf(word: string): number {
  let key = 0;
  for (let k = 0; k < word.length && k < 4; k++) key |= (word.charCodeAt(k) | 0x20) << (8 * k);
  return key;
}

/**
 * Open addressing over 2^TABLE_BITS slots; a key is never 0 (a run has a letter). A key of fewer
 * than four letters is a whole word (slotBits); one of four is the start of the words in slotWords.
 */
const TABLE_BITS = 9;
const slotKeys = new Int32Array(1 << TABLE_BITS);
const slotBits = new Int32Array(1 << TABLE_BITS);
/** Per slot of a four-letter key: its words (lower case) and their bits, side by side. */
const slotWords: string[][] = [];
const slotWordBits: number[][] = [];

function slotOf(key: number): number {
  let slot = Math.imul(key, 0x9e3779b1) >>> (32 - TABLE_BITS);
  while (slotKeys[slot] !== 0 && slotKeys[slot] !== key) slot = (slot + 1) & ((1 << TABLE_BITS) - 1);
  return slot;
}

for (const [bit, words] of NEEDED) {
  for (const w of words) {
    const key = keyOf(w);
    const slot = slotOf(key);
    slotKeys[slot] = key;
    if (w.length < 4) {
      slotBits[slot] |= bit;
      continue;
    }
    const list = (slotWords[slot] ??= []);
    const bits = (slotWordBits[slot] ??= []);
    const k = list.indexOf(w);
    if (k >= 0) bits[k] |= bit;
    else { list.push(w); bits.push(bit); }
  }
}

/** The bits of the run of letters s[first, first + length) with this key (its first four letters). */
function bitsOfRun(s: string, first: number, length: number, key: number): number {
  const slot = slotOf(key);
  if (slotKeys[slot] !== key) return 0;
  if (length < 4) return slotBits[slot];
  const words = slotWords[slot];
  let bits = 0;
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w.length !== length) continue;
    let j = 4;
    while (j < length && (s.charCodeAt(first + j) | 0x20) === w.charCodeAt(j)) j++;
    if (j === length) bits |= slotWordBits[slot][k];
  }
  return bits;
}

/** What one pass over a line found: read after scanSentence(). */
export interface SentenceFacts {
  /** MAY_* bits: the patterns that can match. */
  may: number;
  /** Runs of ASCII letters (countLetterRuns in funding.ts, uncapped). */
  letterRuns: number;
  /** ASCII digits. */
  digits: number;
  /**
   * Runs of white space that the one-line text writes differently (a line break, a tab, two
   * spaces; not a lone space): 0 when the one-line text is the span itself. See scannedLine.
   */
  spaceRuns: number;
}

const facts: SentenceFacts = { may: 0, letterRuns: 0, digits: 0, spaceRuns: 0 };

/** The last scan's white-space runs (facts.spaceRuns of them), as start and end offsets. */
let runStarts = new Int32Array(16);
let runEnds = new Int32Array(16);

function addSpaceRun(count: number, start: number, end: number): void {
  if (count === runStarts.length) {
    const starts = new Int32Array(count * 2);
    const ends = new Int32Array(count * 2);
    starts.set(runStarts);
    ends.set(runEnds);
    runStarts = starts;
    runEnds = ends;
  }
  runStarts[count] = start;
  runEnds[count] = end;
}

/**
 * One pass over `s` from `from` to `to`: which patterns can match, its letter runs and digits, and
 * the runs of white space its one-line text collapses (see scannedLine). Apart from spaceRuns, the
 * answers are the same for the sentence's one-line text (white space collapsed) as for its span of
 * the text: white space neither joins nor splits a run of letters or digits. Returns a shared
 * object, overwritten by the next call.
 */
export function scanSentence(s: string, from = 0, to = s.length): SentenceFacts {
  let bits = 0;
  let runs = 0;
  let digits = 0;
  let spaceRuns = 0;
  // The code at i is read once, into c, and carried from step to step.
  let i = from;
  let c = i < to ? s.charCodeAt(i) : 0;
  while (i < to) {
    if (isAsciiLetter(c)) {
      // A run of letters, read to its end; its key from its first four letters as they are read.
      const first = i;
      let key = c | 0x20;
      i++;
      if (i < to && isAsciiLetter((c = s.charCodeAt(i)))) {
        key |= (c | 0x20) << 8;
        i++;
        if (i < to && isAsciiLetter((c = s.charCodeAt(i)))) {
          key |= (c | 0x20) << 16;
          i++;
          if (i < to && isAsciiLetter((c = s.charCodeAt(i)))) {
            key |= (c | 0x20) << 24;
            i++;
            while (i < to && isAsciiLetter((c = s.charCodeAt(i)))) i++;
          }
        }
      }
      const length = i - first;
      runs++;
      bits |= bitsOfRun(s, first, length, key);
      if (length >= 2 && (s.charCodeAt(i - 1) | 0x20) === 100 /* d */ && (s.charCodeAt(i - 2) | 0x20) === 101 /* e */) bits |= ENDS_ED;
      if (i === to) break;
      // (c is the code after the run.)
    }
    if (c === 32) {
      // A lone space is a space on one line too; white space after it makes a run from it.
      i++;
      if (i < to) {
        c = s.charCodeAt(i);
        if ((c <= 32 || c >= 0xa0) && isJsSpace(c)) {
          i = spaceRun(s, i - 1, to, spaceRuns++) + 1;
          c = i < to ? s.charCodeAt(i) : 0;
        }
      }
      continue;
    }
    if (c >= 48 && c <= 57) digits++;
    else if (c === 58 /* : */) {
      // "http:", "https:"
      const p = i > from ? s.charCodeAt(i - 1) | 0x20 : 0;
      if (p === 112 /* p */ || p === 115 /* s */) bits |= MAY_NOT_A_CLAIM;
    } else if (c === 46 /* . */) {
      // "www."
      if (i >= from + 2 && (s.charCodeAt(i - 1) | 0x20) === 119 && (s.charCodeAt(i - 2) | 0x20) === 119) bits |= MAY_NOT_A_CLAIM;
    } else if ((c < 32 || c >= 0xa0) && isJsSpace(c)) {
      i = spaceRun(s, i, to, spaceRuns++);
    }
    i++;
    c = i < to ? s.charCodeAt(i) : 0;
  }
  if ((bits & PAST_WORD) !== 0 || (bits & (PAST_PRONOUN | ENDS_ED)) === (PAST_PRONOUN | ENDS_ED)) bits |= MAY_PAST;
  if ((bits & PAYER_VERB) !== 0 || (bits & (PAYER_WORD | PAYER_PREPOSITION)) === (PAYER_WORD | PAYER_PREPOSITION)) bits |= MAY_NAMED_PAYER;
  facts.may = bits;
  facts.letterRuns = runs;
  facts.digits = digits;
  facts.spaceRuns = spaceRuns;
  return facts;
}

function isAsciiLetter(c: number): boolean {
  return ((c | 0x20) - 97) >>> 0 < 26;
}

/** Records the run of white space from `at` (before `to`) as run `k`; returns its last offset. */
function spaceRun(s: string, at: number, to: number, k: number): number {
  let j = at + 1;
  while (j < to && isJsSpace(s.charCodeAt(j))) j++;
  addSpaceRun(k, at, j);
  return j - 1;
}

/**
 * The one-line text (collapseSpaces) of s[from, to), the span scanSentence last scanned: the span
 * itself when its white space is lone spaces, else its pieces between the runs it recorded, joined
 * by one space each, without reading the text again.
 */
export function scannedLine(s: string, from: number, to: number): string {
  const n = facts.spaceRuns;
  if (n === 0) return s.slice(from, to);
  let out = s.slice(from, runStarts[0]);
  for (let k = 0; k < n; k++) out += ' ' + s.slice(runEnds[k], k + 1 < n ? runStarts[k + 1] : to);
  return out;
}

/**
 * scannedLine(s, from, to).lastIndexOf(' ', at), for `at` inside the line, read from the span and
 * the last scan's runs: no line is built (a line built of pieces is copied whole by its first
 * search; a message needs only its opening words).
 */
export function scannedLineLastSpace(s: string, from: number, to: number, at: number): number {
  const n = facts.spaceRuns;
  // The piece of the line (text between runs) that holds `at`, by its line and text offsets.
  let lineStart = 0;
  let textStart = from;
  let k = 0;
  for (; k < n; k++) {
    const length = runStarts[k] - textStart;
    if (at < lineStart + length) break;
    if (at === lineStart + length) return at; // the space run k is written as
    lineStart += length + 1;
    textStart = runEnds[k];
  }
  // In a piece the only white space is lone spaces.
  for (let p = textStart + (at - lineStart); p >= textStart; p--) if (s.charCodeAt(p) === 32) return lineStart + (p - textStart);
  return k === 0 ? -1 : lineStart - 1;
}

/** scannedLine(s, from, to).slice(0, length), from the span and the last scan's runs. */
export function scannedLinePrefix(s: string, from: number, to: number, length: number): string {
  const n = facts.spaceRuns;
  let out = '';
  let lineAt = 0;
  let textStart = from;
  for (let k = 0; ; k++) {
    const take = Math.min((k < n ? runStarts[k] : to) - textStart, length - lineAt);
    if (take > 0) {
      out += s.slice(textStart, textStart + take);
      lineAt += take;
    }
    if (lineAt >= length || k >= n) return out;
    out += ' ';
    lineAt++;
    textStart = runEnds[k];
  }
}
