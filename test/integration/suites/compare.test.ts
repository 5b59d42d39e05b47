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
/** Writes a file and waits until a file system watcher reports it, as after a change made outside the editor. */
async function writeAndSee(uri: vscode.Uri, text: string): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder(), '*'));
  try {
    let seen = false;
    const saw = vscode.Disposable.from(
      watcher.onDidChange((u) => { if (u.toString() === uri.toString()) seen = true; }),
      watcher.onDidCreate((u) => { if (u.toString() === uri.toString()) seen = true; }),
    );
    await writeFile(uri, text);
    const either: vscode.Event<vscode.Uri> = (listener) => vscode.Disposable.from(watcher.onDidChange(listener), watcher.onDidCreate(listener));
    await waitFor(either, () => seen, `the watcher to see ${uri.path}`);
    saw.dispose();
  } finally {
    watcher.dispose();
  }
}

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
    // The page's script builds the table in the webview and says so.
    const drawn = await Promise.race([lens.compare.rendered, new Promise<undefined>((r) => setTimeout(() => r(undefined), 30_000))]);
    assert.ok(drawn, 'the webview reports its table drawn');
    assert.deepStrictEqual([drawn.columns, drawn.rows], [3, state.matrix.rows.length]);
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

  it('re-opening reads nothing unchanged and, once the watcher has seen each file, checks none; after one document changes it alone is read and analysed', async () => {
    // The writes in before() may reach the extension's watcher after its first open; a file
    // written now and seen by a watcher here comes after them (one stream of events).
    await writeAndSee(file('settle.tmp'), 'x');
    const compare = () => vscode.commands.executeCommand<ComparisonState>('policyLens.compareDocuments', folder(), [folder()]);
    await compare();
    const again = (await compare())!;
    assert.deepStrictEqual(again.run, { ...again.run, analysed: 0, unread: 3, checked: 0 }, 'nothing analysed, read or even stat\'ed (the binary file too)');
    await writeAndSee(file('white-paper.md'), FILES['white-paper.md'] + 'The VCSE joins the PCNs.\n');
    const changed = (await compare())!;
    assert.strictEqual(changed.run.analysed, 1);
    assert.strictEqual(changed.run.checked, 1, 'only the changed document is checked');
    assert.strictEqual(changed.run.unread, 2);
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

/** The parts of the Git extension's API the test drives to make a repository (no process of its own: the suites run in a web worker too). */
interface TestGitRepository {
  setConfig(key: string, value: string): Promise<string>;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
}
interface TestGitApi {
  state: string;
  onDidChangeState: vscode.Event<string>;
  init(root: vscode.Uri): Promise<TestGitRepository | null>;
}

describe('Compare with Previous Revision (through VS Code\'s Git extension)', () => {
  const REPO = 'compare-git';
  const plan = () => fixtureUri(`${REPO}/plan.md`);
  const V1 = '# Plan\n\nPrimary care networks will lead. PCNs hire staff through the ARRS.\n';
  const V2 = '# Plan\n\nNeighbourhood teams will lead. The ICB plans care.\n';
  let git: TestGitApi | undefined;

  before(async function () {
    this.timeout(60_000);
    await api();
    const ext = vscode.extensions.getExtension<{ getAPI(v: 1): TestGitApi }>('vscode.git');
    // Where the Git extension runs (the Node host, a trusted workspace), make a repository with
    // two commits of plan.md through it; elsewhere the command must say why it cannot.
    if (!ext || !vscode.workspace.isTrusted || (await api()).host === 'web') return;
    git = (await ext.activate()).getAPI(1);
    if (git.state !== 'initialized') await waitFor(git.onDidChangeState, () => git!.state === 'initialized', 'the Git extension to start');
    await writeFile(plan(), V1);
    const repo = (await git.init(fixtureUri(REPO)))!;
    assert.ok(repo, 'git init through the Git extension');
    await repo.setConfig('user.name', 'Policy Lens test');
    await repo.setConfig('user.email', 'test@policy-lens.invalid');
    await repo.setConfig('commit.gpgsign', 'false');
    await repo.add([plan().fsPath]);
    await repo.commit('First edition');
    await writeFile(plan(), V2);
    await repo.add([plan().fsPath]);
    await repo.commit('Second edition');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fixtureUri(REPO), { recursive: true }).then(undefined, () => undefined);
  });

  it('from the Explorer on a committed file: the difference from the commit before its last', async function () {
    if (!git) {
      // No Git extension in this host (web worker) or Restricted Mode: a reason, not a failure.
      const plain = fixtureUri('compare-git-none.md');
      await writeFile(plain, V2);
      const result = await vscode.commands.executeCommand<{ unavailable: string }>('policyLens.compareWithPreviousRevision', plain, [plain]);
      await vscode.workspace.fs.delete(plain);
      assert.match(result.unavailable, /Git extension|Restricted Mode|not in a Git repository/);
      return;
    }
    const markdown = await vscode.commands.executeCommand<string>('policyLens.compareWithPreviousRevision', plan(), [plan()]);
    assert.strictEqual(typeof markdown, 'string', JSON.stringify(markdown));
    assert.match(markdown, /^# compare-git\/plan\.md @ [0-9a-f]{7} \(\d{4}-\d\d-\d\d\) → compare-git\/plan\.md\n/);
    assert.match(markdown, /## Appears[\s\S]*neighbourhood/i);
    assert.match(markdown, /## Disappears[\s\S]*> PCNs hire staff through the ARRS\\\./);
  });

  it('with uncommitted edits in the editor: the difference from the last commit, from the palette', async function () {
    if (!git) this.skip();
    const editor = await vscode.window.showTextDocument(plan());
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount, 0), 'The VCSE joins.\n'));
    const markdown = await vscode.commands.executeCommand<string>('policyLens.compareWithPreviousRevision');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.match(markdown, /## Appears[\s\S]*> The VCSE joins\\\./);
    assert.doesNotMatch(markdown, /## Disappears/, 'the last commit already had no PCNs');
  });

  it('Compare Documents dates a file with no date of its own by the commit that added it', async function () {
    if (!git) this.skip();
    const state = (await vscode.commands.executeCommand<ComparisonState>('policyLens.compareDocuments', fixtureUri(REPO), [fixtureUri(REPO)]))!;
    assert.deepStrictEqual(state.matrix.documents.map((d) => d.date), [new Date().toISOString().slice(0, 10)]);
  });

  it('a file outside any repository: the reason, nothing opened', async () => {
    const plain = fixtureUri('compare-outside.md');
    await writeFile(plain, V1);
    const result = await vscode.commands.executeCommand<{ unavailable: string }>('policyLens.compareWithPreviousRevision', plain, { groupId: 1, editorIndex: 0 });
    await vscode.workspace.fs.delete(plain);
    assert.ok(result && typeof result.unavailable === 'string', 'a reason');
  });
});
