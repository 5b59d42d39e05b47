/**
 * The layer boundary is enforced by ESLint (`eslint.config.mjs`, run by `npm run lint` and
 * `npm test`). These tests prove the real configuration catches what a line-by-line regex
 * missed: an import spread over several lines, a lazy import(), each layer's own rule.
 */
import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');

/** Lints `text` as if it were the file `file` (which exists, so the type-aware rules can run). */
async function violations(file: string, text: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.line}: ${m.ruleId ?? m.message}`);
}

const multiLine = [
  'import {',
  '  window,',
  "} from 'vscode';",
  'export const shown = window;',
  '',
].join('\n');

describe('architecture: layer boundaries (ESLint)', function () {
  // The first lint builds the TypeScript program: seconds, not milliseconds.
  this.timeout(120_000);

  const cases: { file: string; text: string; expected: string[] }[] = [
    { file: 'src/core/markdown.ts', text: multiLine, expected: ['1: @typescript-eslint/no-restricted-imports'] },
    { file: 'src/cli/io.ts', text: multiLine, expected: ['1: @typescript-eslint/no-restricted-imports'] },
    {
      file: 'src/core/dates.ts',
      text: "import {\n  readFile,\n} from 'node:fs/promises';\nexport const load = () => import('fs');\nexport const r = readFile;\n",
      expected: ['1: @typescript-eslint/no-restricted-imports', '4: no-restricted-syntax'],
    },
    {
      file: 'src/adapters/log.ts',
      text: "import {\n  register,\n} from '../features/highlights';\nexport const r = register;\n",
      expected: ['1: @typescript-eslint/no-restricted-imports'],
    },
    {
      file: 'src/core/dates.ts',
      text: "export async function later(): Promise<void> {}\nexport function now(): void {\n  later();\n}\n",
      expected: ['3: @typescript-eslint/no-floating-promises'],
    },
    { file: 'src/core/dates.ts', text: 'const unused = 1;\nexport {};\n', expected: ['1: @typescript-eslint/no-unused-vars'] },
    // The same import is fine where the layer allows it.
    { file: 'src/adapters/log.ts', text: multiLine, expected: [] },
    // The browser build (a web worker) has no Node: only the CLI and src/adapters/node-*.ts may use it.
    { file: 'src/features/hover.ts', text: "import { execFile } from 'node:child_process';\nexport const run = execFile;\n", expected: ['1: @typescript-eslint/no-restricted-imports'] },
    { file: 'src/adapters/log.ts', text: "import * as os from 'os';\nexport const user = os.userInfo;\n", expected: ['1: @typescript-eslint/no-restricted-imports'] },
    { file: 'src/extension.ts', text: "import { Worker } from 'worker_threads';\nexport const W = Worker;\n", expected: ['1: @typescript-eslint/no-restricted-imports'] },
    { file: 'src/adapters/node-user.ts', text: "import * as os from 'os';\nexport const user = os.userInfo;\n", expected: [] },
    { file: 'src/cli/io.ts', text: "import * as os from 'os';\nexport const user = os.userInfo;\n", expected: [] },
    {
      file: 'src/adapters/files.ts',
      text: "import * as vscode from 'vscode';\nexport const p = (u: vscode.Uri) => u.fsPath;\nexport const e = process.env.HOME;\n",
      expected: ['2: no-restricted-properties', '3: no-restricted-globals'],
    },
  ];
  for (const c of cases) {
    it(`${c.file}: ${JSON.stringify(c.text.split('\n')[0])}... -> ${c.expected.length ? c.expected.join(', ') : 'clean'}`, async () => {
      assert.deepStrictEqual(await violations(c.file, c.text), c.expected);
    });
  }
});
