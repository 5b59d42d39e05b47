/**
 * Edit Note from the Annotations view (issue 15: a single-line input box flattened paragraphs and
 * lists). Run with the arguments the view's item menu passes (the item and the selection); the
 * note is typed into what opens (the comment editor of the annotation's thread, or with threads
 * off a Markdown editor saved with Save Note) and the sidecar is compared byte for byte.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseSidecar } from '../../../src/core/annotations/sidecar';
import type { Node } from '../../../src/features/annotation-tree';
import { api, fixtureUri, readFile, waitFor, writeFile } from '../helpers';

const DOC = 'edit-note.md';
const DOC_TEXT = '# Edit note fixture\n\nThe plan names integrated care boards as leads.\n\nGeneral practice is not mentioned.\n';
const head = 'version: 1\ndocument: edit-note.md\nannotations:\n  # kept as written\n  - id: e1\n    tag: omission\n';
const tail = '    quote: integrated care boards\n    start: 36\n    created: 2026-11-20T10:00:00Z\n';
const SIDECAR = `${head}    note: Short.\n${tail}    updated: 2026-11-20T10:00:00Z\n    x-custom: stays\n`;

/** Three paragraphs and a list, as in the issue. */
const NOTE_1 = 'First paragraph about the gap.\n\nSecond paragraph: general practice is absent from this list.\n\nThird paragraph: practices.\n- point one\n- point two\n';
const NOTE_2 = 'Rewritten.\n\n  Indented line kept.\n\n1. one\n2. two\n\n\n';
const NOTE_3 = 'Ends without a newline.\n\n- a\n- b';

/** The sidecar as the store writes it: only the note and `updated` lines change. */
function expectedSidecar(note: string, updated: string): string {
  const body = note.replace(/\n$/, '');
  const indicator = note.endsWith('\n\n') ? '|+' : note.endsWith('\n') ? '|' : '|-';
  const lines = (note.endsWith('\n\n') ? note.slice(0, -1) : body).split('\n').map((l) => (l === '' ? '' : `      ${l}`));
  return `${head}    note: ${indicator}\n${lines.join('\n')}\n${tail}    updated: ${updated}\n    x-custom: stays\n`;
}

describe('Edit Note from the Annotations view', function () {
  this.timeout(60_000);
  const doc = () => fixtureUri(DOC);
  const sidecar = () => fixtureUri(`${DOC}.annotations.yaml`);
  const settings = () => vscode.workspace.getConfiguration('policyLens');

  const stored = async () => {
    const text = (await readFile(sidecar()))!;
    const parsed = parseSidecar(text);
    assert.ok(parsed.ok, `the sidecar loads:\n${text}`);
    return { text, e1: parsed.sidecar.annotations.find((a) => a.id === 'e1')! };
  };
  const assertStored = async (note: string) => {
    const { text, e1 } = await stored();
    assert.strictEqual(e1.note, note, 'the note byte for byte');
    assert.notStrictEqual(e1.updated, '2026-11-20T10:00:00Z');
    assert.strictEqual(text, expectedSidecar(note, e1.updated!), 'the sidecar byte for byte');
  };

  /** The view's item for e1, found by walking the Annotations view as it is now. */
  const item = async (): Promise<Node> => {
    const tree = (await api()).annotationView.tree;
    await vscode.window.showTextDocument(doc()); // the view lists the active document's annotations
    const walk = async (nodes: Node[]): Promise<Node | undefined> => {
      for (const n of nodes) {
        if (n.kind === 'annotation' && n.annotation.id === 'e1' && n.entry.docUri.toString() === doc().toString()) return n;
        const found = await walk(await tree.getChildren(n));
        if (found) return found;
      }
      return undefined;
    };
    const found = await walk(await tree.getChildren());
    assert.ok(found, 'the annotation in the Annotations view');
    return found;
  };
  const run = (n: Node) => vscode.commands.executeCommand('policyLens.editAnnotationNote', n, [n]);
  const editFromTree = async () => run(await item());

  before(async () => {
    const lens = await api();
    await writeFile(doc(), DOC_TEXT);
    await writeFile(sidecar(), SIDECAR);
    lens.annotationView.tree.scope = 'document';
    await vscode.window.showTextDocument(doc());
    await lens.annotations.reload(doc());
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(doc())?.anchors.get('e1')?.status === 'anchored', 'e1 anchored');
  });

  after(async () => {
    await settings().update('annotations.commentThreads', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [doc(), sidecar()]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  });

  it('threads on: opens the thread with the note in the comment editor, passage revealed; saved byte for byte', async () => {
    const lens = await api();
    const n = await item();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run(n);
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), doc().toString(), 'the document is shown');
    assert.strictEqual(editor.document.getText(editor.selection), 'integrated care boards', 'the passage is selected');
    const thread = lens.annotationThreads.threadFor(doc(), 'e1')!;
    const comment = thread.comments[0];
    assert.strictEqual(comment.mode, vscode.CommentMode.Editing, 'the note is in edit mode');
    assert.strictEqual(comment.body, 'Short.', 'the raw note');
    assert.strictEqual(thread.collapsibleState, vscode.CommentThreadCollapsibleState.Expanded);
    comment.body = NOTE_1; // what VS Code does with the text typed in the comment editor
    await vscode.commands.executeCommand('policyLens.threads.saveComment', comment);
    await assertStored(NOTE_1);
  });

  it('threads off: opens the note in a Markdown editor; Save Note writes it byte for byte (twice)', async () => {
    const lens = await api();
    await settings().update('annotations.commentThreads', false, vscode.ConfigurationTarget.Global);
    let previous = NOTE_1;
    for (const note of [NOTE_2, NOTE_3]) {
      await editFromTree();
      // The note editor is the active editor as the command returns (the document is shown
      // first, so its reveal cannot take the focus back afterwards).
      const editor = vscode.window.activeTextEditor!;
      assert.strictEqual(editor.document.uri.scheme, 'untitled', 'an untitled editor');
      assert.strictEqual(editor.document.languageId, 'markdown');
      const of = lens.noteEditor.draftOf(editor.document);
      assert.deepStrictEqual([of?.docUri.toString(), of?.id], [doc().toString(), 'e1'], 'the note editor belongs to e1');
      assert.strictEqual(editor.document.getText(), previous, 'the editor holds the note byte for byte');
      const all = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
      assert.ok(await editor.edit((b) => b.replace(all, note)));
      assert.strictEqual((await stored()).e1.note, previous, 'nothing written before Save Note');
      const draft = editor.document;
      assert.strictEqual(await vscode.commands.executeCommand('policyLens.saveNote'), note);
      await assertStored(note);
      assert.strictEqual(lens.noteEditor.draftOf(draft), undefined, 'the note editor is closed');
      assert.notStrictEqual(vscode.window.activeTextEditor?.document.uri.toString(), draft.uri.toString());
      previous = note;
    }
  });

  it('threads off: Save Note with no note editor open, or closing it unsaved, writes nothing', async () => {
    const before = (await stored()).text;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('policyLens.saveNote');
    await editFromTree();
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Dropped. '));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.strictEqual((await stored()).text, before);
  });
});
