/**
 * Undo for the ignore quick fixes (issue 10, item 7): the notification's Undo and Ctrl+Z right
 * after put the sidecar back byte for byte; "Show Ignored Findings" restores any; and the
 * document's own undo stack is never touched.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  answerQuickInputs, api, canActAsUser, codeOf, fixtureUri, policyDiagnostics, readFile, userActs, waitFor, waitForDiagnostics, writeFile,
} from '../helpers';

const DOC = 'undo-ignore.md';
const TEXT = '# Briefing\n\nGeneral practice will be a core member of every neighbourhood team.\nAdditional investment will be made available to support neighbourhood teams.\n';
const SIDECAR = 'version: 1\ndocument: undo-ignore.md\n# kept exactly, comment and all\nannotations: []\n';

const doc = () => fixtureUri(DOC);
const sidecar = () => fixtureUri(`${DOC}.annotations.yaml`);

async function quickFix(title: RegExp): Promise<vscode.Command> {
  const d = policyDiagnostics(doc()).find((x) => codeOf(x) === 'funding.unquantified');
  assert.ok(d, 'the funding finding is shown');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc(), d.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.command, actions.map((a) => a.title).join(' | '));
  return action.command;
}

/** The sidecar read back with no suppressions (a write's rename can briefly leave no file: not that). */
const restoredOnDisk = () => {
  const entry = apiNow?.annotations.peek(doc());
  return entry?.state === 'ok' && entry.suppressions.length === 0;
};
let apiNow: Awaited<ReturnType<typeof api>> | undefined;

const funding = () => policyDiagnostics(doc()).some((x) => codeOf(x) === 'funding.unquantified');

describe('undo for ignores', () => {
  let editor: vscode.TextEditor;

  beforeEach(async () => {
    const lens = await api();
    apiNow = lens;
    await writeFile(doc(), TEXT);
    await writeFile(sidecar(), SIDECAR);
    editor = await vscode.window.showTextDocument(doc());
    await lens.annotations.reload(doc());
    lens.analyses.refreshAll();
    await waitForDiagnostics(doc(), funding, 'the funding finding');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [doc(), sidecar()]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  });

  it('Ctrl+Z right after "Ignore this finding here" restores the sidecar exactly and leaves the document\'s own undo alone', async function () {
    if (!canActAsUser) this.skip();
    const lens = await api();
    // An earlier, unrelated edit the user may still want to undo later.
    await editor.edit((e) => e.insert(editor.document.positionAt(TEXT.length), 'Draft note.\n'));
    const edited = editor.document.getText();
    const version = editor.document.version;

    const fix = await quickFix(/Ignore this finding here/);
    await vscode.commands.executeCommand(fix.command, ...(fix.arguments ?? []));
    await waitForDiagnostics(doc(), (ds) => !ds.some((x) => codeOf(x) === 'funding.unquantified'), 'the finding to be ignored');
    assert.notStrictEqual(await readFile(sidecar()), SIDECAR, 'the ignore is recorded in the sidecar');

    await vscode.window.showTextDocument(editor.document); // focus in the editor, as after the quick fix
    userActs({ press: 'Control+z' });
    await waitFor(lens.annotations.onDidChange, restoredOnDisk, 'Ctrl+Z to undo the ignore');
    assert.strictEqual(await readFile(sidecar()), SIDECAR, 'the sidecar is byte-for-byte as before');
    await waitForDiagnostics(doc(), funding, 'the finding to come back');
    assert.strictEqual(editor.document.getText(), edited, 'Ctrl+Z did not undo the earlier edit');
    assert.strictEqual(editor.document.version, version, 'the document was not touched at all');

    // The document's own undo stack is intact: the next undo takes back the earlier edit.
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), TEXT);
    await editor.document.save();
  });

  it('the notification\'s Undo restores the sidecar exactly after "Ignore rule in this document"', async function () {
    if (!canActAsUser) this.skip();
    const lens = await api();
    const fix = await quickFix(/Ignore funding\.unquantified in this document/);
    await vscode.commands.executeCommand(fix.command, ...(fix.arguments ?? []));
    await waitForDiagnostics(doc(), (ds) => !ds.some((x) => codeOf(x) === 'funding.unquantified'), 'the rule to be ignored');
    userActs({ click: '.notification-toast:has-text("ignoring funding.unquantified (the whole rule)") .monaco-button:has-text("Undo")' });
    await waitFor(lens.annotations.onDidChange, restoredOnDisk, 'Undo in the notification');
    assert.strictEqual(await readFile(sidecar()), SIDECAR, 'the sidecar is byte-for-byte as before');
    await waitForDiagnostics(doc(), funding, 'the findings to come back');
  });

  it('when the sidecar changed after the ignore, Undo takes out only that suppression and keeps the other change', async () => {
    const lens = await api();
    const fix = await quickFix(/Ignore this finding here/);
    await vscode.commands.executeCommand(fix.command, ...(fix.arguments ?? []));
    await waitForDiagnostics(doc(), (ds) => !ds.some((x) => codeOf(x) === 'funding.unquantified'), 'the finding to be ignored');
    const changed = `${(await readFile(sidecar()))!}# a colleague's comment, added after the ignore\n`;
    await writeFile(sidecar(), changed);
    await lens.annotations.reload(doc());
    await vscode.commands.executeCommand('policyLens.undoIgnore');
    await waitForDiagnostics(doc(), funding, 'the finding to come back');
    const now = (await readFile(sidecar()))!;
    assert.match(now, /# a colleague's comment, added after the ignore/);
    assert.doesNotMatch(now, /funding\.unquantified/);
    assert.strictEqual(await readFile(doc()), TEXT, 'the document is untouched');
  });

  it('"Show Ignored Findings" lists what is ignored in the document and restores the one chosen', async () => {
    const lens = await api();
    const fix = await quickFix(/Ignore this finding here/);
    await vscode.commands.executeCommand(fix.command, ...(fix.arguments ?? []));
    await waitForDiagnostics(doc(), (ds) => !ds.some((x) => codeOf(x) === 'funding.unquantified'), 'the finding to be ignored');
    const restored = await answerQuickInputs(vscode.commands.executeCommand<{ rule: string; quote?: string }[]>('policyLens.showIgnoredFindings'), 'Show Ignored Findings');
    assert.deepStrictEqual(restored?.map((s) => s.rule), ['funding.unquantified']);
    assert.match(restored[0].quote ?? '', /^Additional investment will be made available/);
    await waitForDiagnostics(doc(), funding, 'the finding to come back');
    assert.strictEqual(lens.annotations.suppressionsFor(doc()).length, 0);
    assert.strictEqual(await readFile(doc()), TEXT, 'the document is untouched');
    assert.match((await readFile(sidecar()))!, /# kept exactly, comment and all/);
  });
});
