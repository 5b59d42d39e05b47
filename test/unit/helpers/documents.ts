/** Every document the tests can read: the fixtures, the samples and the development corpus (when it is there), plus one generated document. */
import * as fs from 'fs';
import * as path from 'path';
import { generatePolicyDocument } from '../../../bench/engine';
import { repoRoot } from './engine';

export interface NamedText { name: string; text: string }

/** test/fixtures, samples and ../shared/corpus (or POLICY_LENS_CORPUS), sorted, then `generatePolicyDocument(kb KB, seed)`. */
export function allDocuments(generated: { kb: number; seed: number }): NamedText[] {
  const root = repoRoot();
  const out: NamedText[] = [];
  const add = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, f);
      if (fs.statSync(p).isDirectory()) add(p);
      else if (/\.(md|txt)$/.test(f) && f !== 'SOURCES.md') out.push({ name: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  add(path.join(root, 'test', 'fixtures'));
  add(path.join(root, 'samples'));
  add(process.env.POLICY_LENS_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus'));
  out.push({ name: `generated ${generated.kb} KB`, text: generatePolicyDocument(generated.kb * 1024, generated.seed) });
  return out;
}
