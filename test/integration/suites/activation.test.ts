import * as assert from 'assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';

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

  it('reports word and sentence counts of the active document', async () => {
    await openFixture('hover.md');
    const summary = await vscode.commands.executeCommand<{ words: number; sentences: number }>('policyLens.showDocumentSummary');
    assert.ok(summary, 'the command returns the summary');
    assert.ok(summary.words > 5, `words: ${summary.words}`);
    assert.ok(summary.sentences >= 1, `sentences: ${summary.sentences}`);
  });
});
