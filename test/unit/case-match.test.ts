import * as assert from 'node:assert';
import { caseMatches } from '../../src/core/analysis/phrase-trie';
import { CAT_SOURCE, FundingMatcher } from '../../src/core/analysis/funding';
import { TokenBuffer, tokenize } from '../../src/core/text/tokenizer';
import { Vocabulary } from '../../src/core/text/vocabulary';
import { engineWith, mentionsOf } from './helpers/engine';

/** Does `text`, tokenized, carry the exact case of `phrase` (its words as written) from its first token? */
function matches(phrase: string, text: string): boolean {
  const vocab = new Vocabulary();
  const words = phrase.split(' ');
  for (const w of words) vocab.add(w.toLowerCase());
  vocab.seal();
  const buf = new TokenBuffer();
  tokenize(text, vocab, buf);
  assert.ok(buf.length >= words.length, `"${text}" has fewer tokens than "${phrase}"`);
  return caseMatches(text, buf, 0, words);
}

describe('case matching of abbreviations (one rule for the lexicon and the funding phrases)', () => {
  const cases: { phrase: string; text: string; expected: boolean }[] = [
    { phrase: 'INT', text: 'INT', expected: true },
    { phrase: 'INT', text: 'INTs', expected: true },
    { phrase: 'INT', text: "INT's", expected: true },
    { phrase: 'INT', text: 'int', expected: false },
    { phrase: 'INT', text: 'Int', expected: false },
    { phrase: 'INT', text: 'INTS', expected: false }, // funding's own rule took any fifth letter: "QOFS" counted
    { phrase: 'INT', text: 'ints', expected: false },
    { phrase: 'DoH', text: 'DoH', expected: true },
    { phrase: 'DoH', text: 'DOH', expected: false },
    { phrase: 'Network DES', text: 'Network DES', expected: true },
    { phrase: 'Network DES', text: 'Network DESs', expected: true },
    { phrase: 'Network DES', text: 'network DES', expected: false },
    { phrase: 'Network DES', text: 'Network des', expected: false },
  ];
  for (const c of cases) {
    it(`${c.phrase} in "${c.text}": ${c.expected}`, () => assert.strictEqual(matches(c.phrase, c.text), c.expected));
  }

  describe('both callers', () => {
    const lexicon: { text: string; expected: string[] }[] = [
      { text: 'the INTs met', expected: ['int:INTs'] },
      { text: 'the INTS met', expected: [] },
      { text: 'int x', expected: [] },
    ];
    const engine = engineWith();
    for (const c of lexicon) it(`lexicon: "${c.text}"`, () => assert.deepStrictEqual(mentionsOf(engine, c.text), c.expected));

    const funding: { text: string; expected: string[] }[] = [
      { text: 'paid through QOF', expected: ['QOF'] },
      { text: 'paid through QOFs', expected: ['QOFs'] },
      { text: 'paid through QOFS', expected: [] },
      { text: 'paid through qof', expected: [] },
    ];
    for (const c of funding) {
      it(`funding sources: "${c.text}"`, () => {
        const vocab = new Vocabulary();
        const matcher = new FundingMatcher(vocab, [], []);
        vocab.seal();
        const buf = new TokenBuffer();
        tokenize(c.text, vocab, buf);
        const got = matcher.find(c.text, buf).filter((h) => h.category === CAT_SOURCE).map((h) => c.text.slice(h.start, h.end));
        assert.deepStrictEqual(got, c.expected);
      });
    }
  });
});
