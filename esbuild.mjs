// Bundles the extension twice from the same sources: for the Node extension host
// (dist/extension.js, package.json `main`) and for the web worker extension host of VS Code
// for the web (dist/web/extension.js, package.json `browser`); the command line (dist/cli.js);
// and, outside --production, browser bundles of the integration suites
// (out/web-tests/suites.js) and of the two-host benchmark (out/web-tests/bench.js).
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { browserGuard } from './scripts/browser-guard.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const root = path.dirname(new URL(import.meta.url).pathname);

/** Prints build errors in the `file:line:col: error: text` form VS Code's problem matchers read. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => { if (watch) console.log('[watch] build started'); });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  define: { POLICY_LENS_VERSION: JSON.stringify(version) },
  plugins: [problemMatcherPlugin],
};

/** A web worker: CommonJS (VS Code loads browser extensions as CommonJS), `vscode` provided by the host, no Node. */
const browser = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  external: ['vscode'],
  plugins: [problemMatcherPlugin, browserGuard()],
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...browser, entryPoints: ['src/extension.ts'], outfile: 'dist/web/extension.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' },
];

if (!production) {
  // The integration suites for the web worker host: one file (a relative require cannot be
  // resolved there), mocha's browser build first, then every suite registered statically.
  const suites = fs.readdirSync(path.join(root, 'test', 'integration', 'suites')).filter((f) => f.endsWith('.test.ts')).sort();
  const contents = [
    `import './test/integration/web/mocha-setup';`,
    ...suites.map((f) => `import './test/integration/suites/${f.slice(0, -'.ts'.length)}';`),
    `import { run } from './test/integration/web/run';`,
    // Last, and not an \`export\`: mocha's UMD header assigns \`module.exports\` when it loads.
    `module.exports = { run };`,
  ].join('\n');
  targets.push({
    ...browser,
    stdin: { contents, resolveDir: root, sourcefile: 'web-suites.ts', loader: 'ts' },
    outfile: 'out/web-tests/suites.js',
    sourcemap: 'inline',
    // Node's assert, for the suites only: a small stand-in with the same strict meaning.
    plugins: [problemMatcherPlugin, browserGuard({ assert: 'test/integration/web/assert.ts' })],
    define: {
      ...browser.define,
      // The suites' only environment: fixed when the bundle is built (a web worker has no process).
      'process.env.POLICY_LENS_GREP': JSON.stringify(process.env.POLICY_LENS_GREP ?? ''),
      'process.env.POLICY_LENS_USER_BRIDGE': JSON.stringify('1'),
      'process.env.POLICY_LENS_HOST': JSON.stringify('web'),
    },
  });
}

if (!production) {
  // The editor benchmark for both hosts (npm run bench): one browser bundle, run by each.
  targets.push({ ...browser, entryPoints: ['bench/web/index.ts'], outfile: 'out/web-tests/bench.js', sourcemap: false });
}

if (process.argv.includes('--web-size')) {
  // For `npm run bench`: the browser bundle's size as packaged (minified), built in memory.
  const r = await esbuild.build({ ...targets[1], write: false, sourcemap: false, minify: true });
  console.log(`WEB_BUNDLE_BYTES ${r.outputFiles[0].contents.length}`);
  process.exit(0);
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(targets.map((t) => esbuild.build(t)));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
