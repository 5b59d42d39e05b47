// `npm run bench` (after the build and compile-tests): the pure-Node benchmarks
// (out/bench/index.js: engine, anchoring, scale), then the editor benchmark inside a real VS
// Code extension host (out/bench/host/index.js, through scripts/run-server-tests.mjs) on a
// temporary workspace. Prints the figures; asserts nothing. Exits non-zero only when a
// benchmark could not run.
//
//   node scripts/bench.mjs [--node-only | --host-only | --web-only]
//
// Then the web figures: the browser bundle's size, and one benchmark run in the web worker host
// and in the Node host (test-output/bench-hosts.json).
// Host figures are also written to test-output/bench-host.json. POLICY_LENS_BENCH_EDITS,
// POLICY_LENS_BENCH_SIZES_MB (e.g. "1,5", or "none" for the comparison figures alone),
// POLICY_LENS_BENCH_DOCS and POLICY_LENS_BENCH_MB (the comparison's workspace) tune the host run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuites } from './run-server-tests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeOnly = process.argv.includes('--node-only');
const hostOnly = process.argv.includes('--host-only');
const webOnly = process.argv.includes('--web-only');
let failed = false;

for (const f of ['dist/extension.js', 'dist/web/extension.js', 'out/bench/index.js', 'out/bench/host/index.js', 'out/web-tests/bench.js']) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`${f} is missing: run \`npm run build && npm run compile-tests\` first (npm run bench does).`);
    process.exit(1);
  }
}

if (webOnly) {
  await benchBothHosts();
  process.exit(failed ? 1 : 0);
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
  await benchBothHosts();
}

/**
 * VS Code for the web: the size of the `browser` bundle, and one benchmark bundle
 * (out/web-tests/bench.js) run in the web worker host and then in the Node host on the same
 * 1 MB document: activation, open -> analysed, edit -> decorations+diagnostics in the renderer.
 */
async function benchBothHosts() {
  console.log('\n# VS Code for the web: the browser bundle, and the web worker host against the Node host');
  const size = (f) => fs.statSync(path.join(root, f)).size;
  const minified = esbuildSize();
  console.log(`browser bundle dist/web/extension.js: ${(size('dist/web/extension.js') / 1024).toFixed(0)} KB as built for development; ${minified ? `${(minified / 1024).toFixed(0)} KB minified, as packaged` : 'minified size n/a'} (target < 1 MB)`);
  const { generatePolicyDocument } = createRequire(import.meta.url)(path.join(root, 'out', 'bench', 'engine.js'));
  const text = generatePolicyDocument(1024 * 1024, 2027);
  const results = {};
  for (const web of [true, false]) {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-bench-hosts-'));
    fs.writeFileSync(path.join(workspace, 'bench-1mb.md'), text);
    const origWrite = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk, ...rest) => {
      for (const line of String(chunk).split('\n')) if (line.startsWith('BENCH_HOSTS ')) results[web ? 'web' : 'node'] = JSON.parse(line.slice('BENCH_HOSTS '.length));
      return origWrite(chunk, ...rest);
    };
    try {
      const code = await runSuites({ testsPath: path.join(root, 'out', 'web-tests', 'bench.js'), workspace, trusted: true, web, label: `bench ${web ? 'web worker' : 'Node'} host` });
      if (code !== 0) { failed = true; console.error(`The ${web ? 'web worker' : 'Node'} host benchmark exited with ${code}.`); }
    } catch (err) {
      failed = true;
      console.error(err);
    } finally {
      process.stdout.write = origWrite;
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }
  const { web, node } = results;
  if (!web || !node) return;
  const line = (r) => `activate() ${r.activation.activationMs} ms, ext.activate() ${r.activation.activateWallMs ?? 'n/a (already active)'} ms, engines ready ${r.activation.enginesReadyMs} ms; open -> analysed ${r.openToAnalysedMs} ms; edit -> decorations+diagnostics in renderer p50 ${r.editToRendered.p50} ms, p95 ${r.editToRendered.p95} ms (n=${r.editToRendered.n})`;
  console.log(`web worker host (${web.scheme}:): ${line(web)}`);
  console.log(`Node host       (${node.scheme}:):         ${line(node)}`);
  console.log(`activation in the web worker host: ${web.activation.activationMs} ms (target < 50 ms); edit -> rendered at 1 MB, web / Node: p50 ${(web.editToRendered.p50 / node.editToRendered.p50).toFixed(2)}x, p95 ${(web.editToRendered.p95 / node.editToRendered.p95).toFixed(2)}x (target within 1.5x)`);
  fs.mkdirSync(path.join(root, 'test-output'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-output', 'bench-hosts.json'), JSON.stringify(results, null, 2));
}

/** The browser bundle minified, as `npm run package` ships it (built in memory). */
function esbuildSize() {
  const r = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production', '--web-size'], { cwd: root, encoding: 'utf8' });
  const m = /WEB_BUNDLE_BYTES (\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}

function printSummary(r) {
  const fmt = (s) => (s ? `p50 ${s.p50} ms, p95 ${s.p95} ms` : 'n/a');
  console.log('\n# Summary (extension host; details above and in test-output/bench-host.json)');
  const a = r.activation ?? {};
  console.log(`activation: activate() ${a.activationMs} ms; ext.activate() wall ${a.alreadyActive ? 'n/a (the workbench had already activated it)' : `${a.activateWallMs} ms`}; engines ready ${a.enginesReadyMs} ms (target < 50 ms)`);
  for (const [size, d] of Object.entries(r.documents ?? {})) {
    console.log(`${size}: edit -> decorations+diagnostics in renderer ${fmt(d.liveDebounce0?.decorations)} (debounce 0; target p95 < 100 ms at 1 MB); ` +
      `onDidChangeDiagnostics ${fmt(d.liveDebounce0?.diagnostics)}`);
    if (d.plainText) console.log(`${size}: the same text as plain text (.txt; no Markdown language features): ${fmt(d.plainText.decorations)} (debounce 0)`);
    if (d.defaultDebounce) console.log(`${size}: with the default debounce (policyLens.debounceMs): ${fmt(d.defaultDebounce.decorations)}`);
    if (d.onSaveDefaultLimit) console.log(`${size}: at the default size limit (analysed on save): save -> renderer ${fmt(d.onSaveDefaultLimit.decorations)}`);
    if (d.decorations) console.log(`${size}: decorations for ${d.decorations.ranges} ranges: positionAt ${d.decorations.toRangeMs.p50} ms + setDecorations ${d.decorations.setDecorationsMs.p50} ms; renderer has them after ${d.decorations.rendererAckMs.p50} ms (round trip alone ${d.decorations.roundTripBaselineMs.p50} ms)`);
  }
  const c = r.compare;
  if (c) {
    const fig = (x) => (x ? `${x.shownMs} ms to the table (${x.ms} ms in the host, page ${x.pageMs ?? '?'} ms; ${x.analysed} analysed, ${x.checked} stat'ed)` : 'n/a');
    console.log(`Compare Documents, ${c.documents} documents / ${c.megabytes} MB: cold ${fig(c['cold (empty cache)'])}; warm ${fig(c['warm again'] ?? c['warm (nothing changed)'])} (target < 2 s); one changed ${fig(c['warm, one document changed'])}`);
  }
}

process.exit(failed ? 1 : 0);
