/**
 * The workspace's annotations loaded lazily (issue 11): the Annotations view counts from the
 * parse, anchors a document when its node is expanded and the rest in the background (Orphaned);
 * search finds what a workspace load read; Delete acts on every selected annotation (one
 * confirmation, a notification, undoable); a conflict is put to the person by the command, never decided by the store.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { SidecarConflictError } from '../../../src/adapters/sidecar-store';
import type { Node } from '../../../src/features/annotation-tree';
import { writeAskingOnConflict } from '../../../src/features/sidecar-conflicts';
import { api, canActAsUser, fixtureUri, openFixture, readFile, userActs, waitFor, writeFile } from '../helpers';

const FOLDER = 'lazy-load';
const docUri = (name: string) => fixtureUri(`${FOLDER}/${name}`);
const sidecarText = (name: string, entries: { id: string; quote: string; start: number; note?: string }[]) => [
  'version: 1', `document: ${name}`, 'annotations:',
  ...entries.flatMap((e) => [`  - id: ${e.id}`, '    tag: question', `    note: ${e.note ?? 'A note'}`, `    quote: ${e.quote}`, `    start: ${e.start}`]), '',
].join('\n');

describe('annotations across the workspace (lazy loading, search, multi-delete)', () => {
  before(async () => {
    await writeFile(docUri('one.md'), 'General practice leads. The VCSE sector supports.\n');
    await writeFile(docUri('one.md.annotations.yaml'), sidecarText('one.md', [
      { id: 'w1', quote: 'General practice leads.', start: 0, note: 'zqlazyone marker' },
      { id: 'w2', quote: 'A sentence that is not in the text.', start: 24 },
    ]));
    await writeFile(docUri('two.md'), 'Integrated care boards plan. Funding follows.\n');
    await writeFile(docUri('two.md.annotations.yaml'), sidecarText('two.md', [
      { id: 'v1', quote: 'Integrated care boards plan.', start: 0 },
      { id: 'v2', quote: 'Funding follows.', start: 29 },
      { id: 'v3', quote: 'care boards', start: 11 },
    ]));
  });

  after(async () => {
    const lens = await api();
    lens.annotationView.tree.scope = 'document';
    lens.annotationView.tree.refresh(true);
    await vscode.workspace.fs.delete(fixtureUri(FOLDER), { recursive: true }).then(undefined, () => undefined);
  });

  it('the workspace view counts from the parse, anchors a document when it is expanded, and lists its orphans once the background pass ends', async function () {
    this.timeout(60_000);
    const lens = await api();
    const tree = lens.annotationView.tree;
    tree.scope = 'workspace';
    tree.refresh(true);
    const roots = await tree.getChildren();
    const row = roots.find((n): n is Extract<Node, { kind: 'document' }> => n.kind === 'document' && n.entry.docUri.path.endsWith(`/${FOLDER}/one.md`));
    assert.ok(row, `a row for one.md among ${roots.length}`);
    assert.strictEqual(tree.getTreeItem(row).description, `2 annotations · ${FOLDER}`);
    const groups = await tree.getChildren(row);
    assert.deepStrictEqual(groups.map((g) => g.kind), ['tag'], 'the anchored annotation under its tag');
    assert.ok(!lens.annotations.peek(docUri('one.md'))?.anchorsPending, 'expanding the node anchored it');
    assert.strictEqual(lens.annotations.peek(docUri('one.md'))?.anchors.get('w2')?.status, 'orphaned');
    const orphansListed = async () => {
      const orphans = (await tree.getChildren()).find((n) => n.kind === 'orphans');
      const items = orphans ? await tree.getChildren(orphans) : [];
      return items.some((n) => n.kind === 'annotation' && n.annotation.id === 'w2');
    };
    const allAnchored = () => ['one.md', 'two.md'].every((n) => lens.annotations.peek(docUri(n)) && !lens.annotations.peek(docUri(n))?.anchorsPending);
    // The background pass refreshes the tree when it ends; poll as well, the machine may be slow.
    for (let i = 0; i < 40 && !(allAnchored() && await orphansListed()); i++) {
      await new Promise<void>((resolve) => { const sub = tree.onDidChangeTreeData(() => { sub.dispose(); resolve(); }); setTimeout(() => { sub.dispose(); resolve(); }, 500); });
    }
    assert.ok(allAnchored(), 'every document anchored in the background');
    assert.ok(await orphansListed(), 'the orphan is under Orphaned');
  });

  it('search finds an annotation the workspace load read, and follows a change to its sidecar', async () => {
    const lens = await api();
    const hits = await vscode.commands.executeCommand<{ key: string }[]>('policyLens.searchAnnotations', 'zqlazyone');
    assert.deepStrictEqual(hits.map((h) => h.key), [`${docUri('one.md').toString()}#w1`]);
    await lens.annotations.update(docUri('one.md'), 'w1', { note: 'xylophonecase now' });
    const after = await vscode.commands.executeCommand<{ key: string; note: string }[]>('policyLens.searchAnnotations', 'xylophonecase');
    assert.deepStrictEqual(after.map((h) => h.key), [`${docUri('one.md').toString()}#w1`]);
    const old = await vscode.commands.executeCommand<{ key: string; note: string }[]>('policyLens.searchAnnotations', 'zqlazyone');
    assert.ok(old.every((h) => !h.note.includes('zqlazyone')), 'the old note is out of the index');
  });

  it('Delete on a multi-selection asks once, naming the count, deletes every selected annotation, and Undo puts them back', async function () {
    if (!canActAsUser) this.skip(); // The confirmation and the Undo are notification buttons: they need a click.
    this.timeout(90_000);
    const lens = await api();
    const tree = lens.annotationView.tree;
    tree.scope = 'document';
    await openFixture(`${FOLDER}/two.md`);
    await lens.annotations.ensure(docUri('two.md'));
    const groups = await tree.getChildren();
    const items = (await Promise.all(groups.map((g) => tree.getChildren(g)))).flat().filter((n): n is Extract<Node, { kind: 'annotation' }> => n.kind === 'annotation');
    const picked = items.filter((n) => n.annotation.id === 'v1' || n.annotation.id === 'v3');
    assert.strictEqual(picked.length, 2, `two annotation items among ${items.length}`);
    const before = lens.annotations.peek(docUri('two.md'))!.annotations;
    userActs({ waitFor: '.notifications-toasts .notification-toast:has-text("delete 2 annotations") .monaco-button:has-text("Delete")' },
      { click: '.notifications-toasts .notification-toast:has-text("delete 2 annotations") .monaco-button:has-text("Delete")' });
    const deleting = vscode.commands.executeCommand('policyLens.deleteAnnotation', picked[0], picked);
    await waitFor(lens.annotations.onDidChange, () => (lens.annotations.peek(docUri('two.md'))?.annotations.map((a) => a.id) ?? []).join() === 'v2', 'v1 and v3 deleted', 30_000);
    await deleting;
    assert.doesNotMatch((await readFile(docUri('two.md.annotations.yaml')))!, /id: v1|id: v3/);
    userActs({ waitFor: '.notifications-toasts .notification-toast:has-text("deleted 2 annotations") .monaco-button:has-text("Undo")' },
      { click: '.notifications-toasts .notification-toast:has-text("deleted 2 annotations") .monaco-button:has-text("Undo")' });
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(docUri('two.md'))?.annotations.length === 3, 'both put back', 30_000);
    const byId = (list: readonly { id: string }[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
    assert.deepStrictEqual(byId(lens.annotations.peek(docUri('two.md'))!.annotations), byId(before), 'put back exactly as they were');
  });

  it('a conflict is asked about by the command: "Apply Mine on Top" writes again, "Keep Disk Version" writes nothing, other errors pass', async () => {
    const uri = docUri('one.md');
    const conflict = () => new SidecarConflictError('one.md.annotations.yaml', [{ id: 'w1' } as never]);
    for (const [answer, expected, writes] of [[true, 'written', 2], [false, undefined, 1]] as const) {
      let calls = 0;
      const asked: string[][] = [];
      const result = await writeAskingOnConflict(uri, async () => { calls++; if (calls === 1) throw conflict(); return 'written'; }, async (_u, err) => { asked.push(err.ids); return answer; });
      assert.strictEqual(result, expected);
      assert.strictEqual(calls, writes);
      assert.deepStrictEqual(asked, [['w1']], 'asked once, naming the annotation');
    }
    await assert.rejects(writeAskingOnConflict(uri, async () => { throw new Error('disk full'); }, async () => true), /disk full/);
  });
});
