import * as assert from 'assert';
import { summarize } from '../../src/core/compare/summary';
import { documentStats } from '../../src/core/engine';
import { countWords } from '../../src/core/text/words';
import { engineWith } from './helpers/engine';

describe('countWords (one word count for the status bar, the summary and the matrix)', () => {
  const cases: [string, number][] = [
    ['', 0],
    ['   \n\t', 0],
    ['PCNs', 1],
    ["It's one. Two words.", 4],
    ['NHS England’s plan', 3],
    ["'quoted' words", 2],
    ['2025-26 plan', 3],
    ['£1.2bn for the ICB', 5],
    ['café naïve Ærø', 3],
    ['primary-care networks', 3],
    ['# Heading\n\n- item one\n- item two', 5],
  ];
  for (const [text, words] of cases) {
    it(`${JSON.stringify(text)} -> ${words}`, () => assert.strictEqual(countWords(text), words));
  }

  it('documentStats and the matrix summary count the same words', () => {
    const text = "# Plan\n\nThe ICB's role: PCNs lead. Primary care networks (PCNs) hire 2,000 staff.\n";
    const engine = engineWith();
    assert.strictEqual(documentStats(text).words, countWords(text));
    assert.strictEqual(summarize(engine, text).words, countWords(text));
  });
});
