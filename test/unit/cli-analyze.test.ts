import * as assert from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runAnalyze } from '../../src/cli/analyze';
import { expandInputs } from '../../src/cli/node-files';
import { CliIo } from '../../src/cli/io';

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = { cwd, out: '', err: '', stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; } };
  return io;
}

describe('policy-lens analyze', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-'));
    fs.mkdirSync(path.join(dir, 'docs', 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs', 'framework.md'),
      '\uFEFF# Planning\n\nLocal authorities and the VCSE are system partners.\n\nThe government has hinted at additional funding.\n');
    fs.writeFileSync(path.join(dir, 'docs', 'notes.txt'), 'General practice and PCNs will deliver within existing resources.\r\n');
    fs.writeFileSync(path.join(dir, 'docs', 'framework.annotations.yaml'), 'annotations: []\n');
    fs.writeFileSync(path.join(dir, 'docs', 'node_modules', 'skip.md'), 'ICB');
    fs.writeFileSync(path.join(dir, 'docs', 'image.png'), 'x');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract', async () => {
    const io = fakeIo(dir);
    const code = await runAnalyze(['docs', '--format', 'json'], io);
    assert.strictEqual(code, 0, io.err);
    const json = JSON.parse(io.out);
    assert.strictEqual(json.version, 1);
    assert.deepStrictEqual(json.documents.map((d: { path: string }) => d.path), ['docs/framework.md', 'docs/notes.txt']);
    const doc = json.documents[0];
    assert.ok(doc.parties.length >= 20);
    assert.deepStrictEqual(doc.parties.find((p: { id: string }) => p.id === 'vcse'), { id: 'vcse', label: 'VCSE', mentions: 1 });
    assert.deepStrictEqual(doc.parties.find((p: { id: string }) => p.id === 'general-practice')?.mentions, 0);
    assert.ok(doc.terms.some((t: { id: string; mentions: number }) => t.id === 'system' && t.mentions === 1));
    const gp = doc.findings.find((f: { party?: string }) => f.party === 'general-practice');
    assert.deepStrictEqual(Object.keys(gp), ['rule', 'severity', 'message', 'party', 'start', 'end', 'line', 'column', 'text']);
    assert.deepStrictEqual([gp.rule, gp.severity, gp.start, gp.end, gp.line, gp.column, gp.text], ['party.unmentioned', 'warning', 0, 0, 1, 1, '']);
    // Default expectedParties (no .policy-lens.yaml): the short NHS set, minus the two named.
    assert.deepStrictEqual(doc.findings.filter((f: { party?: string }) => f.party).map((f: { party: string }) => f.party),
      ['general-practice', 'icb', 'community-provider', 'patients-public']);
    const funding = doc.findings.find((f: { rule: string }) => f.rule === 'funding.unquantified');
    assert.deepStrictEqual([funding.line, funding.column, funding.text], [5, 1, 'The government has hinted at additional funding.']);
    const text = fs.readFileSync(path.join(dir, 'docs', 'framework.md'), 'utf8').slice(1);
    assert.strictEqual(text.slice(funding.start, funding.end), funding.text);
    const existing = json.documents[1].findings.find((f: { rule: string }) => f.rule === 'funding.existing-resources');
    assert.deepStrictEqual([existing.line, existing.column], [1, 1]);
  });

  it('lists every money statement with its class, and pages where the document has them', async () => {
    const filler = 'Partners across the city have agreed a shared plan for older people and carers. '.repeat(4);
    let text = '';
    for (let p = 1; p <= 3; p++) text += `${filler}\n\n${p}\n\n`;
    text += 'We will invest in\n\nneighbourhood teams. The ICB will fund £2m for discharge.\n';
    fs.writeFileSync(path.join(dir, 'paged.md'), text);
    const io = fakeIo(dir);
    assert.strictEqual(await runAnalyze(['paged.md', '--format', 'json'], io), 0, io.err);
    const doc = JSON.parse(io.out).documents[0];
    assert.deepStrictEqual(doc.fundingStatements.map((s: { class: string; page: number; cue: string; text: string; line: number }) => [s.class, s.page, s.cue, s.text, s.line]), [
      ['unfunded', 4, 'invest', 'We will invest in neighbourhood teams.', 13],
      ['backed', 4, 'fund', 'The ICB will fund £2m for discharge.', 15],
    ]);
    const finding = doc.findings.find((f: { rule: string }) => f.rule === 'funding.unquantified');
    assert.strictEqual(finding.page, 4);
    assert.strictEqual(finding.text, 'We will invest in\n\nneighbourhood teams.');
    // Documents without page numbers carry no page.
    const plain = fakeIo(dir);
    await runAnalyze(['docs/framework.md', '--format', 'json'], plain);
    assert.ok(JSON.parse(plain.out).documents[0].findings.every((f: { page?: number }) => f.page === undefined));
  });

  it('prints compiler-style text', async () => {
    const io = fakeIo(dir);
    assert.strictEqual(await runAnalyze(['docs/framework.md'], io), 0);
    assert.match(io.out, /^docs\/framework\.md:1:1 warning party\.unmentioned General practice is never mentioned/m);
    assert.match(io.out, /^docs\/framework\.md:5:1 info funding\.unquantified /m);
  });

  it('a missing file is reported and does not stop the others', async () => {
    const io = fakeIo(dir);
    const code = await runAnalyze(['missing.md', 'docs/notes.txt', '--format', 'json'], io);
    assert.strictEqual(code, 2);
    assert.match(io.err, /missing\.md: no such file/);
    assert.strictEqual(JSON.parse(io.out).documents.length, 1);
  });

  it('bad usage exits 2 with a message', async () => {
    for (const args of [[], ['docs', '--format', 'xml'], ['docs', '--bogus'], ['docs', '--config']]) {
      const io = fakeIo(dir);
      assert.strictEqual(await runAnalyze(args, io), 2, args.join(' '));
      assert.match(io.err, /policy-lens analyze: .+\nUsage:/);
    }
  });

  it('uses .policy-lens.yaml from the cwd and reports its problems with file:line:column', async () => {
    fs.writeFileSync(path.join(dir, '.policy-lens.yaml'), 'expectedParties: [vcse]\nrules:\n  funding.unquantified: off\nbogus: 1\n');
    try {
      const io = fakeIo(dir);
      assert.strictEqual(await runAnalyze(['docs/framework.md', '--format', 'json'], io), 0);
      assert.match(io.err, /^\.policy-lens\.yaml:4:1: warning: Unknown setting `bogus`/m);
      assert.deepStrictEqual(JSON.parse(io.out).documents[0].findings, []);
    } finally {
      fs.rmSync(path.join(dir, '.policy-lens.yaml'));
    }
  });

  it('--config points at another file', async () => {
    fs.writeFileSync(path.join(dir, 'other.yaml'), 'expectedParties: [pharmacy]\n');
    const io = fakeIo(dir);
    assert.strictEqual(await runAnalyze(['docs/framework.md', '--config', 'other.yaml', '--format', 'json'], io), 0);
    const findings = JSON.parse(io.out).documents[0].findings;
    assert.deepStrictEqual(findings.map((f: { party?: string }) => f.party).filter(Boolean), ['pharmacy']);
  });
});

describe('expandInputs', () => {
  it('expands folders, skips node_modules/.git/annotations, keeps explicit files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-expand-'));
    try {
      fs.mkdirSync(path.join(dir, 'a', '.git'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'a', 'x.MD'), '');
      fs.writeFileSync(path.join(dir, 'a', 'y.markdown'), '');
      fs.writeFileSync(path.join(dir, 'a', 'x.annotations.yaml'), '');
      fs.writeFileSync(path.join(dir, 'a', '.git', 'z.md'), '');
      fs.writeFileSync(path.join(dir, 'b.yaml'), '');
      const { files, errors } = await expandInputs(['a', 'b.yaml', 'nope'], dir, ['.md', '.markdown', '.txt']);
      assert.deepStrictEqual(files, ['a/x.MD', 'a/y.markdown', 'b.yaml']);
      assert.strictEqual(errors.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
