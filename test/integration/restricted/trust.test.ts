import * as assert from 'assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';

describe('Restricted Mode (untrusted workspace)', () => {
  it('opens the fixture workspace untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('still activates and analyses documents', async () => {
    await openFixture('hover.md');
    const ext = vscode.extensions.getExtension('policy-lens.policy-lens');
    assert.ok(ext);
    await ext.activate();
    const summary = await vscode.commands.executeCommand<{ words: number }>('policyLens.showDocumentSummary');
    assert.ok(summary && summary.words > 0);
  });
});
