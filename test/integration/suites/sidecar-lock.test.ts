import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, fixtureUri, openFixture, readFile, writeFile } from '../helpers';

/**
 * The sidecar lock in the real extension host: on a local folder (the Node host's `file:`
 * workspace) a save waits while another writer holds `<sidecar>.lock`, then goes on; in the web
 * worker host (no exclusive create) no lock is taken and a lock file found is left alone.
 */
describe('sidecar lock', () => {
  const doc = () => fixtureUri('lock-test.md');
  const sidecar = () => fixtureUri('lock-test.md.annotations.yaml');
  const lock = () => fixtureUri('lock-test.md.annotations.yaml.lock');
  const remove = async (uri: vscode.Uri) => vscode.workspace.fs.delete(uri).then(undefined, () => undefined);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    for (const uri of [lock(), sidecar(), doc()]) await remove(uri);
  });

  it('annotating waits for another writer\'s lock on a local folder (none is taken in the web worker)', async () => {
    const lens = await api();
    const local = lens.host === 'node' && doc().scheme === 'file';
    await writeFile(doc(), 'Integrated care boards must publish a joint forward plan.\n');
    // Another writer's live lock: another machine's, just taken (stale only after 20 s).
    await writeFile(lock(), JSON.stringify({ pid: 1, host: 'another-machine', time: new Date().toISOString(), token: 'integration-test' }) + '\n');
    const editor = await openFixture('lock-test.md');
    editor.selection = new vscode.Selection(0, 0, 0, 'Integrated care boards'.length);
    let done = false;
    const saving = Promise.resolve(vscode.commands.executeCommand<{ id: string } | undefined>('policyLens.annotateSelection', 'question', 'Who checks the plan?'))
      .finally(() => { done = true; });
    if (local) {
      // The save writes its temporary file before it asks for the lock: wait for that, then give
      // an unlocked save ample time to have finished.
      const folder = vscode.Uri.joinPath(doc(), '..');
      const deadline = Date.now() + 10_000;
      while (!(await vscode.workspace.fs.readDirectory(folder)).some(([name]) => name.startsWith('.lock-test.md.annotations.yaml.') && name.endsWith('.tmp'))) {
        assert.ok(Date.now() < deadline && !done, 'the save reached its temporary file and is waiting');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(!done, 'the save waits while another writer holds the lock');
      assert.strictEqual(await readFile(sidecar()), undefined, 'nothing written while the lock is held');
      await vscode.workspace.fs.delete(lock()); // the other writer releases it
    }
    const created = await saving;
    assert.ok(created, 'the annotation was created');
    assert.match((await readFile(sidecar())) ?? '', new RegExp(`id: ${created.id}`));
    if (local) assert.strictEqual(await readFile(lock()), undefined, 'our own lock is gone after the save');
    else assert.ok(await readFile(lock()), 'without an exclusive create no lock is taken, and another writer\'s is not ours to remove');
  });
});
