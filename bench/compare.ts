/**
 * `policy-lens report` at corpus scale (issue 13): 1,000 generated policy-style documents
 * totalling about 100 MB, reported cold (nothing cached; the cache is filled) and warm (every
 * document in the --cache folder), then again after one document changed. Prints times, the
 * documents analysed and the process's peak memory; asserts nothing. The documents are written
 * once to a folder under the system's temporary folder and reused by later runs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runReport } from '../src/cli/report';
import { CliIo } from '../src/cli/io';
import { generatePolicyDocument } from './engine';

const DOCUMENTS = Number(process.env.POLICY_LENS_BENCH_DOCS || 1000);
const TOTAL_BYTES = Number(process.env.POLICY_LENS_BENCH_MB || 100) * 1_000_000;

function corpusFolder(): string {
  const dir = path.join(os.tmpdir(), `policy-lens-bench-corpus-${DOCUMENTS}-${TOTAL_BYTES}`);
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const per = Math.floor(TOTAL_BYTES / DOCUMENTS);
  for (let i = 0; i < DOCUMENTS; i++) {
    const year = 2010 + (i % 16);
    const month = String(1 + (i % 12)).padStart(2, '0');
    fs.writeFileSync(path.join(dir, `${year}-${month}-board-paper-${String(i).padStart(4, '0')}.md`), generatePolicyDocument(per, 1000 + i));
  }
  fs.writeFileSync(done, '');
  return dir;
}

const sink = (): CliIo & { bytes: number; err: string } => {
  const io = { cwd: '/', bytes: 0, err: '', stdout(t: string) { io.bytes += t.length; }, stderr(t: string) { io.err += t; } };
  return io;
};

const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;

export async function runCompareBench(): Promise<void> {
  let started = performance.now();
  const corpus = corpusFolder();
  const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.md'));
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(corpus, f)).size, 0);
  console.log(`corpus: ${files.length} documents, ${(bytes / 1e6).toFixed(1)} MB in ${corpus} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-bench-cache-'));
  try {
    const run = async (label: string, args: string[]): Promise<void> => {
      const io = sink();
      started = performance.now();
      const code = await runReport([corpus, '--format', 'json', ...args], io);
      const s = (performance.now() - started) / 1000;
      console.log(`${label.padEnd(44)} ${s.toFixed(2).padStart(6)} s  (exit ${code}, ${(io.bytes / 1024).toFixed(0)} KB of JSON, heap ${mb(process.memoryUsage().heapUsed)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)})`);
    };
    const workers = process.env.POLICY_LENS_REPORT_WORKERS;
    process.env.POLICY_LENS_REPORT_WORKERS = '0';
    await run('report, no cache, no worker threads', []);
    if (workers === undefined) delete process.env.POLICY_LENS_REPORT_WORKERS; else process.env.POLICY_LENS_REPORT_WORKERS = workers;
    await run('report, no cache', []);
    await run('report --cache, cold (fills the cache)', ['--cache', cache]);
    await run('report --cache, warm', ['--cache', cache]);
    const changed = path.join(corpus, files[0]);
    const original = fs.readFileSync(changed, 'utf8');
    fs.appendFileSync(changed, '\nThe VCSE and PCNs are named once more.\n');
    try {
      await run('report --cache, warm after one document changed', ['--cache', cache]);
    } finally {
      fs.writeFileSync(changed, original);
    }
    console.log(`cache: ${fs.readdirSync(cache).length} entries (one per distinct text); targets: cold < 10 s, warm < 1 s on the 2-core machine`);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

if (require.main === module) runCompareBench().catch((err) => { console.error(err); process.exitCode = 1; });
