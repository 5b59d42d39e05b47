/**
 * Issue 10, item 9: default keybindings that do not clash with VS Code's own, and document rows
 * in the workspace view that show the annotation count where it is not cut off.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, fixtureUri, writeFile } from '../helpers';

interface Binding { key: string; command: string; when?: string; mac?: string }

const extension = vscode.extensions.getExtension('policy-lens.policy-lens');
// The manifest as the host read it (no file access: the suites run in a web worker too).
const manifest = extension!.packageJSON;
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

  it('"This document" keeps its document while an editor of no policy document is active (a reply box, a diff)', async () => {
    const lens = await api();
    const doc = fixtureUri('view-follow.md');
    await writeFile(doc, 'General practice leads. The VCSE sector supports.\n');
    await writeFile(fixtureUri('view-follow.md.annotations.yaml'), [
      'version: 1', 'document: view-follow.md', 'annotations:',
      '  - id: f1', '    tag: question', '    quote: General practice leads.', '    start: 0', '',
    ].join('\n'));
    // A read-only virtual document outside the workspace, as a comment's reply box or a diff is.
    const scheme = 'policy-lens-test-virtual';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => 'not a policy document' });
    const tree = lens.annotationView.tree;
    const annotationIds = async () => {
      const out: string[] = [];
      const walk = async (nodes: Awaited<ReturnType<typeof tree.getChildren>>) => {
        for (const n of nodes ?? []) {
          if (n.kind === 'annotation') out.push(n.annotation.id);
          await walk(await tree.getChildren(n));
        }
      };
      await walk(await tree.getChildren());
      return out;
    };
    try {
      tree.scope = 'document';
      await vscode.window.showTextDocument(doc);
      await lens.annotations.reload(doc);
      assert.deepStrictEqual(await annotationIds(), ['f1'], 'the document\'s annotation');
      await vscode.window.showTextDocument(vscode.Uri.from({ scheme, path: '/reply' }), { preview: false });
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.scheme, scheme);
      assert.deepStrictEqual(await annotationIds(), ['f1'], 'still the document\'s annotation, not an empty view');
    } finally {
      provider.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const f of [doc, fixtureUri('view-follow.md.annotations.yaml')]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
    }
  });

  it('a document row in the workspace view names the file and puts its annotation count first', async () => {
    const lens = await api();
    const doc = fixtureUri('notes/view-row.md');
    const text = 'General practice leads. The VCSE sector supports.\n';
    await writeFile(doc, text);
    await writeFile(fixtureUri('notes/view-row.md.annotations.yaml'), [
      'version: 1', 'document: view-row.md', 'annotations:',
      '  - id: r1', '    tag: question', '    quote: General practice leads.', '    start: 0',
      '  - id: r2', '    tag: stakeholder', '    quote: The VCSE sector supports.', '    start: 24', '',
    ].join('\n'));
    await lens.annotations.reload(doc);
    const tree = lens.annotationView.tree;
    tree.scope = 'workspace';
    try {
      tree.refresh(true);
      const rows = await tree.getChildren();
      const row = rows.find((n) => n.kind === 'document' && n.entry.docUri.path.endsWith('/notes/view-row.md'));
      assert.ok(row && row.kind === 'document', `a row for notes/view-row.md among ${rows.length}`);
      const item = tree.getTreeItem(row);
      assert.strictEqual(item.label, 'view-row.md', 'the label is the file name alone, so the count is not pushed out of sight');
      assert.strictEqual(item.description, '2 annotations · notes', 'the count comes first, in words, then the folder');
    } finally {
      tree.scope = 'document';
      tree.refresh(true);
      await vscode.workspace.fs.delete(fixtureUri('notes'), { recursive: true }).then(undefined, () => undefined);
    }
  });
});
