import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, fixtureUri, openFixture, policyDiagnostics, readFile, waitFor, waitForDiagnostics, writeFile } from '../helpers';

describe('highlighting and the workspace config', () => {
  const doc = () => fixtureUri('missing-gp.md');
  const config = () => fixtureUri('.policy-lens.yaml');
  let original: string;

  before(async () => {
    original = (await readFile(config()))!;
  });

  after(async () => {
    await writeFile(config(), original);
    await vscode.workspace.getConfiguration('policyLens').update('highlight.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('highlights parties, terms, funding language and money amounts', async () => {
    const lens = await api();
    const editor = await openFixture('missing-gp.md');
    await waitFor(lens.analyses.onDidAnalyze, () => (lens.highlights.snapshot(doc())?.party?.length ?? 0) > 0, 'party highlights');
    const snap = lens.highlights.snapshot(doc())!;
    const texts = (k: keyof typeof snap) => (snap[k] ?? []).map((r) => editor.document.getText(r));
    assert.ok(texts('party').includes('local authorities'), `parties: ${texts('party')}`);
    assert.ok(texts('party').includes('VCSE'));
    assert.ok(texts('term').includes('integrator'), `terms: ${texts('term')}`);
    assert.ok(texts('money').includes('£150 million'), `money: ${texts('money')}`);
    assert.ok(texts('funding').length > 0);
    const places = (snap.term ?? []).filter((r) => /\bplace\b/.test(editor.document.getText(r))).map((r) => r.start.line);
    assert.deepStrictEqual(places, [4], '"at place level" is the NHS place; "take place" (line 5) is not');
  });

  it('toggles highlighting off and on', async () => {
    const lens = await api();
    await openFixture('missing-gp.md');
    const off = await vscode.commands.executeCommand<boolean>('policyLens.toggleHighlighting');
    assert.strictEqual(off, false);
    await waitFor(vscode.workspace.onDidChangeConfiguration, () => (lens.highlights.snapshot(doc())?.party?.length ?? 0) === 0, 'highlights cleared');
    const on = await vscode.commands.executeCommand<boolean>('policyLens.toggleHighlighting');
    assert.strictEqual(on, true);
    await waitFor(vscode.workspace.onDidChangeConfiguration, () => (lens.highlights.snapshot(doc())?.party?.length ?? 0) > 0, 'highlights back');
  });

  it('follows .policy-lens.yaml edits: a new lexicon term is highlighted and a new expected party is reported', async () => {
    const lens = await api();
    const editor = await openFixture('missing-gp.md');
    await writeFile(config(), `${original}\nexpectedParties: [general-practice, local-authority, vcse, pharmacy]\nlexicon:\n  - id: borough\n    label: borough\n    kind: term\n    definition: A London local government area.\n`.replace(/^expectedParties: \[general-practice, local-authority, vcse\]\n/m, ''));
    await waitForDiagnostics(doc(), (ds) => ds.some((d) => codeOf(d) === 'party.unmentioned' && /^Pharmacy/i.test(d.message)), 'pharmacy reported missing');
    await waitFor(lens.analyses.onDidAnalyze, () => (lens.highlights.snapshot(doc())?.term ?? []).some((r) => editor.document.getText(r) === 'borough'), '"borough" highlighted');
    await writeFile(config(), original);
    await waitForDiagnostics(doc(), (ds) => !ds.some((d) => /^Pharmacy/i.test(d.message)) && ds.length > 0, 'back to the original config');
  });

  it('shows problems in .policy-lens.yaml with line and column, and keeps analysing', async () => {
    await writeFile(config(), '# broken\nexpectedParties: 7\nrules:\n  party.unmentioned: loud\n');
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => vscode.languages.getDiagnostics(config()).length >= 2, 'config problems');
    const problems = vscode.languages.getDiagnostics(config());
    assert.ok(problems.some((p) => p.range.start.line === 1), `a problem on line 2: ${problems.map((p) => `${p.range.start.line}:${p.message}`)}`);
    assert.ok(problems.some((p) => p.range.start.line === 3));
    assert.ok(policyDiagnostics(doc()).length > 0, 'documents are still analysed with defaults');
    await writeFile(config(), original);
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => vscode.languages.getDiagnostics(config()).length === 0, 'config problems cleared');
  });
});
