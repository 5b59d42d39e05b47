/**
 * Faults around sidecar writes, on real files (nodeFileSystem in a temp folder) with a
 * fault-injecting wrapper: the file changes under us, a write or rename fails part-way, two
 * writers race, the document disappears. Every case counts the annotations it lost: always 0.
 */
import * as assert from 'node:assert';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { nodeFileSystem } from '../../../src/adapters/node-fs';
import { SidecarConflictError, SidecarStore, sidecarPathFor } from '../../../src/adapters/sidecar-store';
import { runCheck } from '../../../src/cli/check';
import { anchorAnnotations } from '../../../src/core/annotations/anchor';
import { addAnnotation, removeAnnotation, updateAnnotation, updateStartHints } from '../../../src/core/annotations/edits';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../src/core/annotations/sidecar';
import type { Annotation, Sidecar } from '../../../src/core/annotations/types';
import { annotation, dec, faultyFs, idsOnDisk, listing, lostFrom, PLAN_TEXT, removeDir, tempDir } from './helpers';
import { rit } from './tally';

const QUOTES = ['Integrated care boards', 'joint forward plan', 'existing resources', 'additional investment', 'General practice is not named', 'the VCSE sector'];
const initialAnnotations = (): Annotation[] => QUOTES.slice(0, 3).map((q, i) => annotation(`base${i}`, q));

interface Ws { dir: string; doc: string; sidecar: string; original: Buffer }

async function workspace(annotations = initialAnnotations()): Promise<Ws> {
  const dir = await tempDir();
  const doc = path.join(dir, 'plan.md');
  await fsp.writeFile(doc, PLAN_TEXT);
  const sidecar = sidecarPathFor(doc);
  let s: Sidecar = emptySidecar('plan.md');
  for (const a of annotations) s = addAnnotation(s, a);
  await fsp.writeFile(sidecar, serializeSidecar(s));
  return { dir, doc, sidecar, original: await fsp.readFile(sidecar) };
}

/** Another program (a colleague's git pull, another editor) adds an annotation to the file on disk. */
async function externalAdd(ws: Ws, a: Annotation): Promise<void> {
  const parsed = parseSidecar(dec(await fsp.readFile(ws.sidecar)));
  assert.ok(parsed.ok);
  await fsp.writeFile(ws.sidecar, serializeSidecar(addAnnotation(parsed.sidecar, a), parsed.handle));
}

const ALL_BASE = ['base0', 'base1', 'base2'];

async function withWorkspace<T>(fn: (ws: Ws) => Promise<T>): Promise<T> {
  const ws = await workspace();
  try {
    return await fn(ws);
  } finally {
    await removeDir(ws.dir);
  }
}

describe('reliability: faults', function () {
  this.timeout(10_000);

  rit('faults', 'the sidecar changes on disk between load and save: merged', () => withWorkspace(async (ws) => {
    const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    await store.load(ws.doc);
    await externalAdd(ws, annotation('theirs1', QUOTES[3]));
    await store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[4])));
    return lostFrom(ws.sidecar, [...ALL_BASE, 'theirs1', 'mine1']);
  }));

  rit('faults', 'the same annotation edited on disk and here: SidecarConflictError, their version kept on disk', () => withWorkspace(async (ws) => {
    const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    const loaded = await store.load(ws.doc);
    assert.strictEqual(loaded.state, 'ok');
    const parsed = parseSidecar(dec(await fsp.readFile(ws.sidecar)));
    assert.ok(parsed.ok);
    await fsp.writeFile(ws.sidecar, serializeSidecar(updateAnnotation(parsed.sidecar, 'base1', { note: 'their note' }), parsed.handle));
    const onDisk = await fsp.readFile(ws.sidecar);
    await assert.rejects(store.save(ws.doc, (s) => updateAnnotation(s, 'base1', { note: 'my note' })), SidecarConflictError);
    assert.ok((await fsp.readFile(ws.sidecar)).equals(onDisk), 'the file on disk is left as they wrote it');
    assert.deepStrictEqual(await listing(ws.dir), ['plan.md', 'plan.md.annotations.yaml']);
    return lostFrom(ws.sidecar, ALL_BASE);
  }));

  rit('faults', 'the sidecar is deleted on disk between load and save: ours re-created, theirs deleted knowingly', () => withWorkspace(async (ws) => {
    const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    await store.load(ws.doc);
    await fsp.rm(ws.sidecar);
    await store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[4])));
    // The deletion on disk was someone's decision; our new annotation must survive it.
    return lostFrom(ws.sidecar, ['mine1']);
  }));

  // Was a bug (found by this suite): a change made on disk after the save's read was overwritten.
  // SidecarStore now re-reads just before the rename and starts the save again (merging).
  rit('faults', 'the sidecar changes on disk between the save\'s read and its write: merged or a conflict, never lost', () => withWorkspace(async (ws) => {
    let injected = false;
    const fs = faultyFs({
      beforeWrite: async (p) => {
        if (injected || p === ws.sidecar) return;
        injected = true;
        await externalAdd(ws, annotation('theirs1', QUOTES[3]));
      },
    });
    const store = new SidecarStore(fs, { workspaceRoot: ws.dir });
    await store.load(ws.doc);
    let conflict = false;
    await store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[4]))).catch((err) => {
      if (err instanceof SidecarConflictError) conflict = true; else throw err;
    });
    assert.ok(injected);
    return lostFrom(ws.sidecar, conflict ? [...ALL_BASE, 'theirs1'] : [...ALL_BASE, 'theirs1', 'mine1']);
  }));

  // Two Policy Lens processes (two VS Code windows, or the CLI and the editor) saving at once, B
  // taking no lock (an older Policy Lens, or a window on a file system without exclusive create:
  // with the lock, B's check and rename could not straddle A's rename).
  // B has checked the file and is about to rename when A renames; B's rename then lands on A's.
  // Was lost (A's annotation): A now stats the file again after its rename, sees a write that is
  // not its own, and saves again, merging its change into B's.
  rit('faults', 'a writer that takes no lock renames over our write right after our rename: ours merged into theirs', () => withWorkspace(async (ws) => {
    const deferred = () => { let resolve!: () => void; const promise = new Promise<void>((r) => { resolve = r; }); return { promise, resolve }; };
    const bChecked = deferred();
    const aRenamed = deferred();
    const bRenamed = deferred();
    let first = true;
    const storeB = new SidecarStore(faultyFs({
      noLock: true,
      beforeRename: async (_from, to) => { if (path.resolve(to) === ws.sidecar && first) { first = false; bChecked.resolve(); await aRenamed.promise; } },
      afterRename: (_from, to) => { if (path.resolve(to) === ws.sidecar) bRenamed.resolve(); },
    }), { workspaceRoot: ws.dir });
    let once = true;
    const storeA = new SidecarStore(faultyFs({
      afterRename: async (_from, to) => { if (path.resolve(to) === ws.sidecar && once) { once = false; aRenamed.resolve(); await bRenamed.promise; } },
    }), { workspaceRoot: ws.dir });
    // Another process: the same file by another spelling of its path, so this process's save
    // queue (one per path) does not order the two saves.
    const docB = `${ws.dir}/./plan.md`;
    await storeA.load(ws.doc);
    await storeB.load(docB);
    const savingB = storeB.save(docB, (s) => addAnnotation(s, annotation('theirs1', QUOTES[3])));
    await bChecked.promise;
    await storeA.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[4])));
    await savingB;
    return lostFrom(ws.sidecar, [...ALL_BASE, 'theirs1', 'mine1']);
  }));

  // Was pending ("no exclusive create or compare-and-swap"): B's whole save landed between A's
  // pre-rename check and A's rename, and A replaced B's file without having seen it. Now A holds
  // `<sidecar>.lock` (an exclusive create) from its check to its rename, so a save B starts in
  // between cannot land there: B writes its temporary file, finds the lock held, waits, then
  // finds A's write and merges into it. B's save is started, not awaited, inside A's critical
  // section; A goes on once B has finished (as it would without the lock: then B's annotation is
  // lost) or is waiting for the lock.
  rit('faults', 'another writer\'s save starting between our pre-rename check and our rename waits for our lock, then merges', () => withWorkspace(async (ws) => {
    const docB = `${ws.dir}/./plan.md`; // another process (see above)
    let bWaiting!: () => void;
    const bBlocked = new Promise<void>((resolve) => { bWaiting = resolve; });
    const storeB = new SidecarStore(faultyFs({ afterCreateExclusive: (_p, created) => { if (!created) bWaiting(); } }), { workspaceRoot: ws.dir });
    await storeB.load(docB);
    let savingB: Promise<unknown> | undefined;
    let bDoneBeforeOurRename = false;
    let once = true;
    const storeA = new SidecarStore(faultyFs({
      beforeRename: async (_from, to) => {
        if (path.resolve(to) !== ws.sidecar || !once) return;
        once = false;
        savingB = storeB.save(docB, (s) => addAnnotation(s, annotation('theirs1', QUOTES[3])));
        bDoneBeforeOurRename = await Promise.race([savingB.then(() => true), bBlocked.then(() => false)]);
      },
    }), { workspaceRoot: ws.dir });
    await storeA.load(ws.doc);
    await storeA.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[4])));
    assert.ok(savingB, 'B started its save inside A\'s critical section');
    await savingB;
    const lost = await lostFrom(ws.sidecar, [...ALL_BASE, 'theirs1', 'mine1']);
    if (lost > 0) return lost; // without the lock: B's annotation, replaced unseen
    assert.ok(!bDoneBeforeOurRename, 'B waited for the lock instead of saving between our check and our rename');
    assert.deepStrictEqual(await listing(ws.dir), ['plan.md', 'plan.md.annotations.yaml'], 'no lock or temporary file left');
    return 0;
  }));

  const writeFaults: { name: string; faults: (ws: Ws) => Parameters<typeof faultyFs>[0] }[] = [
    { name: 'the write fails part-way (half the temp file, then ENOSPC)', faults: (ws) => ({ failWrite: (p) => p !== ws.sidecar }) },
    { name: 'the rename fails (EPERM)', faults: () => ({ failRename: () => true }) },
    { name: 'the write fails part-way and the temp file cannot be deleted', faults: (ws) => ({ failWrite: (p) => p !== ws.sidecar }) },
  ];
  for (const wf of writeFaults) {
    rit('faults', `${wf.name}: the old file is intact${wf.name.includes('cannot be deleted') ? '' : ' and no temp file remains'}`, () => withWorkspace(async (ws) => {
      const fs = faultyFs(wf.faults(ws));
      if (wf.name.includes('cannot be deleted')) {
        // Even when cleanup fails the sidecar itself must be intact (a stray temp file is then allowed).
        fs.delete = async () => { throw new Error('EBUSY (injected)'); };
      }
      const store = new SidecarStore(fs, { workspaceRoot: ws.dir });
      await store.load(ws.doc);
      await assert.rejects(store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[4]))));
      assert.ok((await fsp.readFile(ws.sidecar)).equals(ws.original), 'the sidecar is byte-for-byte what it was');
      const files = await listing(ws.dir);
      if (!wf.name.includes('cannot be deleted')) assert.deepStrictEqual(files, ['plan.md', 'plan.md.annotations.yaml'], 'no temporary file left');
      // And the next save, once the disk is healthy, works and loses nothing.
      const healthy = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
      await healthy.load(ws.doc);
      await healthy.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[4])));
      return lostFrom(ws.sidecar, [...ALL_BASE, 'mine1']);
    }));
  }

  rit('faults', 'the first write of a new sidecar fails: no sidecar, no temp file', async () => {
    const dir = await tempDir();
    try {
      const doc = path.join(dir, 'new.md');
      await fsp.writeFile(doc, PLAN_TEXT);
      const store = new SidecarStore(faultyFs({ failWrite: () => true }), { workspaceRoot: dir });
      await assert.rejects(store.save(doc, (s) => addAnnotation(s, annotation('mine1', QUOTES[0]))));
      assert.deepStrictEqual(await listing(dir), ['new.md']);
    } finally {
      await removeDir(dir);
    }
  });

  rit('faults', 'two writers at once (two stores, Promise.all): both annotations kept', () => withWorkspace(async (ws) => {
    const a = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    const b = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    await Promise.all([a.load(ws.doc), b.load(ws.doc)]);
    await Promise.all([
      a.save(ws.doc, (s) => addAnnotation(s, annotation('fromA', QUOTES[3]))),
      b.save(ws.doc, (s) => addAnnotation(s, annotation('fromB', QUOTES[4]))),
    ]);
    return lostFrom(ws.sidecar, [...ALL_BASE, 'fromA', 'fromB']);
  }));

  rit('faults', 'twenty writers at once, some never loaded, one deleting: every addition kept, the deletion applied', () => withWorkspace(async (ws) => {
    const stores = Array.from({ length: 5 }, () => new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir }));
    await Promise.all(stores.slice(0, 3).map((s) => s.load(ws.doc)));
    const ids = Array.from({ length: 20 }, (_, i) => `w${i}`);
    await Promise.all([
      ...ids.map((id, i) => stores[i % stores.length].save(ws.doc, (s) => addAnnotation(s, annotation(id, QUOTES[i % QUOTES.length], PLAN_TEXT, { note: `writer ${i}` })))),
      stores[0].save(ws.doc, (s) => removeAnnotation(s, 'base2')),
    ]);
    const have = await idsOnDisk(ws.sidecar);
    assert.ok(!have.includes('base2'), 'the deletion was applied');
    return lostFrom(ws.sidecar, ['base0', 'base1', ...ids]);
  }));

  rit('faults', 'a failed save does not block the saves queued after it', () => withWorkspace(async (ws) => {
    let fail = true;
    const fs = faultyFs({ failRename: () => fail });
    const store = new SidecarStore(fs, { workspaceRoot: ws.dir });
    await store.load(ws.doc);
    const first = store.save(ws.doc, (s) => addAnnotation(s, annotation('lost1', QUOTES[3])));
    const second = store.save(ws.doc, (s) => addAnnotation(s, annotation('kept1', QUOTES[4])));
    await assert.rejects(first);
    fail = false;
    await second;
    // 'lost1' was refused with an error the caller sees: not a silent loss.
    return lostFrom(ws.sidecar, [...ALL_BASE, 'kept1']);
  }));

  rit('faults', 'the document is deleted while annotated: check reports every annotation orphaned, the sidecar keeps them all', () => withWorkspace(async (ws) => {
    await fsp.rm(ws.doc);
    let out = '';
    const code = await runCheck([ws.dir, '--format', 'json'], { cwd: ws.dir, stdout: (t) => { out += t; }, stderr: (t) => { out += t; } });
    assert.strictEqual(code, 1);
    const report = JSON.parse(out) as { sidecars: { annotations: { id: string; status: string; reason?: string }[] }[] };
    assert.deepStrictEqual(report.sidecars[0].annotations.map((a) => [a.id, a.status, a.reason]), ALL_BASE.map((id) => [id, 'orphaned', 'no-document']));
    assert.ok((await fsp.readFile(ws.sidecar)).equals(ws.original), 'check never writes');
    // The sidecar store still reads and writes every annotation without its document.
    const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    const loaded = await store.load(ws.doc);
    assert.strictEqual(loaded.state, 'ok');
    await store.save(ws.doc, (s) => updateAnnotation(s, 'base0', { note: 'still here' }));
    return lostFrom(ws.sidecar, ALL_BASE);
  }));

  rit('faults', 'the document is renamed while annotated: nothing is dropped at the old name', () => withWorkspace(async (ws) => {
    await fsp.rename(ws.doc, path.join(ws.dir, 'plan-v2.md'));
    const anchors = anchorAnnotations('', (await loadAll(ws)).annotations);
    assert.ok(anchors.every((r) => r.status === 'orphaned'), 'against no text every annotation is orphaned, none dropped');
    assert.strictEqual(anchors.length, ALL_BASE.length);
    assert.ok((await fsp.readFile(ws.sidecar)).equals(ws.original));
    return lostFrom(ws.sidecar, ALL_BASE);
  }));

  rit('faults', 'the document text changes: removed quotes are orphaned (not moved to look-alikes), the rest re-anchor, the file keeps all', () => withWorkspace(async (ws) => {
    // 'joint forward plan' goes; a look-alike sentence appears far away; the other text shifts.
    const changed = '# Preface added at the top\n\n' + PLAN_TEXT.replace('a joint forward plan', 'an annual report')
      + '\n'.repeat(3000) + 'Elsewhere: a joint forward planning group met.\n';
    const sidecar = await loadAll(ws);
    const results = anchorAnnotations(changed, sidecar.annotations);
    const byId = new Map(results.map((r) => [r.id, r]));
    assert.strictEqual(byId.get('base1')?.status, 'orphaned', 'no silent re-attachment to look-alike text');
    for (const id of ['base0', 'base2']) {
      const r = byId.get(id);
      const a = sidecar.annotations.find((x) => x.id === id)!;
      assert.ok(r && r.status === 'anchored' && changed.slice(r.start, r.end) === a.quote, `${id} re-anchored exactly`);
    }
    const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    await store.load(ws.doc);
    await store.save(ws.doc, (s) => updateStartHints(s, results));
    const after = await loadAll(ws);
    assert.deepStrictEqual(after.annotations.find((a) => a.id === 'base1'), sidecar.annotations.find((a) => a.id === 'base1'), 'the orphan is kept as it was');
    return lostFrom(ws.sidecar, ALL_BASE);
  }));
});

async function loadAll(ws: Ws): Promise<Sidecar> {
  const parsed = parseSidecar(dec(await fsp.readFile(ws.sidecar)));
  assert.ok(parsed.ok);
  return parsed.sidecar;
}
