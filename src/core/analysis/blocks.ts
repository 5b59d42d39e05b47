/**
 * Where a reading text can be cut into blocks that the engine analyses one at a time (and
 * caches, so an edit re-analyses only the blocks it touched: see engine.ts `AnalysisCache`).
 *
 * A cut is only made where nothing the engine does reaches across it: at the start of a line
 * after a blank line (a blank line ends sentences, phrases, context windows and paragraphs),
 * never inside a fenced code block (the tokenizer skips a fence's lines as a whole).
 *
 * Which blank lines become cuts depends on the text after them, not on where the last cut was
 * (content-defined, as in rsync or backup tools): a paragraph whose opening characters hash to
 * a multiple of CUT_EVERY starts a block once the block has `minChars`. An edit that adds or
 * removes a blank line then moves at most the cuts next to it, and every later block keeps its
 * text (and its cached analysis). A block that reaches MAX_FACTOR x `minChars` is cut at the
 * next blank line whatever the hash, so no block grows without bound. Linear: one pass over the
 * line starts.
 */

/** On average every CUT_EVERY-th paragraph start is a candidate cut. */
const CUT_EVERY = 4;
const MAX_FACTOR = 8;
/** Characters of a paragraph's opening that its hash reads. */
const HASHED = 32;

function openingHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  const end = Math.min(to, from + HASHED);
  for (let i = from; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Reading the line start the way the tokenizer does: blanks, then any `>` quote markers. */
function contentStart(text: string, at: number, end: number): number {
  let j = at;
  for (;;) {
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c !== 32 && c !== 9) break;
      j++;
    }
    if (j < end && text.charCodeAt(j) === 62 /* > */) { j++; continue; }
    return j;
  }
}

function blanksEnd(text: string, at: number, end: number): number {
  let j = at;
  while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  return j;
}

/** The fence character (` or ~) when a line opens or closes a fence, else 0. */
function fenceAt(text: string, j: number): number {
  const c = text.charCodeAt(j);
  if ((c === 96 || c === 126) && text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c) return c;
  return 0;
}

function isBlankLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Block start offsets: the first is 0; each block ends where the next starts (the last at
 * `text.length`). `minChars` <= 0 still cuts only at safe places; Infinity gives one block.
 */
export function blockStarts(text: string, minChars: number): number[] {
  // (minChars 0: every blank line is a cut, which tests use to check that no cut changes a result.)
  if (!(minChars < text.length)) return [0];
  // A text without three backticks or tildes in a row has no fence to follow line by line.
  if (minChars > 0 && text.indexOf('```') < 0 && text.indexOf('~~~') < 0) return fenceFreeStarts(text, minChars);
  return lineByLineStarts(text, minChars);
}

/**
 * blockStarts of a text without fences: no line before `minChars` past a block's start can start
 * the next block, so those lines are skipped (the editor cuts the document on every keystroke).
 */
function fenceFreeStarts(text: string, minChars: number): number[] {
  const starts = [0];
  const n = text.length;
  let prevBlank = false;
  let blockStart = 0;
  let lineStart = 0;
  while (lineStart < n) {
    const earliest = blockStart + minChars;
    if (lineStart < earliest) {
      // To the first line starting at or after `earliest`, knowing only whether the line before it is blank.
      if (earliest >= n) break;
      let next = earliest;
      if (text.charCodeAt(earliest - 1) !== 10) {
        const nl = text.indexOf('\n', earliest);
        if (nl < 0) break;
        next = nl + 1;
      }
      if (next >= n) break;
      const before = next >= 2 ? text.lastIndexOf('\n', next - 2) + 1 : 0;
      prevBlank = isBlankLine(text, before, next - 1);
      lineStart = next;
    }
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const blank = isBlankLine(text, lineStart, lineEnd);
    if (!blank) {
      const size = lineStart - blockStart;
      if (prevBlank && size >= minChars && (size >= minChars * MAX_FACTOR || openingHash(text, lineStart, lineEnd) % CUT_EVERY === 0)) {
        starts.push(lineStart);
        blockStart = lineStart;
      }
    }
    prevBlank = blank;
    lineStart = lineEnd + 1;
  }
  return starts;
}

/** blockStarts read line by line, following fences. */
function lineByLineStarts(text: string, minChars: number): number[] {
  const starts = [0];
  const n = text.length;
  let fence = 0; // the open fence's character, or 0
  let prevBlank = false;
  let blockStart = 0;
  let lineStart = 0;
  while (lineStart < n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const blank = isBlankLine(text, lineStart, lineEnd);
    if (!blank) {
      if (fence === 0) {
        const f = fenceAt(text, contentStart(text, lineStart, lineEnd));
        const size = lineStart - blockStart;
        if (prevBlank && size >= minChars && (size >= minChars * MAX_FACTOR || openingHash(text, lineStart, lineEnd) % CUT_EVERY === 0)) {
          starts.push(lineStart);
          blockStart = lineStart;
        }
        if (f !== 0) fence = f;
      } else if (fenceAt(text, blanksEnd(text, lineStart, lineEnd)) === fence) {
        fence = 0; // (a closing fence is read after blanks only, as the tokenizer does)
      }
    }
    prevBlank = blank;
    lineStart = lineEnd + 1;
  }
  return starts;
}

/** The two ways blockStarts reads a text, for tests (a fence-free text must give the same cuts both ways). */
export const BLOCK_READINGS = { fenceFreeStarts, lineByLineStarts };
