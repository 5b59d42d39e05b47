// `npm run lint`: the layer boundaries (see ARCHITECTURE.md) and the checks tsc cannot make.
// Dependencies point one way: extension -> features -> adapters -> core; the CLI is core + Node.
import tseslint from 'typescript-eslint';

const NODE_IO = ['fs', 'fs/promises', 'path', 'child_process', 'net', 'http', 'https', 'os', 'worker_threads']
  .flatMap((m) => [m, `node:${m}`]);

/** A relative import that climbs into one of `layers` (`../adapters/x`, `../../features`, `../extension`). */
const upInto = (layers, message) => ({ regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`, message });

const vscode = (message) => ({ name: 'vscode', message });
const nodeIo = (message) => NODE_IO.map((name) => ({ name, message }));

/** One `no-restricted-imports` rule per layer (a later flat-config block replaces, never merges, a rule's options). */
export const layers = [
  {
    name: 'policy-lens/layers/core',
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscode('src/core is pure: it must not import vscode.'), ...nodeIo('src/core does no I/O: pass text in, take plain data out.')],
        patterns: [upInto(['adapters', 'features', 'cli', 'cli\\.ts', 'extension'], 'src/core must not import from an outer layer.')],
      }],
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
        paths: nodeIo('Features reach files through adapters.'),
        patterns: [upInto(['extension', 'cli', 'cli\\.ts'], 'Features must not import the extension or the CLI.')],
      }],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', 'test/fixtures/**'] },
  {
    name: 'policy-lens/typescript',
    files: ['src/**/*.ts', 'test/**/*.ts'],
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
