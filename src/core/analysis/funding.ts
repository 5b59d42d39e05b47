/**
 * The two funding rules. Funding, existing-resource and source phrases are found
 * with one trie walk over the tokens; each sentence then gets a bit set of what it
 * contains, and is judged once.
 */
import { Finding, FundingClass, FundingStatement, Severity, Span } from '../types';
import { TokenBuffer } from '../text/tokenizer';
import { Vocabulary } from '../text/vocabulary';
import { isUpperAscii, isWordCode } from '../text/chars';
import { isBulletGlyph } from '../text/markdown-lines';
import { collapseSpaces, isJsSpace } from '../text/spaces';
import { caseMatches, compileTrie, FlatTrie, PhraseTrie, TERM_BLOCK, TERM_CASE, TERM_FOLLOW } from './phrase-trie';
import { ENVELOPE_WORDS, EXISTING_RESOURCE_PHRASES, EXISTING_RESOURCE_OPENINGS, FUNDING_OPENINGS, FUNDING_PHRASES, FUNDING_SOURCE_PHRASES, NOT_FUNDING_PHRASES } from './funding-phrases';
import { MAY_ENVELOPE, MAY_NAMED_PAYER, MAY_NOT_A_CLAIM, MAY_PAST, MAY_WITHIN, MAY_RISK_INSIDE, MAY_UNCONFIRMED, MAY_WORD_AMOUNT, SentenceFacts, scanSentence, scannedLine, scannedLineLastSpace, scannedLinePrefix } from './sentence-scan';

export const CAT_FUNDING = 0;
export const CAT_EXISTING = 1;
export const CAT_SOURCE = 2;
/** A budget, allocation or envelope named: the sentence may say where the money comes from (ENVELOPE_EXISTING). */
export const CAT_ENVELOPE = 3;

const HAS_FUNDING = 1;
const HAS_EXISTING = 2;
const HAS_SOURCE = 4;
const HAS_ENVELOPE = 8;

export interface PhraseHit extends Span {
  category: number;
}

export class FundingMatcher {
  readonly trie: PhraseTrie;
  /** The trie as typed arrays, for find(). */
  private readonly flat: FlatTrie;
  private readonly fundWordId: number;
  private readonly fundingWordId: number;

  constructor(vocab: Vocabulary, extraFunding: readonly string[], extraExisting: readonly string[]) {
    this.trie = new PhraseTrie(vocab);
    for (const p of [...FUNDING_PHRASES, ...extraFunding]) this.trie.add(p, { target: CAT_FUNDING });
    for (const p of [...EXISTING_RESOURCE_PHRASES, ...extraExisting]) this.trie.add(p, { target: CAT_EXISTING });
    for (const [openings, follow] of EXISTING_RESOURCE_OPENINGS) for (const p of openings) this.trie.add(p, { target: CAT_EXISTING, follow });
    for (const [openings, follow] of FUNDING_OPENINGS) for (const p of openings) this.trie.add(p, { target: CAT_FUNDING, follow });
    for (const p of FUNDING_SOURCE_PHRASES) {
      // Short upper-case names (SDF, QOF, IIF) only count in capitals.
      const upper = p.length <= 4 && p === p.toUpperCase();
      this.trie.add(p, { target: CAT_SOURCE, caseSensitive: upper });
    }
    for (const p of ENVELOPE_WORDS) this.trie.add(p, { target: CAT_ENVELOPE });
    for (const p of NOT_FUNDING_PHRASES) this.trie.add(p, { target: CAT_FUNDING, block: true });
    this.fundWordId = vocab.add('fund');
    this.fundingWordId = vocab.add('funding');
    this.flat = compileTrie(this.trie);
  }

  /** Longest phrase at each token, non-overlapping, sorted by start. */
  find(text: string, buf: TokenBuffer): PhraseHit[] {
    const out: PhraseHit[] = [];
    const flat = this.flat;
    const root = flat.root;
    const rootCount = root.length;
    const kidStart = flat.kidStart;
    const kidWord = flat.kidWord;
    const termStart = flat.termStart;
    const termFlags = flat.termFlags;
    const words = buf.word;
    const gaps = buf.gap;
    const n = buf.length;
    let t = 0;
    while (t < n) {
      const w0 = words[t];
      let node = w0 >= 0 && w0 < rootCount ? root[w0] : -1;
      if (node < 0) { t++; continue; }
      let best = -1;
      let bestEnd = -1;
      // The end of a phrase extended by its follow pattern (-1: the end of its last word).
      let bestTo = -1;
      let k = t;
      for (;;) {
        for (let i = termStart[node], iEnd = termStart[node + 1]; i < iEnd; i++) {
          if ((termFlags[i] & TERM_CASE) !== 0 && !caseMatches(text, buf, t, flat.terms[i].caseWords!)) continue;
          let to = -1;
          if ((termFlags[i] & TERM_FOLLOW) !== 0) {
            const follow = flat.terms[i].follow!;
            follow.lastIndex = buf.end[k];
            if (!follow.test(text)) continue;
            to = follow.lastIndex;
          }
          best = i;
          bestEnd = k;
          bestTo = to;
          break;
        }
        const k1 = k + 1;
        let q = kidStart[node];
        const qEnd = kidStart[node + 1];
        if (k1 >= n || q === qEnd || gaps[k1] !== 0) break;
        const w = words[k1];
        if (w < 0) break;
        while (q < qEnd && kidWord[q] !== w) q++;
        if (q === qEnd) break;
        node = flat.kidNode[q];
        k = k1;
      }
      if (best < 0) { t++; continue; }
      if ((termFlags[best] & TERM_BLOCK) !== 0) { t = bestEnd + 1; continue; }
      let category = flat.termTarget[best];
      // "the Primary Care Transformation Fund", "Community Growth and Development Funding": a capitalised
      // Fund or Funding after a capitalised word is a named fund.
      if (category === CAT_FUNDING && bestEnd === t && (w0 === this.fundWordId || w0 === this.fundingWordId) && isNamedFund(text, buf, t)) category = CAT_SOURCE;
      out.push({ start: buf.start[t], end: bestTo < 0 ? buf.end[bestEnd] : bestTo, category });
      t = bestEnd + 1;
      if (bestTo >= 0) while (t < n && buf.start[t] < bestTo) t++;
    }
    return out;
  }
}

function isNamedFund(text: string, buf: TokenBuffer, t: number): boolean {
  const s = buf.start[t];
  if (text.charCodeAt(s) !== 70 /* F */) return false;
  let b = s - 1;
  while (b >= 0 && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 0xa0)) b--;
  if (b < 0 || b === s - 1) return false;
  let w = b;
  while (w >= 0 && isWordCode(text.charCodeAt(w))) w--;
  return w < b && isUpperAscii(text.charCodeAt(w + 1));
}

export interface FundingRuleInput {
  /** The reading text (see text/reading.ts); every span here is in it. */
  text: string;
  /** Sentence spans, sorted (see SpanBuffer). */
  sentences: SentenceList;
  hits: readonly PhraseHit[];
  money: readonly Span[];
  /** Mentions of lexicon entries that are funding sources, sorted by start. */
  sourceMentions: readonly Span[];
  /** Spans laid out in interleaved columns, sorted: no findings are raised there. */
  columns: readonly Span[];
  /**
   * Where the annual accounts start in `text` (-1: none; 0: all of it is accounts);
   * computed from `text` when absent. A caller analysing a document block by block passes the
   * whole document's answer (see accountsStart).
   */
  accountsFrom?: number;
  unquantified: Severity | null;
  existing: Severity | null;
}

export interface SentenceList {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly length: number;
}

const BIT_OF_CATEGORY = [HAS_FUNDING, HAS_EXISTING, HAS_SOURCE, HAS_ENVELOPE];

/** Sorted spans -> per-sentence bits, by a two-pointer merge (both lists are sorted). */
function markSentences(sentences: SentenceList, spans: readonly Span[], bits: Uint8Array, bit: number): void {
  const starts = sentences.starts;
  const ends = sentences.ends;
  const n = sentences.length;
  let si = 0;
  for (let k = 0; k < spans.length; k++) {
    const start = spans[k].start;
    while (si < n && ends[si] <= start) si++;
    if (si >= n) return;
    if (start >= starts[si]) bits[si] |= bit;
  }
}

function markHits(sentences: SentenceList, hits: readonly PhraseHit[], bits: Uint8Array): void {
  const starts = sentences.starts;
  const ends = sentences.ends;
  const n = sentences.length;
  let si = 0;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k];
    while (si < n && ends[si] <= h.start) si++;
    if (si >= n) return;
    if (h.start >= starts[si]) bits[si] |= BIT_OF_CATEGORY[h.category];
  }
}

// The sentence patterns below run only when scanSentence (sentence-scan.ts) finds the words they
// need: a word added to one of them needs its first letters in sentence-scan.ts's NEEDED table.

/** Amounts in words ("1.6 million pounds", "two billion") and in figures without a currency sign. */
const WORD_AMOUNT = /\b(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|several|a)\s+(?:million|billion|thousand|bn|m)\b(?:\s+(?:pounds|sterling|of|in|for|to|over|a year|per year|each year)\b|\s*[.,;)]|\s*$)/i;
/** A named payer: "funded by the Department for Work and Pensions", "paid for by NHS England". */
const NAMED_PAYER = /\b(?:[Ff]unded|[Ff]unding|[Ii]nvestment|[Gg]rants?|[Mm]oney|[Pp]aid for|[Ff]inanced|[Cc]ommissioned|met|[Pp]rovided|[Rr]esourced)(?:\s+(?:centrally|directly|jointly|nationally|fully|partly|partially|wholly))?(?:\s+(?:until|to|from|in|since)\s+(?:[A-Z][a-z]+\s+)?\d{4}(?:\/\d{2,4})?)?\s+(?:by|through|from|via)\s+(?:the\s+)?(?:(?:national\s+|government's\s+|government’s\s+)?[A-Z][A-Za-z&]+|national\s+(?:[a-z-]+\s+){1,4}(?:funding|fund|programme|allocation|grant)\b)|\b(?:The|the)\s+(?:[A-Z][A-Za-z&]*\s+){0,5}(?:has|have|will|had)\s+(?:recently\s+|now\s+|also\s+)?(?:provided|allocated|awarded|granted|agreed|committed)\b(?!\s+to\b)|\b(?:The|the)\s+[A-Z][A-Za-z&]*\s+(?:(?:for|of|and)\s+)?[A-Z][A-Za-z&]*\s+(?:(?:[A-Z][A-Za-z&]*|for|of|and)\s+){0,4}(?:will|has|have|had|would)\s+(?:also\s+)?(?:fund|pay for|finance)\b/;
const URL_OR_REFERENCE = /https?:|www\.|\bdoi:|\bAvailable (?:at|from)\b|\bet al\b/i;
/** Past-tense narration ("there was a large increase in spending"): describes, promises nothing. */
const PAST = /\b(?:was|were|had|did|has been|have been|spent|received|achieved|delivered|secured|awarded|continued|increased(?!\s+(?:investment|funding|resources?|spending|spend|capacity|money|capital))|decreased|reduced|rose|grew|fell|fallen|risen|grown|noted|discussed|agreed|reported|said|commented|presented|explained|highlighted|confirmed|welcomed|acknowledged|asked|queried|sought|informed|considered|reviewed|approved|endorsed|recommended)\b|\b(?:we|it|this|they)\s+(?:have\s+|has\s+)?(?:\w+ly\s+)?\w+ed\b|\bover the (?:last|past)\b/i;
/**
 * The heading that starts an annual report's accounts: everything after it is accounting. Only
 * headings that name the accounts themselves ("Statement of Comprehensive Income" also heads the
 * finance report in board papers), and only after the first 30% of the document (annual reports
 * end with their accounts), so a mention early on never silences a whole document.
 */
const ACCOUNTS_HEADING = /[#*_ \t]*(?:Annual accounts for the (?:year|period)|Notes to the (?:financial )?accounts)\b[^\n]{0,40}$/imy;

/** How ACCOUNTS_HEADING's titles read up to the "ccounts" of their "accounts". */
const ACCOUNTS_OPENINGS = ['annual a', 'notes to the a', 'notes to the financial a'];

/** Where the annual accounts start in a text: the start of their heading's line (-1 when none). */
export function accountsStart(text: string): number {
  // Each "ccounts" in the last 70% (one multiline search over the whole text cost a tenth of an
  // incremental analysis) that ends a heading's opening words at the start of a line (after marks
  // only) is tried as the heading; the others cost a few character comparisons.
  // (V8 finds a six-letter string twice as fast as a seven-letter one: "ccount", then its "s".)
  const after = Math.floor(text.length * 0.3);
  for (let at = text.indexOf('ccount', after); at >= 0; at = text.indexOf('ccount', at + 6)) {
    if (text.charCodeAt(at + 6) !== 115 /* s */) continue;
    const lineStart = headingLineStart(text, at);
    if (lineStart < after) continue;
    ACCOUNTS_HEADING.lastIndex = lineStart;
    if (ACCOUNTS_HEADING.test(text)) return lineStart;
  }
  return -1;
}

/**
 * The start of the line when the "ccounts" at `at` ends one of ACCOUNTS_OPENINGS (letters in any
 * case) with nothing before it on its line but heading marks, blanks or emphasis; else -1.
 */
export function headingLineStart(text: string, at: number): number {
  for (const opening of ACCOUNTS_OPENINGS) {
    if (!precededBy(text, at, opening)) continue;
    let j = at - opening.length;
    for (;;) {
      const c = j > 0 ? text.charCodeAt(j - 1) : 10;
      if (c === 10) return j;
      if (c !== 35 /* # */ && c !== 42 /* * */ && c !== 95 /* _ */ && c !== 32 && c !== 9) return -1;
      j--;
    }
  }
  return -1;
}

/** Is `text` just before `end` the lower-case words `lower` (its letters in either case, as a regex's `i`)? */
function precededBy(text: string, end: number, lower: string): boolean {
  const from = end - lower.length;
  if (from < 0) return false;
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(from + k);
    const want = lower.charCodeAt(k);
    if (c !== want && !(want >= 97 && want <= 122 && (c | 0x20) === want)) return false;
  }
  return true;
}

/**
 * Not a claim about money this document makes: a risk described ("If the Trust cannot manage its
 * resources ... then this could", "Failure to invest"), an action or report log line ("**Action:
 * X to provide information about funding").
 */
const RISK_OR_LOG = /^[*_\s•-]*(?:(?:If|Should)\b[^.]*\b(?:could|may|might|would|will|cannot|can't|fails?|unable)\b|(?:Failure|Inability|Unable) to\b|Risk(?:\s+\d+)?\s*[:\-–]|There is a risk\b|(?:Actions?|Outcome|Report|Agenda item|Item\s+\d+|Causes?|Effects?|Consequences?|Impact)\s*[*_]*\s*:)/i;
/** Money not (yet) there: asked for, awaited, or to be confirmed later. */
const UNCONFIRMED = /\b(?:to be confirmed|to be agreed|will be confirmed|TBC|yet to be (?:agreed|confirmed|identified|secured|found)|not yet (?:been )?(?:agreed|confirmed|identified|secured|found)|not (?:yet )?been (?:agreed|confirmed|identified|secured|found)|depend(?:s|ent)? on (?:the )?(?:outcome of (?:the )?)?(?:next |future )?(?:[\w-]+\s+){0,3}?(?:(?:finance|financial|funding|grant|budget|pay)\s+settlement|spending review|bid|business case)\b|not yet in place|not (?:yet )?(?:included )?in the (?:current|approved|agreed|capital) (?:capital )?(?:programme|plan|budget)|(?:depend(?:s|ent)? on|subject to|conditional on) securing|no\s+(?:(?!and\b|but\b|or\b|while\b)[\w-]+\s+){0,4}?(?:has|have)\s+(?:yet\s+)?been\s+(?:agreed|confirmed|identified|secured|found)|unfunded|not (?:yet )?funded|bid(?:ding)? (?:to|into)|if (?:the|our|this) (?:bid|application) is successful|subject to (?:funding|approval|confirmation|a business case)|awaiting (?:confirmation|approval|a decision|the outcome)|appl(?:y|ied|ying) for|bid(?:ding)? for)\b/i;
/** ...unless the same sentence says it came through. */
const SECURED = /\b(?:received|secured|awarded|approved|successful|granted|agreed)\b/i;
/** A risk described in the middle of a sentence (risk registers cut into fragments): "..., then this could jeopardise". */
const RISK_INSIDE = /\bthen (?:this|that|it|there|we|the Trust)\s+(?:could|may|might|would)\b|\b(?:there is|there's) a risk\b|\brisk (?:is )?that\b/i;

/** Accounting policy and notes to the accounts: how money is recorded, not what is promised. */
const ACCOUNTING = /\b(?:IFRS|IAS\s?\d|carrying amount|recogni[sz]ed (?:as|in|at|on)|accounting polic(?:y|ies)|amorti[sz]ed|depreciation|liabilit(?:y|ies)|receivables?|payables?|cash equivalents|financial assets?|Accounting Manual|FReM|subsidiary|discount rates?|fair value|pension scheme|notional|the Trust funds its|CETV|accruals?|impairment|on behalf of patients|(?:included|recognised|disclosed|shown) in the accounts|accounted for|equity method|investments? in (?:subsidiaries|associates|joint ventures))\b/i;
/**
 * Words that look ahead: a sentence with one of them is not narration. Read by looksAhead: a word
 * capitalised inside the sentence is part of a name ("the NHS Long Term Plan", "the Additional
 * Needs Service"), and "plan" and "needs" are nouns unless a "to" or "for" follows ("our financial
 * plan", "met their needs").
 */
const AHEAD = /\b(?:will|would|shall|should|must|need|needs to|needed|requires?|required|plans? (?:to|for)|planning (?:to|for)|(?<!as )planned|aims?|intends?|commit(?:s|ted)?|expects?|expected|propos(?:e|es|ed|als?)|continues? to|going to|to be|is to|are to|can|could|may|might|ensure|explor(?:e|es|ing)|seek(?:s|ing)?|request(?:s|ing)?|bid(?:s|ding)? for|appl(?:y|ying) for|extend|(?:agreed|decided|pledged|promised) to|promises?|(?:is|are|been|being) asked to|recommend(?:s|ed)? that)\b/gi;

/** Money committed, for a statement told in the past: it still backs what it names. */
const COMMITTED = /\b(?:received|won|allocated|earmarked|set aside|made available|committed|agreed|approved|confirmed|awarded|secured|ring-?fenced|granted|provided|announced|pledged|available)\b/i;

/** "... is funded", "... will be paid for", "... has been met": how a sentence says what pays. */
const PAID_FOR = `\\s+(?:is|are|will be|would be|has been|have been)\\s+(?:[a-z]+ly\\s+)?(?:funded|paid|met|financed|resourced|covered|staffed)\\b`;
/**
 * A sentence that opens by pointing back at what the sentence before it plans: "This will be paid
 * for from ...", "The cost of these appointments ...", "The scheme will be funded by ...".
 */
const POINTS_BACK_AT_PLAN = new RegExp(`^[*_\\s]*(?:(?:This|These|It)\\b|The (?:(?:full-year|annual|recurrent|revenue|capital|running|staffing|total)\\s+)?costs? of|` +
  `The (?:[a-z-]+\\s+){0,2}(?:scheme|programme|service|posts?|roles?|project|expansion|change|beds|team|teams|work|pilot|bonus|initiative)${PAID_FOR})`);
/** "The [one or two words] X is funded / will be paid for ...": X, to be found in the plan (namesAgain). */
const NAMES_AGAIN = new RegExp(`^[*_\\s]*The\\s+(?:[a-z-]+\\s+){0,2}?([a-z][a-z-]{3,})${PAID_FOR}`);

/**
 * Is the sentence text[a, b) a plan that the money statement at `start` (in the same paragraph)
 * opens by pointing back at? The plan looks ahead ("We will open ...", "The ICB will commission ...")
 * or is an action in a list.
 */
function planBefore(text: string, a: number, b: number, start: number): boolean {
  if (paragraphBreak(text, b, start)) return false;
  const opening = text.slice(start, start + 60);
  // (Not scannedLine: that reads the sentence scanned last, the money statement.)
  const line = collapseSpaces(text.slice(a, b));
  if (!POINTS_BACK_AT_PLAN.test(opening) && !namesAgain(opening, line)) return false;
  // (A list item is an action: "• Open six beds at Hollins Ward by January.")
  return !line.trimEnd().endsWith('?') && !isBoldHeading(line) && (looksAhead(line) || isListItem(text, a));
}

/**
 * Does `opening` start "The [one or two words] X is funded / will be paid for ..." where X is a word
 * of `plan` ("A second unit will open in May. The unit is funded through ...")?
 */
function namesAgain(opening: string, plan: string): boolean {
  const m = NAMES_AGAIN.exec(opening);
  return m !== null && !NOT_A_NAME_AGAIN.has(m[1]) && holdsWord(plan.toLowerCase(), m[1]);
}

/** Does `lower` hold `word` (lower case, letters and hyphens) as a whole word? */
function holdsWord(lower: string, word: string): boolean {
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) {
    const before = i === 0 ? 32 : lower.charCodeAt(i - 1);
    const after = i + word.length >= lower.length ? 32 : lower.charCodeAt(i + word.length);
    if (!isWordCode(before) && !isWordCode(after)) return true;
  }
  return false;
}

/** Words after "The" that name nothing of the sentence before ("The new ...", "The total ..."). */
const NOT_A_NAME_AGAIN = new Set(['same', 'first', 'second', 'third', 'total', 'full', 'overall', 'additional', 'current', 'existing', 'other',
  'remaining', 'proposed', 'planned', 'funding', 'investment', 'money', 'cost', 'costs', 'next', 'last', 'whole', 'main', 'national', 'local']);

/** A sentence that opens by pointing at money named just before: "This uplift ...", "1.2 This funding ..." (not "The funding": any). */
const POINTS_BACK_AT_MONEY = /^[*_\s]*(?:\d+(?:\.\d+)*\s+)?(?:This|That|These) (?:uplift|funding|investment|allocation|money|increase|settlement|grant|sum|amount|rise)\b/;

/** A sentence that opens by pointing back: "This investment ...", "It will ...", "The funding ...". */
function pointsBack(text: string, at: number): boolean {
  return /^[*_\s]*(?:This|That|These|Those|It|Its|The (?:funding|investment|money|allocation|budget|programme|scheme))\b/.test(text.slice(at, at + 40));
}

/** Does the one-line sentence look ahead (AHEAD, not as part of a name)? */
function looksAhead(line: string): boolean {
  AHEAD.lastIndex = 0;
  for (let m = AHEAD.exec(line); m !== null; m = AHEAD.exec(line)) {
    const c = line.charCodeAt(m.index);
    if (c < 65 || c > 90 || !/[A-Za-z]/.test(line.slice(0, m.index))) return true;
  }
  return false;
}

/** Where one clause of a sentence ends and the next begins: "; ", ", and ", ", but ", ", while ". */
const CLAUSE_BREAK = /;\s|,\s+(?:and|but|while|whereas|although|though|so)\s/g;

/**
 * The clause of the sentence text[start, end) that holds the cue `hit`, on one line (all of `line`
 * when it has one clause): "The work has gathered pace and investment over the last 12
 * months, and the aim is to create ..." looks ahead, but not in the clause that holds its money.
 */
function cueClause(text: string, start: number, end: number, hit: Span, line: string): string {
  const sentence = text.slice(start, end);
  CLAUSE_BREAK.lastIndex = 0;
  let from = 0;
  let to = sentence.length;
  for (let m = CLAUSE_BREAK.exec(sentence); m !== null; m = CLAUSE_BREAK.exec(sentence)) {
    if (m.index + start >= hit.end) { to = m.index; break; }
    from = m.index + m[0].length;
  }
  return from === 0 && to === sentence.length ? line : collapseSpaces(sentence.slice(from, to));
}

/** Does the clause of any funding cue in text[start, end) look ahead? (hits from index `from`) */
function anyCueLooksAhead(text: string, start: number, end: number, hits: readonly PhraseHit[], from: number, line: string): boolean {
  let any = false;
  for (let h = from; h < hits.length && hits[h].start < end; h++) {
    if (hits[h].category !== CAT_FUNDING) continue;
    any = true;
    if (looksAhead(cueClause(text, start, end, hits[h], line))) return true;
  }
  return !any && looksAhead(line);
}

export interface FundingResult {
  statements: FundingStatement[];
  findings: Finding[];
}

/** References, URLs and the language of accounts, in one pass. */
const NOT_A_CLAIM = new RegExp(`${URL_OR_REFERENCE.source}|${ACCOUNTING.source}`, 'i');

/**
 * A budget that exists, named with words between: "within the current financial envelope", "from
 * within ICB baseline allocations", "from existing ICB running cost budgets", "from their current
 * budgets". After "within" any of the qualifiers; after "from" or "using" one of them must say the
 * budget is already there (existing, current, core, baseline, own), and any words may name it
 * after that one ("within the existing directorate budget", "from the Trust's existing education
 * and training budget").
 */
const ENVELOPE_QUALIFIER = "(?:the|our|their|its|your|this|these|those|published|notified|indicative|confirmed|existing|current|overall|agreed|approved|available|core|baseline|local|recurrent|annual|system|systems|NHS|revenue|capital|running|cost|costs|financial|organisational|programme|contract|own|grant|public|health|maximum|community|nursing|delegated|pooled|directorate|departmental|service|operational|expected|and|same|[A-Z]{2,6}|[A-Z][a-z]+(?='|’))(?:'s|’s|s’)?";
const ENVELOPE_HEAD = '(?:budgets?|allocations?|envelopes?|settlements?|resources|funding|baselines?|cash\\s+limits?|global\\s+sum|reimbursable\\s+sum|establishment|contract\\s+values?)';
/** After "existing" any words name the budget: "the existing occupational health budget" (not after "own": "its own staff and central funding"). */
const NAMED_BUDGET_WORDS = "(?:[\\w&'’-]+\\s+){0,3}";
const ENVELOPE_EXISTING = new RegExp(
  `\\b(?:[Ww]ithin|[Oo]ut\\s+of)\\s+(?:${ENVELOPE_QUALIFIER}\\s+){0,4}${ENVELOPE_HEAD}\\b` +
  `|\\b(?:[Ff]rom|[Uu]sing|[Uu]se)\\s+(?:${ENVELOPE_QUALIFIER}\\s+){0,3}(?:current|core|baseline|own)\\s+(?:${ENVELOPE_QUALIFIER}\\s+){0,3}${ENVELOPE_HEAD}\\b` +
  `|\\b(?:[Ww]ithin|[Ff]rom|[Uu]sing|[Uu]se)\\s+(?:${ENVELOPE_QUALIFIER}\\s+){0,3}existing\\s+${NAMED_BUDGET_WORDS}${ENVELOPE_HEAD}\\b`);

/** The patterns that run only when scanSentence says they can match, with their bits (for tests). */
export const PREFILTERED_PATTERNS: ReadonlyArray<readonly [string, RegExp, number]> = [
  ['NOT_A_CLAIM', NOT_A_CLAIM, MAY_NOT_A_CLAIM],
  ['PAST', PAST, MAY_PAST],
  ['RISK_INSIDE', RISK_INSIDE, MAY_RISK_INSIDE],
  ['UNCONFIRMED', UNCONFIRMED, MAY_UNCONFIRMED],
  ['WORD_AMOUNT', WORD_AMOUNT, MAY_WORD_AMOUNT],
  ['NAMED_PAYER', NAMED_PAYER, MAY_NAMED_PAYER],
  ['ENVELOPE_EXISTING', ENVELOPE_EXISTING, MAY_ENVELOPE],
];

/**
 * What kind of sentence, before its money is judged: a statement, or a heading, a row of figures, a
 * reference. Read from the sentence's span of the text, text[start, end), and scanSentence's facts
 * about it (its runs of ASCII letters, that is words without figures, for telling a statement from
 * a row of figures; its digits; the patterns that can match), as it reads on one line: its one-line
 * text is built (scannedLine, right after the scan) only for the patterns. Each test gives the same
 * answer on the span as on the one-line text: they read no white space but to skip it, and a run of
 * it is one space there.
 */
function notAStatement(text: string, start: number, end: number, facts: SentenceFacts, listClaim: (() => boolean) | undefined): boolean {
  if (start >= end) return true; // (an empty line is not a statement either: its first code is not '#', but it is not closed)
  const first = text.charCodeAt(start);
  if (first === 35 /* # */) return true;
  if (first === 42 && end - start >= 2 && text.charCodeAt(start + 1) === 42 && isBoldHeading(scannedLine(text, start, end))) return true;
  const last = lastCodeIn(text, start, end);
  const closed = last === 46 || last === 33 || last === 63 || last === 59 || last === 58 || last === 41 || last === 0x2026;
  // A heading, a label, a table cell; not a list item that makes a claim ("• no additional cost to commissioners").
  if (!closed && facts.letterRuns < 8 && !(facts.letterRuns >= 3 && listClaim !== undefined && listClaim())) return true;
  if ((facts.may & MAY_NOT_A_CLAIM) !== 0 && NOT_A_CLAIM.test(scannedLine(text, start, end))) return true;
  // (Four figures need four digits.)
  if (facts.digits < 4) return false;
  const figures = countFigures(text, start, end);
  return figures >= 4 && figures * 2 >= facts.letterRuns; // a flattened row of a table of figures
}

/** Does text[start] start a list item: after a bullet glyph, "-", "*" or "+" and blanks only on its line, or at a glyph? */
function isListItem(text: string, start: number): boolean {
  if (isBulletGlyph(text.charCodeAt(start))) return true;
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0 || i === start - 1) return false;
  const c = text.charCodeAt(i);
  if (!isBulletGlyph(c) && c !== 45 && c !== 42 && c !== 43 && c !== 0x2013) return false;
  for (let j = i - 1; j >= 0; j--) {
    const d = text.charCodeAt(j);
    if (d === 10) return true;
    if (d !== 32 && d !== 9) return false;
  }
  return true;
}

/** Words that make a bare money word a claim in a list item: "• additional funding for hospices". */
const CLAIM_MODIFIER = /\b(?:additional|extra|new|increased|increasing|more|further|dedicated|protected|sustained|significant|recurrent|fair|better)\s*$/i;

/**
 * A list item of a few words without a full stop makes a claim when it holds an existing-resources
 * cue, or a funding cue with a word that makes it one ("• increased investment in talking
 * therapies"); "• Capital investment" and "• Financial performance" stay labels.
 */
function listItemClaims(text: string, bits: number, hits: readonly PhraseHit[], from: number, end: number): boolean {
  if ((bits & HAS_EXISTING) !== 0) return true;
  const h = firstOf(hits, from, end, CAT_FUNDING);
  if (h < 0) return false;
  const hit = hits[h];
  if (/^(?:additional|extra|new|more|further|dedicated|protected)\b/i.test(text.slice(hit.start, hit.end))) return true;
  return CLAIM_MODIFIER.test(text.slice(Math.max(0, hit.start - 24), hit.start));
}

/** "**Capital investment**": a one-line text in bold from end to end (it starts with "**"). */
function isBoldHeading(s: string): boolean {
  return /\*\*[.:]?$/.test(s) && s.indexOf('**', 2) >= s.length - 4;
}

/** Runs of digits (with , and .) standing alone in text[from, to): "1,234", "(7,599)", "12.5%". */
function countFigures(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const before = i > from ? s.charCodeAt(i - 1) : 32;
    let j = i + 1;
    while (j < to) {
      const d = s.charCodeAt(j);
      if ((d >= 48 && d <= 57) || ((d === 44 || d === 46) && j + 1 < to && s.charCodeAt(j + 1) >= 48 && s.charCodeAt(j + 1) <= 57)) j++;
      else break;
    }
    const wordBefore = (before >= 65 && before <= 90) || (before >= 97 && before <= 122);
    if (!wordBefore) count++;
    i = j;
  }
  return count;
}

/**
 * The last code of the one-line text of s[from, to) that is not emphasis, a quote or a space (0:
 * none): any white space is skipped (a run of it is a space there).
 */
function lastCodeIn(s: string, from: number, to: number): number {
  let i = to - 1;
  while (i >= from) {
    const c = s.charCodeAt(i);
    if (c === 42 || c === 95 || c === 32 || c === 34 || c === 39 || c === 0x201d || c === 0x2019 || ((c < 32 || c >= 0xa0) && isJsSpace(c))) i--;
    else return c;
  }
  return 0;
}

/**
 * The readings of a sentence's span that stand for readings of its one-line text, for tests
 * (test/unit/funding-span.test.ts compares each with its one-line form on every sentence we have).
 */
export const SPAN_READINGS = { notAStatement, countFigures, lastCodeIn, plainCue, plainCueOf, mayBeRiskOrLog, RISK_OR_LOG, openingOf, paragraphBreak };

/** Does a span of the sorted list start inside [start, end)? (from a moving index) */
function anyIn(spans: readonly Span[], from: { i: number }, start: number, end: number): Span | undefined {
  while (from.i < spans.length && spans[from.i].start < start) from.i++;
  return from.i < spans.length && spans[from.i].start < end ? spans[from.i] : undefined;
}

/** The cue as words: one line, no emphasis markers ("efficiency** opportunities"). */
function plainCue(cue: string): string {
  const one = collapseSpaces(cue);
  return one.indexOf('*') < 0 && one.indexOf('_') < 0 ? one : one.replace(/[*_]+/g, '');
}

/** plainCue(text.slice(from, to)), without its passes and copies when the span is words and lone spaces. */
function plainCueOf(text: string, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95 || (c === 32 ? i + 1 < to && isJsSpace(text.charCodeAt(i + 1)) : (c < 32 || c >= 0xa0) && isJsSpace(c))) {
      return plainCue(text.slice(from, to));
    }
  }
  return text.slice(from, to);
}

/**
 * Can RISK_OR_LOG match the one-line text of text[from, to)? Each of its alternatives starts with
 * one of these letters (in either case), after marks and white space only.
 */
function mayBeRiskOrLog(text: string, from: number, to: number): boolean {
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 42 && c !== 95 && c !== 45 && c !== 0x2022 && !isJsSpace(c)) break;
  }
  if (i === to) return false;
  const lower = text.charCodeAt(i) | 0x20;
  // If, Inability, Item, Impact; Should; Failure; Unable; Risk, Report; There is; Actions, Agenda item; Outcome;
  // Cause, Consequence; Effect.
  return lower === 105 || lower === 115 || lower === 102 || lower === 117 || lower === 114 || lower === 116 || lower === 97 || lower === 111 || lower === 99 || lower === 101;
}

/**
 * The first words of a sentence for a message, at most ~60 characters cut at a word: `line` up to
 * its last space at or before 60 (if after 30), else its first 60, and "…" (all of it when it has
 * at most 64). `line` is the one-line text of text[start, end), the span scanned last; read from the
 * span, so that the line (built of pieces) is not copied whole for its first words.
 */
function openingOf(text: string, start: number, end: number, line: string): string {
  if (line.length <= 64) return line;
  const cut = scannedLineLastSpace(text, start, end, 60);
  return scannedLinePrefix(text, start, end, cut > 30 ? cut : 60) + '…';
}

/** openingOf for a line that is not the span scanned last (a plan and its money statement). */
function openingOfLine(line: string): string {
  if (line.length <= 64) return line;
  const cut = line.lastIndexOf(' ', 60);
  return line.slice(0, cut > 30 ? cut : 60) + '…';
}

/**
 * Every money statement in the text, each sentence in exactly one class, and the findings for the
 * unfunded and existing-resources ones. Support counts in the sentence or the next one in the same
 * paragraph (the amount often sits in the sentence after the promise).
 */
export function fundingStatements(input: FundingRuleInput): FundingResult {
  const { text, sentences, hits } = input;
  const statements: FundingStatement[] = [];
  const findings: Finding[] = [];
  const n = sentences.length;
  const bits = new Uint8Array(n);
  markHits(sentences, hits, bits);
  const sourceHits = hits.filter((h) => h.category === CAT_SOURCE);
  // Sentences with support of their own, for "the amount is in the next sentence".
  const supported = new Uint8Array(n);
  markSentences(sentences, input.money, supported, 1);
  markSentences(sentences, input.sourceMentions, supported, 1);
  markSentences(sentences, sourceHits, supported, 1);
  const moneyAt = { i: 0 };
  const ownMoneyAt = { i: 0 };
  const sourceAt = { i: 0 };
  const mentionAt = { i: 0 };
  const columnAt = { i: 0 };
  // Separate cursors for the next sentence (both only move forward).
  const nextMoneyAt = { i: 0 };
  const nextSourceAt = { i: 0 };
  const nextMentionAt = { i: 0 };
  // ... and for the sentence before.
  const prevMoneyAt = { i: 0 };
  const prevSourceAt = { i: 0 };
  const prevMentionAt = { i: 0 };
  // The annual accounts at the end of an annual report: statements of accounting, not claims.
  const accounts = input.accountsFrom ?? accountsStart(text);
  const stop = accounts === -1 ? n : firstSentenceFrom(sentences, accounts);

  let hi = 0;
  for (let s = 0; s < stop; s++) {
    const b = bits[s];
    if ((b & (HAS_FUNDING | HAS_EXISTING | HAS_SOURCE | HAS_ENVELOPE)) === 0) continue;
    const start = sentences.starts[s];
    const end = sentences.ends[s];
    while (hi < hits.length && hits[hi].start < start) hi++;
    const facts = scanSentence(text, start, end);
    // Paid from a budget that exists, in words the phrase lists cannot spell out: "within the
    // current financial envelope", "from existing ICB running cost budgets" (not with an amount of
    // its own). Only where a budget, allocation or source is named, or "within" is written.
    const envelope = (b & HAS_EXISTING) === 0 && (facts.may & MAY_ENVELOPE) !== 0 && ((b & (HAS_ENVELOPE | HAS_SOURCE)) !== 0 || (facts.may & MAY_WITHIN) !== 0)
      ? envelopeCue(text, start, end) : undefined;
    if ((b & (HAS_FUNDING | HAS_EXISTING | HAS_SOURCE)) === 0 && envelope === undefined) continue;
    const byEnvelope = envelope !== undefined && anyIn(input.money, ownMoneyAt, start, end) === undefined;
    if (notAStatement(text, start, end, facts, isListItem(text, start) ? () => listItemClaims(text, b, hits, hi, end) : undefined)) continue;
    // The one-line text: the span itself when its white space is lone spaces.
    const line = scannedLine(text, start, end);
    const may = facts.may;
    let cls: FundingClass;
    // The cue: a hit (from the text), else a string.
    let cueHit = -1;
    let cue = '';
    let support: string | undefined;
    let unconfirmed: string | undefined;
    let pendingMoney: string | undefined; // what would have backed it
    if ((b & HAS_EXISTING) !== 0 || byEnvelope) {
      // A risk described is not delivery expected: "Risk 6: Failure to have sufficient resource ...".
      if ((mayBeRiskOrLog(text, start, end) && RISK_OR_LOG.test(line)) || ((may & MAY_RISK_INSIDE) !== 0 && RISK_INSIDE.test(line))) continue;
      cls = 'existing';
      cueHit = byEnvelope ? -1 : firstOf(hits, hi, end, CAT_EXISTING);
      if (byEnvelope) cue = envelope!;
      // "... cannot be done without additional investment", "Without further investment, the estate
      // will deteriorate": money needed, not delivery without it.
      if (cueHit >= 0 && moneyNeededWithout(text, start, hits[cueHit])) cls = 'unfunded';
      // A savings report: "Efficiency savings achieved in the year totalled £9.8m against a plan of £11m."
      else if ((may & MAY_PAST) !== 0 && anyIn(input.money, ownMoneyAt, start, end) !== undefined && PAST.test(line) && !looksAhead(line)) continue;
    } else {
      const own = supportIn(text, input, start, end, moneyAt, sourceAt, mentionAt, sourceHits, line, may);
      // The next sentence, when it is in the same paragraph: "... we will invest. This is £2m over..."
      let next: string | undefined;
      // (Not when the next sentence is a money statement of its own: its amount is its own.)
      // (Unless it opens by pointing back with an amount of its own: "We will invest in X. This investment totals £1.1 billion.")
      if (own === undefined && s + 1 < n && supported[s + 1] !== 0 && (bits[s + 1] & HAS_EXISTING) === 0 &&
        ((bits[s + 1] & HAS_FUNDING) === 0 && !paragraphBreak(text, end, sentences.starts[s + 1]) || pointsBack(text, sentences.starts[s + 1]))) {
        next = supportIn(text, input, sentences.starts[s + 1], sentences.ends[s + 1], nextMoneyAt, nextSourceAt, nextMentionAt, sourceHits, undefined, -1);
      }
      // The sentence before, when this one opens by pointing at its money: "The global sum will rise by
      // £1.2bn. This uplift includes funding for the pay award."
      let before: string | undefined;
      if (own === undefined && next === undefined && s > 0 && supported[s - 1] !== 0 && POINTS_BACK_AT_MONEY.test(text.slice(start, start + 40)) &&
        !paragraphBreak(text, sentences.ends[s - 1], start)) {
        before = supportIn(text, input, sentences.starts[s - 1], sentences.ends[s - 1], prevMoneyAt, prevSourceAt, prevMentionAt, sourceHits, undefined, -1);
      }
      support = own ?? next ?? before;
      // Money spent or received, told in the past: "We invested £4m in two new theatres", "The Better Care
      // Fund was introduced in 2015" (not money committed: "£1.6 million has been allocated to the pilot").
      if (own !== undefined && (may & MAY_PAST) !== 0 && PAST.test(line) && !COMMITTED.test(line) && !anyCueLooksAhead(text, start, end, hits, hi, line)) continue;
      // Money asked for or promised later is not money behind the claim: "Applied for central funding", "to be confirmed".
      // Nor is it narration when nothing backs it: "Funding for the running costs has not yet been agreed".
      const pending = (may & MAY_UNCONFIRMED) !== 0 ? UNCONFIRMED.exec(line) : null;
      // ("Yet to be agreed" is not "agreed": the pending phrase itself is left out of that test.)
      if (pending !== null && !SECURED.test(line.slice(0, pending.index) + ' ' + line.slice(pending.index + pending[0].length))) { unconfirmed = pending[0]; pendingMoney = support; support = undefined; }
      if ((b & HAS_FUNDING) !== 0) {
        cueHit = firstOf(hits, hi, end, CAT_FUNDING);
        if (support !== undefined) cls = 'backed';
        else if (pendingMoney !== undefined) cls = 'unfunded'; // money named, but not yet there
        else if (lastCodeIn(text, start, end) === 63 /* ? */ || (mayBeRiskOrLog(text, start, end) && RISK_OR_LOG.test(line)) ||
          ((may & MAY_RISK_INSIDE) !== 0 && RISK_INSIDE.test(line))) continue; // a question, a risk or a log line
        // Nothing behind it and not yet agreed: a claim even when told in the past tense ("has not yet been agreed").
        else if (unconfirmed !== undefined) cls = 'unfunded';
        else if ((may & MAY_PAST) !== 0 && PAST.test(line) && !anyCueLooksAhead(text, start, end, hits, hi, line)) continue; // narration
        else cls = 'unfunded';
      } else {
        cueHit = firstOf(hits, hi, end, CAT_SOURCE);
        if (cueHit < 0) cue = support || pendingMoney || '';
        cls = unconfirmed === undefined ? 'backed' : 'unfunded';
      }
    }
    const plain = cueHit >= 0 ? plainCueOf(text, hits[cueHit].start, hits[cueHit].end) : plainCue(cue);
    // The plan it pays for, said just before: "We will open six beds. The cost of staffing them will be
    // met from the placement budget, so it is cost-neutral." One statement holds both (the plan is quoted).
    const from = s > 0 && bits[s - 1] === 0 && planBefore(text, sentences.starts[s - 1], sentences.ends[s - 1], start) ? sentences.starts[s - 1] : start;
    const whole = from === start ? line : `${collapseSpaces(text.slice(from, start)).trimEnd()} ${line}`;
    // (Made with its support, not given it after: a property added later costs an allocation of its own.)
    const statement: FundingStatement = support !== undefined && cls === 'backed'
      ? { start: from, end, class: cls, cue: plain, text: whole, support: collapseSpaces(support) }
      : { start: from, end, class: cls, cue: plain, text: whole };
    statements.push(statement);
    if (anyOverlap(input.columns, columnAt, from, end)) { statement.uncertain = true; continue; }
    if (cls === 'backed') continue;
    const opening = from === start ? openingOf(text, start, end, line) : openingOfLine(whole);
    if (cls === 'existing' && input.existing !== null) {
      findings.push({
        rule: 'funding.existing-resources',
        severity: input.existing,
        message: `Expects delivery from existing resources ("${statement.cue}"): "${opening}"`,
        start: from,
        end,
        cue: statement.cue,
      });
    } else if (cls === 'unfunded' && input.unquantified !== null) {
      findings.push({
        rule: 'funding.unquantified',
        severity: input.unquantified,
        message: unconfirmed === undefined
          ? `Funding claim ("${statement.cue}") with no amount, fund or mechanism in this sentence or the next: "${opening}"`
          : `Funding claim ("${statement.cue}") whose money is not confirmed ("${collapseSpaces(unconfirmed)}"): "${opening}"`,
        start: from,
        end,
        cue: statement.cue,
      });
    }
  }
  return { statements, findings };
}

function firstSentenceFrom(sentences: SentenceList, offset: number): number {
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sentences.starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function anyOverlap(spans: readonly Span[], from: { i: number }, start: number, end: number): boolean {
  while (from.i < spans.length && spans[from.i].end <= start) from.i++;
  return from.i < spans.length && spans[from.i].start < end;
}

/** A blank line between two offsets (sentences in different paragraphs). */
function paragraphBreak(text: string, from: number, to: number): boolean {
  const nl = text.indexOf('\n', from);
  if (nl < 0 || nl >= to) return false;
  for (let i = nl + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return false;
}

/**
 * What backs a sentence: an amount, a named fund or source, an amount in words, a named payer.
 * `line`: the text the patterns read (undefined: the span as it is); `may`: scanSentence(line)'s
 * patterns that can match (-1: not scanned, try them all).
 */
function supportIn(
  text: string, input: FundingRuleInput, start: number, end: number,
  moneyAt: { i: number }, sourceAt: { i: number }, mentionAt: { i: number }, sourceHits: readonly PhraseHit[], line: string | undefined, may: number,
): string | undefined {
  const m = moneyBacking(text, input.money, moneyAt, start, end) ?? anyIn(sourceHits, sourceAt, start, end) ?? anyIn(input.sourceMentions, mentionAt, start, end);
  if (m) return text.slice(m.start, m.end);
  const rate = mayHoldRate(text, start, end);
  if ((may & (MAY_WORD_AMOUNT | MAY_NAMED_PAYER)) === 0 && !rate) return undefined;
  const s = line ?? text.slice(start, end);
  const w = ((may & MAY_WORD_AMOUNT) !== 0 ? WORD_AMOUNT.exec(s) : null) ?? ((may & MAY_NAMED_PAYER) !== 0 ? NAMED_PAYER.exec(s) : null)
    ?? (rate ? GROWTH_RATE.exec(s) : null);
  return w ? w[0].trim() : undefined;
}

/**
 * What an amount measures when it is a need, not money behind a claim: "a financial gap of £45m",
 * "additional capital in the region of £600,000", "which we estimate at around £1.5m".
 */
const NEED_BEFORE_AMOUNT = /\b(?:(?:gap|shortfall|deficit|deficits|pressures?|overspend|overspends|shortfalls)\s+(?:of\s+)?|in the region of\s+|estimated?\s+(?:at|to cost)\s+)(?:around\s+|about\s+|approximately\s+|up to\s+|over\s+|more than\s+)?$/i;

/** The first amount in [start, end) that is not a need (a gap, shortfall, deficit, pressure); `from` moves as anyIn's does. */
function moneyBacking(text: string, money: readonly Span[], from: { i: number }, start: number, end: number): Span | undefined {
  if (anyIn(money, from, start, end) === undefined) return undefined;
  for (let j = from.i; j < money.length && money[j].start < end; j++) {
    const m = money[j];
    if (!NEED_BEFORE_AMOUNT.test(text.slice(Math.max(start, m.start - 40), m.start))) return m;
  }
  return undefined;
}

/** Does [start, end) hold a "%" or "per cent" (read in place, within the sentence only)? */
function mayHoldRate(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 /* % */) return true;
    if (c === 99 /* c */ && text.startsWith('cent', i) && i >= start + 4 && text.startsWith('per', i - 4)) return true;
  }
  return false;
}

/**
 * A rate that quantifies the money: "investment ... will grow by 3.5% a year in real terms",
 * "a 2.8% uplift". A bare share ("50% of practices will receive funding") is not one.
 */
const GROWTH_RATE = /\b(?:grow|grows|growing|rise|rises|rising|increase|increases|increasing|uplift|uplifted|go up|goes up)\s+(?:[\w-]+\s+){0,3}?by\s+(?:at least\s+|around\s+|about\s+|up to\s+)?\d+(?:\.\d+)?\s?(?:%|per cent\b)|\b\d+(?:\.\d+)?\s?(?:%|per cent\b)\s+(?:a year|per year|per annum|each year|annually|in real terms|real[- ]terms|cash[- ]terms|uplift|growth|increase|rise)\b|\b(?:growth|uplift|increase|rise)\s+of\s+(?:at least\s+|around\s+|about\s+|up to\s+)?\d+(?:\.\d+)?\s?(?:%|per cent\b)/;
/** What makes "without additional funding" a need: it cannot be done, or would take years, without it. */
const CANNOT_BEFORE = /\b(?:cannot|can't|can\s+not|could\s+not|unable|impossible|difficult|struggle|unless|would\s+(?:still\s+)?take|(?:will|would)\s+not|won't|not\s+(?:be\s+)?(?:possible|able|achievable|achieved|deliverable|delivered|sustainable|affordable))\b/i;

/**
 * Is the existing-resources cue `hit` (in the sentence from `start`) a "without ..." that says the
 * money is needed: after "cannot", "would take", "unless" in the sentence, or opening the sentence
 * before a comma ("Without further investment, the estate will deteriorate")?
 */
function moneyNeededWithout(text: string, start: number, hit: Span): boolean {
  if ((text.charCodeAt(hit.start) | 0x20) !== 119 /* w */ || !/^without\b/i.test(text.slice(hit.start, hit.start + 8))) return false;
  const before = text.slice(start, hit.start);
  if (CANNOT_BEFORE.test(before)) return true;
  if (/[A-Za-z]/.test(before)) return false;
  // A comma soon after, before any full stop (read in place: a search could run on to the end of the document).
  for (let i = hit.end, limit = Math.min(text.length, hit.end + 40); i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) return true;
    if (c === 46 /* . */) return false;
  }
  return false;
}

/** ENVELOPE_EXISTING's words in text[start, end), on one line (undefined: none). */
function envelopeCue(text: string, start: number, end: number): string | undefined {
  const m = ENVELOPE_EXISTING.exec(text.slice(start, end));
  return m === null ? undefined : collapseSpaces(m[0]);
}

/** The index of the first hit of a category from hits[from], before `end` (-1: none). */
function firstOf(hits: readonly PhraseHit[], from: number, end: number, category: number): number {
  for (let h = from; h < hits.length && hits[h].start < end; h++) {
    if (hits[h].category === category) return h;
  }
  return -1;
}
