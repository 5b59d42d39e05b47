/** Shared test helpers: the builtin lexicon and an engine over it. */
import * as fs from 'fs';
import * as path from 'path';
import { createEngine, defaultConfig, Engine, parseLexicon, PolicyConfig } from '../../../src/core/engine';
import { LexiconEntry } from '../../../src/core/types';

export function repoRoot(): string {
  // Compiled to out/test/unit/helpers; sources live in test/unit/helpers.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'lexicon', 'nhs-england.yaml'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the repository root from ' + __dirname);
}

let cached: LexiconEntry[] | undefined;

export function builtinLexicon(): LexiconEntry[] {
  if (!cached) {
    const text = fs.readFileSync(path.join(repoRoot(), 'lexicon', 'nhs-england.yaml'), 'utf8');
    const { entries, problems } = parseLexicon(text);
    if (problems.length) throw new Error('builtin lexicon problems: ' + JSON.stringify(problems));
    cached = entries;
  }
  return cached;
}

export function engineWith(overrides: Partial<PolicyConfig> = {}): Engine {
  return createEngine(builtinLexicon(), { ...defaultConfig(), ...overrides });
}

/** "entry-id:matched text" for each mention, in order. */
export function mentionsOf(engine: Engine, text: string): string[] {
  return engine.mentions(text).map((m) => `${m.entryId}:${text.slice(m.start, m.end)}`);
}
