import * as assert from 'assert';
import * as vscode from 'vscode';
import { anyOf, api, fixtureUri, openFixture, readFile, waitFor, writeFile } from '../helpers';

describe('annotations', () => {
  const doc = () => fixtureUri('annotated.md');
  const sidecar = () => fixtureUri('annotated.md.annotations.yaml');

  it('highlights the annotation stored in the sidecar', async () => {
    const lens = await api();
    const editor = await openFixture('annotated.md');
    await waitFor(lens.annotations.onDidChange, () => (lens.annotationHighlights.snapshot(doc())?.omission?.length ?? 0) === 1, 'the annotation highlight');
    const range = lens.annotationHighlights.snapshot(doc())!.omission[0];
    assert.strictEqual(editor.document.getText(range), 'Local authorities and the VCSE sector are named.');
  });

  it('shows the note on hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc(), new vscode.Position(3, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))).join('\n');
    assert.match(text, /Omission/);
  });

  it('annotates a selection and writes the sidecar', async () => {
    const lens = await api();
    const editor = await openFixture('annotated.md');
    const line = editor.document.lineAt(0);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    const created = await vscode.commands.executeCommand<{ id: string; quote: string }>('policyLens.annotateSelection', 'question', 'Who wrote this?\nSecond line.');
    assert.ok(created, 'the command returns the new annotation');
    assert.strictEqual(created.quote, line.text);
    const written = (await readFile(sidecar()))!;
    assert.match(written, new RegExp(`id: ${created.id}`));
    assert.match(written, /note: \|/, 'multi-line notes are block scalars');
    assert.strictEqual(lens.annotations.peek(doc())?.annotations.length, 2);
  });

  it('follows edits: the highlight moves with its text', async () => {
    const lens = await api();
    const editor = await openFixture('annotated.md');
    await editor.edit((e) => e.insert(new vscode.Position(3, 0), 'Inserted words. '));
    await waitFor(anyOf(lens.annotations.onDidMoveAnchors, lens.annotations.onDidChange), () => {
      const r = lens.annotationHighlights.snapshot(doc())?.omission?.[0];
      return !!r && r.start.character === 'Inserted words. '.length;
    }, 'the highlight to move');
    const r = lens.annotationHighlights.snapshot(doc())!.omission[0];
    assert.strictEqual(editor.document.getText(r), 'Local authorities and the VCSE sector are named.');
    await vscode.commands.executeCommand('undo');
  });

  it('reloads when the sidecar is replaced on disk', async () => {
    const lens = await api();
    const text = (await readFile(sidecar()))!;
    await writeFile(sidecar(), text.replace(/tag: question/, 'tag: timeline'));
    await waitFor(lens.annotations.onDidChange, () => !!lens.annotations.peek(doc())?.annotations.some((a) => a.tag === 'timeline'), 'the view to reload');
  });

  it('a corrupt sidecar shows diagnostics, refuses annotating, and is never rewritten', async () => {
    const lens = await api();
    const corrupt = 'version: 1\n<<<<<<< HEAD\nannotations: []\n=======\nannotations: [1]\n>>>>>>> theirs\n';
    await writeFile(sidecar(), corrupt);
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(doc())?.state === 'invalid', 'the sidecar to be invalid');
    const problems = vscode.languages.getDiagnostics(sidecar());
    assert.ok(problems.length > 0 && problems.some((p) => /conflict/i.test(p.message)), problems.map((p) => p.message).join(' | '));
    assert.strictEqual(problems[0].range.start.line, 1, 'points at the conflict marker line');
    const editor = await openFixture('annotated.md');
    editor.selection = new vscode.Selection(0, 0, 0, 5);
    const created = await vscode.commands.executeCommand('policyLens.annotateSelection', 'question', 'x');
    assert.strictEqual(created, undefined, 'annotating is refused');
    assert.strictEqual(await readFile(sidecar()), corrupt, 'the file is untouched');
  });

  it('moves the sidecar with its document on rename', async () => {
    const lens = await api();
    const from = fixtureUri('plain-annotated.md');
    const to = fixtureUri('renamed.md');
    await writeFile(from, 'The VCSE sector is a partner.\n');
    const editor = await openFixture('plain-annotated.md');
    editor.selection = new vscode.Selection(0, 4, 0, 15);
    await vscode.commands.executeCommand('policyLens.annotateSelection', 'stakeholder', 'Named.');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(to)?.documentName === 'renamed.md', 'the sidecar to follow');
    assert.strictEqual(lens.annotations.peek(to)?.annotations.length, 1);
    assert.strictEqual(await readFile(fixtureUri('plain-annotated.md.annotations.yaml')), undefined);
    assert.match((await readFile(fixtureUri('renamed.md.annotations.yaml')))!, /document: renamed\.md/);
  });

  it('lists an annotation whose text is gone under Orphaned, keeps it in the file, and re-attaches it to a selection', async () => {
    const lens = await api();
    const orphanDoc = fixtureUri('orphan.md');
    const orphanSidecar = fixtureUri('orphan.md.annotations.yaml');
    await writeFile(orphanDoc, 'The plan names community providers.\nIt says nothing of pharmacies.\n');
    const sidecarText = 'version: 1\ndocument: orphan.md\nannotations:\n  - id: zz9a\n    tag: omission\n    note: Where is general practice?\n    quote: general practice is named as a partner\n    prefix: ""\n    suffix: ""\n    start: 0\n';
    await writeFile(orphanSidecar, sidecarText);
    const editor = await openFixture('orphan.md');
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(orphanDoc)?.anchors.get('zz9a')?.status === 'orphaned', 'the orphan');
    const roots = await lens.annotationView.tree.getChildren();
    const orphans = roots.find((n) => n.kind === 'orphans');
    assert.ok(orphans, `an Orphaned group: ${roots.map((n) => n.kind)}`);
    const items = await lens.annotationView.tree.getChildren(orphans);
    assert.strictEqual(items.length, 1);
    assert.strictEqual(lens.annotationView.tree.getTreeItem(items[0]).contextValue, 'annotation.orphaned');
    assert.strictEqual(await readFile(orphanSidecar), sidecarText, 'kept in the file untouched');

    editor.selection = new vscode.Selection(1, 0, 1, editor.document.lineAt(1).text.length);
    await vscode.commands.executeCommand('policyLens.reattachAnnotation', orphanDoc, 'zz9a');
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(orphanDoc)?.anchors.get('zz9a')?.status === 'anchored', 're-attached');
    assert.match((await readFile(orphanSidecar))!, /quote: It says nothing of pharmacies\./);
  });

  it('deletes an annotation from the sidebar and the sidecar', async () => {
    const lens = await api();
    const orphanDoc = fixtureUri('orphan.md');
    await vscode.commands.executeCommand('policyLens.deleteAnnotation', orphanDoc, 'zz9a');
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(orphanDoc)?.annotations.length === 0, 'the deletion');
    assert.doesNotMatch((await readFile(fixtureUri('orphan.md.annotations.yaml')))!, /zz9a/);
  });

  it('finds annotations by fuzzy search', async () => {
    // The annotation made on the renamed document earlier in this suite.
    const results = await vscode.commands.executeCommand<{ key: string; quote: string; document: string }[]>('policyLens.searchAnnotations', 'VCSE sectr');
    assert.ok(results && results.length > 0, 'found despite the typo');
    assert.strictEqual(results[0].quote, 'VCSE sector');
    assert.strictEqual(results[0].document, 'renamed.md');
  });
});
