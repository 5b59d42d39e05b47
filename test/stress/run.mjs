// `npm run test:stress`: the reliability suite at full sizes (POLICY_LENS_STRESS=1) plus the
// heavy cases in test/stress, then the summary table. Builds first unless --no-build.
// Writes test-output/reliability-stress.json. Exit 0 only when every case passed and no
// annotation was lost. Takes about 10-15 minutes; a hard limit stops it at 28 minutes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printReliabilitySummary } from '../../scripts/reliability-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const jsonPath = path.join(root, 'test-output', 'reliability-stress.json');
const LIMIT_MS = 28 * 60 * 1000;

function run(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    const timer = setTimeout(() => {
      console.error(`test:stress: stopping after ${LIMIT_MS / 60000} minutes`);
      child.kill('SIGTERM');
    }, LIMIT_MS);
    child.on('exit', (code) => { clearTimeout(timer); resolve(code ?? 1); });
  });
}

const started = Date.now();
if (!process.argv.includes('--no-build')) {
  const code = await run([path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root]);
  if (code !== 0) { console.error('test:stress: TypeScript reported errors'); process.exit(1); }
}
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const code = await run(
  ['--max-old-space-size=6144', '--expose-gc', mocha, '--reporter', 'spec', '--timeout', '900000',
    'out/test/unit/reliability/**/*.test.js', 'out/test/stress/**/*.test.js'],
  { POLICY_LENS_STRESS: '1', POLICY_LENS_RELIABILITY_JSON: jsonPath },
);
const ok = printReliabilitySummary(jsonPath);
console.log(`test:stress finished in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(code === 0 && ok ? 0 : 1);
