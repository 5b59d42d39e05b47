import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { makeAnchor } from '../../src/core/annotations/anchor';
import { serializeSidecar } from '../../src/core/annotations/sidecar';
import type { Annotation } from '../../src/core/annotations/types';
import type { SinceReport } from '../../src/cli/check-since';

const DOC = 'The plan says that integrated care boards will lead. General practice is not named. Funding will come from existing resources. The VCSE sector is a partner.\n';

function ann(id: string, quote: string, more: Partial<Annotation> = {}, text = DOC): Annotation {
  const start = text.indexOf(quote);
  return { id, tag: 'omission', note: `note ${id}`, ...makeAnchor(text, start, start + quote.length), ...more };
}

describe('policy-lens check --since (a scripted git history)', function () {
  this.timeout(60_000);
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (file: string, text: string) => { fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true }); fs.writeFileSync(path.join(repo, file), text); };
  const run = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['check', ...args], { cwd: repo, stdout: (t) => { out += t; }, stderr: (t) => { err += t; } });
    return { code, out, err };
  };

  before(function () {
    try { execFileSync('git', ['--version']); } catch { this.skip(); }
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-since-')));
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'commit.gpgsign', 'false');
    write('docs/plan.md', DOC);
    write('docs/plan.md.annotations.yaml', serializeSidecar({ version: 1, document: 'plan.md', annotations: [
      ann('a1', 'integrated care boards'), ann('b2', 'General practice'), ann('c3', 'existing resources'), ann('d4', 'VCSE sector'),
    ] }));
    write('docs/gone.md', 'Gone text here.\n');
    write('docs/gone.md.annotations.yaml', serializeSidecar({ version: 1, document: 'gone.md', annotations: [ann('g1', 'Gone text', {}, 'Gone text here.\n')] }));
    // Unchanged since v1 (sidecar and document keep their blob ids): skipped unread, so its
    // annotation, orphaned already at v1, is not reported again.
    write('docs/still.md', 'Nothing here matches.\n');
    write('docs/still.md.annotations.yaml', serializeSidecar({ version: 1, document: 'still.md', annotations: [{ id: 's1', tag: 'omission', note: '', quote: 'long gone', prefix: '', suffix: '', start: 0 }] }));
    // Only the document changes since v1: its annotation's text goes, so it is reported orphaned.
    write('docs/moved.md', 'The moved passage stays here.\n');
    write('docs/moved.md.annotations.yaml', serializeSidecar({ version: 1, document: 'moved.md', annotations: [ann('m1', 'moved passage', {}, 'The moved passage stays here.\n')] }));
    git('add', '.');
    git('commit', '-qm', 'base');
    write('docs/moved.md', 'Rewritten entirely.\n');
    git('tag', 'v1');
    // The working tree since v1: a1 edited (note), b2 re-attached, c3's text removed from the
    // document (orphaned), d4 deleted, e5 added, a reply on nothing else; gone.md's sidecar deleted.
    const doc = DOC.replace('Funding will come from existing resources. ', '');
    write('docs/plan.md', doc);
    write('docs/plan.md.annotations.yaml', serializeSidecar({ version: 1, document: 'plan.md', annotations: [
      ann('a1', 'integrated care boards', { note: 'edited note', replies: [{ id: 'r1', body: 'A reply.' }] }, doc),
      ann('b2', 'General practice is not named', {}, doc),
      ann('c3', 'existing resources'),
      ann('e5', 'The plan says', {}, doc),
    ] }));
    fs.rmSync(path.join(repo, 'docs/gone.md.annotations.yaml'));
  });
  after(() => { if (repo) fs.rmSync(repo, { recursive: true, force: true }); });

  it('reports each kind of change, as JSON', async () => {
    const before = git('status', '--porcelain');
    const { code, out } = await run('--since', 'v1', '--format', 'json', '.');
    const report = JSON.parse(out) as SinceReport;
    const kinds = Object.fromEntries(report.sidecars.flatMap((s) => s.changes.map((c) => [`${s.path}#${c.id}`, c.kinds.join('+')])));
    assert.deepStrictEqual(kinds, {
      'docs/plan.md.annotations.yaml#a1': 'edited',
      'docs/plan.md.annotations.yaml#b2': 're-anchored',
      'docs/plan.md.annotations.yaml#c3': 'orphaned',
      'docs/plan.md.annotations.yaml#e5': 'added',
      'docs/plan.md.annotations.yaml#d4': 'deleted',
      'docs/gone.md.annotations.yaml#g1': 'deleted',
      'docs/moved.md.annotations.yaml#m1': 'orphaned',
    });
    assert.deepStrictEqual(report.sidecars.find((s) => s.path.endsWith('plan.md.annotations.yaml'))!.changes.find((c) => c.id === 'a1')!.fields, ['note', 'replies']);
    assert.strictEqual(code, 1, 'an orphan fails the check');
    assert.strictEqual(git('status', '--porcelain'), before, 'nothing written, nothing checked out');
  });

  it('prints a line per change and a tally', async () => {
    const { out } = await run('--since', 'v1', 'docs');
    assert.match(out, /docs\/plan\.md\.annotations\.yaml: edited \(note, replies\): a1 \(omission\) "integrated care boards"/);
    assert.match(out, /1 added, 1 edited, 1 re-anchored, 2 orphaned, 2 deleted\n$/);
  });

  it('limits itself to the paths given', async () => {
    const { out } = await run('--since', 'v1', '--format', 'json', 'docs/gone.md');
    assert.deepStrictEqual((JSON.parse(out) as SinceReport).sidecars.map((s) => s.path), ['docs/gone.md.annotations.yaml']);
  });

  it('says so when the revision is not one', async () => {
    const { code, err } = await run('--since', 'no-such-branch', '.');
    assert.strictEqual(code, 2);
    assert.match(err, /'no-such-branch' is not a commit/);
  });
});
