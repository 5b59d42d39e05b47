import * as assert from 'node:assert';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCheck } from '../../src/cli/check';
import type { CliIo } from '../../src/cli/io';

const PLAN = 'Intro line.\nIntegrated care boards must publish a joint forward plan.\nFunding comes from existing resources.\n';
const sidecar = (document: string, annotations: string) => `version: 1\ndocument: ${document}\nannotations:\n${annotations}`;
const GOOD = `  - id: k3f9
    tag: omission
    quote: must publish a joint forward plan
    prefix: "Integrated care boards "
    suffix: ".\\nFunding comes from existing"
    start: 35
`;
const LOST = `  - id: zz01
    tag: funding
    quote: a ring-fenced budget of two hundred million pounds
    prefix: "The plan provides "
    suffix: " for the integrator"
    start: 10
`;

async function run(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } };
  const code = await runCheck(args, io);
  return { code, stdout, stderr };
}

describe('policy-lens check', () => {
  let dir: string;
  let before: Map<string, string>;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'pl-check-'));
    await fsp.mkdir(path.join(dir, 'docs', 'sub'), { recursive: true });
    await fsp.writeFile(path.join(dir, 'docs', 'plan.md'), PLAN);
    await fsp.writeFile(path.join(dir, 'docs', 'plan.md.annotations.yaml'), sidecar('plan.md', GOOD));
    before = await snapshot(dir);
  });
  afterEach(async () => {
    assert.deepStrictEqual(await snapshot(dir), before, 'check never writes');
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('prints the JSON contract and exits 0 when everything anchors', async () => {
    const r = await run(dir, 'docs', '--format', 'json');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), {
      version: 1,
      sidecars: [{
        path: 'docs/plan.md.annotations.yaml', document: 'docs/plan.md', valid: true, errors: [],
        annotations: [{ id: 'k3f9', status: 'anchored', start: 35, end: 68, line: 2 }],
      }],
    });
  });

  const cases: { name: string; arrange: (d: string) => Promise<void>; args: string[]; code: number; out?: RegExp; err?: RegExp; json?: (j: any) => void }[] = [
    { name: 'a document path checks its sidecar', arrange: async () => {}, args: ['docs/plan.md'], code: 0, out: /1 sidecar, 1 annotation anchored, 0 orphaned, 0 invalid/ },
    { name: 'a document without a sidecar: nothing to check', arrange: async (d) => fsp.writeFile(path.join(d, 'docs', 'other.md'), 'x'), args: ['docs/other.md'], code: 0, out: /no annotation sidecars found/ },
    {
      name: 'an orphan: exit 1, listed with id, tag and quote', arrange: async (d) => fsp.writeFile(path.join(d, 'docs', 'plan.md.annotations.yaml'), sidecar('plan.md', GOOD + LOST)),
      args: ['docs'], code: 1, out: /docs\/plan\.md\.annotations\.yaml: orphaned annotation zz01 \(funding\): "a ring-fenced budget of two hundred million pounds"/,
    },
    {
      name: 'an orphan in JSON has no position', arrange: async (d) => fsp.writeFile(path.join(d, 'docs', 'plan.md.annotations.yaml'), sidecar('plan.md', LOST)),
      args: ['docs', '--format=json'], code: 1, json: (j) => assert.deepStrictEqual(Object.keys(j.sidecars[0].annotations[0]).filter((k) => ['start', 'end', 'line'].includes(k)), []),
    },
    {
      name: 'merge conflict markers: invalid, compiler-style line', arrange: async (d) => fsp.writeFile(path.join(d, 'docs', 'plan.md.annotations.yaml'), `version: 1\ndocument: plan.md\n<<<<<<< HEAD\nannotations: []\n=======\n>>>>>>> x\n`),
      args: ['docs'], code: 1, out: /^docs\/plan\.md\.annotations\.yaml:3:1: error: unresolved git merge conflict/m,
    },
    {
      name: 'invalid sidecar in JSON', arrange: async (d) => fsp.writeFile(path.join(d, 'docs', 'plan.md.annotations.yaml'), 'version: 1\ndocument: plan.md\nannotations: 3\n'),
      args: ['docs', '--format', 'json'], code: 1, json: (j) => assert.deepStrictEqual(j.sidecars[0], { path: 'docs/plan.md.annotations.yaml', document: 'docs/plan.md', valid: false, errors: [{ message: "'annotations' must be a list", line: 3, column: 14 }], annotations: [] }),
    },
    { name: 'missing document: every annotation orphaned', arrange: async (d) => fsp.rm(path.join(d, 'docs', 'plan.md')), args: ['docs'], code: 1, out: /orphaned annotation k3f9 \(omission\).*document not found/ },
    {
      name: 'a document path escaping the folder is not followed', arrange: async (d) => fsp.writeFile(path.join(d, 'docs', 'sub', 'x.md.annotations.yaml'), sidecar('../plan.md', GOOD)),
      args: ['docs/sub'], code: 1, out: /x\.md\.annotations\.yaml:2:1: error: document '\.\.\/plan\.md' must not leave/,
    },
    {
      name: 'an absolute document path is not followed', arrange: async (d) => fsp.writeFile(path.join(d, 'docs', 'sub', 'x.md.annotations.yaml'), sidecar(JSON.stringify(path.join(d, 'docs', 'plan.md')), GOOD)),
      args: ['docs/sub'], code: 1, out: /must be relative/,
    },
    { name: 'no inputs: usage, exit 2', arrange: async () => {}, args: [], code: 2, err: /Usage: policy-lens check/ },
    { name: 'unknown option: exit 2', arrange: async () => {}, args: ['docs', '--fix'], code: 2, err: /unknown option '--fix'/ },
    { name: 'bad format: exit 2', arrange: async () => {}, args: ['docs', '--format', 'xml'], code: 2, err: /--format must be text or json/ },
    { name: 'missing path: exit 2', arrange: async () => {}, args: ['nope'], code: 2, err: /no such file or folder: nope/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await c.arrange(dir);
      before = await snapshot(dir);
      const r = await run(dir, ...c.args);
      assert.strictEqual(r.code, c.code, r.stdout + r.stderr);
      if (c.out) assert.match(r.stdout, c.out);
      if (c.err) assert.match(r.stderr, c.err);
      if (c.json) c.json(JSON.parse(r.stdout));
    });
  }

  it('does not follow a document symlink out of the folder', async () => {
    const outside = await fsp.mkdtemp(path.join(os.tmpdir(), 'pl-out-'));
    try {
      await fsp.writeFile(path.join(outside, 'secret.md'), PLAN);
      await fsp.symlink(path.join(outside, 'secret.md'), path.join(dir, 'docs', 'sub', 'link.md'));
      await fsp.writeFile(path.join(dir, 'docs', 'sub', 'link.md.annotations.yaml'), sidecar('link.md', GOOD));
      before = await snapshot(dir);
      const r = await run(dir, 'docs/sub');
      assert.strictEqual(r.code, 1);
      assert.match(r.stdout, /resolves outside the sidecar's folder/);
    } finally {
      await fsp.rm(outside, { recursive: true, force: true });
    }
  });
});

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await fsp.readdir(dir, { recursive: true })) {
    const full = path.join(dir, name);
    const stat = await fsp.lstat(full);
    if (stat.isFile()) out.set(name, await fsp.readFile(full, 'utf8') + '@' + stat.mtimeMs);
  }
  return out;
}
