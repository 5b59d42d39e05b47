/**
 * The reading layer: from a document's source text, the text as a reader sees it, with an
 * exact map from every reading offset back to the source.
 *
 * PDF-converted documents cut sentences with blank lines every PDF line, scatter `\(`
 * escapes and stray `** **` markers, write bullets as glyphs and leave running headers and
 * page numbers mid-sentence. The engine reads this layer; every span it reports is mapped
 * back to the source. Well-formed Markdown comes back unchanged (`map` is null).
 *
 * Linear in the text: one pass over the lines to classify them (markdown-lines.ts, as the
 * tokenizer and the sentence splitter do), a pass over the page-number candidates (longest run
 * of increasing numbers), and one pass that writes the reading text.
 */
import { PageStart, Span } from '../types';
import { countLostLigatureProbes, LigatureScan, ligatureRepair, LOST_LIGATURE_PROBES, nextRepairable, scanLigatures } from './ligatures';
import { classifyLine, isBulletGlyph, LINE_BLANK, LINE_FENCE, LINE_HEADING, LINE_LIST, LINE_RULE, LINE_TEXT, lineAt, lineKind, startsText } from './markdown-lines';
import { commonPrefix, commonSuffix } from './diff';
import { Utf8Scratch } from './utf8';
import { WordTable } from './word-table';

export interface ReadingOptions {
  /** Is this (lower-case) word known, e.g. to the lexicon? Decides "neighbour-\nhood" -> "neighbourhood". */
  isWord?: (word: string) => boolean;
  /**
   * Pairs of words that follow one another inside known names and phrases (word-table.ts,
   * phrasePairs(): the lexicon's, the funding phrases'). A line of running text ending in the
   * first and the next line starting with the second, capitalised, read on: "...in line with the
   * Mental Health" / "Investment Standard." is one sentence.
   */
  phrasePairs?: WordTable;
}

export interface ReadingText {
  /** The text as a reader sees it. The same string as the source when nothing changed. */
  readonly text: string;
  /** Reading offsets -> source offsets, or null when the text is the source. */
  readonly map: OffsetMap | null;
  /** Printed pages (source offsets), from page-number lines or `<!-- page N -->` markers; empty when none. */
  readonly pages: PageStart[];
  /** Spans of the reading text laid out in narrow interleaved columns: findings there are not reliable. */
  readonly columns: Span[];
}

/**
 * Segments of the reading text: each starts at `r[i]` in the reading text and at `s[i]` in the
 * source, and covers `len[i]` source characters (0 for text the reading layer inserted, such as
 * the space that joins two fragments).
 */
export class OffsetMap {
  constructor(private readonly r: Int32Array, private readonly s: Int32Array, private readonly len: Int32Array, readonly count: number) {}

  /** Last segment starting at or before (strict: before) `offset`, searched from segment `lo` on. */
  private seg(offset: number, strict: boolean, lo = 0): number {
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (strict ? this.r[mid] < offset : this.r[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The source offset of a span starting at reading offset `offset`. */
  toSourceStart(offset: number): number {
    const i = this.seg(offset, false);
    return this.s[i] + Math.min(offset - this.r[i], this.len[i]);
  }

  /** The source offset of a span ending (exclusive) at reading offset `offset`. */
  toSourceEnd(offset: number): number {
    if (offset <= 0) return this.s[0];
    const i = this.seg(offset, true);
    return this.s[i] + Math.min(offset - this.r[i], this.len[i]);
  }

  /** Is the reading character at `offset` a copy of a source character (not one the reading layer inserted)? */
  isCopied(offset: number): boolean {
    return this.len[this.seg(offset, false)] > 0;
  }

  /** Maps one span in place (start and end). */
  mapSpan(sp: Span): void {
    const s = this.toSourceStart(sp.start);
    sp.end = Math.max(s, this.toSourceEnd(sp.end));
    sp.start = s;
  }

  /**
   * Maps a list of spans in place. The spans are mostly in order: each offset is found by a few
   * steps on from the last one (segment starts strictly increase), by a search when it is far or behind.
   */
  mapSpans(spans: readonly Span[]): void {
    const r = this.r;
    const last = this.count - 1;
    let i = 0; // segment of the last start
    let j = 0; // segment of the last end
    for (let k = 0; k < spans.length; k++) {
      const sp = spans[k];
      const a = sp.start;
      if (a < r[i]) i = this.seg(a, false);
      else {
        let steps = 0;
        while (i < last && r[i + 1] <= a && steps++ < FORWARD_STEPS) i++;
        if (i < last && r[i + 1] <= a) i = this.seg(a, false, i);
      }
      const start = this.s[i] + Math.min(a - r[i], this.len[i]);
      const b = sp.end;
      let end: number;
      if (b <= 0) end = this.s[0];
      else {
        if (r[j] >= b) j = this.seg(b, true);
        else {
          let steps = 0;
          while (j < last && r[j + 1] < b && steps++ < FORWARD_STEPS) j++;
          if (j < last && r[j + 1] < b) j = this.seg(b, true, j);
        }
        end = this.s[j] + Math.min(b - r[j], this.len[j]);
      }
      sp.end = Math.max(start, end);
      sp.start = start;
    }
  }
}

/** Segments mapSpans steps over before it searches instead. */
const FORWARD_STEPS = 8;

class MapBuilder {
  /** The reading text so far: appended piece by piece (V8 keeps a rope and flattens it once, cheaper than join()). */
  out = '';
  /** Segments (as OffsetMap), in typed arrays grown by doubling. */
  r: Int32Array<ArrayBuffer>;
  s: Int32Array<ArrayBuffer>;
  len: Int32Array<ArrayBuffer>;
  count = 0;
  rlen = 0;
  /** Source end of the last copied run, or -1 after an insertion. */
  lastCopyEnd = -1;
  changed = false;

  constructor(private readonly src: string, room = Math.max(64, src.length >> 6)) {
    // PDF-converted text makes about one segment per 40 characters: grown at most once there, and
    // little to allocate for a document that needs no map.
    this.r = new Int32Array(room);
    this.s = new Int32Array(room);
    this.len = new Int32Array(room);
  }

  /** Length of the reading text written so far. */
  get length(): number {
    return this.rlen;
  }

  /** The length of the last segment (0 when there is none). */
  get lastLen(): number {
    return this.count > 0 ? this.len[this.count - 1] : 0;
  }

  private push(r: number, s: number, len: number): void {
    if (this.count === this.r.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.r = grow(this.r);
      this.s = grow(this.s);
      this.len = grow(this.len);
    }
    this.r[this.count] = r;
    this.s[this.count] = s;
    this.len[this.count] = len;
    this.count++;
  }

  copy(from: number, to: number): void {
    if (to <= from) return;
    this.out += from === 0 && to === this.src.length ? this.src : this.src.slice(from, to);
    if (this.lastCopyEnd === from) {
      this.len[this.count - 1] += to - from;
    } else {
      if (this.count > 0 || from !== 0) this.changed = true;
      this.push(this.rlen, from, to - from);
    }
    this.rlen += to - from;
    this.lastCopyEnd = to;
  }

  /** Text that stands for the source at `at` (it maps there, and covers nothing). */
  insert(text: string, at: number): void {
    this.changed = true;
    if (text.length === 0) { this.lastCopyEnd = -1; return; }
    this.out += text;
    this.push(this.rlen, at, 0);
    this.rlen += text.length;
    this.lastCopyEnd = -1;
  }

  /** Drops source text [from, to) from the reading (the next copy starts a new segment). */
  skip(from: number, to: number): void {
    if (to > from) { this.changed = true; this.lastCopyEnd = -1; }
  }

  /** Starts where an earlier builder was at a checkpoint: its text and segments up to there. */
  resume(old: WrittenText, at: Checkpoint): void {
    this.out = old.text.slice(0, at.rlen);
    this.r.set(old.r.subarray(0, at.count));
    this.s.set(old.s.subarray(0, at.count));
    this.len.set(old.len.subarray(0, at.count));
    this.count = at.count;
    if (at.count > 0) this.len[at.count - 1] = at.lastLen;
    this.rlen = at.rlen;
    this.lastCopyEnd = at.lastCopyEnd;
    this.changed = at.changed !== 0;
  }

  /**
   * Appends what an earlier builder wrote after checkpoint `at`, moved by `ds` in the source
   * and `dr` in the reading text (this builder is in the same state as that one was there).
   */
  appendTail(old: WrittenText, at: Checkpoint, ds: number, dr: number): void {
    this.out += old.text.slice(at.rlen);
    // The segment open at the checkpoint grew by what the old builder copied on to it.
    if (at.count > 0) this.len[this.count - 1] += old.len[at.count - 1] - at.lastLen;
    for (let i = at.count; i < old.count; i++) this.push(old.r[i] + dr, old.s[i] + ds, old.len[i]);
    this.rlen += old.rlen - at.rlen;
    this.lastCopyEnd = old.lastCopyEnd < 0 ? -1 : old.lastCopyEnd + ds;
    this.changed = old.changed;
  }

  finish(): { text: string; map: OffsetMap | null } {
    if (!this.changed && (this.rlen === this.src.length)) return { text: this.src, map: null };
    const n = this.count;
    if (n === 0) return { text: this.out, map: new OffsetMap(new Int32Array(1), new Int32Array(1), new Int32Array(1), 1) };
    const map = new OffsetMap(this.r.slice(0, n), this.s.slice(0, n), this.len.slice(0, n), n);
    return { text: this.out, map };
  }
}

// Line kinds: the Markdown kinds of markdown-lines.ts, and two of the reading layer's own.
const K_TEXT = LINE_TEXT;
const K_BLANK = LINE_BLANK;
const K_HEADING = LINE_HEADING;
const K_LIST = LINE_LIST;
const K_FENCE = LINE_FENCE; // fence lines and everything inside a fence
const K_FURNITURE = 7; // page numbers, running headers, page markers, form feeds
const K_NUMBER = 8; // a lone number that is not a page number (a table value, a contents entry)

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 12 /* form feed */;
}

function isLower(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}

function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Words after which a sentence cannot end: a fragment ending in one continues. */
const CONTINUING_WORDS = new Set([
  'a', 'an', 'the', 'of', 'to', 'and', 'or', 'for', 'with', 'in', 'on', 'by', 'from', 'as', 'at', 'that', 'which', 'who',
  'is', 'are', 'be', 'been', 'being', 'was', 'were', 'will', 'would', 'should', 'could', 'can', 'may', 'must', 'has',
  'have', 'had', 'our', 'their', 'its', 'his', 'her', 'your', 'my', 'this', 'these', 'those', 'including', 'such',
  'between', 'across', 'within', 'per', 'than', 'into', 'onto', 'through', 'via', 'about', 'over', 'under', 'not',
  'nor', 'but', 'also', 'both', 'each', 'every', 'all', 'any', 'more', 'most', 'less', 'other', 'new', 'where',
  'when', 'while', 'whilst', 'if', 'so', 'we', 'they', 'it', 'there', 'how', 'what', 'whose', 'up', 'out', 'off',
  'towards', 'toward', 'against', 'among', 'amongst', 'upon', 'without', 'until', 'since', 'because', 'although',
  'though', 'whether', 'do', 'does', 'did', 'make', 'made', 'support', 'deliver', 'provide', 'ensure', 'improve',
  '&', 'de', 'le', 'la',
]);

const CONTINUING = new WordTable(CONTINUING_WORDS);

/**
 * Verbs that want an object, which a sentence of running text does not end in without a full
 * stop ("...be able to use" / "ARRS funding"). Not in CONTINUING_WORDS: as a noun "use" ends
 * headings and table cells ("Fit for use"), and most such verbs end table cells and column
 * fragments of the corpus ("Improving", "using" / "West Yorkshire"), so each added here was
 * checked on it (scripts/reading-diff.mjs).
 */
const RUNNING_CONTINUING = new WordTable(['use']);

/** Second halves of words PDF lines break at a real hyphen: "place-\nbased" keeps its hyphen. */
const HYPHEN_SECONDS = new Set([
  'based', 'led', 'term', 'wide', 'focused', 'centred', 'centered', 'being', 'time', 'making', 'related', 'specific',
  'level', 'scale', 'up', 'owned', 'funded', 'year', 'years', 'month', 'day', 'week', 'hour', 'date', 'informed',
  'driven', 'facing', 'off', 'in', 'out', 'on', 'to', 'of', 'one', 'two', 'three', 'four', 'five', 'ten', 'wise',
  'like', 'free', 'friendly', 'ready', 'specialist', 'medical', 'executive', 'clinical', 'recurrent', 'urgent',
  'elective', 'emergency', 'pandemic', 'covid', 'agency', 'pay', 'statutory', 'acute', 'profit', 'sectoral',
  'agency', 'organisational', 'professional', 'disciplinary', 'partner', 'working', 'speed', 'tier', 'quality',
  'assessment', 'access', 'referral', 'hospital', 'payment', 'cost', 'value', 'effective', 'efficient', 'saving',
]);

/** Prefixes that keep their hyphen whatever follows ("non-\nexecutive", "co-\nproduction"). */
const HYPHEN_PREFIXES = new Set([
  'non', 'co', 'self', 'cross', 'multi', 'inter', 'intra', 'pre', 'post', 're', 'sub', 'anti', 'pro', 'semi', 'ex',
  'well', 'long', 'short', 'high', 'low', 'full', 'part', 'half', 'mid', 'over', 'under', 'out', 'up', 'down', 'real',
  'place', 'person', 'evidence', 'community', 'system', 'data', 'cost', 'value', 'age', 'all', 'year', 'three', 'two',
  'one', 'four', 'five', 'ten', 'in', 'on', 'off', 'top', 'front', 'back', 'joined', 'step', 'sub', 'extra', 'ultra',
  'neuro', 'socio', 'time', 'health', 'user', 'patient', 'city', 'world', 'first', 'second', 'third', 'face',
]);

interface Lines {
  start: Int32Array; // content start (after indentation)
  end: Int32Array; // content end (before trailing blanks)
  lineStart: Int32Array;
  lineEnd: Int32Array; // before the line break
  kind: Uint8Array;
  count: number;
  /** Short text lines, and those with a sentence ending inside them ("...our ambition. We"). */
  shortLines: number;
  midStops: number; // counted until it decides laidOutInColumns(): 0 under 50 short lines
}

/** Characters of a line enough to classify it (a longer marker, or a rule, is classified on the whole line). */
const PREFIX = 48;

/**
 * Does the line [a, e) start "**" then a character that makes it text to markdown-lines.ts
 * ("**Capital investment**": no rule, as the third character is neither "*" nor a blank, and no
 * list item, as no blank follows the first "*")? Half of a PDF-converted document's lines that
 * startsText() leaves open start so; they skip the classifier. (Exported for tests, which check
 * it against classifyLine.)
 */
export function boldTextStart(src: string, a: number, e: number): boolean {
  if (a + 2 >= e || src.charCodeAt(a) !== 42 || src.charCodeAt(a + 1) !== 42) return false;
  const c = src.charCodeAt(a + 2);
  return c !== 42 && c !== 32 && c !== 9 && c !== 13 && c !== 0x2028 && c !== 0x2029;
}

/**
 * Does the line [a, e) start with an ordered list marker, as classifyLine() reads one at a digit:
 * one to three digits, "." or ")", then a blank ("1. ", "12) ")? (Exported for tests.)
 */
export function orderedItem(src: string, a: number, e: number): boolean {
  let k = a;
  while (k < e && k - a < 4 && isDigit(src.charCodeAt(k))) k++;
  if (k - a > 3) return false;
  const p = src.charCodeAt(k);
  if (k >= e || (p !== 46 && p !== 41)) return false;
  return k + 1 < e && isSpace(src.charCodeAt(k + 1));
}

/**
 * Might the whole line be classified differently from its prefix in `bytes`: a marker near the
 * cut, or a rule (the prefix, from the marker on, is all one of - * _ = and blanks)?
 */
function mayReachPast(bytes: Utf8Scratch, line: number): boolean {
  const j = lineAt(line);
  const n = bytes.length;
  if (lineKind(line) === LINE_RULE || j + 16 > n) return true;
  const b = bytes.bytes;
  const c = b[j];
  if (c !== 45 && c !== 42 && c !== 95 && c !== 61) return false;
  let k = j;
  while (k < n && (b[k] === c || b[k] === 32 || b[k] === 9)) k++;
  return k === n;
}

/**
 * The lines of src[from, to) (`from` a line start, `to` a line's end: a line break or the end of
 * the text), classified. `allMidStops` counts every short line with a sentence ending inside it
 * (the incremental reader adds and subtracts counts of a range); otherwise counting stops once
 * laidOutInColumns() is decided, which gives the same answer.
 */
function scanLines(src: string, from = 0, to = src.length, allMidStops = false): Lines {
  // The line breaks, found once (indexOf is native), kept for the pass that classifies the lines.
  let breaks = new Int32Array(Math.max(64, (to - from) >> 5));
  let count = 1;
  for (let at = src.indexOf('\n', from); at >= 0 && at < to;) {
    if (count > breaks.length) {
      const grown = new Int32Array(breaks.length * 2);
      grown.set(breaks);
      breaks = grown;
    }
    breaks[count - 1] = at;
    count++;
    // Half the lines of a PDF-converted text are empty: their break is the next character.
    at = src.charCodeAt(at + 1) === 10 ? at + 1 : src.indexOf('\n', at + 1);
  }
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  const lineStart = new Int32Array(count);
  const lineEnd = new Int32Array(count);
  const kind = new Uint8Array(count);
  // A line that does not start with a letter is classified on its UTF-8 bytes (markdown-lines.ts).
  const bytes = new Utf8Scratch();
  let inFence = 0; // 0, or the fence character code
  let shortLines = 0; // text lines of 20 to 119 characters
  for (let k = 0; k < count; k++) {
    const nl = k < count - 1 ? breaks[k] : to;
    lineStart[k] = from;
    if (nl === from) {
      // An empty line (what the rest of the loop makes of one, read no further).
      lineEnd[k] = from;
      start[k] = from;
      end[k] = from;
      kind[k] = inFence !== 0 ? K_FENCE : K_BLANK;
      from = nl + 1;
      continue;
    }
    let e = nl;
    if (src.charCodeAt(e - 1) === 13) e--;
    lineEnd[k] = e;
    let a = from;
    while (a < e && isSpace(src.charCodeAt(a))) a++;
    let b = e;
    while (b > a && isSpace(src.charCodeAt(b - 1))) b--;
    start[k] = a;
    end[k] = b;
    let md: number = LINE_TEXT;
    let fence = 0;
    const c0 = src.charCodeAt(a);
    if (a >= b || startsText(c0, src.charCodeAt(a + 1)) || boldTextStart(src, a, e)) {
      // text (or blank)
    } else if (isBulletGlyph(c0)) {
      md = LINE_LIST; // (what classifyLine() says of a line starting with a bullet glyph)
    } else if (isDigit(c0)) {
      md = orderedItem(src, a, e) ? LINE_LIST : LINE_TEXT; // (what classifyLine() says of a line starting with a digit)
    } else {
      // The line's start decides (past the blanks, which are the same to both): classify a prefix,
      // and the whole line only when the answer may depend on what lies past it (a rule, a marker near the cut).
      // (Encode, then read `bytes.bytes`: encoding may grow the buffer.)
      let nb = bytes.encode(e - a > PREFIX ? src.slice(a, a + PREFIX) : src.slice(a, e));
      let line = classifyLine(bytes.bytes, 0, nb);
      if (e - a > PREFIX && mayReachPast(bytes, line)) {
        nb = bytes.encode(src.slice(a, e));
        line = classifyLine(bytes.bytes, 0, nb);
      }
      md = lineKind(line);
      if (md === LINE_FENCE) fence = bytes.bytes[lineAt(line)];
    }
    if (inFence !== 0) {
      kind[k] = K_FENCE;
      if (fence === inFence) inFence = 0;
    } else if (fence !== 0) {
      kind[k] = K_FENCE;
      inFence = fence;
    } else if (a === b) {
      kind[k] = K_BLANK;
      // A line holding only a form feed is a page break: furniture.
      for (let i = from; i < e; i++) if (src.charCodeAt(i) === 12) { kind[k] = K_FURNITURE; break; }
    } else if (md === LINE_TEXT || md === LINE_BLANK) {
      // (Blank to Markdown but not here: a lone ">" is written as it is.)
      kind[k] = furnitureOrText(src, a, b);
      if (kind[k] === K_TEXT && b - a < 120 && b - a >= 20) shortLines++;
    } else kind[k] = md;
    from = nl + 1;
  }
  const lines: Lines = { start, end, lineStart, lineEnd, kind, count, shortLines, midStops: 0 };
  lines.midStops = countMidStops(src, lines, 0, count, allMidStops ? Infinity : shortLines >= 50 ? Math.max(0.05 * shortLines, MIN_MID_STOPS - 1) : -1);
  return lines;
}

/** Is line k a short line of text (what laidOutInColumns() counts)? */
function isShortLine(lines: Lines, k: number): boolean {
  const n = lines.end[k] - lines.start[k];
  return lines.kind[k] === K_TEXT && n < 120 && n >= 20;
}

/** Short lines among lines [k0, k1). */
function countShortLines(lines: Lines, k0: number, k1: number): number {
  let n = 0;
  for (let k = k0; k < k1; k++) if (isShortLine(lines, k)) n++;
  return n;
}

/**
 * Short lines among lines [k0, k1) holding a sentence ending followed by another sentence's
 * start, counted until the count is over `limit` (-1: not counted).
 */
function countMidStops(src: string, lines: Lines, k0: number, k1: number, limit: number): number {
  // Text laid out in columns interleaves them line by line, so short lines often hold the end of
  // one sentence and the start of another: count them (one bounded look per short line).
  const { start, end, lineEnd } = lines;
  let midStops = 0;
  if (k1 <= k0 || limit < 0) return 0;
  const to = lineEnd[k1 - 1];
  // Every ". " in the lines, walked once (indexOf is native), matched to its line by a moving index.
  let line = k0;
  let counted = -1;
  for (let at = src.indexOf('. ', lines.lineStart[k0]); at >= 0 && at < to && midStops <= limit; at = src.indexOf('. ', at + 2)) {
    while (line < k1 && lineEnd[line] <= at) line++;
    if (line >= k1) break;
    if (line === counted || !isShortLine(lines, line) || at < start[line] + 2 || at + 3 >= end[line]) continue;
    if (isLower(src.charCodeAt(at - 1)) && isUpper(src.charCodeAt(at + 2))) { midStops++; counted = line; }
  }
  return midStops;
}

/** A line of text that is page furniture (`<!-- page 3 -->`) or a lone number ("12", "**52**", "Page 3"), or text. */
function furnitureOrText(src: string, a: number, b: number): number {
  const c = src.charCodeAt(a);
  if (c === 60 /* < */ && src.startsWith('<!--', a) && pageMarker(src, a, b) >= 0) return K_FURNITURE;
  if ((isDigit(c) || c === 42) && loneNumber(src, a, b) >= 0) return K_NUMBER;
  if ((c === 80 || c === 112) && pageLine(src, a, b) >= 0) return K_NUMBER;
  return K_TEXT;
}

/** The value of a line holding only a number of up to 4 digits, bare or in emphasis ("12", "**52**"), or -1. */
function loneNumber(src: string, a: number, b: number): number {
  while (a < b && (src.charCodeAt(a) === 42 || src.charCodeAt(a) === 95)) a++;
  if (a < b && !isDigit(src.charCodeAt(a))) return -1; // ("**Capital investment**": no need to read its end)
  while (b > a && (src.charCodeAt(b - 1) === 42 || src.charCodeAt(b - 1) === 95 || isSpace(src.charCodeAt(b - 1)))) b--;
  if (b <= a || b - a > 4) return -1;
  let v = 0;
  for (let i = a; i < b; i++) {
    const d = src.charCodeAt(i);
    if (!isDigit(d)) return -1;
    v = v * 10 + d - 48;
  }
  return v;
}

const PAGE_LINE = /^[*_]*page\s+(\d{1,4})(?:\s+of\s+\d{1,4})?[*_]*$/i;
const PAGE_MARKER = /^<!--\s*page[\s:-]*(\d{1,4})\s*-->$/i;

/** "Page 12", "Page 12 of 40": the page number, or -1. */
function pageLine(src: string, a: number, b: number): number {
  if (b - a > 24) return -1;
  const m = PAGE_LINE.exec(src.slice(a, b));
  return m ? Number(m[1]) : -1;
}

/** `<!-- page 12 -->`: the page number, or -1. */
function pageMarker(src: string, a: number, b: number): number {
  if (b - a > 40) return -1;
  const m = PAGE_MARKER.exec(src.slice(a, b));
  return m ? Number(m[1]) : -1;
}

/** Is line k alone between blank lines (or the ends of the text)? */
function isolated(lines: Lines, k: number): boolean {
  const before = k === 0 || lines.kind[k - 1] === K_BLANK || lines.kind[k - 1] === K_FURNITURE;
  const after = k === lines.count - 1 || lines.kind[k + 1] === K_BLANK || lines.kind[k + 1] === K_FURNITURE;
  return before && after;
}

/**
 * Page numbers: among the isolated number lines, the longest run whose values rise by 1 to
 * MAX_PAGE_STEP at a time (pages, with some lost in conversion). A contents page or a table column of
 * numbers makes shorter runs and loses. Marks the run as furniture; returns its lines.
 */
function findPageNumbers(src: string, lines: Lines, numberLines: readonly number[], facts?: { spanRejected: boolean }): { line: number; page: number }[] {
  const cand: number[] = [];
  const value: number[] = [];
  for (const k of numberLines) {
    if (lines.kind[k] !== K_NUMBER) continue;
    const v = candidatePage(src, lines, k);
    if (v < 0) continue;
    cand.push(k);
    value.push(v);
  }
  if (cand.length < 3) return [];
  // best run ending at each value so far (values are 1 to MAX_PAGE): length (0: none) and candidate index.
  const bestLen = new Int32Array(MAX_PAGE + 1);
  const bestAt = new Int32Array(MAX_PAGE + 1);
  const runLen = new Int32Array(cand.length);
  const prev = new Int32Array(cand.length).fill(-1);
  let top = -1;
  for (let i = 0; i < cand.length; i++) {
    const v = value[i];
    let len = 1;
    for (let d = 1; d <= MAX_PAGE_STEP && d < v; d++) {
      const l = bestLen[v - d];
      if (l > 0 && l + 1 > len) { len = l + 1; prev[i] = bestAt[v - d]; }
    }
    runLen[i] = len;
    if (bestLen[v] < len) { bestLen[v] = len; bestAt[v] = i; }
    if (top < 0 || len > runLen[top]) top = i;
  }
  if (runLen[top] < 3) return [];
  const out: { line: number; page: number }[] = [];
  for (let i = top; i >= 0; i = prev[i]) out.push({ line: cand[i], page: value[i] });
  out.reverse();
  // Pages are far apart: a run packed into a few lines is a list of numbers, not pages.
  const span = lines.start[out[out.length - 1].line] - lines.start[out[0].line];
  if (span / (out.length - 1) < MIN_PAGE_LENGTH) {
    if (facts !== undefined) facts.spanRejected = true;
    return [];
  }
  return out;
}

/** The page number line k (a lone number) may be, or -1. */
function candidatePage(src: string, lines: Lines, k: number): number {
  if (lines.kind[k] !== K_NUMBER || !isolated(lines, k)) return -1;
  let v = loneNumber(src, lines.start[k], lines.end[k]);
  if (v < 0) v = pageLine(src, lines.start[k], lines.end[k]);
  return v <= 0 || v > MAX_PAGE ? -1 : v;
}

/** The highest page number read as one. */
const MAX_PAGE = 2000;

/** Pages are at least this many characters apart: closer numbers are a table's column. */
const MIN_PAGE_LENGTH = 200;

/** Page numbers may skip this many (pages of figures or tables lose theirs in conversion). */
const MAX_PAGE_STEP = 10;

/** Key for comparing running-header lines: emphasis and spacing removed, digits folded. (Exported for tests.) */
export function headerKey(src: string, a: number, b: number): string {
  // The key's codes are gathered in a scratch array and made into one flat string (a string built
  // by += is a rope, which a Map flattens and hashes again).
  const codes = keyCodes.length < b - a ? (keyCodes = new Uint16Array(Math.max(2 * keyCodes.length, b - a))) : keyCodes;
  let n = 0;
  let space = false;
  let digit = false;
  for (let i = a; i < b; i++) {
    let c = src.charCodeAt(i);
    if (c === 42 || c === 95) continue;
    if (isSpace(c)) { space = n > 0; digit = false; continue; }
    if (isDigit(c)) {
      if (digit) continue;
      digit = true;
      c = 35; // "#"
    } else digit = false;
    if (space) { codes[n++] = 32; space = false; }
    codes[n++] = c >= 65 && c <= 90 ? c + 32 : c;
  }
  return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
}

/** headerKey's scratch codes (a line is at most this long when its key is made, bar a few). */
let keyCodes = new Uint16Array(128);

/** headerKey's hash, computed on the same characters without making the string. (Exported for tests.) */
export function headerHash(src: string, a: number, b: number): number {
  let h = 0;
  let length = 0;
  let space = false;
  let digit = false;
  for (let i = a; i < b; i++) {
    let c = src.charCodeAt(i);
    if (c === 42 || c === 95) continue;
    if (isSpace(c)) { space = length > 0; digit = false; continue; }
    if (isDigit(c)) {
      if (digit) continue;
      digit = true;
      c = 35; // "#"
    } else digit = false;
    if (space) { h = (Math.imul(h, 31) + 32) | 0; length++; space = false; }
    h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c + 32 : c)) | 0;
    length++;
  }
  return h;
}

/** The hash headerHash gives for a key. */
export function hashOfKey(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h;
}

/** Slots of findRunningLines()'s signature table, less one. */
const SIG_BITS = 4095;

/** A signature's slot in that table. */
function sigSlot(sig: number): number {
  return (sig ^ (sig >>> 12) ^ (sig >>> 20)) & SIG_BITS;
}

/** A cheap signature of a line for finding repeats: its length and first and last characters. */
function lineSignature(src: string, a: number, b: number): number {
  return ((b - a) << 16) ^ (src.charCodeAt(a) << 8) ^ src.charCodeAt(b - 1);
}

/**
 * Running headers and footers: short lines repeated through the document next to its page
 * numbers (within three lines of one, at least three times, in at least half their occurrences).
 */
function findRunningLines(src: string, lines: Lines, pageLines: readonly number[]): RunningLines {
  if (pageLines.length < 3) return NO_RUNNING_LINES;
  const near = new Uint8Array(lines.count);
  // The near lines are also listed (then sorted), so that only they are visited next.
  const nearLines: number[] = [];
  for (const p of pageLines) {
    let seen = 0;
    for (let k = p - 1; k >= 0 && seen < 3; k--) if (lines.kind[k] !== K_BLANK) { if (near[k] === 0) nearLines.push(k); near[k] = 1; seen++; }
    seen = 0;
    for (let k = p + 1; k < lines.count && seen < 3; k++) if (lines.kind[k] !== K_BLANK) { if (near[k] === 0) nearLines.push(k); near[k] = 1; seen++; }
  }
  nearLines.sort((x, y) => x - y);
  // Keys of the lines near page numbers first (few), then of the other short lines of the same lengths.
  // The keyed lines and their keys are kept in two short lists (not one slot per line of the document).
  const nearCount = new Map<string, number>();
  const keyedLines: number[] = [];
  const keys: string[] = [];
  for (const k of nearLines) {
    if (!headerCandidate(src, lines, k)) continue;
    const key = headerKey(src, lines.start[k], lines.end[k]);
    if (key.length < 4) continue;
    keyedLines.push(k);
    keys.push(key);
    nearCount.set(key, (nearCount.get(key) ?? 0) + 1);
  }
  const signatures = new Set<number>();
  // A bit per signature in a small table: a line whose bit is clear has no signature of the set.
  const sigBits = new Uint8Array(SIG_BITS + 1);
  for (let i = 0; i < keyedLines.length; i++) {
    const k = keyedLines[i];
    if ((nearCount.get(keys[i]) ?? 0) < 3) continue;
    const sig = lineSignature(src, lines.start[k], lines.end[k]);
    signatures.add(sig);
    sigBits[sigSlot(sig)] = 1;
  }
  if (signatures.size === 0) return { nearCount, signatures, running: new Set() };
  const total = new Map<string, number>(nearCount);
  // A line's key is made only when its hash is one of the near keys' hashes.
  const nearHashes = new Set<number>();
  for (const key of nearCount.keys()) nearHashes.add(hashOfKey(key));
  const { kind, start, end, count } = lines;
  for (let k = 0; k < count; k++) {
    // (headerCandidate's tests, cheapest first: most lines fail on their kind or length.)
    const kd = kind[k];
    if ((kd !== K_TEXT && kd !== K_HEADING) || near[k] !== 0) continue;
    const a = start[k];
    const b = end[k];
    if (b <= a || b - a > 100) continue;
    const last = src.charCodeAt(b - 1);
    if (last === 46) continue;
    const sig = ((b - a) << 16) ^ (src.charCodeAt(a) << 8) ^ last; // lineSignature
    if (sigBits[sigSlot(sig)] === 0 || !isolated(lines, k) || !signatures.has(sig)) continue;
    if (!nearHashes.has(headerHash(src, a, b))) continue;
    const key = headerKey(src, a, b);
    if (!nearCount.has(key)) continue;
    keyedLines.push(k);
    keys.push(key);
    total.set(key, (total.get(key) ?? 0) + 1);
  }
  const running = new Set<string>();
  for (let i = 0; i < keyedLines.length; i++) {
    const n = nearCount.get(keys[i]) ?? 0;
    if (n >= 3 && n * 2 >= (total.get(keys[i]) ?? 0)) {
      lines.kind[keyedLines[i]] = K_FURNITURE;
      running.add(keys[i]);
    }
  }
  return { nearCount, signatures, running };
}

/** What findRunningLines() decided, for the incremental reader (sameFacts). */
interface RunningLines {
  /** Keys of the candidate lines near page numbers, and how many. */
  nearCount: ReadonlyMap<string, number>;
  /** Signatures of the lines whose key is near page numbers three times or more. */
  signatures: ReadonlySet<number>;
  /** Keys whose lines are running headers or footers. */
  running: ReadonlySet<string>;
}

const NO_RUNNING_LINES: RunningLines = { nearCount: new Map(), signatures: new Set(), running: new Set() };

/** Can line k be a running header? Short, alone between blank lines, and not a sentence (no full stop at its end). */
function headerCandidate(src: string, lines: Lines, k: number): boolean {
  const kind = lines.kind[k];
  return (kind === K_TEXT || kind === K_HEADING) && lines.end[k] - lines.start[k] <= 100 && src.charCodeAt(lines.end[k] - 1) !== 46 && isolated(lines, k);
}

/** Trailing emphasis, quotes and brackets skipped: the last character that decides if a fragment ends. */
function lastMeaningful(src: string, a: number, b: number): number {
  let i = b - 1;
  while (i >= a) {
    const c = src.charCodeAt(i);
    if (c === 42 || c === 95 || isSpace(c)) { i--; continue; }
    if (c === 92 /* \ */) { i--; continue; }
    return i;
  }
  return -1;
}

/** The first character that decides how a fragment starts (past emphasis, escapes and opening quotes). */
function firstMeaningful(src: string, a: number, b: number): number {
  let i = a;
  while (i < b) {
    const c = src.charCodeAt(i);
    if (c === 42 || c === 95 || c === 92 || isSpace(c)) { i++; continue; }
    return i;
  }
  return -1;
}

/** Does the last word of a fragment (ending at i), lower-cased, continue a sentence? No string is made. */
function endsInContinuingWord(src: string, a: number, i: number): boolean {
  return endsInWordOf(CONTINUING, src, a, i);
}

/** Is the last word of a fragment (ending at i), lower-cased, one of the table's? No string is made. */
function endsInWordOf(table: WordTable, src: string, a: number, i: number): boolean {
  let j = i;
  while (j >= a) {
    const c = src.charCodeAt(j);
    if (isLower(c) || isUpper(c) || c === 38 /* & */) j--;
    else break;
  }
  return table.has(src, j + 1, i + 1);
}

/** Does the fragment (ending at i) end in a possessive ("from the ICB's")? What it owns follows. */
function endsInPossessive(src: string, a: number, i: number): boolean {
  if (i - 2 < a || (src.charCodeAt(i) !== 115 /* s */)) return false;
  const q = src.charCodeAt(i - 1);
  if (q !== 39 && q !== 0x2019) return false;
  const c = src.charCodeAt(i - 2);
  return isLower(c) || isUpper(c) || isDigit(c);
}

/**
 * Do the last word of a fragment (ending at i) and the first of the next line (starting at
 * `first`, before `ke`) follow one another in a known phrase ("Mental Health" / "Investment
 * Standard")? A plural second word counts ("Better Care" / "Funds"). No string is made.
 */
function continuesPhrase(src: string, pa: number, i: number, first: number, ke: number, pairs: WordTable): boolean {
  let a0 = i + 1;
  while (a0 > pa && isWordChar(src.charCodeAt(a0 - 1))) a0--;
  // Both capitalised, as a name is: "the current" / "Workforce" is not one.
  if (a0 > i || !(isUpper(src.charCodeAt(a0)) || isDigit(src.charCodeAt(a0)))) return false;
  let b1 = first;
  while (b1 < ke && isWordChar(src.charCodeAt(b1))) b1++;
  // A name written in Title Case has its function words in lower case: a capitalised one starts a
  // sentence ("...through Service Development Funding" / "We will", of "the funding we need").
  if (CONTINUING.has(src, first, b1)) return false;
  if (pairs.hasPair(src, a0, i + 1, first, b1)) return true;
  return b1 - first > 2 && src.charCodeAt(b1 - 1) === 115 /* s */ && pairs.hasPair(src, a0, i + 1, first, b1 - 1);
}

/** Does the line start with two capitalised words that follow one another in a known phrase ("Service Development Funding.")? */
function startsPhrase(src: string, first: number, ke: number, pairs: WordTable): boolean {
  let a1 = first;
  while (a1 < ke && isWordChar(src.charCodeAt(a1))) a1++;
  if (a1 === first || a1 + 1 >= ke || src.charCodeAt(a1) !== 32 || !isUpper(src.charCodeAt(a1 + 1)) || CONTINUING.has(src, first, a1)) return false;
  let b1 = a1 + 1;
  while (b1 < ke && isWordChar(src.charCodeAt(b1))) b1++;
  return !CONTINUING.has(src, a1 + 1, b1) && pairs.hasPair(src, first, a1, a1 + 1, b1);
}

function isWordChar(c: number): boolean {
  return isLower(c) || isUpper(c) || isDigit(c);
}

/** A line this long, with this many words in lower case that are not function words, reads as running text (not a heading). */
const RUNNING_MIN_CHARS = 30;
const RUNNING_MIN_LOWER_WORDS = 2;

/**
 * Does the line [a, b) read as running text: long enough, and with words in lower case other
 * than function words? A Title Case heading ("Our Approach to the Better Care Fund and Mental
 * Health") has none, and the paragraph after it starts a block of its own. Called only when a
 * join is in question (rare): it looks words up, without making strings.
 */
function runningText(src: string, a: number, b: number): boolean {
  if (b - a < RUNNING_MIN_CHARS) return false;
  let words = 0;
  for (let i = a; i < b; i++) {
    if (!isLower(src.charCodeAt(i)) || (i > a && isWordChar(src.charCodeAt(i - 1)))) continue;
    let j = i + 1;
    while (j < b && isLower(src.charCodeAt(j))) j++;
    if (!CONTINUING.has(src, i, j) && ++words >= RUNNING_MIN_LOWER_WORDS) return true;
    i = j - 1;
  }
  return false;
}

/** Does a sentence end at the end of this fragment? */
function closes(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 0x2026;
}

/** Is the bold-only line a heading ("**Capital investment**")? */
function boldOnly(src: string, a: number, b: number): boolean {
  return b - a > 4 && src.charCodeAt(a) === 42 && src.charCodeAt(a + 1) === 42 && src.charCodeAt(b - 1) === 42 && src.charCodeAt(b - 2) === 42;
}

/** The document-wide facts of a text's lines: which lines are page furniture, its pages, its layout. */
interface Facts {
  /** Final line kinds (page numbers and running lines made furniture); `lines.kind` keeps the scanned ones. */
  kind: Uint8Array;
  pages: PageStart[];
  multiColumn: boolean;
  /** The page-number lines. */
  pageLines: number[];
  /** The running headers and footers. */
  runningLines: RunningLines;
  /** Page numbers were found and rejected as too close together (a change of length may accept them). */
  spanRejected: boolean;
}

/**
 * Page numbers, running headers and footers, pages, column layout: from the scanned lines of the
 * whole text (cheap passes over the line arrays; the costly per-line work is in scanLines).
 * With `copyKinds` the scanned kinds in `lines` are kept (the incremental reader splices them).
 */
function documentFacts(src: string, lines: Lines, copyKinds: boolean): Facts {
  const scanned = lines.kind;
  const kind = copyKinds ? scanned.slice() : scanned;
  const final: Lines = copyKinds ? { ...lines, kind } : lines;
  const rejected = { spanRejected: false };
  // The lone numbers and the scanned furniture (few), listed in one pass for the passes below.
  const numberLines: number[] = [];
  const furnitureLines: number[] = [];
  for (let k = 0, n = final.count; k < n; k++) {
    const kd = kind[k];
    if (kd === K_NUMBER) numberLines.push(k);
    else if (kd === K_FURNITURE) furnitureLines.push(k);
  }
  const pageNumbers = findPageNumbers(src, final, numberLines, rejected);
  for (const p of pageNumbers) kind[p.line] = K_FURNITURE;
  // "Page 3 of 12" says what it is: furniture even outside the run of page numbers (a bundle of papers restarts them).
  for (const k of numberLines) {
    if (kind[k] === K_NUMBER && final.end[k] - final.start[k] > 6 && pageLine(src, final.start[k], final.end[k]) >= 0) kind[k] = K_FURNITURE;
  }
  const pageLines = pageNumbers.map((p) => p.line);
  const runningLines = findRunningLines(src, final, pageLines);
  // (Page markers are scanned furniture: the lines made furniture since are numbers and running lines.)
  const pages = pageStarts(src, final, furnitureLines, pageNumbers);
  return { kind, pages, multiColumn: laidOutInColumns(lines), pageLines, runningLines, spanRejected: rejected.spanRejected };
}

/** A reading text's builder arrays as the incremental reader keeps them. */
interface WrittenText {
  text: string;
  r: Int32Array;
  s: Int32Array;
  len: Int32Array;
  count: number;
  rlen: number;
  lastCopyEnd: number;
  changed: boolean;
  /** The writing pass's hyphen lookups at its end. */
  lookups: number;
}

/** The writing pass's state before a line: where the incremental reader resumes or rejoins an earlier pass. */
interface Checkpoint {
  line: number;
  // MapBuilder
  rlen: number;
  count: number;
  lastLen: number;
  lastCopyEnd: number;
  changed: number;
  // the pass
  pos: number;
  gapFrom: number;
  prevContent: number;
  narrowRun: number;
  narrowChars: number;
  narrowFrom: number;
  prevReadStart: number;
  prevReadEnd: number;
  lookups: number;
  columns: number;
  searches: number;
}

/** Lines between checkpoints of the writing pass (an edit rewrites about twice this many lines). */
const CHECKPOINT_LINES = 64;

/** A search of the document made for a word broken at a hyphen (occursNear): its line and window. */
interface Search {
  line: number;
  at: number;
  length: number;
}

/**
 * The pass that writes the reading text, line by line. Its state between lines is a handful of
 * numbers (a Checkpoint), so the incremental reader can stop it, resume it at a checkpoint of an
 * earlier pass, and see when it is back in step with that pass.
 */
class Writer {
  readonly out: MapBuilder;
  readonly columns: Span[] = [];
  readonly searches: Search[] = [];
  readonly checkpoints: Checkpoint[] = [];
  private readonly next: NextMarks;
  pos = 0; // source offset written up to
  gapFrom = 0; // the first line after the last line of content handled (furniture there is dropped)
  prevContent = -1; // the last line of text written (for joins)
  narrowRun = 0; // fragments joined in a row, their characters, and where the run starts
  narrowChars = 0;
  narrowFrom = -1;
  prevReadStart = 0; // reading offsets of the last line written
  prevReadEnd = 0;
  /** Words broken at a hyphen looked up in the document (a bounded number of times: a search is linear in the document). */
  lookups = 0;

  constructor(
    private readonly src: string,
    private readonly lines: Lines,
    private readonly kind: Uint8Array,
    private readonly multiColumn: boolean,
    ligatures: boolean,
    private readonly isWord: ((word: string) => boolean) | undefined,
    private readonly pairs: WordTable | undefined,
    /** Keep checkpoints and searches (for the incremental reader). */
    private readonly keep: boolean,
    room?: number,
    /** The text's "l " pairs the ligature repair may repair, when a scan of the whole text found them. */
    scan?: LigatureScan,
  ) {
    this.out = new MapBuilder(src, room);
    this.next = { bs: -1, em: -1, ls: ligatures ? 0 : -1, pg: -1, lsList: scan?.repairable ?? null, lsCount: scan?.count ?? 0, lsAt: 0 };
    codeSpans.begin(src);
  }

  /** Starts the marks searched for in lines at `from` (each the first occurrence at or after a place at or before the line). */
  private startMarks(from: number): void {
    const src = this.src;
    this.next.bs = src.indexOf('\\', from);
    this.next.em = src.indexOf('**', from);
    if (this.next.ls !== -1) this.next.ls = nextLs(src, this.next, from);
    this.next.pg = src.indexOf('Page ', from);
  }

  /** A word broken at a hyphen is rejoined when the lexicon knows it or the document writes it whole nearby. */
  private readonly knows = (w: string, at: number): boolean => {
    if (this.isWord?.(w)) return true;
    if (this.lookups++ >= MAX_HYPHEN_LOOKUPS) return false;
    if (this.keep) this.searches.push({ line: this.line, at, length: w.length });
    return occursNear(this.src, w, at);
  };

  /** The line being written. */
  private line = 0;

  checkpoint(line: number): Checkpoint {
    const o = this.out;
    return {
      line, rlen: o.rlen, count: o.count, lastLen: o.lastLen, lastCopyEnd: o.lastCopyEnd, changed: o.changed ? 1 : 0,
      pos: this.pos, gapFrom: this.gapFrom, prevContent: this.prevContent, narrowRun: this.narrowRun, narrowChars: this.narrowChars,
      narrowFrom: this.narrowFrom, prevReadStart: this.prevReadStart, prevReadEnd: this.prevReadEnd, lookups: this.lookups,
      columns: this.columns.length, searches: this.searches.length,
    };
  }

  /** Takes up an earlier pass at its checkpoint `at` (its text, columns and searches up to there). */
  resume(old: ReadingState, at: Checkpoint): void {
    this.out.resume(old.written, at);
    for (let i = 0; i < at.columns; i++) this.columns.push(old.columns[i]);
    for (let i = 0; i < at.searches; i++) this.searches.push(old.searches[i]);
    for (const c of old.checkpoints) {
      if (c.line > at.line) break;
      this.checkpoints.push(c);
    }
    this.pos = at.pos;
    this.gapFrom = at.gapFrom;
    this.prevContent = at.prevContent;
    this.narrowRun = at.narrowRun;
    this.narrowChars = at.narrowChars;
    this.narrowFrom = at.narrowFrom;
    this.prevReadStart = at.prevReadStart;
    this.prevReadEnd = at.prevReadEnd;
    this.lookups = at.lookups;
  }

  /**
   * Writes lines [k0, count). `rejoin(k)`, asked before each line with a checkpoint of its own
   * (every CHECKPOINT_LINES lines, and the lines it asks for), may take the rest from an earlier
   * pass: it returns true when it did, and the pass stops there.
   */
  write(k0: number, rejoin?: (k: number, w: Writer) => boolean, rejoinAt?: (k: number) => boolean): void {
    const src = this.src;
    const lines = this.lines;
    const { start, end } = lines;
    const kind = this.kind;
    const out = this.out;
    const n = lines.count;
    const js: JoinScratch = { last: -1, first: -1, boldLine: -1, bold: false };
    this.startMarks(this.pos);
    let lastCheckpoint = this.checkpoints.length > 0 ? this.checkpoints[this.checkpoints.length - 1].line : -CHECKPOINT_LINES;
    for (let k = k0; k < n; k++) {
      if (this.keep && (k - lastCheckpoint >= CHECKPOINT_LINES || (rejoinAt !== undefined && rejoinAt(k)))) {
        if (rejoin !== undefined && rejoin(k, this)) return;
        this.checkpoints.push(this.checkpoint(k));
        lastCheckpoint = k;
      }
      const kd = kind[k];
      if (kd === K_BLANK) continue;
      if (kd === K_FURNITURE) continue;
      this.line = k;
      let pos = this.pos;
      const prevContent = this.prevContent;
      // Join this line to the previous fragment across the blank lines (and furniture) between them?
      if (prevContent >= 0 && k > prevContent + 1 && joins(src, lines, kind, prevContent, k, js, this.pairs)) {
        const pa = start[prevContent];
        const pe = end[prevContent];
        const last = js.last; // lastMeaningful(src, pa, pe)
        const first = js.first; // firstMeaningful(src, start[k], end[k])
        const hyphen = last === pe - 1 && src.charCodeAt(last) === 45 && last > pa && isLower(src.charCodeAt(last - 1)) && first === start[k] && isLower(src.charCodeAt(first));
        if (hyphen && dropHyphen(src, pa, last, first, end[k], this.knows)) {
          out.copy(pos, last);
          out.skip(last, start[k]);
        } else {
          out.copy(pos, pe);
          out.skip(pe, start[k]);
          out.insert(' ', pe);
        }
        pos = start[k];
        // Narrow fragments joined one after another: text laid out in columns.
        if (this.narrowRun === 0) { this.narrowFrom = this.prevReadStart; this.narrowChars = pe - pa; }
        this.narrowRun++;
        this.narrowChars += end[k] - start[k];
      } else {
        this.narrowRun = closeColumns(this.columns, this.narrowRun, this.narrowChars, this.narrowFrom, this.prevReadEnd, this.multiColumn);
        pos = dropFurniture(out, kind, lines, this.gapFrom, k, pos);
        // A word broken at a hyphen across the lines of one paragraph: "neighbour-\nhood".
        if (prevContent === k - 1 && kd === K_TEXT) {
          const pa = start[prevContent];
          const last = end[prevContent] - 1;
          const first = start[k];
          if (last > pa && src.charCodeAt(last) === 45 && isLower(src.charCodeAt(last - 1)) && isLower(src.charCodeAt(first)) &&
            dropHyphen(src, pa, last, first, end[k], this.knows)) {
            out.copy(pos, last);
            out.skip(last, first);
            pos = first;
          }
        }
      }
      this.gapFrom = k + 1;
      if (kd === K_FENCE) { this.pos = pos; this.prevContent = -1; continue; }
      this.prevReadStart = out.length + (start[k] - pos);
      pos = writeLine(src, out, this.next, pos, start[k], end[k], kd);
      this.prevReadEnd = out.length + (end[k] - pos);
      this.pos = pos;
      this.prevContent = kd === K_TEXT || kd === K_LIST || kd === K_NUMBER ? k : -1;
    }
    closeColumns(this.columns, this.narrowRun, this.narrowChars, this.narrowFrom, this.prevReadEnd, this.multiColumn);
    this.narrowRun = 0;
    this.pos = dropFurniture(out, kind, lines, this.gapFrom, n, this.pos);
    out.copy(this.pos, src.length);
    this.pos = src.length;
  }
}

export function readText(src: string, options: ReadingOptions = {}): ReadingText {
  const lines = scanLines(src);
  const facts = documentFacts(src, lines, false);
  const ligatures = scanLigatures(src);
  const w = new Writer(src, lines, facts.kind, facts.multiColumn, ligatures.probes >= LOST_LIGATURE_PROBES, options.isWord, options.phrasePairs, false, undefined, ligatures);
  w.write(0);
  codeSpans.begin('');
  const { text, map } = w.out.finish();
  return { text, map, pages: facts.pages, columns: w.columns };
}

/**
 * What readTextIncremental() keeps of a reading for the next: the source, its lines and facts,
 * the written text and map, and the writing pass's checkpoints. Opaque to callers.
 */
export interface ReadingState {
  readonly src: string;
  readonly isWord: ((word: string) => boolean) | undefined;
  readonly phrasePairs: WordTable | undefined;
  readonly lines: Lines;
  readonly facts: Facts;
  /** Lines are inside a code fence somewhere: the fence state crosses lines, so every edit rescans. */
  readonly fenced: boolean;
  /** "l " probes of lost ligatures (all of them, not just the first three). */
  readonly ligatureProbes: number;
  readonly written: WrittenText;
  readonly columns: Span[];
  readonly searches: Search[];
  readonly checkpoints: Checkpoint[];
  readonly reading: ReadingText;
  /**
   * What changed in the reading text since the state this one was made from, when known: the
   * text before `from` is the same, and so is the text after `newTo` (`oldTo` before the edit).
   */
  readonly edit?: ReadingEdit;
}

/** A span of the reading text that an edit replaced (reading offsets; a superset of what changed). */
export interface ReadingEdit {
  from: number;
  oldTo: number;
  newTo: number;
}

/**
 * readText() of `src`, reusing the reading of an earlier version of the same document: the lines
 * an edit touched are scanned again, the document-wide facts (page numbers, running lines,
 * layout, lost ligatures) recomputed from the lines, and the writing pass redone from a
 * checkpoint before the first line whose reading may differ until it is back in step with the
 * earlier pass after the last; the rest is the earlier reading, moved. The result is always the
 * one readText() gives (test/unit/reading-incremental.test.ts).
 */
export function readTextIncremental(src: string, options: ReadingOptions, previous?: ReadingState): { reading: ReadingText; state: ReadingState } {
  if (previous === undefined || previous.isWord !== options.isWord || previous.phrasePairs !== options.phrasePairs) return readFully(src, options);
  const old = previous.src;
  if (old === src) {
    const n = previous.reading.text.length;
    return { reading: copyReading(previous.reading), state: { ...previous, edit: { from: n, oldTo: n, newTo: n } } };
  }
  // The changed source: [p, oldEnd) of the old text is [p, newEnd) of the new one.
  const p = commonPrefix(old, src);
  const suffix = commonSuffix(old, src, Math.min(old.length, src.length) - p);
  const oldEnd = old.length - suffix;
  const ds = src.length - old.length;
  const ol = previous.lines;
  // Old lines [l0, l1) are scanned again (one line of margin either side): a line's kind depends on it alone.
  const l0 = Math.max(0, lineOf(ol, p) - 1);
  const l1 = Math.min(ol.count, lineOf(ol, oldEnd) + 2);
  const from = ol.lineStart[l0];
  const to = (l1 < ol.count ? ol.lineStart[l1] - 1 : old.length) + ds;
  const mid = scanLines(src, from, to, true);
  const fenced = previous.fenced || hasKind(mid, K_FENCE, 0, mid.count);
  if (fenced) return readFully(src, options);
  const lineDelta = mid.count - (l1 - l0);
  const lines = spliceLines(ol, l0, l1, mid, ds);
  lines.shortLines = ol.shortLines - countShortLines(ol, l0, l1) + mid.shortLines;
  lines.midStops = ol.midStops - countMidStops(old, ol, l0, l1, Infinity) + mid.midStops;
  const facts = sameFacts(previous, lines, l0, l1, mid, src, ds) ?? documentFacts(src, lines, true);
  const lo = Math.max(0, p - PROBE_MARGIN);
  const ligatureProbes = previous.ligatureProbes - countLostLigatureProbes(old, lo, Math.min(old.length, oldEnd + PROBE_MARGIN)) + countLostLigatureProbes(src, lo, Math.min(src.length, oldEnd + ds + PROBE_MARGIN));
  const ligatures = ligatureProbes >= LOST_LIGATURE_PROBES;
  const w = new Writer(src, lines, facts.kind, facts.multiColumn, ligatures, options.isWord, options.phrasePairs, true, previous.written.count + 64 + (mid.count << 1));
  if (facts.multiColumn !== previous.facts.multiColumn || ligatures !== (previous.ligatureProbes >= LOST_LIGATURE_PROBES)) {
    // A document-wide fact of the writing pass changed: write it all.
    w.write(0);
    return finishState(src, options, lines, facts, fenced, ligatureProbes, w, undefined);
  }
  // Lines whose reading may differ: those scanned again, those whose kind changed (a page number
  // typed makes or unmakes furniture anywhere), and those that searched the edited text for a word.
  const oldKind = previous.facts.kind;
  const kind = facts.kind;
  let w0 = l0;
  for (let k = 0; k < l0; k++) if (kind[k] !== oldKind[k]) { w0 = k; break; }
  let w1 = l1; // (old line numbers)
  for (let k = ol.count - 1; k >= l1; k--) if (kind[k + lineDelta] !== oldKind[k]) { w1 = k + 1; break; }
  for (const sr of previous.searches) {
    if (sr.at - HYPHEN_WINDOW - 1 <= oldEnd && sr.at + HYPHEN_WINDOW + sr.length + 1 >= p) {
      w0 = Math.min(w0, sr.line);
      w1 = Math.max(w1, sr.line + 1);
    }
  }
  // Resume at the last checkpoint at or before w0.
  const cps = previous.checkpoints;
  let c = 0;
  for (let lo2 = 0, hi = cps.length - 1; lo2 <= hi;) {
    const m = (lo2 + hi) >> 1;
    if (cps[m].line <= w0) { c = m; lo2 = m + 1; } else hi = m - 1;
  }
  const at = cps[c];
  w.resume(previous, at);
  // Rejoin the earlier pass at one of its checkpoints past w1 where the states agree.
  let oc = c;
  while (oc < cps.length && cps[oc].line < w1) oc++;
  const oldFinalLookups = previous.written.lookups;
  const rejoinAt = (k: number): boolean => oc < cps.length && cps[oc].line + lineDelta === k;
  // Every later step of the old pass reads or writes the source at or after z (see rejoin).
  const z = w1 < ol.count ? ol.lineStart[w1] : old.length;
  let rejoinedAt: { o: number; n: number } | undefined;
  const rejoin = (k: number, wr: Writer): boolean => {
    while (oc < cps.length && cps[oc].line + lineDelta < k) oc++;
    if (oc >= cps.length || cps[oc].line + lineDelta !== k) return false;
    const o0 = cps[oc];
    oc++;
    const n0 = wr.checkpoint(k);
    if (!sameLines(n0, o0, lineDelta, w1, oldFinalLookups)) return false;
    // The writer copies lazily: source text since `pos` is written by its next step, which the
    // old pass took after z (its last line of content and the lines after it are past w1). So
    // both passes may copy up to z first: then the old pass's rest is the same as the new one's.
    let o = o0;
    if (o0.pos < z) {
      if (n0.pos > z + ds) return false;
      o = copiedTo(o0, z);
      wr.out.copy(n0.pos, z + ds);
      wr.pos = z + ds;
    }
    const n = wr.checkpoint(k);
    if (!inStep(n, o, ds)) return false;
    const dr = n.rlen - o.rlen;
    rejoinedAt = { o: o.rlen, n: n.rlen };
    wr.out.appendTail(previous.written, o, ds, dr);
    for (let i = o.columns; i < previous.columns.length; i++) {
      const col = previous.columns[i];
      wr.columns.push({ start: col.start + dr, end: col.end + dr });
    }
    for (let i = o.searches; i < previous.searches.length; i++) {
      const sr = previous.searches[i];
      wr.searches.push({ line: sr.line + lineDelta, at: sr.at + ds, length: sr.length });
    }
    const dl = n.lookups - o.lookups;
    wr.checkpoints.push(n);
    // (An old checkpoint still waiting to copy from before z is not the new pass's state: dropped.)
    for (let i = oc; i < cps.length; i++) if (cps[i].pos >= o.pos) wr.checkpoints.push(moved(cps[i], o, n, lineDelta, ds, dr, dl));
    wr.lookups = previous.written.lookups + dl;
    wr.pos = src.length;
    return true;
  };
  w.write(at.line, rejoin, rejoinAt);
  // The reading text is the old one's up to the checkpoint resumed, and after the one rejoined.
  const edit = rejoinedAt === undefined
    ? { from: at.rlen, oldTo: previous.reading.text.length, newTo: -1 }
    : { from: at.rlen, oldTo: rejoinedAt.o, newTo: rejoinedAt.n };
  return finishState(src, options, lines, facts, fenced, ligatureProbes, w, edit);
}

/** The state of a pass at checkpoint o after it copied the source on to `to` (MapBuilder.copy). */
function copiedTo(o: Checkpoint, to: number): Checkpoint {
  const merge = o.lastCopyEnd === o.pos;
  return {
    ...o,
    rlen: o.rlen + (to - o.pos),
    count: merge ? o.count : o.count + 1,
    lastLen: merge ? o.lastLen + (to - o.pos) : to - o.pos,
    lastCopyEnd: to,
    pos: to,
    changed: merge ? o.changed : o.changed !== 0 || o.count > 0 || o.pos !== 0 ? 1 : 0,
  };
}

/**
 * Do the new pass (before line k) and the old one (at checkpoint o) refer to the same lines, past
 * the edit, and will their later searches for hyphenated words give the same answers?
 */
function sameLines(n: Checkpoint, o: Checkpoint, lineDelta: number, w1: number, oldFinalLookups: number): boolean {
  // The lines the pass still refers to (the last line of content, the furniture after it) are past the edit.
  if (o.gapFrom < w1 || n.gapFrom !== o.gapFrom + lineDelta) return false;
  if (o.prevContent >= 0 ? o.prevContent < w1 || n.prevContent !== o.prevContent + lineDelta : n.prevContent !== -1) return false;
  if (n.narrowRun !== o.narrowRun) return false;
  // Later searches give the same answers: as many made before, or none allowed any more, or none to make.
  return n.lookups === o.lookups || (n.lookups >= MAX_HYPHEN_LOOKUPS && o.lookups >= MAX_HYPHEN_LOOKUPS) || oldFinalLookups === o.lookups;
}

/** Are the new pass's and the old pass's writers in the same state, so the old pass's rest can be moved into place? */
function inStep(n: Checkpoint, o: Checkpoint, ds: number): boolean {
  const dr = n.rlen - o.rlen;
  if (n.pos !== o.pos + ds || n.changed !== o.changed || (n.count > 0) !== (o.count > 0)) return false;
  if ((n.lastCopyEnd < 0 || o.lastCopyEnd < 0) ? n.lastCopyEnd !== o.lastCopyEnd : n.lastCopyEnd !== o.lastCopyEnd + ds) return false;
  if (n.narrowRun > 0 && (n.narrowChars !== o.narrowChars || n.narrowFrom !== o.narrowFrom + dr)) return false;
  return n.prevReadStart === o.prevReadStart + dr && n.prevReadEnd === o.prevReadEnd + dr;
}

/** An old checkpoint after the one the new pass rejoined at (o; n is the new pass there), moved into the new text. */
function moved(c: Checkpoint, o: Checkpoint, n: Checkpoint, lineDelta: number, ds: number, dr: number, dl: number): Checkpoint {
  return {
    line: c.line + lineDelta,
    rlen: c.rlen + dr,
    count: c.count + (n.count - o.count),
    // (The segment open at the rejoining point is the new pass's, as long as no other has started.)
    lastLen: c.count === o.count ? c.lastLen + (n.lastLen - o.lastLen) : c.lastLen,
    lastCopyEnd: c.lastCopyEnd < 0 ? -1 : c.lastCopyEnd + ds,
    changed: c.changed,
    pos: c.pos + ds,
    gapFrom: c.gapFrom + lineDelta,
    prevContent: c.prevContent < 0 ? -1 : c.prevContent + lineDelta,
    narrowRun: c.narrowRun,
    narrowChars: c.narrowChars,
    narrowFrom: c.narrowFrom < 0 ? c.narrowFrom : c.narrowFrom + dr,
    prevReadStart: c.prevReadStart + dr,
    prevReadEnd: c.prevReadEnd + dr,
    lookups: c.lookups + dl,
    columns: c.columns + (n.columns - o.columns),
    searches: c.searches + (n.searches - o.searches),
  };
}

/**
 * The document-wide facts after an edit that cannot have changed them, moved into place; or
 * undefined when it may have (then they are computed again). The lines scanned again (old lines
 * [l0, l1), new lines `mid`) and two lines either side: the same candidate page numbers, no page
 * number, page marker or form feed (page numbers, pages), the same lines counted against the keys
 * of running lines (running headers and footers), and no line within the three lines next to a
 * page number that decide what is near one.
 */
function sameFacts(previous: ReadingState, lines: Lines, l0: number, l1: number, mid: Lines, src: string, ds: number): Facts | undefined {
  const old = previous.facts;
  const ol = previous.lines;
  if (old.spanRejected) return undefined;
  const lineDelta = mid.count - (l1 - l0);
  const a = Math.max(0, l0 - 2);
  const oldB = Math.min(ol.count, l1 + 2);
  const newB = Math.min(lines.count, l1 + lineDelta + 2);
  // The same running-line candidates counted (then findRunningLines() decides the same).
  const oldCounted = countedLines(previous.src, ol, a, oldB, old.runningLines);
  const newCounted = countedLines(src, lines, a, newB, old.runningLines);
  if (oldCounted === undefined || newCounted === undefined) return undefined;
  const oldKeys = oldCounted.map((c) => c.key).sort();
  const newKeys = newCounted.map((c) => c.key).sort();
  if (oldKeys.length !== newKeys.length || oldKeys.some((key, i) => key !== newKeys[i])) return undefined;
  // The same candidate page numbers, in the same order (then findPageNumbers() chooses the same run).
  let j = a;
  for (let k = a; k < oldB; k++) {
    const v = candidatePage(previous.src, ol, k);
    if (v < 0) continue;
    while (j < newB && candidatePage(src, lines, j) < 0) j++;
    if (j >= newB || candidatePage(src, lines, j) !== v) return undefined;
    j++;
  }
  while (j < newB && candidatePage(src, lines, j) < 0) j++;
  if (j < newB) return undefined;
  // Page numbers and the lines near them (three non-blank lines either side) are clear of [a, oldB).
  const pl = old.pageLines;
  let before = -1;
  let after = -1;
  for (let i = 0; i < pl.length; i++) {
    if (pl[i] >= a - 1 && pl[i] <= oldB) return undefined;
    if (pl[i] < a) before = pl[i];
    else if (after < 0) after = pl[i];
  }
  const okind = old.kind;
  if (before >= 0) {
    let seen = 0;
    let k = before + 1;
    for (; k < ol.count && seen < 3; k++) if (okind[k] !== K_BLANK) seen++;
    if (k >= a) return undefined;
  }
  if (after >= 0) {
    let seen = 0;
    let k = after - 1;
    for (; k >= 0 && seen < 3; k--) if (okind[k] !== K_BLANK) seen++;
    if (k < oldB) return undefined;
  }
  const pageLines = pl.map((line) => (line >= l1 ? line + lineDelta : line));
  if (pageLines.length > 1 && ds !== 0) {
    const span = lines.start[pageLines[pageLines.length - 1]] - lines.start[pageLines[0]];
    if (span / (pageLines.length - 1) < MIN_PAGE_LENGTH) return undefined;
  }
  // Final kinds: the old ones, and lines [a, newB) as documentFacts() makes them ("Page 3 of 12"
  // furniture, a counted line with a running line's key furniture).
  const kind = new Uint8Array(lines.count);
  kind.set(okind.subarray(0, a));
  kind.set(okind.subarray(oldB, ol.count), newB);
  for (let k = a; k < newB; k++) kind[k] = furnitureKind(src, lines, k);
  for (const c of newCounted) if (old.runningLines.running.has(c.key)) kind[c.line] = K_FURNITURE;
  const oldTo = l1 < ol.count ? ol.lineStart[l1] : previous.src.length;
  const pages = old.pages.map((pg) => ({ start: pg.start >= oldTo ? pg.start + ds : pg.start, page: pg.page }));
  return { kind, pages, multiColumn: laidOutInColumns(lines), pageLines, runningLines: old.runningLines, spanRejected: false };
}

/** Line k's kind as findRunningLines() sees it, away from page numbers: the scanned kind, "Page 3 of 12" furniture. */
function furnitureKind(src: string, lines: Lines, k: number): number {
  const kd = lines.kind[k];
  if (kd === K_NUMBER && lines.end[k] - lines.start[k] > 6 && pageLine(src, lines.start[k], lines.end[k]) >= 0) return K_FURNITURE;
  return kd;
}

/**
 * The lines among [a, b) that findRunningLines() counts against the keys near page numbers (lines
 * not near one): a key seen there three times or more, a signature of one of those lines, alone
 * between blank lines. Undefined when the lines hold scanned furniture (a page marker, a form feed).
 */
function countedLines(src: string, lines: Lines, a: number, b: number, running: RunningLines): { line: number; key: string }[] | undefined {
  const out: { line: number; key: string }[] = [];
  const gap = (k: number): boolean => {
    const kd = furnitureKind(src, lines, k);
    return kd === K_BLANK || kd === K_FURNITURE;
  };
  for (let k = a; k < b; k++) {
    const kd = lines.kind[k];
    if (kd === K_FURNITURE) return undefined;
    if (running.signatures.size === 0 || (kd !== K_TEXT && kd !== K_HEADING)) continue;
    const s = lines.start[k];
    const e = lines.end[k];
    if (e <= s || e - s > 100 || src.charCodeAt(e - 1) === 46 || !running.signatures.has(lineSignature(src, s, e))) continue;
    if (!(k === 0 || gap(k - 1)) || !(k === lines.count - 1 || gap(k + 1))) continue;
    const key = headerKey(src, s, e);
    if ((running.nearCount.get(key) ?? 0) >= 3) out.push({ line: k, key });
  }
  return out;
}

/** characters either side of an edit whose lost-ligature probes are counted again (longer than any probe). */
const PROBE_MARGIN = 16;

function readFully(src: string, options: ReadingOptions): { reading: ReadingText; state: ReadingState } {
  const lines = scanLines(src, 0, src.length, true);
  const facts = documentFacts(src, lines, true);
  const fenced = hasKind(lines, K_FENCE, 0, lines.count);
  const ligatures = scanLigatures(src);
  const probes = ligatures.probes; // (countLostLigatureProbes of the whole text)
  const w = new Writer(src, lines, facts.kind, facts.multiColumn, probes >= LOST_LIGATURE_PROBES, options.isWord, options.phrasePairs, true, undefined, ligatures);
  w.write(0);
  return finishState(src, options, lines, facts, fenced, probes, w, undefined);
}

function finishState(src: string, options: ReadingOptions, lines: Lines, facts: Facts, fenced: boolean, ligatureProbes: number, w: Writer, edit: ReadingEdit | undefined): { reading: ReadingText; state: ReadingState } {
  codeSpans.begin('');
  const o = w.out;
  const written: WrittenText = { text: '', r: o.r, s: o.s, len: o.len, count: o.count, rlen: o.rlen, lastCopyEnd: o.lastCopyEnd, changed: o.changed, lookups: w.lookups };
  const { text, map } = o.finish();
  written.text = text;
  const reading: ReadingText = { text, map, pages: facts.pages, columns: w.columns };
  // (An edit written to the end: the new text's end.)
  if (edit !== undefined && edit.newTo < 0) edit.newTo = text.length;
  const state: ReadingState = { src, isWord: options.isWord, phrasePairs: options.phrasePairs, lines, facts, fenced, ligatureProbes, written, columns: w.columns, searches: w.searches, checkpoints: w.checkpoints, reading, edit };
  return { reading: copyReading(reading), state };
}

/** A reading the caller may change (its pages and columns are copies; the map is never changed). */
function copyReading(r: ReadingText): ReadingText {
  return { text: r.text, map: r.map, pages: r.pages.map((p) => ({ start: p.start, page: p.page })), columns: r.columns.map((c) => ({ start: c.start, end: c.end })) };
}

function hasKind(lines: Lines, kd: number, k0: number, k1: number): boolean {
  for (let k = k0; k < k1; k++) if (lines.kind[k] === kd) return true;
  return false;
}

/** The line holding source offset `at` (the last line starting at or before it). */
function lineOf(lines: Lines, at: number): number {
  let lo = 0;
  let hi = lines.count - 1;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if (lines.lineStart[m] <= at) lo = m;
    else hi = m - 1;
  }
  return lo;
}

/** Old lines [0, l0), the rescanned lines, and old lines [l1, count) moved by `ds`. */
function spliceLines(ol: Lines, l0: number, l1: number, mid: Lines, ds: number): Lines {
  const count = l0 + mid.count + (ol.count - l1);
  const kind = new Uint8Array(count);
  kind.set(ol.kind.subarray(0, l0));
  kind.set(mid.kind.subarray(0, mid.count), l0);
  kind.set(ol.kind.subarray(l1, ol.count), l0 + mid.count);
  return {
    start: spliceOffsets(ol.start, l0, l1, ol.count, mid.start, mid.count, ds),
    end: spliceOffsets(ol.end, l0, l1, ol.count, mid.end, mid.count, ds),
    lineStart: spliceOffsets(ol.lineStart, l0, l1, ol.count, mid.lineStart, mid.count, ds),
    lineEnd: spliceOffsets(ol.lineEnd, l0, l1, ol.count, mid.lineEnd, mid.count, ds),
    kind,
    count,
    shortLines: 0,
    midStops: 0,
  };
}

/** a[0, l0), then b[0, nb), then a[l1, na) plus `shift`. */
function spliceOffsets(a: Int32Array, l0: number, l1: number, na: number, b: Int32Array, nb: number, shift: number): Int32Array {
  const out = new Int32Array(l0 + nb + (na - l1));
  out.set(a.subarray(0, l0));
  out.set(b.subarray(0, nb), l0);
  const at = l0 + nb - l1;
  for (let k = l1; k < na; k++) out[at + k] = a[k] + shift;
  return out;
}



/**
 * Does `w` start within HYPHEN_WINDOW characters either side of `at`? The search stops at the
 * window's end (a word the document does not write whole would otherwise cost a search to its end).
 */
export function occursNear(src: string, w: string, at: number): boolean {
  const from = Math.max(0, at - HYPHEN_WINDOW);
  const to = at + HYPHEN_WINDOW - 1 + w.length; // an occurrence starting before at + HYPHEN_WINDOW ends by here
  return (to >= src.length ? src.indexOf(w, from) : src.slice(from, to).indexOf(w)) >= 0;
}

/** Drops the furniture lines among lines [from, to) (the rest are blank); returns the source offset written up to. */
function dropFurniture(out: MapBuilder, kind: Uint8Array, lines: Lines, from: number, to: number, pos: number): number {
  for (let f = from; f < to; f++) {
    if (kind[f] !== K_FURNITURE) continue;
    out.copy(pos, lines.start[f]);
    out.skip(lines.start[f], lines.end[f]);
    pos = lines.end[f];
  }
  return pos;
}

/** Searches of the document for a word broken at a hyphen, at most. */
const MAX_HYPHEN_LOOKUPS = 100;
/** ... within this many characters either side of the break. */
const HYPHEN_WINDOW = 20_000;

/**
 * Seven or more fragments joined in a row whose lines average fewer characters than this are
 * read as text laid out in columns (a single-column PDF page has lines of 70-100 characters).
 */
const NARROW = 60;

function closeColumns(columns: Span[], joins: number, chars: number, from: number, to: number, multiColumn: boolean): number {
  if (from >= 0 && (multiColumn ? joins >= 2 : joins >= 6 && chars / (joins + 1) < NARROW)) columns.push({ start: from, end: to });
  return 0;
}

/**
 * A document laid out in columns throughout: more than 5% of its short lines (50 or more) hold a
 * sentence ending followed by another sentence's start, and at least MIN_MID_STOPS of them do.
 * Measured on the development corpus: a three-column strategy 7.7%; single-column board papers,
 * reports and guidance 1.2-2.4%.
 */
function laidOutInColumns(lines: Lines): boolean {
  return lines.shortLines >= 50 && lines.midStops >= MIN_MID_STOPS && lines.midStops > 0.05 * lines.shortLines;
}

/**
 * So few short lines prove nothing: in a short single-column paper (50-60 short lines, written
 * in the form PDF conversion leaves) three or four lines that end one sentence and start the next
 * are 5-10% of them, and its findings were all held back as if the paper were in columns.
 */
const MIN_MID_STOPS = 12;

/** Line content with escapes read, stray emphasis dropped and a bullet glyph written as "-". */
/** The next backslash and "**" at or after the last place looked (-1 when there are no more): kept across lines. */
interface NextMarks {
  bs: number;
  em: number;
  /** "l " a lost ligature may have left (mayRepair in ligatures.ts); -1 when the document does not show the artefact. */
  ls: number;
  /** "Page " (a "Page 3 of 12" footer run into a line by the converter). */
  pg: number;
  /** The "l " pairs of `ls` listed in advance ([0, lsCount), the next at lsAt or after), or null: searched for. */
  lsList: Int32Array | null;
  lsCount: number;
  lsAt: number;
}

/** The first "l " pair at or after `from` the ligature repair may repair, or -1: from the list, or searched for. */
function nextLs(src: string, next: NextMarks, from: number): number {
  const list = next.lsList;
  if (list === null) return nextRepairable(src, from);
  let c = next.lsAt;
  while (c < next.lsCount && list[c] < from) c++;
  next.lsAt = c;
  return c < next.lsCount ? list[c] : -1;
}

/** Is [from, to) written in quotes or code ("Page 12 of 40" named in prose, not a footer)? */
function quoted(src: string, from: number, to: number): boolean {
  const before = src.charCodeAt(from - 1);
  const after = src.charCodeAt(to);
  const q = (c: number) => c === 34 || c === 39 || c === 96 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019;
  return q(before) || q(after);
}

/** A page footer inside a line: "Page 3 of 12" (sticky: tried at one place). */
const INLINE_PAGE = /Page \d{1,4} of \d{1,4}(?![\d,.])/y;

function writeLine(src: string, out: MapBuilder, next: NextMarks, pos: number, a: number, b: number, kd: number): number {
  let i = a;
  if (kd === K_LIST && isBulletGlyph(src.charCodeAt(a))) {
    out.copy(pos, a);
    out.insert(isSpace(src.charCodeAt(a + 1)) ? '-' : '- ', a);
    out.skip(a, a + 1);
    pos = a + 1;
    i = a + 1;
  }
  codeSpans.reset(a);
  // Escapes, "**" and lost ligatures are rare: jump between them with indexOf rather than reading every character.
  for (;;) {
    if (next.bs >= 0 && next.bs < i) next.bs = src.indexOf('\\', i);
    if (next.em >= 0 && next.em < i) next.em = src.indexOf('**', i);
    if (next.ls >= 0 && next.ls < i) next.ls = nextLs(src, next, i); // (the others are left as they are)
    if (next.pg >= 0 && next.pg < i) next.pg = src.indexOf('Page ', i);
    const bs = next.bs;
    const em = next.em;
    const ls = next.ls;
    const pg = next.pg;
    let at = -1;
    if (bs >= 0 && bs < b) at = bs;
    if (em >= 0 && em < b && (at < 0 || em < at)) at = em;
    if (ls >= 0 && ls < b - 1 && (at < 0 || ls < at)) at = ls;
    if (pg >= 0 && pg < b && (at < 0 || pg < at)) at = pg;
    if (at < 0) break;
    i = at;
    if (at === pg) {
      INLINE_PAGE.lastIndex = at;
      if (INLINE_PAGE.test(src) && INLINE_PAGE.lastIndex <= b && !quoted(src, at, INLINE_PAGE.lastIndex)) {
        // Page furniture run into the text: read past it.
        out.copy(pos, at);
        out.skip(at, INLINE_PAGE.lastIndex);
        pos = INLINE_PAGE.lastIndex;
        i = pos;
      } else i = at + 5;
      continue;
    }
    if (at === ls && at !== bs && at !== em) {
      const repair = ligatureRepair(src, a, b, at);
      if (repair === 'join') {
        // "al ocations": the space stands for the lost "l".
        out.copy(pos, at + 1);
        out.insert('l', at + 1);
        out.skip(at + 1, at + 2);
        pos = at + 2;
      } else if (repair === 'double') {
        // "wil be": the "l" was lost before a real space.
        out.copy(pos, at + 1);
        out.insert('l', at + 1);
        pos = at + 1;
      }
      i = at + 2;
      continue;
    }
    if (at === bs) {
      if (i + 1 < b && isAsciiPunct(src.charCodeAt(i + 1)) && !codeSpans.inCode(i)) {
        out.copy(pos, i);
        out.skip(i, i + 1);
        pos = i + 1;
      }
      i += 2; // the escaped character is copied as it is
      continue;
    }
    // "****" and "** **": emphasis around nothing.
    let j = i + 2;
    while (j < b && isSpace(src.charCodeAt(j))) j++;
    if (src.charCodeAt(j) === 42 && src.charCodeAt(j + 1) === 42 && j + 2 <= b && !codeSpans.inCode(i)) {
      out.copy(pos, i);
      out.skip(i, j + 2);
      if (j > i + 2) out.insert(' ', i);
      pos = j + 2;
      i = j + 2;
    } else i += 2;
  }
  return pos;
}

/**
 * Inside a `code span` (an odd number of backticks before `at` on its line): escapes there are
 * literal. Counts incrementally as the line is read left to right, so a line is scanned once.
 * One instance, reset per line (no object per line).
 */
class CodeSpans {
  private src = '';
  private scanned = 0;
  private ticks = 0;
  /** The next backtick at or after `scanned` (-1: none), kept across lines: most lines have none to count. */
  private nextTick = -2;

  /** A new text (and '' when done with it, so the text is not kept alive). */
  begin(src: string): void {
    this.src = src;
    this.nextTick = -2;
  }

  /** A new line of the text. */
  reset(lineStart: number): void {
    this.scanned = lineStart;
    this.ticks = 0;
  }

  inCode(at: number): boolean {
    if (this.scanned >= at) return (this.ticks & 1) === 1;
    if (this.nextTick !== -1 && this.nextTick < this.scanned) this.nextTick = this.src.indexOf('`', this.scanned);
    // No backtick before `at`: nothing to count.
    if (this.nextTick === -1 || this.nextTick >= at) { this.scanned = at; return (this.ticks & 1) === 1; }
    for (; this.scanned < at; this.scanned++) if (this.src.charCodeAt(this.scanned) === 96) this.ticks++;
    return (this.ticks & 1) === 1;
  }
}

const codeSpans = new CodeSpans();

/** "neighbour-" + "hood": drop the hyphen when the joined word is known and the halves are not a compound. */
function dropHyphen(src: string, pa: number, hyphenAt: number, b0: number, b1: number, knows: (w: string, at: number) => boolean): boolean {
  let w0 = hyphenAt;
  while (w0 > pa && (isLower(src.charCodeAt(w0 - 1)) || isUpper(src.charCodeAt(w0 - 1)))) w0--;
  let w1 = b0;
  while (w1 < b1 && isLower(src.charCodeAt(w1))) w1++;
  const first = src.slice(w0, hyphenAt).toLowerCase();
  const second = src.slice(b0, w1);
  if (HYPHEN_PREFIXES.has(first) || HYPHEN_SECONDS.has(second)) return false;
  return knows(first + second, hyphenAt);
}

/**
 * What joins() read of the two lines, kept for the caller: the last meaningful character of the
 * first line and the first of the second (set whenever it returns true), and the line whose
 * boldOnly() it knows (the second line of the last pair it compared, which is often the next first).
 */
interface JoinScratch {
  last: number;
  first: number;
  boldLine: number;
  bold: boolean;
}

function joins(src: string, lines: Lines, kind: Uint8Array, p: number, k: number, js: JoinScratch, pairs: WordTable | undefined): boolean {
  const pk = kind[p];
  const kk = kind[k];
  if (kk !== K_TEXT && kk !== K_NUMBER) return false; // a heading, list item, table row or rule starts a block
  if (pk === K_NUMBER) return false; // a lone number is a table value or contents entry
  // Only furniture and blank lines between them.
  for (let j = p + 1; j < k; j++) if (kind[j] !== K_BLANK && kind[j] !== K_FURNITURE) return false;
  const pa = lines.start[p];
  const pe = lines.end[p];
  const ka = lines.start[k];
  const ke = lines.end[k];
  // (A bold-only line joins only another: "**Capital investment**" is a heading.)
  const pBold = js.boldLine === p ? js.bold : boldOnly(src, pa, pe);
  const kBold = boldOnly(src, ka, ke);
  js.boldLine = k;
  js.bold = kBold;
  if (pBold !== kBold) return false;
  const last = lastMeaningful(src, pa, pe);
  if (last < 0) return false;
  const lc = src.charCodeAt(last);
  if (closes(lc)) return false;
  const first = firstMeaningful(src, ka, ke);
  if (first < 0) return false;
  js.last = last;
  js.first = first;
  const fc = src.charCodeAt(first);
  if (lc === 44 /* , */ || lc === 45 /* - */ || lc === 0x2013 || lc === 0x2014 || lc === 38 /* & */) return true;
  if (isLower(fc) || isDigit(fc) || fc === 40 /* ( */ || fc === 0xa3 /* £ */ || fc === 0x2018 || fc === 0x201c || fc === 37 /* % */) return true;
  if (isUpper(fc) || fc === 34 || fc === 39) {
    if (endsInContinuingWord(src, pa, last)) return true;
    if (endsInWordOf(RUNNING_CONTINUING, src, pa, last) && runningText(src, pa, pe)) return true;
    // A name cut across the lines, or named after a possessive ("from the ICB's" / "Service
    // Development Funding."), in running text.
    return pairs !== undefined && isUpper(fc) &&
      (continuesPhrase(src, pa, last, first, ke, pairs) || (endsInPossessive(src, pa, last) && startsPhrase(src, first, ke, pairs))) &&
      runningText(src, pa, pe);
  }
  return false;
}

/**
 * Where each printed page starts. Page-number lines end the page they number (PDF converters
 * put the footer after the page's text), so the text before "12" is page 12 and the text after
 * it page 13. `<!-- page 12 -->` markers start page 12 and win when present.
 */
function pageStarts(src: string, lines: Lines, furnitureLines: readonly number[], numbers: readonly { line: number; page: number }[]): PageStart[] {
  const marked: PageStart[] = [];
  for (const k of furnitureLines) {
    if (lines.kind[k] !== K_FURNITURE) continue;
    const v = pageMarker(src, lines.start[k], lines.end[k]);
    if (v >= 0) marked.push({ start: lines.lineStart[k], page: v });
  }
  if (marked.length > 0) return marked;
  if (numbers.length === 0) return [];
  const out: PageStart[] = [{ start: 0, page: numbers[0].page }];
  for (let i = 0; i < numbers.length; i++) {
    const at = lines.lineEnd[numbers[i].line];
    const page = i + 1 < numbers.length ? numbers[i + 1].page : numbers[i].page + 1;
    out.push({ start: at, page });
  }
  return out;
}
