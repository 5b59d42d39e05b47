/**
 * Annotations as comment threads, driven through the thread commands with the arguments VS Code
 * passes them (a CommentReply {thread, text} from the reply box, the CommentThread from its title
 * bar, the Comment from a comment's title bar, with its body replaced by what was typed), and the
 * sidecar compared byte for byte with what was typed.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseSidecar } from '../../../src/core/annotations/sidecar';
import type { Annotation } from '../../../src/core/annotations/types';
import { api, fixtureUri, readFile, waitFor, writeFile } from '../helpers';

const DOC = 'threads.md';
const DOC_TEXT = '# Threads fixture\n\nThe plan names integrated care boards as leads.\n\nGeneral practice is not mentioned anywhere in the plan.\n';
const OTHER = [
  'version: 1', 'document: threads.md', 'annotations:',
  '  # kept as written', '  - id: keep1', '    tag: stakeholder', '    note: Untouched.', '    quote: General practice', '    start: 66', '    x-custom: stays', '',
].join('\n');

const NOTE_1 = 'First paragraph about the gap.\n\nSecond paragraph: general practice is absent from this list.\n\nThird paragraph:\n- point one\n- point two\n';
const NOTE_2 = 'Rewritten.\n\n  Indented line kept.\n\n- a\n- b\n\n\n';
const NOTE_3 = 'Third edit: ends without a newline.\n\n1. one\n2. two';

describe('annotation comment threads', function () {
  this.timeout(60_000);
  const doc = () => fixtureUri(DOC);
  const sidecar = () => fixtureUri(`${DOC}.annotations.yaml`);

  const stored = async (): Promise<{ text: string; annotations: Annotation[] }> => {
    const text = (await readFile(sidecar()))!;
    const parsed = parseSidecar(text);
    assert.ok(parsed.ok, `the sidecar loads:\n${text}`);
    return { text, annotations: parsed.sidecar.annotations };
  };
  /** The sidecar outside the new annotation's entry is exactly what it was. */
  const othersUntouched = (text: string) => {
    assert.ok(text.startsWith('version: 1\ndocument: threads.md\nannotations:\n'), text);
    assert.ok(text.includes('  # kept as written\n'), text);
    assert.ok(text.endsWith('  - id: keep1\n    tag: stakeholder\n    note: Untouched.\n    quote: General practice\n    start: 66\n    x-custom: stays\n'), text);
  };

  before(async () => {
    await writeFile(doc(), DOC_TEXT);
    await writeFile(sidecar(), OTHER);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [doc(), sidecar()]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  });

  it('shows each annotation as a thread on its passage, note first, tag and author in the header', async () => {
    const lens = await api();
    await vscode.window.showTextDocument(doc());
    await lens.annotations.reload(doc());
    await waitFor(lens.annotations.onDidChange, () => lens.annotationThreads.threadFor(doc(), 'keep1') !== undefined, 'the thread of keep1');
    const thread = lens.annotationThreads.threadFor(doc(), 'keep1')!;
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.getText(thread.range), 'General practice');
    assert.match(thread.label ?? '', /^Stakeholder/);
    assert.strictEqual(thread.comments.length, 1);
    assert.strictEqual((thread.comments[0].body as vscode.MarkdownString).value, 'Untouched.');
    assert.strictEqual(thread.contextValue, 'policyLens.thread.open');
  });

  let id = '';
  let thread: vscode.CommentThread;

  it('creates an annotation from a new thread: tag first, then the note typed in the thread', async () => {
    const lens = await api();
    const editor = await vscode.window.showTextDocument(doc());
    const start = DOC_TEXT.indexOf('integrated care boards');
    const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(start + 'integrated care boards'.length));
    const draft = lens.annotationThreads.openNewThread(doc(), range, 'omission');
    assert.ok(draft, 'a new thread opens');
    const created = await vscode.commands.executeCommand<Annotation>('policyLens.threads.create', { thread: draft, text: NOTE_1 });
    assert.ok(created, 'the command returns the annotation');
    id = created.id;
    const { text, annotations } = await stored();
    const a = annotations.find((x) => x.id === id)!;
    assert.strictEqual(a.note, NOTE_1, 'the note byte for byte');
    assert.strictEqual(a.tag, 'omission');
    assert.strictEqual(a.quote, 'integrated care boards');
    othersUntouched(text);
    await waitFor(lens.annotations.onDidChange, () => lens.annotationThreads.threadFor(doc(), id) !== undefined, 'the new thread');
    thread = lens.annotationThreads.threadFor(doc(), id)!;
    assert.strictEqual((thread.comments[0].body as vscode.MarkdownString).value, NOTE_1);
  });

  for (const [n, note] of [[1, NOTE_2], [2, NOTE_3]] as const) {
    it(`edits the note in place (edit ${n}): paragraphs, lists and trailing newlines kept byte for byte`, async () => {
      const lens = await api();
      const comment = thread.comments[0];
      await vscode.commands.executeCommand('policyLens.threads.editComment', comment);
      assert.strictEqual(comment.mode, vscode.CommentMode.Editing);
      assert.strictEqual(comment.body, (await stored()).annotations.find((x) => x.id === id)!.note, 'the editor shows the raw Markdown');
      comment.body = note; // what VS Code does with the text typed in the comment editor
      await vscode.commands.executeCommand('policyLens.threads.saveComment', comment);
      const { text, annotations } = await stored();
      assert.strictEqual(annotations.find((x) => x.id === id)!.note, note);
      othersUntouched(text);
      await waitFor(lens.annotations.onDidChange, () => (thread.comments[0].body as vscode.MarkdownString).value === note, 'the thread shows the new note');
      assert.strictEqual(thread.comments[0].mode, vscode.CommentMode.Preview);
    });
  }

  it('replies: the reply is stored with author and date, the anchor untouched', async () => {
    const lens = await api();
    const before = (await stored()).annotations.find((x) => x.id === id)!;
    const reply = 'I agree.\n\n- see section 4\n';
    await vscode.commands.executeCommand('policyLens.threads.reply', { thread, text: reply });
    const after = (await stored()).annotations.find((x) => x.id === id)!;
    assert.strictEqual(after.replies?.length, 1);
    assert.strictEqual(after.replies[0].body, reply);
    assert.ok(after.replies[0].author);
    assert.match(after.replies[0].created ?? '', /^\d{4}-\d{2}-\d{2}T/);
    assert.deepStrictEqual([after.quote, after.prefix, after.suffix, after.start, after.note, after.updated], [before.quote, before.prefix, before.suffix, before.start, before.note, before.updated]);
    await waitFor(lens.annotations.onDidChange, () => thread.comments.length === 2, 'the reply in the thread');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc(), thread.range!.start);
    const hover = hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))).join('\n');
    assert.ok(hover.includes('see section 4'), `the hover shows the reply:\n${hover}`);
  });

  it('resolves and reopens from the thread\'s title bar; the sidebar filter hides resolved threads', async () => {
    const lens = await api();
    await vscode.commands.executeCommand('policyLens.threads.resolve', thread);
    assert.strictEqual((await stored()).annotations.find((x) => x.id === id)!.status, 'resolved');
    await waitFor(lens.annotations.onDidChange, () => thread.contextValue === 'policyLens.thread.resolved', 'the thread resolved');
    assert.strictEqual(thread.state, vscode.CommentThreadState.Resolved);

    const tree = lens.annotationView.tree;
    tree.openOnly = false; // whatever an earlier suite left
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.toggleOpenThreadsOnly'), true);
    const tags = await tree.getChildren();
    const shown = (await Promise.all(tags.map((t) => tree.getChildren(t)))).flat().map((n) => (n.kind === 'annotation' ? n.annotation.id : ''));
    assert.ok(!shown.includes(id) && shown.includes('keep1'), `only open threads: ${shown.join(', ')}`);
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.toggleOpenThreadsOnly'), false);

    await vscode.commands.executeCommand('policyLens.threads.reopen', thread);
    const { text } = await stored();
    assert.ok(!/status:/.test(text), 'reopening removes the key');
  });

  it('edits and deletes a reply from its comment', async () => {
    const lens = await api();
    const reply = thread.comments[1];
    await vscode.commands.executeCommand('policyLens.threads.editComment', reply);
    reply.body = 'Changed my mind.\n';
    await vscode.commands.executeCommand('policyLens.threads.saveComment', reply);
    assert.strictEqual((await stored()).annotations.find((x) => x.id === id)!.replies![0].body, 'Changed my mind.\n');
    await waitFor(lens.annotations.onDidChange, () => (thread.comments[1]?.body as vscode.MarkdownString)?.value === 'Changed my mind.\n', 'the edited reply');
    await vscode.commands.executeCommand('policyLens.threads.deleteReply', thread.comments[1]);
    assert.strictEqual((await stored()).annotations.find((x) => x.id === id)!.replies, undefined);
  });

  it('deletes the annotation from its thread; the sidecar is back to what it was', async () => {
    const lens = await api();
    await vscode.commands.executeCommand('policyLens.threads.delete', thread);
    assert.strictEqual((await stored()).text, OTHER);
    await waitFor(lens.annotations.onDidChange, () => lens.annotationThreads.threadFor(doc(), id) === undefined, 'the thread gone');
  });

  it('refuses arguments no menu passes, and writes nothing', async () => {
    for (const command of ['policyLens.threads.create', 'policyLens.threads.reply', 'policyLens.threads.resolve', 'policyLens.threads.editComment', 'policyLens.threads.saveComment']) {
      await vscode.commands.executeCommand(command, { text: 'no thread' });
      await vscode.commands.executeCommand(command);
    }
    assert.strictEqual((await stored()).text, OTHER);
  });

  it('the setting turns the threads off (and back on)', async () => {
    const lens = await api();
    const settings = vscode.workspace.getConfiguration('policyLens');
    await settings.update('annotations.commentThreads', false, vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual(lens.annotationThreads.threadFor(doc(), 'keep1'), undefined);
    } finally {
      await settings.update('annotations.commentThreads', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(lens.annotationThreads.threadFor(doc(), 'keep1'));
  });
});
