/**
 * Issue 10, item 9: default keybindings that do not clash with VS Code's own, and document rows
 * in the workspace view that show the annotation count where it is not cut off.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, fixtureUri, openFixture, waitFor } from '../helpers';

interface Binding { key: string; command: string; when?: string; mac?: string }

const extension = vscode.extensions.getExtension('policy-lens.policy-lens');
const manifest = JSON.parse(fs.readFileSync(path.join(extension!.extensionPath, 'package.json'), 'utf8'));
const ours: Binding[] = manifest.contributes.keybindings ?? [];

/** VS Code's default keymap as the running workbench lists it (Preferences: Open Default Keyboard Shortcuts (JSON)). */
async function defaultKeybindings(): Promise<Binding[]> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
  const json = doc.getText().split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
  return JSON.parse(json) as Binding[];
}

const normal = (key: string) => key.toLowerCase().split(' ').map((chord) => chord.split('+').sort().join('+')).join(' ');

describe('keybindings and the workspace view', () => {
  it('binds the main commands', () => {
    const bound = new Set(ours.map((k) => k.command));
    for (const id of ['policyLens.annotateSelection', 'policyLens.showDocumentSummary', 'policyLens.searchAnnotations', 'policyLens.showIgnoredFindings']) {
      assert.ok(bound.has(id), `${id} has a default key`);
    }
  });

  it('uses no key VS Code binds by default (nor a chord that starts with one)', async () => {
    const defaults = (await defaultKeybindings()).filter((k) => !k.command.startsWith('policyLens.') && !k.command.startsWith('-'));
    assert.ok(defaults.length > 200, `read VS Code's default keymap (${defaults.length} bindings)`);
    const clashes: string[] = [];
    for (const mine of ours) {
      // Ctrl+Z is taken on purpose, and only while the last thing done was an ignore.
      if (mine.command === 'policyLens.undoIgnore') continue;
      const key = normal(mine.key);
      for (const other of defaults) {
        const theirs = normal(other.key);
        if (theirs === key || theirs.startsWith(`${key} `) || key.startsWith(`${theirs} `)) clashes.push(`${mine.key} (${mine.command}) vs ${other.key} (${other.command}${other.when ? ` when ${other.when}` : ''})`);
      }
    }
    assert.deepStrictEqual(clashes, []);
  });

  it('the Ctrl+Z binding applies only right after an ignore, in a text editor', () => {
    const undo = ours.find((k) => k.command === 'policyLens.undoIgnore');
    assert.ok(undo, 'bound');
    assert.strictEqual(undo.key, 'ctrl+z');
    assert.match(undo.when ?? '', /\bpolicyLens\.canUndoIgnore\b/);
    assert.match(undo.when ?? '', /\beditorTextFocus\b/);
  });

  it('a document row in the workspace view names the file and puts its annotation count first', async () => {
    const lens = await api();
    await openFixture('annotated.md');
    await waitFor(lens.annotations.onDidChange, () => (lens.annotations.peek(fixtureUri('annotated.md'))?.annotations.length ?? 0) > 0, 'the annotations');
    const tree = lens.annotationView.tree;
    tree.scope = 'workspace';
    try {
      tree.refresh(true);
      const rows = (await tree.getChildren()).filter((n) => n.kind === 'document');
      const row = rows.find((n) => n.kind === 'document' && n.entry.docUri.path.endsWith('/annotated.md'));
      assert.ok(row && row.kind === 'document', 'a row for annotated.md');
      const item = tree.getTreeItem(row);
      const count = row.entry.annotations.length;
      assert.strictEqual(item.label, 'annotated.md', 'the label is the file name alone, so the count is not pushed out of sight');
      assert.match(String(item.description), new RegExp(`^${count} annotations?\\b`), 'the count comes first, in words');
    } finally {
      tree.scope = 'document';
      tree.refresh(true);
    }
  });
});
