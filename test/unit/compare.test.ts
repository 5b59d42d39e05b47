import * as assert from 'node:assert';
import { documentDate, fileNameDate, frontMatterDate, parseDate } from '../../src/core/compare/dating';
import { diffDocuments, DiffSide } from '../../src/core/compare/diff';
import { diffMarkdown, matrixCsv, matrixHtml, matrixMarkdown, tableCell } from '../../src/core/compare/format';
import { buildMatrix, CompareInput, hasAbsence, matrixJson, orderDocuments, per10k } from '../../src/core/compare/matrix';
import { binaryReason, summarize } from '../../src/core/compare/summary';
import { countWords } from '../../src/core/text/words';
import { comparePage, isCompareMessage, viewData } from '../../src/core/compare/view-page';
import { COMPARE_SCRIPT } from '../../src/core/compare/view-script';
import { LexiconEntry } from '../../src/core/types';
import { parse as parseHtml } from 'parse5';
import { engineWith } from './helpers/engine';

const entry = (id: string, label: string, kinds: LexiconEntry['kinds']): LexiconEntry => ({ id, label, kinds, aliases: [], definition: '', related: [] });
const ENTRIES = [entry('gp', 'general practice', ['party']), entry('pcn', 'PCNs', ['party', 'term']), entry('arrs', 'ARRS', ['term']), entry('place', 'place', ['term'])];
const DOCS: CompareInput[] = [
  { path: 'b/white-paper.md', date: '2021-02', summary: { words: 20000, counts: { gp: 4, pcn: 2, place: 10 } } },
  { path: 'a/ltp.md', date: '2019-01', summary: { words: 10000, counts: { gp: 8, pcn: 20 } } },
  { path: 'c/broken.pdf', error: 'binary file (NUL bytes)' },
];

describe('compare: the matrix', () => {
  const cases: { name: string; terms: boolean; expected: string[]; by: 'date' | 'name'; rows: string[]; columns: string[] }[] = [
    { name: 'parties only, by name', terms: false, expected: [], by: 'name', rows: ['gp', 'pcn'], columns: ['a/ltp.md', 'b/white-paper.md', 'c/broken.pdf'] },
    { name: 'with terms: parties first, then terms', terms: true, expected: [], by: 'name', rows: ['gp', 'pcn', 'arrs', 'place'], columns: ['a/ltp.md', 'b/white-paper.md', 'c/broken.pdf'] },
    { name: 'an expected term is always a row', terms: false, expected: ['arrs'], by: 'date', rows: ['gp', 'pcn', 'arrs'], columns: ['a/ltp.md', 'b/white-paper.md', 'c/broken.pdf'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = buildMatrix(ENTRIES, DOCS, { terms: c.terms, expected: new Set(c.expected), by: c.by });
      assert.deepStrictEqual(m.rows.map((r) => r.id), c.rows);
      assert.deepStrictEqual(m.documents.map((d) => d.path), c.columns);
    });
  }
  it('counts per column, 0 where never mentioned, null where not analysed; kinds and labels from the lexicon', () => {
    const m = buildMatrix(ENTRIES, DOCS, { terms: true, expected: new Set(['arrs']) });
    assert.deepStrictEqual(m.rows.map((r) => [r.id, r.label, r.kind, r.expected, r.counts]), [
      ['gp', 'general practice', 'party', false, [8, 4, null]],
      ['pcn', 'PCNs', 'party', false, [20, 2, null]],
      ['arrs', 'ARRS', 'term', true, [0, 0, null]],
      ['place', 'place', 'term', false, [0, 10, null]],
    ]);
    assert.deepStrictEqual(m.documents[2], { path: 'c/broken.pdf', date: null, words: 0, error: 'binary file (NUL bytes)' });
    assert.deepStrictEqual(m.rows.map(hasAbsence), [false, false, true, true]);
  });
  it('the JSON shape of report --format json', () => {
    const json = matrixJson(buildMatrix(ENTRIES, DOCS.slice(0, 2), { terms: false }));
    assert.deepStrictEqual(json, {
      version: 1,
      documents: [{ path: 'a/ltp.md', date: '2019-01', words: 10000 }, { path: 'b/white-paper.md', date: '2021-02', words: 20000 }],
      rows: [{ id: 'gp', label: 'general practice', kind: 'party', counts: [8, 4] }, { id: 'pcn', label: 'PCNs', kind: 'party', counts: [20, 2] }],
    });
  });
  const rates: [number, number, number][] = [[8, 10000, 8], [4, 20000, 2], [1, 3, 3333.3], [5, 0, 0], [0, 100, 0]];
  for (const [count, words, rate] of rates) it(`per10k(${count}, ${words}) = ${rate}`, () => assert.strictEqual(per10k(count, words), rate));
  it('orders by date, undated last by name', () => {
    const docs = [{ path: 'z.md', date: null }, { path: 'b.md', date: '2020' }, { path: 'a.md', date: null }, { path: 'c.md', date: '2019-05' }];
    assert.deepStrictEqual(orderDocuments(docs, 'date').map((d) => d.path), ['c.md', 'b.md', 'a.md', 'z.md']);
    assert.deepStrictEqual(orderDocuments(docs, 'name').map((d) => d.path), ['a.md', 'b.md', 'c.md', 'z.md']);
  });
});

describe('compare: dating', () => {
  const cases: { path: string; text: string; fallback?: string; expected?: [string, string] }[] = [
    { path: 'plan.md', text: '---\ntitle: Plan\ndate: 2019-01-07\n---\n# Plan', expected: ['2019-01-07', 'front-matter'] },
    { path: 'plan-2017.md', text: '---\ndate: "2023-06-30T10:00:00Z"\n---\n', expected: ['2023-06-30', 'front-matter'] },
    { path: 'plan.md', text: '---\ndate: 7 January 2019\n---\n', expected: ['2019-01-07', 'front-matter'] },
    { path: 'plan.md', text: '---\ndate: March 2024 # issued\n---\n', expected: ['2024-03', 'front-matter'] },
    { path: 'x/2019-01-07-long-term-plan.md', text: '# no front matter', expected: ['2019-01-07', 'file-name'] },
    { path: 'x/ltp_2019.md', text: '', expected: ['2019', 'file-name'] },
    { path: 'planning-guidance-2025-26.md', text: '', expected: ['2025', 'file-name'] },
    { path: 'accounts-2011-12.md', text: '', expected: ['2011', 'file-name'] },
    { path: 'board-2024-03.md', text: '', expected: ['2024-03', 'file-name'] },
    { path: 'board-march-2024.md', text: '', expected: ['2024-03', 'file-name'] },
    { path: '2019/plan.md', text: '', expected: undefined },
    { path: 'plan.md', text: 'date: 2019\n', expected: undefined },
    { path: 'plan.md', text: '', fallback: '2022-11-03T09:00:00+00:00', expected: ['2022-11-03', 'git'] },
    { path: 'plan-2020.md', text: '', fallback: '2022-11-03', expected: ['2020', 'file-name'] },
    { path: 'plan.md', text: '---\ndate: soon\n---\n', expected: undefined },
  ];
  for (const c of cases) {
    it(`${c.path} ${JSON.stringify(c.text.slice(0, 30))}${c.fallback ? ' + git' : ''} -> ${c.expected?.join(' from ') ?? 'no date'}`, () => {
      const d = documentDate(c.path, c.text, c.fallback);
      assert.deepStrictEqual(d ? [d.date, d.source] : undefined, c.expected);
    });
  }
  it('front matter must open the file', () => assert.strictEqual(frontMatterDate('text\n---\ndate: 2019\n---\n'), undefined));
  it('file names only, not numbers that are not years', () => assert.strictEqual(fileNameDate('report-12345.md'), undefined));
  it('parseDate refuses nonsense', () => assert.deepStrictEqual(['2019-13-01', 'Smarch 2019', ''].map(parseDate), [undefined, undefined, undefined]));
});

describe('compare: two documents', () => {
  const engine = engineWith();
  const side = (path: string, text: string): DiffSide => ({ path, text, words: countWords(text), mentions: engine.mentions(text), sentences: engine.sentences(text) });
  const before = side('2019.md', 'PCNs will lead. PCNs hire staff through the ARRS. PCNs and practices work together. The ICB commissions services.');
  const after = side('2025.md', 'Neighbourhood teams will lead. Neighbourhood teams hire staff. PCNs and practices work together. The ICB commissions services. Neighbourhood health is the aim.');
  const changes = diffDocuments(engine.entries.values(), before, after, { factor: 2 });
  const byId = Object.fromEntries(changes.map((c) => [c.id, c]));

  const cases: { id: string; change: string | undefined; sentences?: string[] }[] = [
    { id: 'neighbourhood', change: 'appears', sentences: ['Neighbourhood teams will lead.', 'Neighbourhood teams hire staff.', 'Neighbourhood health is the aim.'] },
    { id: 'arrs', change: 'disappears', sentences: ['PCNs hire staff through the ARRS.'] },
    { id: 'pcn', change: 'falls', sentences: ['PCNs will lead.', 'PCNs hire staff through the ARRS.'] },
    { id: 'icb', change: undefined },
  ];
  for (const c of cases) {
    it(`${c.id}: ${c.change ?? 'unchanged'}`, () => {
      assert.strictEqual(byId[c.id]?.change, c.change);
      if (c.sentences) assert.deepStrictEqual(byId[c.id].sentences, c.sentences);
    });
  }
  it('rates per 10,000 words and the ratio', () => {
    assert.strictEqual(byId.pcn.before, 3);
    assert.strictEqual(byId.pcn.after, 1);
    assert.ok(byId.pcn.ratio < 0.5);
    assert.strictEqual(byId.neighbourhood.ratio, Infinity);
  });
  it('disappearances first, then appearances, falls, rises', () => {
    const order = changes.map((c) => c.change);
    assert.deepStrictEqual(order, [...order].sort((a, b) => ['disappears', 'appears', 'falls', 'rises'].indexOf(a) - ['disappears', 'appears', 'falls', 'rises'].indexOf(b)));
  });
  it('a higher factor keeps only the larger shifts', () => {
    assert.ok(!diffDocuments(engine.entries.values(), before, after, { factor: 10 }).some((c) => c.id === 'pcn'));
  });
  it('the Markdown names each change and quotes its sentences', () => {
    const md = diffMarkdown('2019.md', '2025.md', changes, 2);
    assert.match(md, /## Disappears\n\n### Additional Roles Reimbursement Scheme \(term\): 1 → 0/);
    assert.match(md, /> PCNs hire staff through the ARRS\\\./);
  });
  it('nothing changed', () => {
    assert.deepStrictEqual(diffDocuments(engine.entries.values(), before, before), []);
    assert.match(diffMarkdown('a', 'a', [], 2), /No party or term/);
  });
});

describe('compare: summaries and formats', () => {
  it('summarize counts the engine mentions and the words', () => {
    const s = summarize(engineWith(), 'PCNs and the ICB. PCNs again.');
    assert.deepStrictEqual(s, { words: 6, counts: { pcn: 2, icb: 1 } });
  });
  const binaries: [string, string | undefined][] = [['plain text', undefined], ['a\u0000b', 'binary file (NUL bytes)'], ['\ufffd'.repeat(20) + 'x', 'not UTF-8 text'], ['café \ufffd', undefined]];
  for (const [text, reason] of binaries) it(`binaryReason(${JSON.stringify(text.slice(0, 8))})`, () => assert.strictEqual(binaryReason(text), reason));
  const m = buildMatrix(ENTRIES, DOCS, { terms: true, expected: new Set(['arrs']), by: 'date' });
  it('Markdown: a table with words, counts with rates, — for absent, n/a for not analysed', () => {
    const md = matrixMarkdown(m);
    assert.match(md, /^\| Entry \| Kind \| ltp\.md \(2019-01\) \| white-paper\.md \(2021-02\) \| broken\.pdf \|\n\| --- \| --- \| ---: \| ---: \| ---: \|\n\| \*Words\* \| \| 10000 \| 20000 \| not analysed \|/);
    assert.match(md, /\| ARRS \(expected\) \| term \| — \| — \| n\/a \|/);
    assert.match(md, /\| general practice \| party \| 8 \(8\) \| 4 \(2\) \| n\/a \|/);
    assert.match(md, /Not analysed: c\/broken\.pdf: binary file \(NUL bytes\)/);
  });
  it('HTML: no scripts, a CSP, absent cells marked', () => {
    const html = matrixHtml(m);
    assert.ok(!/<script/i.test(html));
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /<td class="absent" title="ARRS never mentioned in ltp\.md \(2019-01\)">/);
  });
  it('Markdown cells escape table syntax only', () => assert.strictEqual(tableCell('a|b *c* [d](e) 2019-01.md'), 'a\\|b \\*c\\* \\[d\\](e) 2019-01.md'));
  it('CSV: quotes fields with commas and defuses formulas', () => {
    const csv = matrixCsv(buildMatrix([entry('x', 'a, "b"', ['party']), entry('y', '=SUM(A1)', ['party'])], [{ path: 'd.md', summary: { words: 1, counts: { x: 1 } } }], { terms: false }));
    assert.strictEqual(csv, 'id,label,kind,d.md\r\ndate,Date,document,\r\nwords,Words,document,1\r\nx,"a, ""b""",party,1\r\ny,"\'=SUM(A1)",party,0\r\n');
  });
});

describe('compare: the view page', () => {
  const m = buildMatrix(ENTRIES, DOCS, { terms: true, expected: new Set(['arrs']) });
  const page = comparePage(viewData(m, 'date'), 'abc123', 'https://webview.test');
  it('a strict CSP: scripts and styles only with the nonce, nothing loaded from elsewhere', () => {
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https:\/\/webview\.test 'nonce-abc123'; script-src 'nonce-abc123'; img-src https:\/\/webview\.test data:;">/);
    const scripts = page.match(/<script[^>]*>/g) ?? [];
    assert.strictEqual(scripts.length, 2);
    for (const s of scripts) assert.match(s, /nonce="abc123"/);
    assert.ok(!/\son\w+=|src=/.test(page), 'no inline handlers, no external sources');
  });
  it('well-formed HTML with a real table', () => {
    const errors: string[] = [];
    parseHtml(page, { onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
    assert.deepStrictEqual(errors, []);
    assert.match(page, /<table id="matrix" aria-label="[^"]+"><thead><\/thead><tbody><\/tbody><\/table>/);
  });
  it('the data cannot close its script element', () => {
    const evil = comparePage(viewData(buildMatrix([entry('x', '</script><script>alert(1)</script>', ['party'])], [], { terms: false }), 'name'), 'n', 's');
    assert.ok(!evil.includes('</script><script>alert'));
    assert.match(evil, /\\u003c\/script>/);
  });
  it('the script parses', () => assert.doesNotThrow(() => new Function(COMPARE_SCRIPT)));
  const messages: [unknown, boolean][] = [
    [{ type: 'openCell', row: 'pcn', column: 0 }, true],
    [{ type: 'openCell', row: 'pcn', column: -1 }, false],
    [{ type: 'openCell', row: 3, column: 0 }, false],
    [{ type: 'openDocument', column: 2 }, true],
    [{ type: 'openDocument', column: 1.5 }, false],
    [{ type: 'compareTwo', columns: [0, 1] }, true],
    [{ type: 'compareTwo', columns: [1, 1] }, false],
    [{ type: 'compareTwo', columns: [0] }, false],
    [{ type: 'rendered', ms: 120, columns: 36, rows: 60 }, true],
    [{ type: 'rendered', ms: -1, columns: 36, rows: 60 }, false],
    [{ type: 'rendered', ms: 1 }, false],
    [{ type: 'eval', code: 'x' }, false],
    [null, false],
  ];
  for (const [message, ok] of messages) it(`isCompareMessage(${JSON.stringify(message)}) = ${ok}`, () => assert.strictEqual(isCompareMessage(message), ok));
});
