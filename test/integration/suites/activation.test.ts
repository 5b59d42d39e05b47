import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, openFixture } from '../helpers';

describe('activation', () => {
  it('activates on a Markdown document and registers its commands', async () => {
    await openFixture('hover.md');
    const ext = vscode.extensions.getExtension('policy-lens.policy-lens');
    assert.ok(ext, 'extension is installed');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('policyLens.showDocumentSummary'));
  });

  it('runs in the extension host this launch asked for (the web bundle in the web worker host)', async () => {
    // The web worker suite bundle is built with POLICY_LENS_HOST=web (esbuild.mjs); the Node launches have none.
    const expected = process.env.POLICY_LENS_HOST ?? 'node';
    assert.strictEqual((await api()).host, expected);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the fixture workspace is open');
    // From a web worker the server's folder is remote; the Node host sees it as a local file.
    assert.strictEqual(folder.uri.scheme, expected === 'web' ? 'vscode-remote' : 'file');
  });

  it('reports word and sentence counts of the active document', async () => {
    await openFixture('hover.md');
    const summary = await vscode.commands.executeCommand<{ words: number; sentences: number }>('policyLens.showDocumentSummary');
    assert.ok(summary, 'the command returns the summary');
    assert.ok(summary.words > 5, `words: ${summary.words}`);
    assert.ok(summary.sentences >= 1, `sentences: ${summary.sentences}`);
  });
});
