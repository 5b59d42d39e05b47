// `npm run bench` (after the build and compile-tests): the pure-Node benchmarks
// (out/bench/index.js: engine, anchoring, scale), then the editor benchmark inside a real VS
// Code extension host (out/bench/host/index.js, through scripts/run-server-tests.mjs) on a
// temporary workspace. Prints the figures; asserts nothing. Exits non-zero only when a
// benchmark could not run.
//
//   node scripts/bench.mjs [--node-only | --host-only]
//
// Host figures are also written to test-output/bench-host.json. POLICY_LENS_BENCH_EDITS,
// POLICY_LENS_BENCH_SIZES_MB (e.g. "1,5") tune the host run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuites } from './run-server-tests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeOnly = process.argv.includes('--node-only');
const hostOnly = process.argv.includes('--host-only');
let failed = false;

for (const f of ['dist/extension.js', 'out/bench/index.js', 'out/bench/host/index.js']) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`${f} is missing: run \`npm run build && npm run compile-tests\` first (npm run bench does).`);
    process.exit(1);
  }
}

if (!hostOnly) {
  console.log('# Node benchmarks (out/bench/index.js)');
  const r = spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'index.js')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) { failed = true; console.error(`out/bench/index.js exited with ${r.status ?? r.signal}`); }
}

if (!nodeOnly) {
  console.log('\n# Editor benchmark in the VS Code extension host (out/bench/host/index.js)');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-bench-'));
  const jsonFile = path.join(root, 'test-output', 'bench-host.json');
  fs.rmSync(jsonFile, { force: true });
  try {
    const code = await runSuites({ testsPath: path.join(root, 'out', 'bench', 'host', 'index.js'), workspace, trusted: true, label: 'bench' });
    if (code !== 0) { failed = true; console.error(`The extension-host benchmark exited with ${code}.`); }
  } catch (err) {
    failed = true;
    console.error(err);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  if (fs.existsSync(jsonFile)) printSummary(JSON.parse(fs.readFileSync(jsonFile, 'utf8')));
}

function printSummary(r) {
  const fmt = (s) => (s ? `p50 ${s.p50} ms, p95 ${s.p95} ms` : 'n/a');
  console.log('\n# Summary (extension host; details above and in test-output/bench-host.json)');
  const a = r.activation ?? {};
  console.log(`activation: activate() ${a.activationMs} ms; ext.activate() wall ${a.alreadyActive ? 'n/a (the workbench had already activated it)' : `${a.activateWallMs} ms`}; engines ready ${a.enginesReadyMs} ms (target < 50 ms)`);
  for (const [size, d] of Object.entries(r.documents ?? {})) {
    console.log(`${size}: edit -> decorations+diagnostics in renderer ${fmt(d.liveDebounce0?.decorations)} (debounce 0; target p95 < 100 ms at 1 MB); ` +
      `onDidChangeDiagnostics ${fmt(d.liveDebounce0?.diagnostics)}`);
    if (d.defaultDebounce) console.log(`${size}: with the default 300 ms debounce: ${fmt(d.defaultDebounce.decorations)}`);
    if (d.onSaveDefaultLimit) console.log(`${size}: at the default size limit (analysed on save): save -> renderer ${fmt(d.onSaveDefaultLimit.decorations)}`);
    if (d.decorations) console.log(`${size}: decorations for ${d.decorations.ranges} ranges: positionAt ${d.decorations.toRangeMs.p50} ms + setDecorations ${d.decorations.setDecorationsMs.p50} ms; renderer has them after ${d.decorations.rendererAckMs.p50} ms (round trip alone ${d.decorations.roundTripBaselineMs.p50} ms)`);
  }
}

process.exit(failed ? 1 : 0);
