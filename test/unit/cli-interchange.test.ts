import * as assert from 'node:assert';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import type { CliIo } from '../../src/cli/io';
import { parseSidecar } from '../../src/core/annotations/sidecar';

const PLAN = '# The plan\n\nIntegrated care boards must publish a joint forward plan 😀.\r\nFunding comes from existing resources.\n';
const SIDECAR = `version: 1
document: plan.md
annotations:
  - id: k3f9
    tag: omission
    note: Who else publishes it?
    quote: must publish a joint forward plan
    prefix: "Integrated care boards "
    suffix: " 😀."
    start: 35
    author: Ana
    created: 2026-11-20T10:00:00Z
    updated: 2026-11-20T10:00:00Z
`;

async function run(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await fsp.readdir(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name);
    if ((await fsp.stat(full)).isFile()) out.set(name, await fsp.readFile(full, 'latin1'));
  }
  return out;
}

describe('policy-lens export / import', function () {
  // Each test runs the CLI several times in this process; on the shared machine under load one
  // export-and-import-twice took over mocha's default 2 s.
  this.timeout(20000);
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'pl-interchange-'));
    await fsp.mkdir(path.join(dir, 'docs'));
    await fsp.mkdir(path.join(dir, 'copy'));
    await fsp.writeFile(path.join(dir, 'docs', 'plan.md'), PLAN);
    await fsp.writeFile(path.join(dir, 'docs', 'plan.md.annotations.yaml'), SIDECAR);
    await fsp.writeFile(path.join(dir, 'docs', 'other.md'), 'No annotations here.\n');
    await fsp.writeFile(path.join(dir, 'copy', 'plan.md'), PLAN);
  });
  afterEach(() => fsp.rm(dir, { recursive: true, force: true }));

  it('export --format brief to standard output: only annotated documents from a folder', async () => {
    const r = await run(dir, 'export', 'docs', '--format', 'brief');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# The plan\n\nSource: `docs\/plan\.md`\n\n## Omission\n\n> must publish a joint forward plan\n>\n> \(line 3\)\n\nWho else publishes it\?\n\n<small>Ana · 20 Nov 2026<\/small>\n$/);
  });

  for (const format of ['qdpx', 'w3c'] as const) {
    it(`export --format ${format}, then import into a copy: the sidecar is written and reads back; a second import changes nothing`, async () => {
      const out = path.join(dir, `x.${format}`);
      assert.strictEqual((await run(dir, 'export', 'docs', '--format', format, '--out', out)).code, 0);
      const dry = await run(dir, 'import', out, '--into', 'copy', '--dry-run');
      assert.strictEqual(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /plan\.md: 1 added, 0 changed, 0 orphaned, 0 unchanged/);
      assert.ok(!(await snapshot(path.join(dir, 'copy'))).has('plan.md.annotations.yaml'), 'a dry run writes nothing');
      const r = await run(dir, 'import', out, '--into', 'copy');
      assert.strictEqual(r.code, 0, r.stderr);
      const parsed = parseSidecar(await fsp.readFile(path.join(dir, 'copy', 'plan.md.annotations.yaml'), 'utf8'));
      assert.ok(parsed.ok);
      const [a] = parsed.sidecar.annotations;
      assert.deepStrictEqual([a.tag, a.note, a.quote, a.author, a.created, a.start], ['omission', 'Who else publishes it?', 'must publish a joint forward plan', 'Ana', '2026-11-20T10:00:00Z', 35]);
      const again = await run(dir, 'import', out, '--into', 'copy');
      assert.match(again.stdout, /0 added, 0 changed, 0 orphaned, 1 unchanged/);
    });
  }

  it('export --ids / --tag: only the selected annotations; an id not found is named', async () => {
    const two = SIDECAR + `  - id: q7
    tag: funding
    note: "=1+1"
    quote: Funding comes from existing resources
    start: 83
`;
    await fsp.writeFile(path.join(dir, 'docs', 'plan.md.annotations.yaml'), two);
    const ids = (csv: string) => csv.split('\r\n').slice(1, -1).map((row) => row.split(',')[1]);
    const all = await run(dir, 'export', 'docs', '--format', 'csv');
    assert.deepStrictEqual(ids(all.stdout), ['k3f9', 'q7']);
    assert.match(all.stdout, /,"'=1\+1",/, 'the note that looks like a formula is defused');
    const byId = await run(dir, 'export', 'docs', '--format', 'csv', '--ids', 'q7,nope');
    assert.strictEqual(byId.code, 0, byId.stderr);
    assert.deepStrictEqual(ids(byId.stdout), ['q7']);
    assert.match(byId.stderr, /no annotation with id nope in these documents/);
    const byTag = await run(dir, 'export', 'docs', '--format', 'csv', '--tag', 'omission');
    assert.deepStrictEqual(ids(byTag.stdout), ['k3f9']);
    const none = await run(dir, 'export', 'docs', '--format', 'brief', '--tag', 'question');
    assert.match(none.stderr, /no selected annotations found/);
    assert.match((await run(dir, 'export', 'docs', '--format', 'csv', '--ids', ' , ')).stderr, /--ids needs annotation ids/);
  });

  it('bad input: exit 2, the file and the problem named, nothing written', async () => {
    await fsp.writeFile(path.join(dir, 'bad.qdpx'), 'not a zip at all');
    const before = await snapshot(dir);
    const r = await run(dir, 'import', 'bad.qdpx', '--into', 'copy');
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /bad\.qdpx: not a ZIP archive\nNothing was written\./);
    assert.deepStrictEqual(await snapshot(dir), before);
  });

  it('an unreadable sidecar in the way: nothing written, the sidecar named', async () => {
    const out = path.join(dir, 'x.jsonld');
    await run(dir, 'export', 'docs', '--format', 'w3c', '--out', out);
    await fsp.writeFile(path.join(dir, 'copy', 'plan.md.annotations.yaml'), 'version: [unclosed\n');
    const before = await snapshot(dir);
    const r = await run(dir, 'import', out, '--into', 'copy');
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /the sidecar of plan\.md cannot be read/);
    assert.deepStrictEqual(await snapshot(dir), before);
  });

  it('usage: --format is required; qdpx needs --out; import needs --into', async () => {
    assert.match((await run(dir, 'export', 'docs')).stderr, /--format is required/);
    assert.match((await run(dir, 'export', 'docs', '--format', 'qdpx')).stderr, /--out is required for qdpx/);
    assert.match((await run(dir, 'import', 'x.json')).stderr, /--into FOLDER is required/);
  });
});
