/**
 * The comparison view's page script run against a DOM (happy-dom) in plain Node: the table it
 * builds (headers with scope, labels for screen readers, one cell in the tab order), column
 * windowing with 1,000 documents (only the columns in view drawn, spacers standing in for the
 * rest, the window following the scroll), and the messages a click and the keyboard post.
 * The script is the one the webview runs; only `acquireVsCodeApi` and the frame clock are stand-ins.
 */
import * as assert from 'node:assert';
import { Element, HTMLElement, HTMLSelectElement, HTMLTableElement, Window } from 'happy-dom';
import { buildMatrix, CompareInput } from '../../src/core/compare/matrix';
import { comparePage, viewData } from '../../src/core/compare/view-page';
import { COMPARE_SCRIPT } from '../../src/core/compare/view-script';
import { LexiconEntry } from '../../src/core/types';

const COL_WIDTH = 86; // as in the script
const VIEW_WIDTH = 860;

const entry = (i: number): LexiconEntry => ({ id: `e${i}`, label: `Entry ${i}`, kinds: [i < 20 ? 'party' : 'term'], aliases: [], definition: '', related: [] });
const ENTRIES = Array.from({ length: 60 }, (_, i) => entry(i));

/** `n` documents, named in date order, with counts that vary by row and column (some zero). */
function documents(n: number): CompareInput[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `corpus/paper-${String(i).padStart(4, '0')}.md`,
    date: `${2000 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}`,
    summary: { words: 10_000 + i, counts: Object.fromEntries(ENTRIES.map((e, r) => [e.id, (r * 7 + i) % 5])) },
  }));
}

interface Page {
  window: Window;
  document: Window['document'];
  posted: unknown[];
  /** Runs the animation frames the script asked for (scroll handling). */
  frame(): void;
  table: HTMLTableElement;
  scroller: HTMLElement;
}

/** The page as the webview gets it, its script run with the page's DOM. */
function load(inputs: CompareInput[]): Page {
  const matrix = buildMatrix(ENTRIES, inputs, { terms: true, expected: new Set(['e3']), by: 'date' });
  const window = new Window({ url: 'https://webview.test/' });
  const document = window.document;
  document.write(comparePage(viewData(matrix, 'date'), 'n0nce', 'https://webview.test'));
  const scroller = document.getElementById('scroller') as HTMLElement;
  Object.defineProperty(scroller, 'clientWidth', { value: VIEW_WIDTH });
  const posted: unknown[] = [];
  let state: unknown;
  const vscodeApi = { postMessage: (m: unknown) => posted.push(m), getState: () => state, setState: (s: unknown) => { state = s; } };
  const frames: (() => void)[] = [];
  const run = new Function('acquireVsCodeApi', 'document', 'requestAnimationFrame', 'CSS', 'performance', COMPARE_SCRIPT);
  run(() => vscodeApi, document, (f: () => void) => frames.push(f), window.CSS, window.performance);
  return {
    window, document, posted, scroller,
    table: document.getElementById('matrix') as HTMLTableElement,
    frame: () => frames.splice(0).forEach((f) => f()),
  };
}

const documentHeaders = (p: Page) => [...p.table.tHead!.querySelectorAll('th[data-col]')].map((th) => th.getAttribute('title'));
const cellsOf = (row: Element) => row.querySelectorAll('td.count');
const bodyRows = (p: Page) => [...p.table.querySelectorAll('tbody > tr')] as HTMLElement[];

function scrollTo(p: Page, column: number): void {
  p.scroller.scrollLeft = column * COL_WIDTH;
  p.scroller.dispatchEvent(new p.window.Event('scroll'));
  p.frame();
}

describe('compare view: the page script against a DOM', function () {
  this.timeout(60_000); // a DOM in plain JavaScript, on a busy machine
  describe('1,000 documents: column windowing', () => {
    let p: Page;
    before(() => { p = load(documents(1000)); });
    const inView = Math.ceil(VIEW_WIDTH / COL_WIDTH) + 20; // the script's margin: 10 columns either side

    it('draws only the columns in view (plus a margin), every row, and a spacer for the rest', () => {
      const headers = documentHeaders(p);
      assert.strictEqual(headers.length, inView);
      assert.deepStrictEqual(headers.slice(0, 2), ['corpus/paper-0000.md', 'corpus/paper-0001.md']);
      assert.strictEqual(bodyRows(p).length, 60);
      for (const row of bodyRows(p)) assert.strictEqual(cellsOf(row).length, inView);
      const spacers = p.table.tHead!.querySelectorAll('th.spacer');
      assert.strictEqual(spacers.length, 1, 'only a right-hand spacer at the start');
      assert.strictEqual((spacers[0] as HTMLElement).style.minWidth, `${(1000 - inView) * COL_WIDTH}px`);
      assert.ok(p.table.classList.contains('fixed'), 'fixed layout, so the spacers keep the scroll width');
      assert.match(p.document.getElementById('status')!.textContent!, /60 of 60 rows, 1000 documents/);
    });

    it('reports the table drawn once, with the columns and rows it drew', () => {
      const rendered = p.posted.filter((m) => (m as { type: string }).type === 'rendered');
      assert.strictEqual(rendered.length, 1);
      assert.deepStrictEqual({ ...(rendered[0] as object), ms: 0 }, { type: 'rendered', ms: 0, columns: inView, rows: 60 });
    });

    it('follows the scroll: the middle of the matrix, with spacers both sides', () => {
      scrollTo(p, 500);
      const headers = documentHeaders(p);
      assert.strictEqual(headers.length, inView);
      assert.strictEqual(headers[0], 'corpus/paper-0490.md', 'ten columns of margin to the left');
      assert.ok(headers.includes('corpus/paper-0500.md'));
      const [left, right] = [...p.table.tHead!.querySelectorAll('th.spacer')] as HTMLElement[];
      assert.strictEqual(left.style.minWidth, `${490 * COL_WIDTH}px`);
      assert.strictEqual(right.style.minWidth, `${(1000 - 490 - inView) * COL_WIDTH}px`);
      // The cells under a header belong to that header's document.
      const firstRow = bodyRows(p)[0];
      assert.strictEqual((cellsOf(firstRow)[0] as HTMLElement).dataset.col, '490');
      assert.strictEqual(firstRow.querySelectorAll('td.spacer').length, 2);
    });

    it('the last column is reachable', () => {
      scrollTo(p, 995);
      const headers = documentHeaders(p);
      assert.strictEqual(headers[headers.length - 1], 'corpus/paper-0999.md');
      assert.strictEqual(p.table.tHead!.querySelectorAll('th.spacer').length, 1, 'no spacer after the last column');
    });

    it('ordered by length, the window starts again at the longest documents', () => {
      scrollTo(p, 0);
      const by = p.document.getElementById('by') as HTMLSelectElement;
      by.value = 'words';
      by.dispatchEvent(new p.window.Event('change'));
      assert.strictEqual(documentHeaders(p)[0], 'corpus/paper-0999.md', 'longest first');
      assert.strictEqual(documentHeaders(p).length, inView);
    });
  });

  describe('a few documents: every column, and an accessible table', () => {
    const inputs = [...documents(3), { path: 'corpus/scan.md', error: 'binary file (NUL bytes)' }];
    let p: Page;
    before(() => { p = load(inputs); });
    const head = () => p.table.tHead!;
    const body = () => p.table.tBodies[0];

    it('no windowing at or below 120 columns: all columns, no spacers', () => {
      assert.strictEqual(documentHeaders(p).length, 4);
      assert.strictEqual(p.table.querySelectorAll('.spacer').length, 0);
      assert.ok(!p.table.classList.contains('fixed'));
    });

    it('column headers have scope="col", row headers scope="row"; the table is labelled', () => {
      assert.ok(p.table.getAttribute('aria-label'));
      const colHeads = [...head().querySelectorAll('th')];
      assert.strictEqual(colHeads.length, 2 + 4);
      for (const th of colHeads) assert.strictEqual(th.getAttribute('scope'), 'col');
      for (const row of bodyRows(p)) {
        const th = row.querySelector('th')!;
        assert.strictEqual(th.getAttribute('scope'), 'row');
        assert.strictEqual(row.children[0], th, 'the row header comes first');
      }
    });

    it('every count has a label a screen reader reads: the entry, the document, the count or why there is none', () => {
      const row = body().querySelector('tr[data-row="e1"]')!;
      const labels = [...cellsOf(row)].map((td) => td.getAttribute('aria-label'));
      // e1: (7 + i) % 5 -> 2, 3, 4 mentions
      assert.deepStrictEqual(labels, [
        'Entry 1 in paper-0000.md: 2 mentions, 2 per 10,000 words. Enter selects them in the document.',
        'Entry 1 in paper-0001.md: 3 mentions, 3 per 10,000 words. Enter selects them in the document.',
        'Entry 1 in paper-0002.md: 4 mentions, 4 per 10,000 words. Enter selects them in the document.',
        'scan.md was not analysed: binary file (NUL bytes)',
      ]);
      const absent = body().querySelector('tr[data-row="e0"] td.count.absent')!;
      assert.strictEqual(absent.textContent, '✕ 0');
      assert.strictEqual(absent.getAttribute('aria-label'), 'Entry 0 is never mentioned in paper-0000.md');
      for (const td of body().querySelectorAll('td.count')) assert.ok(td.getAttribute('aria-label'), 'every cell labelled');
    });

    it('every control is a labelled button or input; the pin says whether it is pressed', () => {
      for (const control of p.table.querySelectorAll('button, input')) {
        assert.ok(control.getAttribute('aria-label'), `${control.outerHTML} has an aria-label`);
      }
      const pin = body().querySelector('button[aria-label="Pin Entry 3"]')!;
      assert.strictEqual(pin.getAttribute('aria-pressed'), 'false');
      (pin as HTMLElement).click();
      const pinned = bodyRows(p)[0];
      assert.strictEqual(pinned.dataset.row, 'e3', 'a pinned row goes to the top');
      assert.strictEqual(pinned.querySelector('button.pin')!.getAttribute('aria-pressed'), 'true');
      assert.ok(pinned.querySelector('.expected'), 'an expected entry says so');
    });

    it('one cell in the tab order; arrow keys move it; Enter posts the cell the extension opens', () => {
      const inTabOrder = () => [...body().querySelectorAll('td.count')].filter((td) => (td as HTMLElement).tabIndex === 0) as HTMLElement[];
      assert.strictEqual(inTabOrder().length, 1);
      const first = inTabOrder()[0];
      first.dispatchEvent(new p.window.KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      inTabOrder()[0].dispatchEvent(new p.window.KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      const now = inTabOrder();
      assert.strictEqual(now.length, 1);
      assert.strictEqual(p.document.activeElement, now[0], 'focus follows');
      const row = now[0].dataset.row!;
      now[0].dispatchEvent(new p.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      assert.deepStrictEqual(p.posted[p.posted.length - 1], { type: 'openCell', row, column: 1 });
    });

    it('a click on a document name posts openDocument; a not-analysed cell posts nothing', () => {
      (head().querySelector('button[aria-label="Open corpus/paper-0002.md"]') as HTMLElement).click();
      assert.deepStrictEqual(p.posted[p.posted.length - 1], { type: 'openDocument', column: 2 });
      const before = p.posted.length;
      (body().querySelector('td.count.na') as HTMLElement).click();
      assert.strictEqual(p.posted.length, before);
    });
  });
});
