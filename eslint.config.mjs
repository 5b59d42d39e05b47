// `npm run lint`: the layer boundaries (see ARCHITECTURE.md) and the checks tsc cannot make.
// Dependencies point one way: extension -> features -> adapters -> core; the CLI is core + Node.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NODE_IO = ['fs', 'fs/promises', 'path', 'child_process', 'net', 'http', 'https', 'os', 'worker_threads']
  .flatMap((m) => [m, `node:${m}`]);

/** A relative import that climbs into one of `layers` (`../adapters/x`, `../../features`, `../extension`). */
const upInto = (layers, message) => ({ regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`, message });

const vscode = (message) => ({ name: 'vscode', message });

/**
 * Every Node built-in (`fs`, `node:os`, `child_process`...): none may reach the browser build
 * (package.json `browser`, a web worker). Only the CLI, `src/adapters/node-*.ts` (replaced by
 * `src/adapters/web/node-*.ts` in that build, see esbuild.mjs), tests and scripts import them.
 */
const NODE_BUILTINS = [...new Set(builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]))];
const WEB_MESSAGE = 'The extension also runs in a web worker (vscode.dev, github.dev), which has no Node modules: put Node-only code in src/adapters/node-<concern>.ts with a browser stand-in in src/adapters/web/ (ARCHITECTURE.md, "Node-only adapters"); read files through vscode.workspace.fs.';
const nodeBuiltins = () => NODE_BUILTINS.map((name) => ({ name, message: WEB_MESSAGE }));
/** What a web worker does not have, as globals; `fsPath` is meaningless for a virtual file system. */
const browserSafe = {
  'no-restricted-globals': ['error', ...['process', 'Buffer', '__dirname', '__filename', 'global', 'require', 'setImmediate', 'clearImmediate']
    .map((name) => ({ name, message: WEB_MESSAGE }))],
  'no-restricted-properties': ['error', { property: 'fsPath', message: 'A virtual file system (github.dev) has no file path: use the vscode.Uri itself (uri.path, Uri.joinPath, workspace.asRelativePath).' }],
};

/** One `no-restricted-imports` rule per layer (a later flat-config block replaces, never merges, a rule's options). */
export const layers = [
  {
    name: 'policy-lens/layers/core',
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscode('src/core is pure: it must not import vscode.'), ...NODE_BUILTINS.map((name) => ({ name, message: NODE_IO.includes(name) ? 'src/core does no I/O: pass text in, take plain data out.' : WEB_MESSAGE }))],
        patterns: [upInto(['adapters', 'features', 'cli', 'cli\\.ts', 'extension'], 'src/core must not import from an outer layer.')],
      }],
      ...browserSafe,
      'no-restricted-syntax': ['error', {
        // esquery regexes cannot hold a slash: `.` stands for the one in fs/promises.
        selector: `ImportExpression[source.value=/^(vscode|(node:)?(${NODE_IO.filter((m) => !m.startsWith('node:')).map((m) => m.replace('/', '.')).join('|')}))$/]`,
        message: 'src/core must not load vscode or Node I/O modules, not even lazily.',
      }],
    },
  },
  {
    name: 'policy-lens/layers/cli',
    files: ['src/cli.ts', 'src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscode('The command line runs without VS Code: it must not import vscode.')],
        patterns: [upInto(['features', 'extension'], 'The command line must not import editor features.')],
      }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value="vscode"]', message: 'The command line must not load vscode.' }],
    },
  },
  {
    name: 'policy-lens/layers/adapters',
    files: ['src/adapters/**/*.ts'],
    ignores: ['src/adapters/node-*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: nodeBuiltins(),
        patterns: [upInto(['features', 'extension', 'cli', 'cli\\.ts'], 'Adapters must not import features, the extension or the CLI.')],
      }],
      ...browserSafe,
    },
  },
  {
    // Node-only adapters: the browser build swaps each for src/adapters/web/<same name>.ts.
    name: 'policy-lens/layers/adapters-node-only',
    files: ['src/adapters/node-*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [upInto(['features', 'extension', 'cli', 'cli\\.ts'], 'Adapters must not import features, the extension or the CLI.')],
      }],
    },
  },
  {
    name: 'policy-lens/layers/features',
    files: ['src/features/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: NODE_BUILTINS.map((name) => ({ name, message: NODE_IO.includes(name) ? `Features reach files through adapters. ${WEB_MESSAGE}` : WEB_MESSAGE })),
        patterns: [upInto(['extension', 'cli', 'cli\\.ts'], 'Features must not import the extension or the CLI.')],
      }],
      ...browserSafe,
    },
  },
  {
    name: 'policy-lens/layers/extension',
    files: ['src/extension.ts', 'src/constants.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: nodeBuiltins() }],
      ...browserSafe,
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', 'test/fixtures/**'] },
  {
    name: 'policy-lens/typescript',
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // Promises nobody awaits or catches: errors vanish and ordering breaks.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Dead code.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': 'error',
      'no-unreachable': 'error',
      'no-unused-private-class-members': 'error',
      'no-useless-catch': 'error',
    },
  },
  {
    // A require() would slip past the layer rules below.
    name: 'policy-lens/no-require',
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'error' },
  },
  ...layers,
);
