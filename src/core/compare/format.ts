/** The matrix as Markdown, CSV and a self-contained HTML page; the two-document difference as Markdown. */
import { csvCell } from '../csv';
import { escapeMarkdown } from '../markdown';
import { EntryChange } from './diff';
import { Matrix, MatrixColumn, per10k } from './matrix';

/** What a column is called: the file name (without folders), with its date when known. */
export function columnTitle(d: MatrixColumn): string {
  const name = d.path.slice(d.path.lastIndexOf('/') + 1);
  return d.date ? `${name} (${d.date})` : name;
}

const ABSENT = '—';

/** Literal text in a Markdown table cell: one line, only what a table or inline Markdown would read escaped. */
export function tableCell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[\\`*_[\]<>|&]/g, (c) => `\\${c}`);
}

/** A Markdown table (for a commit or a pull request): count and rate per 10,000 words, — for never mentioned. */
export function matrixMarkdown(m: Matrix): string {
  const cell = tableCell;
  const head = ['Entry', 'Kind', ...m.documents.map((d) => cell(columnTitle(d)))];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  lines.push(`| *Words* | | ${m.documents.map((d) => (d.error ? 'not analysed' : String(d.words))).join(' | ')} |`);
  for (const r of m.rows) {
    const cells = r.counts.map((c, i) => (c === null ? 'n/a' : c === 0 ? ABSENT : `${c} (${per10k(c, m.documents[i].words)})`));
    lines.push(`| ${cell(r.label)}${r.expected ? ' (expected)' : ''} | ${r.kind} | ${cells.join(' | ')} |`);
  }
  let out = lines.join('\n') + '\n\n';
  out += `Mentions (per 10,000 words); ${ABSENT} never mentioned; n/a not analysed.\n`;
  const failed = m.documents.filter((d) => d.error);
  for (const d of failed) out += `\n- Not analysed: ${cell(d.path)}: ${cell(d.error!)}`;
  return failed.length ? out + '\n' : out;
}

/** RFC 4180 CSV: a header of documents, a `date` and a `words` row, then one row per entry with its counts (empty when not analysed). */
export function matrixCsv(m: Matrix): string {
  const q = (s: string | number | null): string => csvCell(s === null ? '' : String(s));
  const rows: (string | number | null)[][] = [
    ['id', 'label', 'kind', ...m.documents.map((d) => d.path)],
    ['date', 'Date', 'document', ...m.documents.map((d) => d.date)],
    ['words', 'Words', 'document', ...m.documents.map((d) => (d.error ? `not analysed: ${d.error}` : d.words))],
    ...m.rows.map((r) => [r.id, r.label, r.kind, ...r.counts]),
  ];
  return rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Heat from 0 to 1 against the row's highest rate (so each row shows where its entry is named most). */
export function heat(rate: number, rowMax: number): number {
  return rowMax > 0 ? Math.round((rate / rowMax) * 100) / 100 : 0;
}

/** A self-contained page: no scripts, no network (a CSP forbids both), light and dark. */
export function matrixHtml(m: Matrix, title = 'Policy Lens: comparison'): string {
  const head = m.documents.map((d) => `<th scope="col" title="${escapeHtml(d.path)}">${escapeHtml(columnTitle(d))}<br><span class="words">${d.error ? 'not analysed' : `${d.words} words`}</span></th>`).join('');
  const body = m.rows.map((r) => {
    const rates = r.counts.map((c, i) => (c === null ? 0 : per10k(c, m.documents[i].words)));
    const max = Math.max(0, ...rates);
    const cells = r.counts.map((c, i) => {
      const doc = escapeHtml(columnTitle(m.documents[i]));
      if (c === null) return `<td class="na" title="${doc}: not analysed (${escapeHtml(m.documents[i].error ?? '')})">n/a</td>`;
      if (c === 0) return `<td class="absent" title="${escapeHtml(r.label)} never mentioned in ${doc}"><span aria-hidden="true">✕</span> 0</td>`;
      const h = heat(rates[i], max);
      return `<td style="--heat:${h}" title="${escapeHtml(r.label)} in ${doc}: ${c} mentions, ${rates[i]} per 10,000 words">${c}<span class="rate"> (${rates[i]})</span></td>`;
    }).join('');
    return `<tr class="${r.kind}"><th scope="row">${escapeHtml(r.label)}${r.expected ? ' <span class="expected">(expected)</span>' : ''}</th><td class="kind">${r.kind}</td>${cells}</tr>`;
  }).join('\n');
  const failed = m.documents.filter((d) => d.error).map((d) => `<li>Not analysed: ${escapeHtml(d.path)}: ${escapeHtml(d.error!)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
:root { color-scheme: light dark; --fg: #1f1f1f; --bg: #ffffff; --heat-rgb: 0, 102, 204; --absent: #b3261e; --line: #c8c8c8; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #1e1e1e; --heat-rgb: 77, 166, 255; --absent: #f28b82; --line: #444; } }
body { font-family: system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 1.5rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; }
thead th { vertical-align: bottom; font-weight: 600; }
tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
td { text-align: right; background: rgba(var(--heat-rgb), calc(var(--heat, 0) * 0.6)); }
td.kind { text-align: left; background: none; opacity: 0.8; }
td.absent { color: var(--absent); font-weight: 600; background: none; outline: 1px dashed var(--absent); outline-offset: -3px; }
td.na { background: repeating-linear-gradient(45deg, transparent 0 4px, rgba(128,128,128,.25) 4px 8px); text-align: center; }
.rate, .words { opacity: 0.75; font-size: 0.85em; }
tr.term th { font-style: italic; }
.expected { opacity: 0.75; font-size: 0.85em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Mentions of each party and term per document, with the rate per 10,000 words in brackets; shading is the rate against the row's highest; ✕ 0 is never mentioned; n/a is not analysed.</p>
<table>
<thead><tr><th scope="col">Entry</th><th scope="col">Kind</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
${failed ? `<ul>${failed}</ul>` : ''}
</body>
</html>
`;
}

/** The two-document difference as Markdown: one section per kind of change, each entry with its sentences. */
export function diffMarkdown(beforePath: string, afterPath: string, changes: readonly EntryChange[], factor: number): string {
  const md = escapeMarkdown;
  let out = `# ${tableCell(beforePath)} → ${tableCell(afterPath)}\n\nMentions per 10,000 words; rises and falls of at least ${factor}×.\n`;
  const sections: [EntryChange['change'], string][] = [['appears', 'Appears'], ['disappears', 'Disappears'], ['rises', 'Rises'], ['falls', 'Falls']];
  for (const [kind, title] of sections) {
    const list = changes.filter((c) => c.change === kind);
    if (!list.length) continue;
    out += `\n## ${title}\n`;
    for (const c of list) {
      out += `\n### ${tableCell(c.label)} (${c.kind}): ${c.before} → ${c.after} (${c.beforeRate} → ${c.afterRate} per 10,000 words)\n\n`;
      out += c.sentences.length ? c.sentences.map((s) => `> ${md(s)}\n`).join('>\n') : '*(no sentence of its own: the same sentences, in more or fewer places)*\n';
    }
  }
  if (!changes.length) out += '\nNo party or term appears, disappears, rises or falls by that factor.\n';
  return out;
}
