import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, fixtureUri, openFixture, policyDiagnostics, readFile, waitFor, waitForDiagnostics } from '../helpers';

describe('Restricted Mode (untrusted workspace)', () => {
  it('opens the fixture workspace untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('still analyses documents with the workspace config (data only)', async () => {
    await api();
    await openFixture('missing-gp.md');
    await waitForDiagnostics(fixtureUri('missing-gp.md'), (ds) => ds.some((d) => codeOf(d) === 'party.unmentioned'), 'findings');
    assert.ok(policyDiagnostics(fixtureUri('missing-gp.md')).some((d) => codeOf(d) === 'funding.existing-resources'));
    const summary = await vscode.commands.executeCommand<{ words: number; html: string }>('policyLens.showDocumentSummary');
    assert.ok(summary && summary.words > 0);
    assert.match(summary.html, /<table[\s>]/, 'the summary is rendered in Restricted Mode too');
    const rule = await vscode.commands.executeCommand<{ html: string }>('policyLens.showRule', 'party.unmentioned');
    assert.match(rule.html, /<h2[^>]*>party\.unmentioned<\/h2>/, 'and so are rule explanations');
  });

  it('hovers stay untrusted Markdown', async () => {
    await openFixture('hover.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', fixtureUri('hover.md'), new vscode.Position(2, 6));
    const md = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString);
    assert.ok(md.length > 0);
    for (const m of md) assert.ok(!m.isTrusted && !m.supportHtml);
  });

  it('reads sidecars and shows their annotations', async () => {
    const lens = await api();
    const doc = fixtureUri('annotated.md');
    const before = await readFile(fixtureUri('annotated.md.annotations.yaml'));
    await openFixture('annotated.md');
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(doc)?.anchors.get('a1b2')?.status === 'anchored', 'the annotation');
    assert.strictEqual(await readFile(fixtureUri('annotated.md.annotations.yaml')), before, 'reading never writes');
  });
});

describe('Restricted Mode: git history', () => {
  it('Compare with Previous Revision says git history is not read here, and opens nothing', async () => {
    const doc = fixtureUri('missing-gp.md');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    const result = await vscode.commands.executeCommand<{ unavailable: string }>('policyLens.compareWithPreviousRevision', doc, [doc]);
    assert.match(result.unavailable, /Restricted Mode/);
    assert.strictEqual(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabs, 'no difference view');
  });
});
