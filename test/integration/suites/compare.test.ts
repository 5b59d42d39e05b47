/**
 * Compare Documents in the real extension host (issue 13): run from the Explorer's context menu
 * on a folder as VS Code passes it (uri, [uri]), find the matrix panel, click a cell the way the
 * webview posts it and check the editor and its selections; the cache re-analyses only a changed
 * document; Compare Two Documents from a two-file selection.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ComparisonState } from '../../../src/features/compare-view';
import { api, fixtureUri, waitFor, writeFile } from '../helpers';

const FOLDER = 'compare';
const FILES: Record<string, string> = {
  '2019-01-long-term-plan.md': '# Long Term Plan\n\nPrimary care networks will lead. PCNs hire staff through the ARRS.\nPCNs and general practice work together with the ICB.\n',
  'white-paper.md': '---\ndate: 2021-02-11\n---\n# Working together\n\nNeighbourhood teams will lead. The ICB and local authorities plan care.\nNeighbourhood health is the aim. PCNs and practices work together.\n',
};

const folder = () => fixtureUri(FOLDER);
const file = (name: string) => fixtureUri(`${FOLDER}/${name}`);
const webviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);

describe('Compare Documents (the matrix view)', () => {
  before(async () => {
    await api();
    for (const [name, text] of Object.entries(FILES)) await writeFile(file(name), text);
    await vscode.workspace.fs.writeFile(file('scan.md'), new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0x41, 0]));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true }).then(undefined, () => undefined);
  });

  let state: ComparisonState;

  it('opens from the Explorer on a folder: a column per document, by date, the binary file marked not analysed', async () => {
    state = (await vscode.commands.executeCommand<ComparisonState>('policyLens.compareDocuments', folder(), [folder()]))!;
    assert.ok(state, 'the command returns the matrix it shows');
    assert.deepStrictEqual(state.matrix.documents.map((d) => [d.path.replace(/^.*\//, ''), d.date, d.error]), [
      ['2019-01-long-term-plan.md', '2019-01', undefined],
      ['white-paper.md', '2021-02-11', undefined],
      ['scan.md', null, 'binary file (NUL bytes)'],
    ]);
    const pcn = state.matrix.rows.find((r) => r.id === 'pcn')!;
    assert.deepStrictEqual(pcn.counts, [3, 1, null]);
    assert.deepStrictEqual(state.matrix.rows.find((r) => r.id === 'general-practice')?.counts, [1, 0, null]);
    const lens = await api();
    assert.ok(lens.compare.webview, 'the panel is open');
    assert.match(lens.compare.webview.html, /Content-Security-Policy" content="default-src 'none'; style-src [^;]+ 'nonce-[0-9a-f]{32}'; script-src 'nonce-[0-9a-f]{32}'/);
    assert.match(lens.compare.webview.html, /<table id="matrix" aria-label="Mentions of parties and terms per document">/);
    // The tab model follows the panel a moment later: wait for its event.
    await waitFor(vscode.window.tabGroups.onDidChangeTabs, () => webviewTabs().some((t) => t.label === 'Compare Documents (3)'), 'the Compare Documents tab');
  });

  it('a click on a count opens the document with every mention of that entry selected, the first revealed', async () => {
    const lens = await api();
    const editor = await lens.compare.handleMessage({ type: 'openCell', row: 'pcn', column: 0 });
    assert.ok(editor);
    const active = vscode.window.activeTextEditor!;
    assert.strictEqual(active.document.uri.toString(), file('2019-01-long-term-plan.md').toString());
    assert.deepStrictEqual(active.selections.map((s) => active.document.getText(s)), ['Primary care networks', 'PCNs', 'PCNs']);
    assert.deepStrictEqual(active.selections.map((s) => s.start.line), [2, 2, 3]);
    assert.ok(active.visibleRanges.some((r) => r.contains(active.selections[0])), 'the first mention is in view');
  });

  it('a click on a column header opens that document; messages the page never sends are ignored', async () => {
    const lens = await api();
    await lens.compare.handleMessage({ type: 'openDocument', column: 1 });
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), file('white-paper.md').toString());
    for (const junk of [{ type: 'openCell', row: 'pcn', column: 99 }, { type: 'openCell', row: 3, column: 0 }, { type: 'rm -rf' }, null]) {
      assert.strictEqual(await lens.compare.handleMessage(junk), undefined);
    }
  });

  it('re-opening reads nothing unchanged; after one document changes it alone is analysed', async () => {
    const again = (await vscode.commands.executeCommand<ComparisonState>('policyLens.compareDocuments', folder(), [folder()]))!;
    assert.strictEqual(again.run.analysed, 0);
    assert.strictEqual(again.run.unread, 2);
    await writeFile(file('white-paper.md'), FILES['white-paper.md'] + 'The VCSE joins the PCNs.\n');
    const changed = (await vscode.commands.executeCommand<ComparisonState>('policyLens.compareDocuments', folder(), [folder()]))!;
    assert.strictEqual(changed.run.analysed, 1);
    assert.deepStrictEqual(changed.matrix.rows.find((r) => r.id === 'pcn')?.counts, [3, 2, null]);
    assert.strictEqual(webviewTabs().filter((t) => t.label.startsWith('Compare Documents')).length, 1, 'one panel, reused');
  });

  it('Compare Two Documents from a two-file Explorer selection: what appears and disappears, with its sentences', async () => {
    const a = file('white-paper.md');
    const b = file('2019-01-long-term-plan.md');
    const markdown = await vscode.commands.executeCommand<string>('policyLens.compareTwoDocuments', a, [a, b]);
    assert.ok(markdown);
    assert.match(markdown, /^# compare\/2019-01-long-term-plan\.md → compare\/white-paper\.md/, 'earlier first');
    assert.match(markdown, /## Disappears[\s\S]*Additional Roles Reimbursement Scheme \(term\): 1 → 0[\s\S]*> PCNs hire staff through the ARRS\\\./);
    assert.match(markdown, /## Appears[\s\S]*neighbourhood/i);
  });

  it('refuses what no menu passes', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.compareDocuments', 42), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.compareTwoDocuments', file('white-paper.md'), 7), undefined);
  });
});
