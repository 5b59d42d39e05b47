/** The command line on shared layers: one argument parser (node:util parseArgs), --help and --version everywhere, one walker, the nearest configuration. */
import * as assert from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { ANALYZE, runAnalyze } from '../../src/cli/analyze';
import { CommandSpec, VERSION } from '../../src/cli/args';
import { CHECK, runCheck } from '../../src/cli/check';
import { CliIo } from '../../src/cli/io';
import { SKIPPED_FOLDERS } from '../../src/cli/node-files';

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = { cwd, out: '', err: '', stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; } };
  return io;
}

const commands: [CommandSpec, (args: string[], io: CliIo) => Promise<number>][] = [[ANALYZE, runAnalyze], [CHECK, runCheck]];

describe('policy-lens: every command parses the same way', () => {
  for (const [spec, run] of commands) {
    for (const flag of ['--help', '-h']) {
      it(`${spec.name} ${flag}: usage naming every option, exit 0`, async () => {
        const io = fakeIo(os.tmpdir());
        assert.strictEqual(await run([flag], io), 0);
        assert.match(io.out, new RegExp(`^Usage: policy-lens ${spec.name} `));
        for (const name of [...Object.keys(spec.options), 'help', 'version']) assert.ok(io.out.includes(`--${name}`), `--${name} in:\n${io.out}`);
        assert.strictEqual(io.err, '');
      });
    }
    it(`${spec.name} --version: the version, exit 0`, async () => {
      const io = fakeIo(os.tmpdir());
      assert.strictEqual(await run(['--version'], io), 0);
      assert.strictEqual(io.out, `${VERSION}\n`);
    });
    const bad: [string[], RegExp][] = [
      [[], /no files or folders given/],
      [['x', '--bogus'], /unknown option '--bogus'/],
      [['x', '--format'], /--format needs a value \(text\|json\)/],
      [['x', '--format', 'xml'], /--format must be text or json, not 'xml'/],
      [['x', '--help=yes'], /--help takes no value/],
    ];
    for (const [args, message] of bad) {
      it(`${spec.name} ${args.join(' ')}: ${message.source}, usage, exit 2`, async () => {
        const io = fakeIo(os.tmpdir());
        assert.strictEqual(await run(args, io), 2);
        assert.match(io.err, new RegExp(`^policy-lens ${spec.name}: ${message.source}\\nUsage: policy-lens ${spec.name} `));
        assert.strictEqual(io.out, '');
      });
    }
  }

  it('policy-lens --help names every command and every option', async () => {
    const io = fakeIo(os.tmpdir());
    assert.strictEqual(await main(['--help'], io), 0);
    for (const [spec] of commands) {
      assert.ok(io.out.includes(`policy-lens ${spec.name} `), spec.name);
      for (const name of Object.keys(spec.options)) assert.ok(io.out.includes(`--${name}`), `${spec.name} --${name}`);
    }
  });

  it('policy-lens --version and an unknown command', async () => {
    const io = fakeIo(os.tmpdir());
    assert.strictEqual(await main(['--version'], io), 0);
    assert.strictEqual(io.out, `${VERSION}\n`);
    const bad = fakeIo(os.tmpdir());
    assert.strictEqual(await main(['lint'], bad), 2);
    assert.match(bad.err, /unknown command 'lint'/);
  });
});

describe('policy-lens analyze: the nearest .policy-lens.yaml above each file', () => {
  let dir: string;
  const doc = 'General practice and local authorities will deliver the plan.\n';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-nearest-'));
    fs.mkdirSync(path.join(dir, 'a', 'deep'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.policy-lens.yaml'), 'expectedParties: [pharmacy]\n');
    fs.writeFileSync(path.join(dir, 'a', '.policy-lens.yaml'), 'expectedParties: [lmc]\nbogus: 1\n');
    fs.writeFileSync(path.join(dir, 'a', 'deep', 'plan.md'), doc);
    fs.writeFileSync(path.join(dir, 'a', 'plan.md'), doc);
    fs.writeFileSync(path.join(dir, 'b', 'plan.md'), doc);
    fs.writeFileSync(path.join(dir, 'other.yaml'), 'expectedParties: [dhsc]\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const missing = (out: string) => Object.fromEntries(JSON.parse(out).documents.map((d: { path: string; findings: { party?: string }[] }) =>
    [d.path, d.findings.map((f) => f.party).filter(Boolean)]));

  it('each file takes the configuration of its own folder or the closest above it, each reported once', async () => {
    const io = fakeIo(dir);
    assert.strictEqual(await runAnalyze(['.', '--format', 'json'], io), 0, io.err);
    assert.deepStrictEqual(missing(io.out), { 'a/deep/plan.md': ['lmc'], 'a/plan.md': ['lmc'], 'b/plan.md': ['pharmacy'] });
    assert.strictEqual(io.err.match(/^a\/\.policy-lens\.yaml:2:1: warning: Unknown setting `bogus`/gm)?.length, 1, io.err);
  });

  it('run from a sub-folder, the configuration above the working folder still applies', async () => {
    const io = fakeIo(path.join(dir, 'b'));
    assert.strictEqual(await runAnalyze(['plan.md', '--format', 'json'], io), 0, io.err);
    assert.deepStrictEqual(missing(io.out), { 'plan.md': ['pharmacy'] });
  });

  it('--config replaces every nearest configuration', async () => {
    const io = fakeIo(dir);
    assert.strictEqual(await runAnalyze(['a', 'b', '-c', 'other.yaml', '-f', 'json'], io), 0, io.err);
    assert.deepStrictEqual(missing(io.out), { 'a/deep/plan.md': ['dhsc'], 'a/plan.md': ['dhsc'], 'b/plan.md': ['dhsc'] });
  });

  it('an unreadable --config is bad usage', async () => {
    const io = fakeIo(dir);
    assert.strictEqual(await runAnalyze(['a', '--config', 'nope.yaml'], io), 2);
    assert.match(io.err, /nope\.yaml: cannot read configuration \(no such file or folder\)/);
  });
});

describe('policy-lens: one folder walker', () => {
  it('analyze and check skip the same folders', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-walk-'));
    try {
      for (const skipped of SKIPPED_FOLDERS) {
        fs.mkdirSync(path.join(dir, skipped), { recursive: true });
        fs.writeFileSync(path.join(dir, skipped, 'x.md'), 'ICB');
        fs.writeFileSync(path.join(dir, skipped, 'x.md.annotations.yaml'), 'version: 1\ndocument: x.md\nannotations: 3\n');
      }
      fs.writeFileSync(path.join(dir, 'kept.md'), 'ICB');
      const analyze = fakeIo(dir);
      assert.strictEqual(await runAnalyze(['.', '--format', 'json'], analyze), 0, analyze.err);
      assert.deepStrictEqual(JSON.parse(analyze.out).documents.map((d: { path: string }) => d.path), ['kept.md']);
      const check = fakeIo(dir);
      assert.strictEqual(await runCheck(['.', '--format', 'json'], check), 0, check.out);
      assert.deepStrictEqual(JSON.parse(check.out).sidecars, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
