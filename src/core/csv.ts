/**
 * One CSV cell, shared by every CSV Policy Lens writes (the compare matrix, the annotation
 * export): RFC 4180 quoting, and a guard against formula injection (OWASP "CSV Injection"): a
 * cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a
 * spreadsheet as a formula, so it is written with a leading apostrophe (and quoted), which
 * spreadsheets show as text. Reading such a file back, the apostrophe is part of the cell.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const defused = FORMULA_START.test(value);
  if (!defused && !NEEDS_QUOTES.test(value)) return value;
  return `"${defused ? "'" : ''}${value.replace(/"/g, '""')}"`;
}

/** Undoes csvCell's guard on a parsed cell (for round trips): a leading apostrophe before a formula character goes. */
export function undefuseCsvCell(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
