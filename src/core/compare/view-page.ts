/**
 * The comparison view's page: a real <table> built by a small script from the matrix data.
 * Pure (no vscode): the feature passes the webview's CSP source and a fresh nonce. Scripts run
 * only with that nonce; nothing is loaded from anywhere.
 */
import { Matrix } from './matrix';
import { COMPARE_SCRIPT } from './view-script';
import { COMPARE_STYLE } from './view-style';

/** What the webview posts to the extension. */
export type CompareMessage =
  | { type: 'openCell'; row: string; column: number }
  | { type: 'openDocument'; column: number }
  | { type: 'compareTwo'; columns: [number, number] }
  /** The table is on screen: `ms` since the page started loading, the document columns and rows drawn. */
  | { type: 'rendered'; ms: number; columns: number; rows: number };

/** What the page gets: the matrix, with each column's display name. */
export interface ViewData {
  documents: { path: string; name: string; date: string | null; words: number; error?: string }[];
  rows: Matrix['rows'];
  by: 'date' | 'name';
}

export function viewData(m: Matrix, by: 'date' | 'name'): ViewData {
  return {
    documents: m.documents.map((d) => ({ ...d, name: d.path.slice(d.path.lastIndexOf('/') + 1) })),
    rows: m.rows,
    by,
  };
}

/** JSON safe inside a <script> element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function isCompareMessage(v: unknown): v is CompareMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const isIndex = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  switch (m.type) {
    case 'openCell': return typeof m.row === 'string' && isIndex(m.column);
    case 'openDocument': return isIndex(m.column);
    case 'compareTwo': return Array.isArray(m.columns) && m.columns.length === 2 && m.columns.every(isIndex) && m.columns[0] !== m.columns[1];
    case 'rendered': return isIndex(m.ms) && isIndex(m.columns) && isIndex(m.rows);
    default: return false;
  }
}

export function comparePage(data: ViewData, nonce: string, cspSource: string): string {
  const source = cspSource.replace(/["<>]/g, '');
  const csp = `default-src 'none'; style-src ${source} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${source} data:;`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Compare Documents</title>
<style nonce="${nonce}">${COMPARE_STYLE}</style>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Matrix options">
  <label>Show <select id="kind" aria-label="Rows to show"><option value="all">parties and terms</option><option value="party">parties</option><option value="term">terms</option></select></label>
  <label><input type="checkbox" id="absent"> only rows with an absence</label>
  <label>Filter <input type="search" id="text" placeholder="party or term" aria-label="Filter rows by text"></label>
  <label>Cells <select id="mode" aria-label="Cell values"><option value="abs">mentions</option><option value="rate">per 10,000 words</option></select></label>
  <label>Columns by <select id="by" aria-label="Column order"><option value="date">date</option><option value="name">name</option><option value="words">length</option></select></label>
  <button id="compareTwo" type="button" disabled>Compare two selected</button>
  <span id="status" role="status" aria-live="polite"></span>
</header>
<p class="legend">Click a count to select its mentions in the document; click a document name to open it. <span class="absent-sample">✕ 0</span> never mentioned; <span class="na-sample">n/a</span> not analysed. Arrow keys move between cells, Enter opens.</p>
<div id="scroller" class="scroller"><table id="matrix" aria-label="Mentions of parties and terms per document"><thead></thead><tbody></tbody></table></div>
<script type="application/json" id="data" nonce="${nonce}">${scriptJson(data)}</script>
<script nonce="${nonce}">${COMPARE_SCRIPT}</script>
</body>
</html>`;
}
