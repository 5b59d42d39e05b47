/**
 * The layer boundary, enforced: core is pure (no vscode, no I/O), dependencies
 * point one way (extension -> features -> adapters -> core).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n;]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

function layerOf(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = path.normalize(path.join(path.dirname(file), spec));
  const m = /^src[\\/](core|adapters|features|cli)\b/.exec(target);
  if (m) return m[1];
  return /^src[\\/]extension/.test(target) ? 'extension' : undefined;
}

const NODE_IO = /^(node:)?(fs|fs\/promises|path|child_process|net|http|https|os|worker_threads)$/;

const rules: { layer: string; forbidden: (spec: string, target?: string) => string | undefined }[] = [
  {
    layer: 'src/core',
    forbidden: (spec, target) =>
      spec === 'vscode' ? 'core must not import vscode'
        : NODE_IO.test(spec) ? `core must not do I/O (imports ${spec})`
          : target && target !== 'core' ? `core must not import from ${target}` : undefined,
  },
  {
    layer: 'src/adapters',
    forbidden: (_spec, target) => (target === 'features' || target === 'extension' ? `adapters must not import from ${target}` : undefined),
  },
  {
    layer: 'src/features',
    forbidden: (spec, target) =>
      NODE_IO.test(spec) ? `features must go through adapters for I/O (imports ${spec})`
        : target === 'extension' || target === 'cli' ? `features must not import from ${target}` : undefined,
  },
];

describe('architecture: layer boundaries', () => {
  for (const rule of rules) {
    it(`${rule.layer} keeps its boundary`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(rule.layer)) {
        for (const spec of importsOf(file)) {
          const why = rule.forbidden(spec, layerOf(file, spec));
          if (why) violations.push(`${file}: ${why}`);
        }
      }
      assert.deepStrictEqual(violations, []);
    });
  }

  it('finds the imports it checks (the checker itself works)', () => {
    const probe = "import * as vscode from 'vscode';\nimport { x } from '../adapters/y';\nconst fs = require('fs');";
    const tmp = path.join(root, 'out', 'arch-probe.ts');
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, probe);
    try {
      assert.deepStrictEqual(importsOf(path.relative(root, tmp)), ['vscode', '../adapters/y', 'fs']);
    } finally {
      fs.rmSync(tmp);
    }
  });
});
