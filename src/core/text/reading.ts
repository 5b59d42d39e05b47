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
import { hasLostLigatures, ligatureRepair } from './ligatures';
import { classifyLine, isBulletGlyph, LINE_BLANK, LINE_FENCE, LINE_HEADING, LINE_LIST, LINE_RULE, LINE_TEXT, lineAt, lineKind, startsText } from './markdown-lines';
import { Utf8Scratch } from './utf8';
import { WordTable } from './word-table';

export interface ReadingOptions {
  /** Is this (lower-case) word known, e.g. to the lexicon? Decides "neighbour-\nhood" -> "neighbourhood". */
  isWord?: (word: string) => boolean;
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
  private out = '';
  /** Segments (as OffsetMap), in typed arrays grown by doubling. */
  private r: Int32Array<ArrayBuffer>;
  private s: Int32Array<ArrayBuffer>;
  private len: Int32Array<ArrayBuffer>;
  private count = 0;
  private rlen = 0;
  /** Source end of the last copied run, or -1 after an insertion. */
  private lastCopyEnd = -1;
  changed = false;

  constructor(private readonly src: string) {
    // PDF-converted text makes about one segment per 40 characters: grown at most once there, and
    // little to allocate for a document that needs no map.
    const room = Math.max(64, src.length >> 6);
    this.r = new Int32Array(room);
    this.s = new Int32Array(room);
    this.len = new Int32Array(room);
  }

  /** Length of the reading text written so far. */
  get length(): number {
    return this.rlen;
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

  finish(): { text: string; map: OffsetMap | null } {
    if (!this.changed && (this.rlen === this.src.length)) return { text: this.src, map: null };
    if (this.count === 0) this.push(0, 0, 0);
    const n = this.count;
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

function scanLines(src: string): Lines {
  // The line breaks, found once (indexOf is native), kept for the pass that classifies the lines.
  let breaks = new Int32Array(Math.max(64, src.length >> 5));
  let count = 1;
  for (let at = src.indexOf('\n'); at >= 0; at = src.indexOf('\n', at + 1)) {
    if (count > breaks.length) {
      const grown = new Int32Array(breaks.length * 2);
      grown.set(breaks);
      breaks = grown;
    }
    breaks[count - 1] = at;
    count++;
  }
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  const lineStart = new Int32Array(count);
  const lineEnd = new Int32Array(count);
  const kind = new Uint8Array(count);
  // A line that does not start with a letter is classified on its UTF-8 bytes (markdown-lines.ts).
  const bytes = new Utf8Scratch();
  let from = 0;
  let inFence = 0; // 0, or the fence character code
  let shortLines = 0; // text lines of 20 to 119 characters
  for (let k = 0; k < count; k++) {
    const nl = k < count - 1 ? breaks[k] : src.length;
    let e = nl;
    if (e > from && src.charCodeAt(e - 1) === 13) e--;
    lineStart[k] = from;
    lineEnd[k] = e;
    let a = from;
    while (a < e && isSpace(src.charCodeAt(a))) a++;
    let b = e;
    while (b > a && isSpace(src.charCodeAt(b - 1))) b--;
    start[k] = a;
    end[k] = b;
    let md: number = LINE_TEXT;
    let fence = 0;
    if (a < b && !startsText(src.charCodeAt(a), src.charCodeAt(a + 1)) && !boldTextStart(src, a, e)) {
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
  // Text laid out in columns interleaves them line by line, so short lines often hold the end of
  // one sentence and the start of another: count them (one bounded look per short line).
  let midStops = 0;
  const isShort = (k: number): boolean => kind[k] === K_TEXT && end[k] - start[k] < 120 && end[k] - start[k] >= 20;
  // Every ". " in the text, walked once (indexOf is native), matched to its line by a moving index.
  let line = 0;
  let counted = -1;
  // Counted only as far as laidOutInColumns() needs: not at all under 50 short lines, and no
  // further once the share is over its threshold (midStops is then a lower bound).
  for (let at = shortLines >= 50 ? src.indexOf('. ') : -1; at >= 0 && midStops <= 0.05 * shortLines; at = src.indexOf('. ', at + 2)) {
    while (line < count && lineEnd[line] <= at) line++;
    if (line >= count) break;
    if (line === counted || !isShort(line) || at < start[line] + 2 || at + 3 >= end[line]) continue;
    if (isLower(src.charCodeAt(at - 1)) && isUpper(src.charCodeAt(at + 2))) { midStops++; counted = line; }
  }
  return { start, end, lineStart, lineEnd, kind, count, shortLines, midStops };
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
function findPageNumbers(src: string, lines: Lines): { line: number; page: number }[] {
  const cand: number[] = [];
  const value: number[] = [];
  for (let k = 0; k < lines.count; k++) {
    if (lines.kind[k] !== K_NUMBER || !isolated(lines, k)) continue;
    let v = loneNumber(src, lines.start[k], lines.end[k]);
    if (v < 0) v = pageLine(src, lines.start[k], lines.end[k]);
    if (v <= 0 || v > 2000) continue;
    cand.push(k);
    value.push(v);
  }
  if (cand.length < 3) return [];
  // best run ending at each value so far: length and candidate index.
  const bestLen = new Map<number, number>();
  const bestAt = new Map<number, number>();
  const runLen = new Int32Array(cand.length);
  const prev = new Int32Array(cand.length).fill(-1);
  let top = -1;
  for (let i = 0; i < cand.length; i++) {
    const v = value[i];
    let len = 1;
    for (let d = 1; d <= MAX_PAGE_STEP; d++) {
      const l = bestLen.get(v - d);
      if (l !== undefined && l + 1 > len) { len = l + 1; prev[i] = bestAt.get(v - d)!; }
    }
    runLen[i] = len;
    if ((bestLen.get(v) ?? 0) < len) { bestLen.set(v, len); bestAt.set(v, i); }
    if (top < 0 || len > runLen[top]) top = i;
  }
  if (runLen[top] < 3) return [];
  const out: { line: number; page: number }[] = [];
  for (let i = top; i >= 0; i = prev[i]) out.push({ line: cand[i], page: value[i] });
  out.reverse();
  // Pages are far apart: a run packed into a few lines is a list of numbers, not pages.
  const span = lines.start[out[out.length - 1].line] - lines.start[out[0].line];
  if (span / (out.length - 1) < MIN_PAGE_LENGTH) return [];
  return out;
}

/** Pages are at least this many characters apart: closer numbers are a table's column. */
const MIN_PAGE_LENGTH = 200;

/** Page numbers may skip this many (pages of figures or tables lose theirs in conversion). */
const MAX_PAGE_STEP = 10;

/** Key for comparing running-header lines: emphasis and spacing removed, digits folded. (Exported for tests.) */
export function headerKey(src: string, a: number, b: number): string {
  let key = '';
  let space = false;
  let digit = false;
  for (let i = a; i < b; i++) {
    let c = src.charCodeAt(i);
    if (c === 42 || c === 95) continue;
    if (isSpace(c)) { space = key.length > 0; digit = false; continue; }
    if (isDigit(c)) {
      if (digit) continue;
      digit = true;
      c = 35; // "#"
    } else digit = false;
    if (space) { key += ' '; space = false; }
    key += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return key;
}

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

/** A cheap signature of a line for finding repeats: its length and first and last characters. */
function lineSignature(src: string, a: number, b: number): number {
  return ((b - a) << 16) ^ (src.charCodeAt(a) << 8) ^ src.charCodeAt(b - 1);
}

/**
 * Running headers and footers: short lines repeated through the document next to its page
 * numbers (within three lines of one, at least three times, in at least half their occurrences).
 */
function findRunningLines(src: string, lines: Lines, pageLines: readonly number[]): void {
  if (pageLines.length < 3) return;
  const near = new Uint8Array(lines.count);
  for (const p of pageLines) {
    let seen = 0;
    for (let k = p - 1; k >= 0 && seen < 3; k--) if (lines.kind[k] !== K_BLANK) { near[k] = 1; seen++; }
    seen = 0;
    for (let k = p + 1; k < lines.count && seen < 3; k++) if (lines.kind[k] !== K_BLANK) { near[k] = 1; seen++; }
  }
  // Keys of the lines near page numbers first (few), then of the other short lines of the same lengths.
  // The keyed lines and their keys are kept in two short lists (not one slot per line of the document).
  const nearCount = new Map<string, number>();
  const keyedLines: number[] = [];
  const keys: string[] = [];
  for (let k = 0; k < lines.count; k++) {
    if (!near[k] || !headerCandidate(src, lines, k)) continue;
    const key = headerKey(src, lines.start[k], lines.end[k]);
    if (key.length < 4) continue;
    keyedLines.push(k);
    keys.push(key);
    nearCount.set(key, (nearCount.get(key) ?? 0) + 1);
  }
  const signatures = new Set<number>();
  // Their lengths, and whether every one starts and ends with a Latin-1 character: then a line that
  // does too matches a signature only if its length is one of these (the three parts do not overlap).
  const lengths = new Uint8Array(101);
  let latin1 = true;
  for (let i = 0; i < keyedLines.length; i++) {
    const k = keyedLines[i];
    if ((nearCount.get(keys[i]) ?? 0) < 3) continue;
    signatures.add(lineSignature(src, lines.start[k], lines.end[k]));
    lengths[lines.end[k] - lines.start[k]] = 1;
    if (src.charCodeAt(lines.start[k]) > 0xff || src.charCodeAt(lines.end[k] - 1) > 0xff) latin1 = false;
  }
  if (signatures.size === 0) return;
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
    if (b <= a || b - a > 100 || src.charCodeAt(b - 1) === 46) continue;
    if (latin1 && lengths[b - a] === 0 && src.charCodeAt(a) <= 0xff && src.charCodeAt(b - 1) <= 0xff) continue; // no signature of this length
    if (!isolated(lines, k) || !signatures.has(lineSignature(src, a, b))) continue;
    if (!nearHashes.has(headerHash(src, a, b))) continue;
    const key = headerKey(src, a, b);
    if (!nearCount.has(key)) continue;
    keyedLines.push(k);
    keys.push(key);
    total.set(key, (total.get(key) ?? 0) + 1);
  }
  for (let i = 0; i < keyedLines.length; i++) {
    const n = nearCount.get(keys[i]) ?? 0;
    if (n >= 3 && n * 2 >= (total.get(keys[i]) ?? 0)) lines.kind[keyedLines[i]] = K_FURNITURE;
  }
}

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
  let j = i;
  while (j >= a) {
    const c = src.charCodeAt(j);
    if (isLower(c) || isUpper(c) || c === 38 /* & */) j--;
    else break;
  }
  return CONTINUING.has(src, j + 1, i + 1);
}

/** Does a sentence end at the end of this fragment? */
function closes(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 0x2026;
}

/** Is the bold-only line a heading ("**Capital investment**")? */
function boldOnly(src: string, a: number, b: number): boolean {
  return b - a > 4 && src.charCodeAt(a) === 42 && src.charCodeAt(a + 1) === 42 && src.charCodeAt(b - 1) === 42 && src.charCodeAt(b - 2) === 42;
}

export function readText(src: string, options: ReadingOptions = {}): ReadingText {
  const lines = scanLines(src);
  const pageNumbers = findPageNumbers(src, lines);
  for (const p of pageNumbers) lines.kind[p.line] = K_FURNITURE;
  // "Page 3 of 12" says what it is: furniture even outside the run of page numbers (a bundle of papers restarts them).
  for (let k = 0; k < lines.count; k++) {
    if (lines.kind[k] === K_NUMBER && lines.end[k] - lines.start[k] > 6 && pageLine(src, lines.start[k], lines.end[k]) >= 0) lines.kind[k] = K_FURNITURE;
  }
  findRunningLines(src, lines, pageNumbers.map((p) => p.line));
  const pages = pageStarts(src, lines, pageNumbers);
  const columns: Span[] = [];
  const out = new MapBuilder(src);
  codeSpans.begin(src);
  const n = lines.count;
  const { kind, start, end } = lines;

  // A word broken at a hyphen is rejoined when the lexicon knows it or the document writes it whole
  // elsewhere (looked up a bounded number of times: a search is linear in the document).
  let lookups = 0;
  const knows = (w: string, at: number): boolean => {
    if (options.isWord?.(w)) return true;
    if (lookups++ >= MAX_HYPHEN_LOOKUPS) return false;
    return occursNear(src, w, at);
  };

  let prevContent = -1; // the last line of text written (for joins)
  let pos = 0; // source offset written up to
  let gapFrom = 0; // the first line after the last line of content handled (furniture there is dropped)
  const next: NextMarks = { bs: src.indexOf('\\'), em: src.indexOf('**'), ls: hasLostLigatures(src) ? src.indexOf('l ') : -1, pg: src.indexOf('Page ') };
  const multiColumn = laidOutInColumns(lines);
  let narrowRun = 0; // fragments joined in a row, their characters, and where the run starts
  let narrowChars = 0;
  let narrowFrom = -1;
  let prevReadStart = 0; // reading offsets of the last line written
  let prevReadEnd = 0;
  for (let k = 0; k < n; k++) {
    const kd = kind[k];
    if (kd === K_BLANK) continue;
    if (kd === K_FURNITURE) continue;
    // Join this line to the previous fragment across the blank lines (and furniture) between them?
    if (prevContent >= 0 && k > prevContent + 1 && joins(src, lines, prevContent, k)) {
      const pa = start[prevContent];
      const pe = end[prevContent];
      const last = lastMeaningful(src, pa, pe);
      const first = firstMeaningful(src, start[k], end[k]);
      const hyphen = last === pe - 1 && src.charCodeAt(last) === 45 && last > pa && isLower(src.charCodeAt(last - 1)) && first === start[k] && isLower(src.charCodeAt(first));
      if (hyphen && dropHyphen(src, pa, last, first, end[k], knows)) {
        out.copy(pos, last);
        out.skip(last, start[k]);
      } else {
        out.copy(pos, pe);
        out.skip(pe, start[k]);
        out.insert(' ', pe);
      }
      pos = start[k];
      // Narrow fragments joined one after another: text laid out in columns.
      if (narrowRun === 0) { narrowFrom = prevReadStart; narrowChars = pe - pa; }
      narrowRun++;
      narrowChars += end[k] - start[k];
    } else {
      narrowRun = closeColumns(columns, narrowRun, narrowChars, narrowFrom, prevReadEnd, multiColumn);
      pos = dropFurniture(out, lines, gapFrom, k, pos);
    }
    gapFrom = k + 1;
    if (kd === K_FENCE) { prevContent = -1; continue; }
    prevReadStart = out.length + (start[k] - pos);
    pos = writeLine(src, out, next, pos, start[k], end[k], kd);
    prevReadEnd = out.length + (end[k] - pos);
    prevContent = kd === K_TEXT || kd === K_LIST || kd === K_NUMBER ? k : -1;
  }
  closeColumns(columns, narrowRun, narrowChars, narrowFrom, prevReadEnd, multiColumn);
  pos = dropFurniture(out, lines, gapFrom, n, pos);
  out.copy(pos, src.length);
  codeSpans.begin('');
  const { text, map } = out.finish();
  return { text, map, pages, columns };
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
function dropFurniture(out: MapBuilder, lines: Lines, from: number, to: number, pos: number): number {
  for (let f = from; f < to; f++) {
    if (lines.kind[f] !== K_FURNITURE) continue;
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
 * sentence ending followed by another sentence's start. Measured on the development corpus: a
 * three-column strategy 7.7%; single-column board papers, reports and guidance 1.2-2.4%.
 */
function laidOutInColumns(lines: Lines): boolean {
  return lines.shortLines >= 50 && lines.midStops > 0.05 * lines.shortLines;
}

/** Line content with escapes read, stray emphasis dropped and a bullet glyph written as "-". */
/** The next backslash and "**" at or after the last place looked (-1 when there are no more): kept across lines. */
interface NextMarks {
  bs: number;
  em: number;
  /** "l " of a lost ligature; -1 when the document does not show the artefact. */
  ls: number;
  /** "Page " (a "Page 3 of 12" footer run into a line by the converter). */
  pg: number;
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
    if (next.ls >= 0 && next.ls < i) next.ls = src.indexOf('l ', i);
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

function joins(src: string, lines: Lines, p: number, k: number): boolean {
  const pk = lines.kind[p];
  const kk = lines.kind[k];
  if (kk !== K_TEXT && kk !== K_NUMBER) return false; // a heading, list item, table row or rule starts a block
  if (pk === K_NUMBER) return false; // a lone number is a table value or contents entry
  // Only furniture and blank lines between them.
  for (let j = p + 1; j < k; j++) if (lines.kind[j] !== K_BLANK && lines.kind[j] !== K_FURNITURE) return false;
  const pa = lines.start[p];
  const pe = lines.end[p];
  const ka = lines.start[k];
  const ke = lines.end[k];
  // (A bold-only line joins only another: "**Capital investment**" is a heading.)
  if (boldOnly(src, pa, pe) !== boldOnly(src, ka, ke)) return false;
  const last = lastMeaningful(src, pa, pe);
  if (last < 0) return false;
  const lc = src.charCodeAt(last);
  if (closes(lc)) return false;
  const first = firstMeaningful(src, ka, ke);
  if (first < 0) return false;
  const fc = src.charCodeAt(first);
  if (lc === 44 /* , */ || lc === 45 /* - */ || lc === 0x2013 || lc === 0x2014 || lc === 38 /* & */) return true;
  if (isLower(fc) || isDigit(fc) || fc === 40 /* ( */ || fc === 0xa3 /* £ */ || fc === 0x2018 || fc === 0x201c || fc === 37 /* % */) return true;
  if (isUpper(fc) || fc === 34 || fc === 39) return endsInContinuingWord(src, pa, last);
  return false;
}

/**
 * Where each printed page starts. Page-number lines end the page they number (PDF converters
 * put the footer after the page's text), so the text before "12" is page 12 and the text after
 * it page 13. `<!-- page 12 -->` markers start page 12 and win when present.
 */
function pageStarts(src: string, lines: Lines, numbers: readonly { line: number; page: number }[]): PageStart[] {
  const marked: PageStart[] = [];
  for (let k = 0; k < lines.count; k++) {
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
