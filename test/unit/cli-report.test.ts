import * as assert from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseHtml, ParserError } from 'parse5';
import { runReport } from '../../src/cli/report';
import { CliIo } from '../../src/cli/io';
import { engineWith, repoRoot } from './helpers/engine';
import { summarize } from '../../src/core/compare/summary';
import { workerCount } from '../../src/cli/report-workers';

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = { cwd, out: '', err: '', stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; } };
  return io;
}

/** Every file under `dir` with its size and modification time: what "writes nothing" means. */
function snapshot(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).map((d) => {
    const p = path.join(d.parentPath, d.name);
    const s = fs.statSync(p);
    return `${path.relative(dir, p)} ${s.size} ${s.mtimeMs}`;
  }).sort();
}

describe('policy-lens report', () => {
  let dir: string;
  const fixtures = (): string => path.join(repoRoot(), 'test', 'fixtures', 'corpus');
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-report-'));
    fs.cpSync(fixtures(), path.join(dir, 'corpus'), { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = async (...args: string[]) => {
    const io = fakeIo(dir);
    const code = await runReport(args, io);
    return { code, out: io.out, err: io.err };
  };

  it('JSON: the documented shape, columns by date, the binary file a column marked not analysed (exit 2)', async () => {
    const { code, out, err } = await run('corpus', '--format', 'json', '--by', 'date');
    assert.strictEqual(code, 2);
    assert.match(err, /corpus\/scan\.md: not analysed \(binary file \(NUL bytes\)\)/);
    const json = JSON.parse(out);
    assert.deepStrictEqual(Object.keys(json), ['version', 'documents', 'rows']);
    assert.strictEqual(json.version, 1);
    assert.deepStrictEqual(json.documents, [
      { path: 'corpus/2019-01-long-term-plan.md', date: '2019-01', words: 31 },
      { path: 'corpus/white-paper.md', date: '2021-02-11', words: 35 },
      { path: 'corpus/guidance-2025.txt', date: '2025', words: 20 },
      { path: 'corpus/scan.md', date: null, words: 0, error: 'binary file (NUL bytes)' },
    ]);
    for (const row of json.rows) {
      assert.deepStrictEqual(Object.keys(row).filter((k) => k !== 'expected'), ['id', 'label', 'kind', 'counts']);
      assert.strictEqual(row.counts.length, 4);
      assert.strictEqual(row.counts[3], null);
    }
    const pcn = json.rows.find((r: { id: string }) => r.id === 'pcn');
    assert.deepStrictEqual(pcn, { id: 'pcn', label: 'PCNs', kind: 'party', counts: [4, 1, 0, null] });
    // expectedTerms of the folder's .policy-lens.yaml: shown without --terms, marked expected.
    assert.deepStrictEqual(json.rows.find((r: { id: string }) => r.id === 'arrs'), { id: 'arrs', label: 'Additional Roles Reimbursement Scheme', kind: 'term', expected: true, counts: [1, 0, 0, null] });
    assert.ok(!json.rows.some((r: { id: string }) => r.id === 'neighbourhood'));
  });

  it('--terms adds every term; --by name orders columns by path', async () => {
    const json = JSON.parse((await run('corpus', '-f', 'json', '--terms')).out);
    assert.deepStrictEqual(json.documents.map((d: { path: string }) => d.path), ['corpus/2019-01-long-term-plan.md', 'corpus/guidance-2025.txt', 'corpus/scan.md', 'corpus/white-paper.md']);
    assert.deepStrictEqual(json.rows.find((r: { id: string }) => r.id === 'neighbourhood').counts, [0, 2, null, 2]);
  });

  it('CSV opens in a CSV parser: header of paths, date and words rows, one row per entry', async () => {
    const { out } = await run('corpus/white-paper.md', 'corpus/2019-01-long-term-plan.md', '--format', 'csv', '--by', 'date');
    const rows = parseCsv(out) as string[][];
    assert.deepStrictEqual(rows[0], ['id', 'label', 'kind', 'corpus/2019-01-long-term-plan.md', 'corpus/white-paper.md']);
    assert.deepStrictEqual(rows[1], ['date', 'Date', 'document', '2019-01', '2021-02-11']);
    assert.deepStrictEqual(rows[2], ['words', 'Words', 'document', '31', '35']);
    assert.deepStrictEqual(rows.find((r) => r[0] === 'vcse'), ['vcse', 'VCSE', 'party', '0', '1']);
    assert.ok(rows.every((r) => r.length === 5));
  });

  it('HTML is well-formed (no parse errors), self-contained and has no scripts', async () => {
    const { out } = await run('corpus', '--format', 'html');
    const errors: ParserError[] = [];
    parseHtml(out, { onParseError: (e) => errors.push(e) });
    assert.deepStrictEqual(errors.map((e) => `${e.code} at ${e.startLine}:${e.startCol}`), []);
    assert.ok(!/<script|<link|src=|url\(/i.test(out), 'nothing loaded from elsewhere');
    assert.match(out, /<th scope="col" title="corpus\/scan\.md">scan\.md<br><span class="words">not analysed<\/span><\/th>/);
    assert.match(out, /<td class="absent"/);
  });

  it('Markdown (the default) prints a table and writes nothing', async () => {
    const before = snapshot(dir);
    const { out } = await run('corpus');
    assert.match(out, /^\| Entry \| Kind \| 2019-01-long-term-plan\.md \(2019-01\) \|/);
    assert.match(out, /\| Additional Roles Reimbursement Scheme \(expected\) \| term \| 1 \(322\.6\) \| — \| n\/a \| — \|/);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('--out writes the file and prints nothing on standard output', async () => {
    const { code, out, err } = await run('corpus/white-paper.md', '--format', 'html', '--out', 'matrix.html');
    assert.strictEqual(code, 0, err);
    assert.strictEqual(out, '');
    assert.match(fs.readFileSync(path.join(dir, 'matrix.html'), 'utf8'), /^<!DOCTYPE html>/);
  });

  it('--cache keeps one entry per document and re-analyses only what changed', async () => {
    const first = await run('corpus', '-f', 'json', '--cache', 'cache');
    const entries = () => fs.readdirSync(path.join(dir, 'cache')).filter((f) => !f.startsWith('index-'));
    const files = entries();
    assert.strictEqual(files.length, 3);
    assert.strictEqual(fs.readdirSync(path.join(dir, 'cache')).filter((f) => f.startsWith('index-')).length, 1, 'one index of files by size and time');
    const second = await run('corpus', '-f', 'json', '--cache', 'cache');
    assert.strictEqual(second.out, first.out);
    assert.deepStrictEqual(entries(), files);
    fs.appendFileSync(path.join(dir, 'corpus', 'white-paper.md'), '\nThe VCSE again.\n');
    const third = JSON.parse((await run('corpus', '-f', 'json', '--cache', 'cache')).out);
    assert.strictEqual(entries().length, 4);
    assert.strictEqual(third.rows.find((r: { id: string }) => r.id === 'vcse').counts[3], 2);
  });

  it('--cache: a cached file that became unreadable or binary is reported, not served from the cache', async () => {
    await run('corpus', '-f', 'json', '--cache', 'cache2');
    fs.writeFileSync(path.join(dir, 'corpus', 'guidance-2025.txt'), 'text\u0000with a NUL');
    const json = JSON.parse((await run('corpus', '-f', 'json', '--cache', 'cache2')).out);
    assert.strictEqual(json.documents.find((d: { path: string }) => d.path.endsWith('guidance-2025.txt')).error, 'binary file (NUL bytes)');
  });

  it('many files: analysed on worker threads, with the same counts as in this thread', async function () {
    this.timeout(60_000); // starting workers on a loaded 2-core machine
    const many = path.join(dir, 'many');
    fs.mkdirSync(many);
    const texts = Array.from({ length: 24 }, (_, i) => `# Paper ${i}\n\n${'PCNs and the ICB. '.repeat(i)}The VCSE${i % 3 === 0 ? ' and local authorities' : ''}.\n`);
    texts.forEach((t, i) => fs.writeFileSync(path.join(many, `paper-${String(i).padStart(2, '0')}.md`), t));
    fs.writeFileSync(path.join(many, 'paper-99.md'), 'binary\u0000');
    assert.ok(workerCount(25) > 0 || os.cpus().length < 2, 'workers are used for 25 files');
    const { code, out } = await run('many', '-f', 'json');
    assert.strictEqual(code, 2);
    const json = JSON.parse(out);
    const engine = engineWith();
    const row = (id: string) => json.rows.find((r: { id: string }) => r.id === id).counts;
    assert.deepStrictEqual(row('pcn'), [...texts.map((t) => summarize(engine, t).counts.pcn ?? 0), null]);
    assert.deepStrictEqual(row('local-authority'), [...texts.map((t) => summarize(engine, t).counts['local-authority'] ?? 0), null]);
    assert.deepStrictEqual(json.documents.map((d: { words: number }) => d.words), [...texts.map((t) => summarize(engine, t).words), 0]);
  });

  const usage: [string[], RegExp][] = [
    [[], /no files or folders given/],
    [['corpus', '--format', 'xlsx'], /--format must be md or csv or html or json, not 'xlsx'/],
    [['corpus', '--by', 'size'], /--by must be date or name/],
    [['missing-folder'], /missing-folder: no such file or folder/],
  ];
  for (const [args, message] of usage) {
    it(`exit 2: ${args.join(' ') || '(nothing)'}`, async () => {
      const { code, err } = await run(...args);
      assert.strictEqual(code, 2);
      assert.match(err, message);
    });
  }
});
