/**
 * One row per annotation for spreadsheets: RFC 4180 (CRLF rows, fields quoted when needed); a
 * cell that a spreadsheet would run as a formula gets a leading apostrophe (see src/core/csv.ts).
 */
import { csvCell } from '../csv';
import { byPath, ExportDocument, locateAnnotations } from './model';

export const CSV_COLUMNS = ['document', 'id', 'tag', 'quote', 'note', 'page', 'line', 'author', 'created', 'updated'] as const;

export function renderCsv(documents: readonly ExportDocument[]): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const doc of [...documents].sort(byPath)) {
    const located = locateAnnotations(doc).sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || (a.annotation.id < b.annotation.id ? -1 : 1));
    for (const l of located) {
      const a = l.annotation;
      const cells = [doc.path, a.id, a.tag, a.quote, a.note, l.page === undefined ? '' : String(l.page), l.line === undefined ? '' : String(l.line), a.author ?? '', a.created ?? '', a.updated ?? ''];
      rows.push(cells.map(csvCell).join(','));
    }
  }
  return rows.join('\r\n') + '\r\n';
}


/** Parses RFC 4180 text into rows of fields (for tests and round trips). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
