import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, fixtureUri, openFixture, policyDiagnostics, readFile, waitFor, waitForDiagnostics, writeFile } from '../helpers';

async function actionsFor(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
}

async function run(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.command, `${action.title} has a command`);
  await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('quick fixes', () => {
  const doc = () => fixtureUri('plain.txt');
  const sidecar = () => fixtureUri('plain.txt.annotations.yaml');
  let originalDoc: string;

  before(async () => {
    await api();
    originalDoc = (await readFile(doc()))!;
    await openFixture('plain.txt');
    await waitForDiagnostics(doc(), (ds) => ds.some((d) => codeOf(d) === 'funding.unquantified'), 'findings on plain.txt');
  });

  after(async () => {
    await vscode.workspace.fs.delete(sidecar()).then(undefined, () => undefined);
  });

  it('offers ignore here, ignore rule and annotate on each finding', async () => {
    const d = policyDiagnostics(doc()).find((x) => codeOf(x) === 'funding.unquantified')!;
    const titles = (await actionsFor(doc(), d)).map((a) => a.title);
    assert.ok(titles.includes('Policy Lens: Ignore this finding here'), titles.join(' | '));
    assert.ok(titles.includes('Policy Lens: Ignore funding.unquantified in this document'));
    assert.ok(titles.includes('Policy Lens: Annotate this finding'));
  });

  it('"Ignore this finding here" silences it, records it outside the document, and survives a reload', async () => {
    const lens = await api();
    const d = policyDiagnostics(doc()).find((x) => codeOf(x) === 'funding.unquantified')!;
    const action = (await actionsFor(doc(), d)).find((a) => a.title === 'Policy Lens: Ignore this finding here')!;
    await run(action);
    await waitForDiagnostics(doc(), (ds) => !ds.some((x) => codeOf(x) === 'funding.unquantified'), 'the finding to go');
    assert.strictEqual(await readFile(doc()), originalDoc, 'the document is byte-for-byte unchanged');
    const written = (await readFile(sidecar()))!;
    assert.match(written, /suppressions:/);
    assert.match(written, /rule: funding\.unquantified/);
    await lens.annotations.reload(doc());
    lens.analyses.refreshAll();
    assert.ok(!policyDiagnostics(doc()).some((x) => codeOf(x) === 'funding.unquantified'), 'still suppressed after reload');
  });

  it('"Ignore rule in this document" silences every finding of that rule', async () => {
    const before = policyDiagnostics(doc()).filter((x) => codeOf(x) === 'party.unmentioned');
    assert.strictEqual(before.length, 2, 'local authorities and VCSE are missing');
    const action = (await actionsFor(doc(), before[0])).find((a) => a.title === 'Policy Lens: Ignore party.unmentioned in this document')!;
    await run(action);
    await waitForDiagnostics(doc(), (ds) => !ds.some((x) => codeOf(x) === 'party.unmentioned'), 'party.unmentioned to go');
    assert.strictEqual(await readFile(doc()), originalDoc, 'the document is byte-for-byte unchanged');
  });

  it('"Add to the workspace lexicon" writes .policy-lens.yaml, keeping its comment', async () => {
    const config = fixtureUri('.policy-lens.yaml');
    const original = (await readFile(config))!;
    const editor = await openFixture('plain.txt');
    const line = editor.document.lineAt(0).text;
    const word = 'BRIEFING'; // in the fixture's title, and in no lexicon
    const start = line.indexOf(word);
    const range = new vscode.Range(0, start, 0, start + word.length);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc(), range);
    const add = actions.find((a) => a.title === `Policy Lens: Add '${word}' to the workspace lexicon as a term`);
    assert.ok(add, actions.map((a) => a.title).join(' | '));
    await run(add);
    const written = (await readFile(config))!;
    try {
      assert.ok(written.startsWith(original.replace(/\n?$/, '\n')), 'the existing text, comment included, is kept as it was');
      assert.match(written, new RegExp(`label: ${word}`));
      const lens = await api();
      await waitFor(lens.analyses.onDidAnalyze, () => (lens.highlights.snapshot(doc())?.term ?? []).some((r) => editor.document.getText(r) === word), 'the new term highlighted');
    } finally {
      await writeFile(config, original);
    }
  });
});
