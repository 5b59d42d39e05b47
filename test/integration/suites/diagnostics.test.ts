import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, fixtureUri, openFixture, policyDiagnostics, waitForDiagnostics } from '../helpers';

describe('diagnostics', () => {
  const uri = () => fixtureUri('missing-gp.md');

  before(async () => {
    await api();
    await openFixture('missing-gp.md');
    await waitForDiagnostics(uri(), (ds) => ds.length >= 3, 'findings on missing-gp.md');
  });

  it('reports each finding with its rule code, range and severity', () => {
    const ds = policyDiagnostics(uri()).map((d) => ({ code: codeOf(d), line: d.range.start.line, severity: d.severity }));
    assert.deepStrictEqual(ds.sort((a, b) => a.line - b.line), [
      { code: 'party.unmentioned', line: 0, severity: vscode.DiagnosticSeverity.Warning },
      { code: 'funding.unquantified', line: 6, severity: vscode.DiagnosticSeverity.Information },
      { code: 'funding.existing-resources', line: 7, severity: vscode.DiagnosticSeverity.Warning },
    ]);
  });

  it('puts a document-level finding at the end of the first line (no text underlined), names the party and links the rule', () => {
    const d = policyDiagnostics(uri()).find((x) => codeOf(x) === 'party.unmentioned')!;
    const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri().toString())!;
    assert.deepStrictEqual(d.range, new vscode.Range(doc.lineAt(0).range.end, doc.lineAt(0).range.end));
    assert.match(d.message, /^General practice is never mentioned; the document names .*local authorities 2×.*VCSE 1×/);
    assert.strictEqual(d.source, 'Policy Lens');
    const code = d.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.target.toString(true), 'command:policyLens.showRule?["party.unmentioned"]');
    assert.ok(d.relatedInformation && d.relatedInformation.length >= 3, 'points to where other parties are named');
    assert.ok(d.relatedInformation.every((r) => r.location.uri.toString() === uri().toString()));
  });

  it('spans the whole flagged sentence and leaves the supported funding sentence alone', () => {
    const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri().toString())!;
    const unquantified = policyDiagnostics(uri()).find((x) => codeOf(x) === 'funding.unquantified')!;
    assert.strictEqual(doc.getText(unquantified.range), 'The government has hinted at additional funding for neighbourhood working.');
    assert.ok(!policyDiagnostics(uri()).some((d) => d.range.start.line === 8), 'the £150 million Better Care Fund sentence is supported');
  });

  it('follows edits: naming general practice clears party.unmentioned, undo brings it back', async () => {
    const editor = await openFixture('missing-gp.md');
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'General practice will be a partner too.\n'));
    await waitForDiagnostics(uri(), (ds) => !ds.some((d) => codeOf(d) === 'party.unmentioned') && ds.length > 0, 'party.unmentioned to clear');
    const shifted = policyDiagnostics(uri()).find((d) => codeOf(d) === 'funding.unquantified')!;
    assert.strictEqual(shifted.range.start.line, 7, 'ranges move with the edit');
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(uri(), (ds) => ds.some((d) => codeOf(d) === 'party.unmentioned'), 'party.unmentioned to return');
    assert.strictEqual(editor.document.isDirty, false);
  });
});
