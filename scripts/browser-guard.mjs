// The browser build's guards (esbuild.mjs; ARCHITECTURE.md, "Node-only adapters"), shared with
// test/unit/web-build.test.ts.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const NODE_ONLY_ADAPTER = /^src\/adapters\/(node-[\w-]+)(\.ts)?$/;
const WEB_STUBS = 'src/adapters/web';

/**
 * The browser build's two guards (ARCHITECTURE.md, "Node-only adapters"):
 * - an import of `src/adapters/node-<concern>.ts` is bundled as its browser stand-in
 *   `src/adapters/web/node-<concern>.ts` (same exports, "unavailable" answers); a Node-only
 *   adapter without a stand-in fails the build;
 * - any Node built-in module reached from anywhere (a feature, core, a dependency) fails the
 *   build, naming the file that imports it.
 */
export const browserGuard = (standIns = {}) => ({
  name: 'policy-lens-browser-guard',
  setup(build) {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    build.onResolve({ filter: /.*/ }, (args) => {
      const importer = args.importer ? path.relative(root, args.importer) : '(entry)';
      if (standIns[args.path]) return { path: path.join(root, standIns[args.path]) };
      if (builtins.has(args.path) || builtins.has(args.path.split('/')[0])) {
        return { errors: [{ text: `"${args.path}" is a Node module and cannot run in a web worker (imported by ${importer}). Keep Node-only code in src/adapters/node-<concern>.ts with a browser stand-in in ${WEB_STUBS}/ (ARCHITECTURE.md, "Node-only adapters").` }] };
      }
      if (!args.path.startsWith('.') || !args.resolveDir) return undefined;
      const target = path.relative(root, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
      const match = NODE_ONLY_ADAPTER.exec(target);
      if (!match) return undefined;
      const stub = path.join(root, WEB_STUBS, `${match[1]}.ts`);
      if (!fs.existsSync(stub)) {
        return { errors: [{ text: `src/adapters/${match[1]}.ts is Node-only and has no browser stand-in (imported by ${importer}): add ${WEB_STUBS}/${match[1]}.ts with the same exports answering "unavailable".` }] };
      }
      return { path: stub };
    });
  },
});

