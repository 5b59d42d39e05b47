/**
 * The browser build (package.json `browser`, VS Code for the web) reaches no Node module: the
 * guard esbuild.mjs uses (scripts/browser-guard.mjs) swaps each src/adapters/node-*.ts for its
 * stand-in in src/adapters/web/ and fails on any Node built-in, naming the importer.
 */
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
// An ES module, loaded from CommonJS (tsc would turn a plain import() into require()).
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ browserGuard: () => esbuild.Plugin }>;

async function browserBuild(options: Partial<esbuild.BuildOptions>): Promise<{ errors: string[]; result?: esbuild.BuildResult & { metafile: esbuild.Metafile } }> {
  const { browserGuard } = await importEsm(path.join(root, 'scripts', 'browser-guard.mjs'));
  try {
    const result = await esbuild.build({
      absWorkingDir: root, bundle: true, format: 'cjs', platform: 'browser', external: ['vscode'], write: false, metafile: true, logLevel: 'silent',
      define: { POLICY_LENS_VERSION: '"test"' }, plugins: [browserGuard()], ...options,
    });
    return { errors: [], result: result as esbuild.BuildResult & { metafile: esbuild.Metafile } };
  } catch (err) {
    return { errors: ((err as { errors?: esbuild.Message[] }).errors ?? []).map((e) => e.text) };
  }
}

describe('the browser build (web worker extension host)', function () {
  this.timeout(30_000);

  it('bundles the extension with the web stand-ins of every Node-only adapter, requiring only vscode', async () => {
    const { errors, result } = await browserBuild({ entryPoints: ['src/extension.ts'], outfile: 'out/web-build-test.js' });
    assert.deepStrictEqual(errors, []);
    const inputs = Object.keys(result!.metafile.inputs);
    const nodeOnly = inputs.filter((f) => /^src\/adapters\/node-/.test(f));
    assert.deepStrictEqual(nodeOnly, [], 'no Node-only adapter in the browser bundle');
    assert.ok(inputs.includes('src/adapters/web/node-user.ts'), 'the stand-in is bundled instead');
    const text = result!.outputFiles![0].text;
    const required = [...new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))];
    assert.deepStrictEqual(required, ['vscode']);
    assert.ok(text.length < 1024 * 1024, `bundle ${text.length} bytes (target < 1 MB)`);
  });

  it('every stand-in has its Node-only module, and every Node-only adapter a stand-in', () => {
    const adapters = fs.readdirSync(path.join(root, 'src', 'adapters')).filter((f) => /^node-.*\.ts$/.test(f)).sort();
    const standIns = fs.readdirSync(path.join(root, 'src', 'adapters', 'web')).filter((f) => f.endsWith('.ts')).sort();
    // node-fs.ts serves the CLI, tests and bench only; the extension never reaches it.
    assert.deepStrictEqual(adapters.filter((f) => f !== 'node-fs.ts'), standIns);
  });

  const slipped: { name: string; dir: string; code: string; error: RegExp }[] = [
    { name: 'a feature importing child_process', dir: 'src/features', code: "import { execFile } from 'child_process'; export const x = execFile;", error: /"child_process" is a Node module .* \(imported by src\/features\/slipped\.ts\)/ },
    { name: 'an adapter importing node:os', dir: 'src/adapters', code: "import * as os from 'node:os'; export const x = os.userInfo;", error: /"node:os" is a Node module/ },
    { name: 'core importing worker_threads lazily', dir: 'src/core', code: "export const x = () => import('worker_threads');", error: /"worker_threads" is a Node module/ },
    { name: 'a Node-only adapter with no stand-in', dir: 'src/adapters', code: "import { git } from './node-nothere'; export const x = git;", error: /src\/adapters\/node-nothere\.ts is Node-only and has no browser stand-in .* add src\/adapters\/web\/node-nothere\.ts/ },
  ];
  for (const s of slipped) {
    it(`fails on ${s.name}, saying what to do`, async () => {
      const { errors } = await browserBuild({ stdin: { contents: s.code, resolveDir: path.join(root, s.dir), sourcefile: path.join(root, s.dir, 'slipped.ts'), loader: 'ts' } });
      assert.ok(errors.some((e) => s.error.test(e)), errors.join('\n') || 'the build succeeded');
    });
  }
});
