import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeSidecarTexts } from '../../src/core/annotations/merge-driver';
import { parseSidecar, serializeSidecar } from '../../src/core/annotations/sidecar';
import type { Annotation, Sidecar } from '../../src/core/annotations/types';

function ann(id: string, start: number, more: Partial<Annotation> = {}): Annotation {
  return { id, tag: 'omission', note: `note ${id}`, quote: `passage ${id}`, prefix: 'before ', suffix: ' after', start, author: 'ana', created: '2026-01-01T10:00:00Z', ...more };
}

function file(...annotations: Annotation[]): string {
  return serializeSidecar({ version: 1, document: 'plan.md', annotations });
}

function read(text: string): Sidecar {
  const r = parseSidecar(text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.sidecar;
}

const A = ann('a1', 10);
const B = ann('b2', 50);
const REPLY = { id: 'r1', author: 'bo', created: '2026-01-02T10:00:00Z', body: 'Agreed.' };

interface Case {
  name: string;
  base: string;
  ours: string;
  theirs: string;
  ids?: string[];
  check?: (merged: Sidecar, text: string) => void;
  fails?: 'ours' | 'theirs';
}

const CASES: Case[] = [
  { name: 'both add different annotations: both kept', base: file(A), ours: file(A, B), theirs: file(A, ann('c3', 90)), ids: ['a1', 'b2', 'c3'] },
  { name: 'both add the file (no base): both kept', base: '', ours: file(A), theirs: file(B), ids: ['a1', 'b2'] },
  { name: 'one side edits a note: that edit', base: file(A, B), ours: file(A, B), theirs: file({ ...A, note: 'theirs' }, B), ids: ['a1', 'b2'], check: (m) => assert.strictEqual(m.annotations[0].note, 'theirs') },
  { name: 'each side edits a different field: both edits', base: file(A), ours: file({ ...A, note: 'ours' }), theirs: file({ ...A, tag: 'funding' }), check: (m) => assert.deepStrictEqual([m.annotations[0].note, m.annotations[0].tag, m.annotations[0].conflicts], ['ours', 'funding', undefined]) },
  {
    name: 'both edit the same note: ours kept, theirs recorded', base: file(A), ours: file({ ...A, note: 'ours\n\nsecond' }), theirs: file({ ...A, note: 'theirs\n- list\n' }),
    check: (m, text) => {
      assert.strictEqual(m.annotations[0].note, 'ours\n\nsecond');
      assert.deepStrictEqual(m.annotations[0].conflicts, [{ field: 'note', theirs: 'theirs\n- list\n' }]);
      assert.match(text, /conflicts:\n {6}- field: note\n {8}theirs: \|\n {10}theirs\n {10}- list\n/);
    },
  },
  { name: 'one deletes, the other edits: the edit kept, marked deleted by theirs', base: file(A, B), ours: file({ ...A, note: 'ours' }, B), theirs: file(B), ids: ['a1', 'b2'], check: (m) => assert.deepStrictEqual(m.annotations[0].conflicts, [{ field: 'deleted', side: 'theirs' }]) },
  { name: 'one deletes, the other edits (the other way): kept, marked deleted by ours', base: file(A, B), ours: file(B), theirs: file({ ...A, note: 'theirs' }, B), ids: ['a1', 'b2'], check: (m) => assert.deepStrictEqual([m.annotations[0].note, m.annotations[0].conflicts], ['theirs', [{ field: 'deleted', side: 'ours' }]]) },
  { name: 'one deletes, the other leaves it: deleted', base: file(A, B), ours: file(A, B), theirs: file(B), ids: ['b2'] },
  {
    name: 'replies on both sides: all kept, in time order', base: file(A), ours: file({ ...A, replies: [REPLY] }), theirs: file({ ...A, replies: [{ ...REPLY, id: 'r2', author: 'cy', created: '2026-01-01T12:00:00Z', body: 'Earlier.' }] }),
    check: (m) => assert.deepStrictEqual(m.annotations[0].replies!.map((r) => r.id), ['r2', 'r1']),
  },
  {
    name: 'the same reply edited on both sides: ours kept, theirs recorded', base: file({ ...A, replies: [REPLY] }), ours: file({ ...A, replies: [{ ...REPLY, body: 'ours' }] }), theirs: file({ ...A, replies: [{ ...REPLY, body: 'theirs' }] }),
    check: (m) => {
      assert.strictEqual(m.annotations[0].replies![0].body, 'ours');
      assert.deepStrictEqual(m.annotations[0].conflicts, [{ field: 'replies.r1', theirs: { ...REPLY, body: 'theirs' } }]);
    },
  },
  { name: 'a reply here, resolved there: both', base: file(A), ours: file({ ...A, replies: [REPLY] }), theirs: file({ ...A, status: 'resolved' }), check: (m) => assert.deepStrictEqual([m.annotations[0].status, m.annotations[0].replies?.length], ['resolved', 1]) },
  { name: 're-anchored on both sides: no conflict', base: file(A), ours: file({ ...A, start: 12 }), theirs: file({ ...A, start: 14 }), check: (m) => assert.strictEqual(m.annotations[0].conflicts, undefined) },
  { name: 'the same new id for different passages: both kept, theirs renamed', base: file(), ours: file(A), theirs: file({ ...A, quote: 'another passage', note: 'other' }), check: (m) => { assert.strictEqual(m.annotations.length, 2); assert.deepStrictEqual(m.annotations.map((a) => a.note).sort(), ['note a1', 'other']); } },
  { name: 'our side does not parse: refused', base: file(A), ours: 'version: 1\nannotations: [\n', theirs: file(A, B), fails: 'ours' },
  { name: 'their side has conflict markers: refused', base: file(A), ours: file(A, B), theirs: `${file(A)}<<<<<<< HEAD\n=======\n>>>>>>> x\n`, fails: 'theirs' },
  { name: 'identical sides: ours as it is', base: file(A), ours: file(B), theirs: file(B), ids: ['b2'] },
];

describe('merge driver: three-way merge of sidecar texts', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const result = mergeSidecarTexts(c.base, c.ours, c.theirs);
      if (c.fails) {
        assert.ok(!result.ok);
        assert.strictEqual(result.side, c.fails);
        return;
      }
      assert.ok(result.ok, JSON.stringify(result));
      const merged = read(result.text);
      if (c.ids) assert.deepStrictEqual(merged.annotations.map((a) => a.id), c.ids);
      c.check?.(merged, result.text);
    });
  }

  it('keeps our comments and layout', () => {
    const ours = `# reviewed by ana\n${file(A)}`;
    const result = mergeSidecarTexts(file(A), ours, file(A, B));
    assert.ok(result.ok);
    assert.ok(result.text.startsWith('# reviewed by ana\n'));
  });

  it('a sidecar with a conflict entry still loads and writes back unchanged', () => {
    const result = mergeSidecarTexts(file(A), file({ ...A, note: 'ours' }), file({ ...A, note: 'theirs' }));
    assert.ok(result.ok);
    const r = parseSidecar(result.text);
    assert.ok(r.ok);
    assert.strictEqual(serializeSidecar(r.sidecar, r.handle), result.text);
  });
});

describe('merge driver: end to end with git', function () {
  this.timeout(60_000);
  const cli = path.resolve(__dirname, '../../src/cli.js');
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' } });
  const sidecarPath = () => path.join(repo, 'plan.md.annotations.yaml');

  before(function () {
    try { execFileSync('git', ['--version']); } catch { this.skip(); }
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-merge-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'commit.gpgsign', 'false');
  });
  after(() => { if (repo) fs.rmSync(repo, { recursive: true, force: true }); });

  const write = (annotations: Annotation[]) => fs.writeFileSync(sidecarPath(), file(...annotations));

  it('two branches annotate the same document; the merge has every annotation and no markers', () => {
    fs.writeFileSync(path.join(repo, 'plan.md'), 'The plan names passage a1 and passage b2 and passage c3.\n');
    write([A]);
    fs.writeFileSync(path.join(repo, '.gitattributes'), '*.annotations.yaml merge=policy-lens\n');
    git('config', 'merge.policy-lens.driver', `"${process.execPath}" "${cli}" merge-sidecar %O %A %B`);
    git('add', '.');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'ana');
    write([{ ...A, note: 'ana edits\n\nin two paragraphs\n' }, B]);
    git('commit', '-qam', 'ana');
    git('checkout', '-q', 'main');
    write([{ ...A, replies: [REPLY] }, ann('c3', 90)]);
    git('commit', '-qam', 'main');
    git('merge', '-q', '--no-edit', 'ana');
    const text = fs.readFileSync(sidecarPath(), 'utf8');
    assert.doesNotMatch(text, /^(<{7}|={7}|>{7})/m);
    const merged = read(text);
    assert.deepStrictEqual(merged.annotations.map((a) => a.id), ['a1', 'b2', 'c3']);
    assert.strictEqual(merged.annotations[0].note, 'ana edits\n\nin two paragraphs\n');
    assert.deepStrictEqual(merged.annotations[0].replies, [REPLY]);
    assert.strictEqual(git('status', '--porcelain'), '');
  });

  it('without the driver the same merge conflicts (the test would notice a driver that did nothing)', () => {
    git('checkout', '-qb', 'x1', 'HEAD~1');
    write([{ ...A, note: 'x1' }, ann('d4', 95)]);
    git('commit', '-qam', 'x1');
    git('checkout', '-qb', 'x2', 'HEAD~1');
    write([{ ...A, note: 'x2' }, ann('e5', 96)]);
    git('commit', '-qam', 'x2');
    git('config', '--unset', 'merge.policy-lens.driver');
    assert.throws(() => git('merge', '-q', '--no-edit', 'x1'));
    git('merge', '--abort');
    git('config', 'merge.policy-lens.driver', `"${process.execPath}" "${cli}" merge-sidecar %O %A %B`);
    git('merge', '-q', '--no-edit', 'x1');
    const merged = read(fs.readFileSync(sidecarPath(), 'utf8'));
    assert.deepStrictEqual(merged.annotations.map((a) => a.id).sort(), ['a1', 'd4', 'e5']);
    assert.deepStrictEqual(merged.annotations.find((a) => a.id === 'a1')!.conflicts, [{ field: 'note', theirs: 'x1' }]);
  });

  it('a side that does not parse: git\'s conflict, both versions in the file, exit non-zero', () => {
    git('checkout', '-qb', 'y1', 'main');
    fs.writeFileSync(sidecarPath(), 'version: 1\ndocument: plan.md\nannotations: [\n');
    git('commit', '-qam', 'broken');
    git('checkout', '-qb', 'y2', 'main');
    write([A, ann('f6', 97)]);
    git('commit', '-qam', 'y2');
    assert.throws(() => git('merge', '-q', '--no-edit', 'y1'));
    const text = fs.readFileSync(sidecarPath(), 'utf8');
    assert.match(text, /^<{7} /m);
    assert.ok(text.includes('id: f6'), 'ours kept');
    assert.ok(text.includes('annotations: ['), 'theirs kept');
    git('merge', '--abort');
  });
});
