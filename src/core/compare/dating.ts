/**
 * When a document was issued: front matter `date:` first, then a date or a year in its file name.
 * (The git commit that added the file is the third source; an adapter supplies it.)
 * Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, which sort as text.
 */

export type DateSource = 'front-matter' | 'file-name' | 'git';

export interface DocumentDate {
  date: string;
  source: DateSource;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The document's date, or undefined. `fallback` (e.g. the commit that added the file) comes last. */
export function documentDate(path: string, text: string, fallback?: string): DocumentDate | undefined {
  const front = frontMatterDate(text);
  if (front) return { date: front, source: 'front-matter' };
  const named = fileNameDate(path);
  if (named) return { date: named, source: 'file-name' };
  const git = fallback ? parseDate(fallback) : undefined;
  return git ? { date: git, source: 'git' } : undefined;
}

/** `date:` in a leading `---` YAML block. */
export function frontMatterDate(text: string): string | undefined {
  const head = text.charCodeAt(0) === 0xfeff ? text.slice(1, 4001) : text.slice(0, 4000);
  const block = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(head);
  if (!block) return undefined;
  const line = /^date[ \t]*:[ \t]*["']?([^"'\r\n#]*)/m.exec(block[1]);
  return line ? parseDate(line[1].trim()) : undefined;
}

/** A date or year in the file name (not the folders): `2019-01-07-plan.md`, `ltp_2019.md`, `planning-2025-26.md` (2025). */
export function fileNameDate(path: string): string | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const full = /(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(name);
  if (full) return `${full[1]}-${full[2]}-${full[3]}`;
  const month = /(?<!\d)((?:19|20)\d\d)[-_.](0[1-9]|1[0-2])(?![\d])/.exec(name);
  if (month) return isFinancialYear(month[1], month[2]) ? month[1] : `${month[1]}-${month[2]}`;
  const word = /(?<![a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-_ ]?((?:19|20)\d\d)(?!\d)/i.exec(name);
  if (word) return `${word[2]}-${String(MONTHS.indexOf(word[1].toLowerCase()) + 1).padStart(2, '0')}`;
  const year = /(?<!\d)((?:19|20)\d\d)(?!\d)/.exec(name);
  return year ? year[1] : undefined;
}

/** `2011-12` is the financial year 2011/12 (the year after), not December 2011. */
function isFinancialYear(year: string, second: string): boolean {
  return (Number(year) + 1) % 100 === Number(second);
}

/** `2019`, `2019-01`, `2019-01-07` (an ISO timestamp is cut to its day), `7 January 2019`, `January 2019`. */
export function parseDate(value: string): string | undefined {
  const v = value.trim();
  const iso = /^((?:19|20)\d\d)(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?:[T ]|$)/.exec(v);
  if (iso) return [iso[1], iso[2], iso[3]].filter(Boolean).join('-');
  const words = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\s+((?:19|20)\d\d)$/i.exec(v);
  if (words) {
    const m = MONTHS.indexOf(words[2].slice(0, 3).toLowerCase());
    if (m < 0) return undefined;
    const month = String(m + 1).padStart(2, '0');
    return words[1] ? `${words[3]}-${month}-${words[1].padStart(2, '0')}` : `${words[3]}-${month}`;
  }
  return undefined;
}
