import * as assert from 'node:assert';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeFileSystem } from '../../src/adapters/node-fs';
import {
  FileSystem, isSidecarPath, RenameUnsupportedError, SidecarConflictError, SidecarInvalidError, SidecarStore, SidecarUnsafePathError, SidecarWriteRefusedError, sidecarPathFor,
} from '../../src/adapters/sidecar-store';
import { addAnnotation, updateAnnotation } from '../../src/core/annotations/edits';
import { parseSidecar, serializeSidecar, emptySidecar } from '../../src/core/annotations/sidecar';
import type { Annotation } from '../../src/core/annotations/types';
import yaml = require('yaml');

/** An in-memory file system whose operations can be made to fail or be intercepted. */
class MemoryFs implements FileSystem {
  files = new Map<string, Uint8Array>();
  mtimes = new Map<string, number>();
  clock = 0;
  reads: string[] = [];
  failWrite?: (path: string) => boolean;
  failRename = false;
  /** A virtual file system without rename (the store must write in place, checked). */
  noRename = false;
  renames = 0;
  /** Writes only the first half of the text to `path` and reports success (a silently cut write). */
  cutWrite?: (path: string) => boolean;
  beforeRename?: () => void;
  async readFile(p: string) { this.reads.push(p); const f = this.files.get(p); if (!f) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' }); return f; }
  async writeFile(p: string, data: Uint8Array) {
    if (this.failWrite?.(p)) {
      this.files.set(p, data.slice(0, Math.floor(data.length / 2))); // part-written
      throw new Error('ENOSPC: disk full');
    }
    this.files.set(p, this.cutWrite?.(p) ? data.slice(0, Math.floor(data.length / 2)) : data);
    this.mtimes.set(p, ++this.clock);
  }
  async rename(from: string, to: string) {
    this.renames++;
    if (this.noRename) throw new RenameUnsupportedError();
    this.beforeRename?.();
    if (this.failRename) throw new Error('EPERM');
    const f = this.files.get(from); if (!f) throw new Error('ENOENT'); this.files.set(to, f); this.files.delete(from); this.mtimes.set(to, this.mtimes.get(from) ?? 0);
  }
  async delete(p: string) { this.files.delete(p); }
  async stat(p: string) { const f = this.files.get(p); return f ? { mtime: this.mtimes.get(p) ?? 0, size: f.length } : undefined; }
  text(p: string) { return new TextDecoder().decode(this.files.get(p)); }
  put(p: string, t: string) { this.files.set(p, new TextEncoder().encode(t)); this.mtimes.set(p, ++this.clock); }
}

const DOC = '/ws/docs/plan.md';
const SIDECAR = sidecarPathFor(DOC);
const note = (id: string, start = 10): Annotation => ({ id, tag: 'question', note: `note ${id}`, quote: `quote ${id}`, prefix: '', suffix: '', start });
const initial = serializeSidecar(addAnnotation(emptySidecar('plan.md'), note('aaaa', 5)));
const parseOk = (text: string) => { const r = parseSidecar(text); assert.ok(r.ok); return r.sidecar; };
const ids = (text: string) => { const r = parseSidecar(text); assert.ok(r.ok); return r.sidecar.annotations.map((a) => a.id).sort(); };

describe('SidecarStore', () => {
  it('names sidecars after their documents', () => {
    assert.strictEqual(sidecarPathFor('a/plan.md'), 'a/plan.md.annotations.yaml');
    assert.deepStrictEqual(['a/plan.md.annotations.yaml', 'plan.md', '.annotations.yaml', 'a/.annotations.yaml'].map(isSidecarPath), [true, false, false, false]);
  });

  it('creates a sidecar when there is none', async () => {
    const fs = new MemoryFs();
    const store = new SidecarStore(fs);
    assert.strictEqual((await store.load(DOC)).state, 'missing');
    await store.save(DOC, (s) => addAnnotation(s, note('bbbb')));
    assert.match(fs.text(SIDECAR), /^version: 1\ndocument: plan.md\n/);
    assert.deepStrictEqual([...fs.files.keys()], [SIDECAR], 'no temporary file left');
  });

  const faults: { name: string; arrange: (fs: MemoryFs) => void }[] = [
    { name: 'the write fails part-way', arrange: (fs) => { fs.failWrite = (p) => p !== SIDECAR; } },
    { name: 'the rename fails', arrange: (fs) => { fs.failRename = true; } },
  ];
  for (const f of faults) {
    it(`keeps the old file intact and removes the temporary file when ${f.name}`, async () => {
      const fs = new MemoryFs();
      fs.put(SIDECAR, initial);
      const store = new SidecarStore(fs);
      await store.load(DOC);
      f.arrange(fs);
      await assert.rejects(store.save(DOC, (s) => addAnnotation(s, note('bbbb'))));
      assert.strictEqual(fs.text(SIDECAR), initial);
      assert.deepStrictEqual([...fs.files.keys()], [SIDECAR]);
    });
  }

  // Issue 10: the editor's context menu passed the document's URI where the tag belongs, and the
  // URI object was written as the tag; the sidecar then did not load. The store now checks.
  const unreadable: { name: string; change: (a: Annotation) => Annotation; reason: RegExp }[] = [
    { name: 'a URI object as the tag', change: (a) => ({ ...a, tag: { $mid: 1, scheme: 'file', path: '/ws/docs/plan.md' } as unknown as string }), reason: /'tag' must be text/ },
    { name: 'a number as the quote', change: (a) => ({ ...a, quote: 42 as unknown as string }), reason: /'quote'/ },
    { name: 'an empty quote', change: (a) => ({ ...a, quote: '' }), reason: /'quote' must not be empty/ },
    { name: 'an id that is not a word', change: (a) => ({ ...a, id: 'a b/c' }), reason: /must be letters, digits/ },
    { name: 'a negative start', change: (a) => ({ ...a, start: -4 }), reason: /'start'/ },
    { name: 'an empty tag (the schema asks for one)', change: (a) => ({ ...a, tag: ' ' }), reason: /'tag' must not be empty/ },
    { name: 'a date that is not one', change: (a) => ({ ...a, created: 'yesterday' }), reason: /'created' must be an ISO 8601/ },
  ];
  for (const u of unreadable) {
    it(`refuses to write what it could not read back (${u.name}); the file is untouched`, async () => {
      const fs = new MemoryFs();
      fs.put(SIDECAR, initial);
      const store = new SidecarStore(fs);
      await store.load(DOC);
      const err = await store.save(DOC, (s) => addAnnotation(s, u.change(note('bbbb')))).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof SidecarWriteRefusedError, `refused: ${String(err)}`);
      assert.match(err.message, u.reason);
      assert.match(err.message, /The file on disk is unchanged/);
      assert.strictEqual(fs.text(SIDECAR), initial, 'the file on disk is byte-for-byte as it was');
      assert.deepStrictEqual([...fs.files.keys()], [SIDECAR], 'no temporary file left');
    });
  }

  it('refuses a suppression the reader would drop, but not what was already on disk', async () => {
    const fs = new MemoryFs();
    const handWritten = 'version: 1\ndocument: plan.md\nsuppressions:\n  - { note: hand-written }\nannotations:\n  - id: h1\n    tag: ""\n    quote: q\n';
    fs.put(SIDECAR, handWritten);
    const store = new SidecarStore(fs);
    await store.load(DOC);
    const bad = await store.save(DOC, (s) => ({ ...s, extra: { suppressions: [...(s.extra!.suppressions as unknown[]), { rule: { $mid: 1 } }] } })).then(() => undefined, (e: unknown) => e);
    assert.ok(bad instanceof SidecarWriteRefusedError, String(bad));
    assert.match(bad.message, /'suppressions' item must have a rule/);
    assert.strictEqual(fs.text(SIDECAR), handWritten);
    await store.save(DOC, (s) => addAnnotation(s, note('bbbb')));
    assert.deepStrictEqual(ids(fs.text(SIDECAR)), ['bbbb', 'h1'], 'entries already on disk do not block a new one');
  });

  it('refuses data that would read back as something else (a value YAML cannot keep)', async () => {
    const fs = new MemoryFs();
    const store = new SidecarStore(fs);
    const err = await store.save(DOC, (s) => ({ ...s, extra: { seen: new Map([['by', 'me']]) } })).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof SidecarWriteRefusedError, `refused: ${String(err)}`);
    assert.strictEqual(fs.files.size, 0, 'nothing written');
  });

  it('never overwrites a sidecar that does not parse', async () => {
    const fs = new MemoryFs();
    const conflicted = `${initial}<<<<<<< HEAD\n=======\n>>>>>>> theirs\n`;
    fs.put(SIDECAR, conflicted);
    const store = new SidecarStore(fs);
    const loaded = await store.load(DOC);
    assert.strictEqual(loaded.state, 'invalid');
    await assert.rejects(store.save(DOC, (s) => addAnnotation(s, note('bbbb'))), (err: unknown) => {
      assert.ok(err instanceof SidecarInvalidError);
      assert.match(err.problems[0].message, /unresolved git merge conflict/);
      return true;
    });
    assert.strictEqual(fs.text(SIDECAR), conflicted);
  });

  it('merges by id when the file changed on disk since it was loaded', async () => {
    const fs = new MemoryFs();
    fs.put(SIDECAR, initial);
    const store = new SidecarStore(fs);
    await store.load(DOC);
    const other = new SidecarStore(fs);
    await other.load(DOC);
    await other.save(DOC, (s) => addAnnotation(s, note('cccc', 50)));
    await store.save(DOC, (s) => addAnnotation(s, note('bbbb', 20)));
    assert.deepStrictEqual(ids(fs.text(SIDECAR)), ['aaaa', 'bbbb', 'cccc']);
  });

  it('re-reads the file before writing and merges what changed there since load', async () => {
    const fs = new MemoryFs();
    fs.put(SIDECAR, initial);
    const store = new SidecarStore(fs);
    await store.load(DOC);
    // Someone edits the file after our load: the save must notice on its re-read.
    fs.put(SIDECAR, serializeSidecar(addAnnotation(parseSidecarOk(initial), note('dddd', 80))));
    await store.save(DOC, (s) => addAnnotation(s, note('bbbb', 20)));
    assert.deepStrictEqual(ids(fs.text(SIDECAR)), ['aaaa', 'bbbb', 'dddd']);
  });

  it('reports a conflict (with ids) when the same annotation changed on both sides, and writes nothing', async () => {
    const fs = new MemoryFs();
    fs.put(SIDECAR, initial);
    const store = new SidecarStore(fs);
    await store.load(DOC);
    const theirs = serializeSidecar(updateAnnotation(parseSidecarOk(initial), 'aaaa', { note: 'theirs' }));
    fs.put(SIDECAR, theirs);
    await assert.rejects(store.save(DOC, (s) => updateAnnotation(s, 'aaaa', { note: 'mine' })), (err: unknown) => {
      assert.ok(err instanceof SidecarConflictError);
      assert.deepStrictEqual(err.ids, ['aaaa']);
      return true;
    });
    assert.strictEqual(fs.text(SIDECAR), theirs);
  });

  // What the editor does after a conflict (AnnotationStore reloads; "Apply Mine on Top" runs the
  // same write again): the change lands on top of the version on disk, and every other
  // annotation of both sides is kept. A reload counts as a load here: quick or not.
  for (const quick of [false, true]) {
    it(`after a conflict, reading the file again (${quick ? 'quick reader' : 'yaml'}) and saving the same change applies it on top of the disk version`, async () => {
      const fs = new MemoryFs();
      fs.put(SIDECAR, initial);
      const store = new SidecarStore(fs);
      await store.load(DOC, { quick });
      const theirs = serializeSidecar(addAnnotation(updateAnnotation(parseSidecarOk(initial), 'aaaa', { note: 'theirs' }), note('tttt', 90)));
      fs.put(SIDECAR, theirs);
      const mine = (s: ReturnType<typeof emptySidecar>) => updateAnnotation(s, 'aaaa', { note: 'mine' });
      await assert.rejects(store.save(DOC, mine), SidecarConflictError);
      assert.strictEqual(fs.text(SIDECAR), theirs, 'nothing written on the conflict');
      await store.load(DOC, { quick });
      await store.save(DOC, mine);
      const after = parseSidecarOk(fs.text(SIDECAR));
      assert.strictEqual(after.annotations.find((a) => a.id === 'aaaa')?.note, 'mine');
      assert.ok(after.annotations.some((a) => a.id === 'tttt'), 'their new annotation is kept');
    });
  }

  it('a quick load does not stat the file, so the file is never taken for the echo of our own write; a save then is', async () => {
    const fs = new MemoryFs();
    fs.put(SIDECAR, initial);
    let stats = 0;
    const stat = fs.stat.bind(fs);
    fs.stat = async (p: string) => { stats++; return stat(p); };
    const store = new SidecarStore(fs);
    await store.load(DOC, { quick: true });
    assert.strictEqual(stats, 0, 'the quick load made no stat call');
    assert.strictEqual(await store.isUnchangedSinceKnown(DOC), false, 'unknown stat: read it again');
    assert.deepStrictEqual((await store.load('/ws/docs/none.md', { quick: true })).state, 'missing');
    await store.save(DOC, (current) => addAnnotation(current, note('mine')));
    assert.strictEqual(await store.isUnchangedSinceKnown(DOC), true, 'our own write is recognised by its stat');
  });

  it('a quick load reads the same sidecar as a full one', async () => {
    const fs = new MemoryFs();
    fs.put(SIDECAR, initial);
    const quick = await new SidecarStore(fs).load(DOC, { quick: true });
    const full = await new SidecarStore(fs).load(DOC);
    assert.deepStrictEqual(quick, full);
  });

  it('loses nothing when two writers save at once', async () => {
    const fs = new MemoryFs();
    fs.put(SIDECAR, initial);
    const a = new SidecarStore(fs);
    const b = new SidecarStore(fs);
    await Promise.all([a.load(DOC), b.load(DOC)]);
    await Promise.all([
      a.save(DOC, (s) => addAnnotation(s, note('bbbb', 20))),
      b.save(DOC, (s) => addAnnotation(s, note('cccc', 30))),
      a.save(DOC, (s) => addAnnotation(s, note('eeee', 40))),
    ]);
    assert.deepStrictEqual(ids(fs.text(SIDECAR)), ['aaaa', 'bbbb', 'cccc', 'eeee']);
  });

  it('does not rewrite the file when nothing changed', async () => {
    const fs = new MemoryFs();
    const handWritten = initial.replace('version: 1', '# hand written\nversion: 1');
    fs.put(SIDECAR, handWritten);
    const store = new SidecarStore(fs);
    await store.load(DOC);
    let writes = 0;
    const write = fs.writeFile.bind(fs);
    fs.writeFile = async (p, d) => { writes++; return write(p, d); };
    await store.save(DOC, (s) => s);
    assert.strictEqual(writes, 0);
  });

  describe('on a file system without rename (some virtual file systems): in place, checked', () => {
    const tempFiles = (fs: MemoryFs) => [...fs.files.keys()].filter((p) => p.endsWith('.tmp'));

    it('writes the sidecar in place, leaves no temporary file, and stops trying to rename', async () => {
      const fs = new MemoryFs();
      fs.noRename = true;
      fs.put(SIDECAR, initial);
      const store = new SidecarStore(fs);
      await store.load(DOC);
      await store.save(DOC, (s) => addAnnotation(s, note('bbbb')));
      await store.save(DOC, (s) => addAnnotation(s, note('cccc')));
      assert.deepStrictEqual(ids(fs.text(SIDECAR)), ['aaaa', 'bbbb', 'cccc']);
      assert.deepStrictEqual(tempFiles(fs), []);
      assert.strictEqual(fs.renames, 1);
    });

    it('never overwrites a change made on disk since load: merges it', async () => {
      const fs = new MemoryFs();
      fs.noRename = true;
      fs.put(SIDECAR, initial);
      const store = new SidecarStore(fs);
      await store.load(DOC);
      fs.put(SIDECAR, serializeSidecar(addAnnotation(parseOk(initial), note('dddd'))));
      await store.save(DOC, (s) => addAnnotation(s, note('bbbb')));
      assert.deepStrictEqual(ids(fs.text(SIDECAR)), ['aaaa', 'bbbb', 'dddd']);
    });

    const cuts: { name: string; arrange: (fs: MemoryFs) => void }[] = [
      { name: 'the write fails half way', arrange: (fs) => { fs.failWrite = (p) => p === SIDECAR; } },
      { name: 'the write is cut short without an error', arrange: (fs) => { fs.cutWrite = (p) => p === SIDECAR; } },
    ];
    for (const c of cuts) {
      it(`puts the sidecar back as it was and fails the save when ${c.name}`, async () => {
        const fs = new MemoryFs();
        fs.noRename = true;
        fs.put(SIDECAR, initial);
        const store = new SidecarStore(fs);
        await store.load(DOC);
        let failing = true;
        c.arrange(fs);
        const write = fs.writeFile.bind(fs);
        // Only our first write is cut; putting the old text back succeeds.
        fs.writeFile = async (p, data) => { const r = write(p, data); if (p === SIDECAR && failing) { failing = false; fs.failWrite = undefined; fs.cutWrite = undefined; } return r; };
        await assert.rejects(store.save(DOC, (s) => addAnnotation(s, note('bbbb'))), /put back as it was/);
        assert.strictEqual(fs.text(SIDECAR), initial);
        assert.deepStrictEqual(tempFiles(fs), []);
      });
    }

    it('removes a half-written new sidecar (there was none before)', async () => {
      const fs = new MemoryFs();
      fs.noRename = true;
      const store = new SidecarStore(fs);
      await store.load(DOC);
      fs.cutWrite = (p) => p === SIDECAR;
      await assert.rejects(store.save(DOC, (s) => addAnnotation(s, note('bbbb'))), /put back as it was/);
      assert.strictEqual(fs.files.has(SIDECAR), false);
    });
  });

  describe('on the real file system', () => {
    let dir: string;
    beforeEach(async () => { dir = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), 'pl-store-'))); });
    afterEach(async () => { await fsp.rm(dir, { recursive: true, force: true }); });

    it('writes atomically and leaves no temporary file', async () => {
      const ws = path.join(dir, 'ws');
      await fsp.mkdir(ws);
      const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws });
      await store.save(path.join(ws, 'plan.md'), (s) => addAnnotation(s, note('aaaa')));
      assert.deepStrictEqual(await fsp.readdir(ws), ['plan.md.annotations.yaml']);
    });

    it('refuses to write through a symbolic link that leads outside the workspace', async () => {
      const ws = path.join(dir, 'ws');
      const outside = path.join(dir, 'outside');
      await fsp.mkdir(ws);
      await fsp.mkdir(outside);
      await fsp.writeFile(path.join(outside, 'plan.md.annotations.yaml'), initial);
      await fsp.symlink(path.join(outside, 'plan.md.annotations.yaml'), path.join(ws, 'plan.md.annotations.yaml'));
      const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws });
      await assert.rejects(store.save(path.join(ws, 'plan.md'), (s) => addAnnotation(s, note('bbbb'))), SidecarUnsafePathError);
      assert.strictEqual(await fsp.readFile(path.join(outside, 'plan.md.annotations.yaml'), 'utf8'), initial);
    });
  });

  describe('annotating a passage reads the sidecar at most once and parses it at most once', () => {
    /** Counts YAML parses (every sidecar parse goes through yaml's parseDocument) while `fn` runs. */
    async function countParses(fn: () => Promise<unknown>): Promise<number> {
      // The module object itself (not an import copy), whose property sidecar.ts calls through.
      const api = yaml as { parseDocument: typeof yaml.parseDocument };
      const original = api.parseDocument;
      let parses = 0;
      api.parseDocument = ((...args: Parameters<typeof yaml.parseDocument>) => { parses++; return original(...args); }) as typeof yaml.parseDocument;
      try {
        await fn();
      } finally {
        api.parseDocument = original;
      }
      return parses;
    }

    for (const annotations of [1, 40]) {
      it(`a sidecar of ${annotations}: each save after the first load reads once and parses once`, async () => {
        const fs = new MemoryFs();
        let s = emptySidecar('plan.md');
        for (let i = 0; i < annotations; i++) s = addAnnotation(s, note(`a${String(i).padStart(3, '0')}`, i * 20));
        fs.put(SIDECAR, serializeSidecar(s));
        const store = new SidecarStore(fs);
        await store.load(DOC);
        for (const id of ['new1', 'new2', 'new3']) {
          fs.reads = [];
          const parses = await countParses(() => store.save(DOC, (current) => addAnnotation(current, note(id))));
          assert.deepStrictEqual(fs.reads, [SIDECAR], `saving ${id} read the sidecar ${fs.reads.length} times`);
          assert.ok(parses <= 1, `saving ${id} parsed YAML ${parses} times`);
        }
        assert.strictEqual(ids(fs.text(SIDECAR)).length, annotations + 3);
      });
    }

    it('a change on disk since our last write is still seen (read, parsed, merged)', async () => {
      const fs = new MemoryFs();
      fs.put(SIDECAR, initial);
      const store = new SidecarStore(fs);
      await store.load(DOC);
      await store.save(DOC, (current) => addAnnotation(current, note('mine')));
      const parsed = parseSidecar(fs.text(SIDECAR));
      assert.ok(parsed.ok);
      fs.put(SIDECAR, serializeSidecar(addAnnotation(parsed.sidecar, note('them')), parsed.handle));
      assert.strictEqual(await store.isUnchangedSinceKnown(DOC), false, 'their write is not taken for our echo');
      await store.save(DOC, (current) => addAnnotation(current, note('mine2')));
      assert.deepStrictEqual(ids(fs.text(SIDECAR)), ['aaaa', 'mine', 'mine2', 'them']);
      assert.strictEqual(await store.isUnchangedSinceKnown(DOC), true, 'our own write is recognised by its stat');
    });
  });
});

function parseSidecarOk(text: string) {
  const r = parseSidecar(text);
  assert.ok(r.ok);
  return r.sidecar;
}
