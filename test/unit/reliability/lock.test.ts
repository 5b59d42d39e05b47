/**
 * The sidecar lock (`<sidecar>.lock`, src/adapters/sidecar-lock.ts) on real files: stale locks
 * are broken with a log line, the lock is released however a save ends, and writers in one
 * process or in several lose nothing. Where the file system has no exclusive create (the web)
 * no lock is taken and a lock file found is left alone.
 */
import * as assert from 'node:assert';
import { spawn, spawnSync } from 'child_process';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeFileSystem } from '../../../src/adapters/node-fs';
import { LOCK_SUFFIX, lockPathFor } from '../../../src/adapters/sidecar-lock';
import { isSidecarPath, RenameUnsupportedError, SidecarStore, sidecarPathFor, type FileSystem } from '../../../src/adapters/sidecar-store';
import { expandInputs } from '../../../src/cli/node-files';
import { SIDECAR_SUFFIX } from '../../../src/constants';
import { addAnnotation } from '../../../src/core/annotations/edits';
import { emptySidecar, serializeSidecar } from '../../../src/core/annotations/sidecar';
import { annotation, faultyFs, idsOnDisk, listing, lostFrom, PLAN_TEXT, removeDir, tempDir } from './helpers';
import { rit } from './tally';

interface Ws { dir: string; doc: string; sidecar: string; lock: string }

async function withWorkspace<T>(fn: (ws: Ws) => Promise<T>): Promise<T> {
  const dir = await tempDir('pl-lock-');
  const doc = path.join(dir, 'plan.md');
  await fsp.writeFile(doc, PLAN_TEXT);
  const sidecar = sidecarPathFor(doc);
  await fsp.writeFile(sidecar, serializeSidecar(addAnnotation(emptySidecar('plan.md'), annotation('base0', 'joint forward plan'))));
  try {
    return await fn({ dir, doc, sidecar, lock: lockPathFor(sidecar) });
  } finally {
    await removeDir(dir);
  }
}

/** A lock file as another writer leaves it, `ageMs` old by its modification time. */
async function plantLock(lock: string, body: object | string, ageMs = 0): Promise<void> {
  await fsp.writeFile(lock, typeof body === 'string' ? body : JSON.stringify({ time: new Date().toISOString(), token: 'planted', ...body }) + '\n');
  if (ageMs > 0) {
    const when = new Date(Date.now() - ageMs);
    await fsp.utimes(lock, when, when);
  }
}

/** The pid of a process that has run and exited (reaped): certainly not running now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  assert.ok(r.pid && r.status === 0);
  return r.pid;
}

const exists = (p: string) => fsp.stat(p).then(() => true, () => false);

describe('reliability: sidecar lock', function () {
  this.timeout(30_000);

  const stale: { name: string; body: (ws: Ws) => object | string; ageMs?: number; staleMs?: number; says: RegExp }[] = [
    { name: 'its process on this host is no longer running', body: () => ({ pid: deadPid(), host: os.hostname() }), says: /pid \d+ on .*: its process \(pid \d+\) is no longer running/ },
    { name: 'this process left it behind (its release failed)', body: () => ({ pid: process.pid, host: os.hostname() }), says: /this process left it behind/ },
    { name: 'another host\'s, 60 s old', body: () => ({ pid: 4242, host: 'another-machine' }), ageMs: 60_000, says: /on another-machine .*: it is 60 s old/ },
    { name: 'not ours at all (not JSON), 60 s old', body: () => 'garbage', ageMs: 60_000, says: /an unreadable lock\): it is 60 s old/ },
    { name: 'another host\'s, fresh: waited for until it is older than lockStaleMs', body: () => ({ pid: 4242, host: 'another-machine' }), staleMs: 300, says: /on another-machine .*: it is 0 s old|it is \d+ s old/ },
  ];
  for (const c of stale) {
    rit('faults', `a stale lock is broken, with a log line: ${c.name}`, () => withWorkspace(async (ws) => {
      await plantLock(ws.lock, c.body(ws), c.ageMs);
      const lines: string[] = [];
      const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir, lockStaleMs: c.staleMs, log: (l) => lines.push(l) });
      await store.load(ws.doc);
      await store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', 'existing resources')));
      assert.strictEqual(lines.length, 1, lines.join('\n'));
      assert.match(lines[0], /^Policy Lens: removed a stale lock .*plan\.md\.annotations\.yaml\.lock/);
      assert.match(lines[0], c.says);
      assert.deepStrictEqual(await listing(ws.dir), ['plan.md', 'plan.md.annotations.yaml'], 'the lock is gone after the save');
      return lostFrom(ws.sidecar, ['base0', 'mine1']);
    }));
  }

  rit('faults', 'a live lock (its process is running) is waited for, then the save goes on', () => withWorkspace(async (ws) => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await plantLock(ws.lock, { pid: holder.pid, host: os.hostname() });
      const fs = faultyFs({});
      const lines: string[] = [];
      const store = new SidecarStore(fs, { workspaceRoot: ws.dir, log: (l) => lines.push(l) });
      await store.load(ws.doc);
      let done = false;
      const saving = store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', 'existing resources'))).finally(() => { done = true; });
      while (fs.ops.filter((o) => o.startsWith('lock busy')).length < 3) await new Promise((r) => setTimeout(r, 5));
      assert.ok(!done, 'the save waits while the lock is held');
      assert.deepStrictEqual(await idsOnDisk(ws.sidecar), ['base0'], 'nothing written while the lock is held');
      await fsp.rm(ws.lock); // the holder releases it
      await saving;
      assert.deepStrictEqual(lines, [], 'a live lock is not broken');
      assert.ok(!(await exists(ws.lock)));
      return lostFrom(ws.sidecar, ['base0', 'mine1']);
    } finally {
      holder.kill();
    }
  }));

  const failures: { name: string; fs: (ws: Ws) => FileSystem }[] = [
    { name: 'the rename fails (EPERM)', fs: () => faultyFs({ failRename: () => true }) },
    { name: 'an error right after the rename (EIO)', fs: () => faultyFs({ afterRename: () => { throw Object.assign(new Error('EIO (injected)'), { code: 'EIO' }); } }) },
    { name: 'the in-place write fails (a file system without rename)', fs: (ws) => { const f = faultyFs({ failWrite: (p) => p === ws.sidecar }); f.rename = async () => { throw new RenameUnsupportedError(); }; return f; } },
  ];
  for (const c of failures) {
    rit('faults', `the lock is released when the write fails: ${c.name}`, () => withWorkspace(async (ws) => {
      const store = new SidecarStore(c.fs(ws), { workspaceRoot: ws.dir });
      await store.load(ws.doc);
      await assert.rejects(store.save(ws.doc, (s) => addAnnotation(s, annotation('lost1', 'existing resources'))));
      assert.ok(!(await exists(ws.lock)), 'no lock file left');
      // The next save (another process) finds no lock to wait for or break.
      const lines: string[] = [];
      const next = new SidecarStore(faultyFs({}), { workspaceRoot: ws.dir, log: (l) => lines.push(l) });
      await next.load(ws.doc);
      await next.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', 'additional investment')));
      assert.deepStrictEqual(lines, []);
      assert.deepStrictEqual(await listing(ws.dir), ['plan.md', 'plan.md.annotations.yaml']);
      return lostFrom(ws.sidecar, ['base0', 'mine1']);
    }));
  }

  rit('faults', 'the lock cannot be removed after a save: the next save breaks it at once, as one this process left', () => withWorkspace(async (ws) => {
    const fs = faultyFs({});
    const del = fs.delete;
    fs.delete = async (p) => { if (p.endsWith(LOCK_SUFFIX)) throw Object.assign(new Error('EBUSY (injected)'), { code: 'EBUSY' }); return del(p); };
    const lines: string[] = [];
    const store = new SidecarStore(fs, { workspaceRoot: ws.dir, log: (l) => lines.push(l) });
    await store.load(ws.doc);
    await store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', 'existing resources')));
    assert.ok(await exists(ws.lock), 'the lock was left (its removal failed)');
    assert.match(lines.join('\n'), /could not remove the lock .*EBUSY.*the next save removes it/);
    const next = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir, log: (l) => lines.push(l) });
    await next.load(ws.doc);
    await next.save(ws.doc, (s) => addAnnotation(s, annotation('mine2', 'additional investment')));
    assert.match(lines[lines.length - 1], /removed a stale lock .*this process left it behind/);
    assert.ok(!(await exists(ws.lock)));
    return lostFrom(ws.sidecar, ['base0', 'mine1', 'mine2']);
  }));

  rit('faults', 'without an exclusive create (the web) no lock is taken, and a lock file found is left alone', () => withWorkspace(async (ws) => {
    await plantLock(ws.lock, { pid: process.pid, host: os.hostname() });
    const fs = faultyFs({ noLock: true });
    const store = new SidecarStore(fs, { workspaceRoot: ws.dir });
    await store.load(ws.doc);
    await store.save(ws.doc, (s) => addAnnotation(s, annotation('mine1', 'existing resources')));
    assert.ok(!fs.ops.some((o) => o.startsWith('lock')));
    assert.ok(await exists(ws.lock), 'not ours to remove');
    return lostFrom(ws.sidecar, ['base0', 'mine1']);
  }));

  // Two stores in one process that do not share a save queue (another spelling of the path),
  // as two processes would not: only the lock orders their checks and renames.
  rit('faults', 'two stores in one process, unqueued, 25 saves each at once: every annotation kept', () => withWorkspace(async (ws) => {
    const docB = `${ws.dir}/./plan.md`;
    const a = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    const b = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    await Promise.all([a.load(ws.doc), b.load(docB)]);
    const ids = (p: string) => Array.from({ length: 25 }, (_, i) => `${p}${i}`);
    await Promise.all([
      ...ids('a').map((id, i) => a.save(ws.doc, (s) => addAnnotation(s, annotation(id, 'existing resources', PLAN_TEXT, { note: `a ${i}` })))),
      ...ids('b').map((id, i) => b.save(docB, (s) => addAnnotation(s, annotation(id, 'additional investment', PLAN_TEXT, { note: `b ${i}` })))),
    ]);
    assert.deepStrictEqual(await listing(ws.dir), ['plan.md', 'plan.md.annotations.yaml']);
    return lostFrom(ws.sidecar, ['base0', ...ids('a'), ...ids('b')]);
  }));

  rit('faults', 'three processes and this one saving the same sidecar at once: every annotation kept', () => withWorkspace(async (ws) => {
    const worker = path.join(__dirname, 'save-worker.js');
    const count = 15;
    const children = ['p', 'q', 'r'].map((prefix) => {
      const child = spawn(process.execPath, [worker, ws.doc, prefix, String(count)], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env } });
      let err = '';
      child.stderr.on('data', (d) => { err += String(d); });
      const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const exited = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${prefix} exited ${code}: ${err}`)))));
      return { prefix, child, ready, exited };
    });
    await Promise.all(children.map((c) => c.ready));
    const here = new SidecarStore(nodeFileSystem, { workspaceRoot: ws.dir });
    await here.load(ws.doc);
    for (const c of children) c.child.stdin.end('go\n');
    const mine = Array.from({ length: count }, (_, i) => `h${i}`);
    for (const id of mine) await here.save(ws.doc, (s) => addAnnotation(s, annotation(id, 'the VCSE sector')));
    await Promise.all(children.map((c) => c.exited));
    assert.deepStrictEqual(await listing(ws.dir), ['plan.md', 'plan.md.annotations.yaml'], 'no lock or temporary file left');
    const expected = ['base0', ...mine, ...children.flatMap((c) => Array.from({ length: count }, (_, i) => `${c.prefix}${i}`))];
    return lostFrom(ws.sidecar, expected);
  }));

  it('a lock file is never read as a sidecar, nor as a document', async () => {
    const lock = lockPathFor('/w/plan.md.annotations.yaml');
    assert.strictEqual(lock, '/w/plan.md.annotations.yaml.lock');
    assert.ok(!isSidecarPath(lock));
    assert.ok(!lock.endsWith(SIDECAR_SUFFIX), 'the sidecar watcher and finders (**/*.annotations.yaml) do not match it');
    const dir = await tempDir('pl-lock-');
    try {
      await fsp.writeFile(path.join(dir, 'plan.md'), PLAN_TEXT);
      await fsp.writeFile(path.join(dir, 'plan.md.annotations.yaml.lock'), '{}');
      const { files } = await expandInputs([dir], dir, ['.md', '.txt']);
      assert.deepStrictEqual(files.map((f) => path.basename(f)), ['plan.md'], 'the CLI folder walker skips it');
    } finally {
      await removeDir(dir);
    }
  });
});
