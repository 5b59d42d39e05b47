/**
 * `node out/bench/index.js`: the pure-Node benchmarks (engine, anchoring, scale), one after
 * another. A benchmark module that is missing or throws is reported and the rest still run.
 * The editor benchmark runs inside a real extension host: `node scripts/bench.mjs` runs this
 * file first and then bench/host/ (see `npm run bench`).
 */
import * as fs from 'fs';
import * as path from 'path';

interface Bench { module: string; fn: string }

const BENCHES: Bench[] = [
  { module: 'engine', fn: 'runEngineBench' },
  { module: 'anchoring', fn: 'runAnchoringBench' },
  { module: 'scale', fn: 'runScaleBench' },
  { module: 'sidecar-merge', fn: 'runSidecarMergeBench' },
  { module: 'check-since', fn: 'runCheckSinceBench' },
  { module: 'interchange', fn: 'runInterchangeBench' },
  { module: 'compare', fn: 'runCompareBench' },
  { module: 'sidecar-lock', fn: 'runSidecarLockBench' },
];

export async function runNodeBenches(only?: string[]): Promise<{ ran: string[]; missing: string[]; failed: string[] }> {
  const ran: string[] = [];
  const missing: string[] = [];
  const failed: string[] = [];
  for (const b of BENCHES) {
    if (only && !only.includes(b.module)) continue;
    const file = path.join(__dirname, `${b.module}.js`);
    if (!fs.existsSync(file)) {
      console.log(`\n== ${b.module}: not run (bench/${b.module}.ts is not built: ${path.relative(process.cwd(), file)} is missing)`);
      missing.push(b.module);
      continue;
    }
    console.log(`\n== ${b.module} (bench/${b.module}.ts, ${b.fn})`);
    try {
      // A variable path: the module may not exist in every checkout, so tsc must not resolve it.
      const mod = require(file) as Record<string, unknown>;
      const run = mod[b.fn];
      if (typeof run !== 'function') throw new Error(`bench/${b.module}.ts does not export ${b.fn}()`);
      await (run as () => unknown)();
      ran.push(b.module);
    } catch (err) {
      console.error(`== ${b.module} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      failed.push(b.module);
    }
  }
  return { ran, missing, failed };
}

if (require.main === module) {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  runNodeBenches(only.length ? only : undefined).then(({ ran, missing, failed }) => {
    console.log(`\nNode benchmarks: ran ${ran.join(', ') || 'none'}${missing.length ? `; missing ${missing.join(', ')}` : ''}${failed.length ? `; failed ${failed.join(', ')}` : ''}`);
    process.exitCode = failed.length ? 1 : 0;
  }, (err) => { console.error(err); process.exitCode = 1; });
}
