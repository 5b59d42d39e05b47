/**
 * Phrases that count only when a pattern follows them (PhraseOptions.follow): the funding rules'
 * EXISTING_RESOURCE_OPENINGS stand for thousands of listed phrases ("make best use of" + every
 * determiner + every kind of money) with a few openings and one pattern each.
 */
import * as assert from 'node:assert';
import { CAT_EXISTING, CAT_FUNDING, FundingMatcher } from '../../src/core/analysis/funding';
import { PhraseTrie } from '../../src/core/analysis/phrase-trie';
import { TokenBuffer, tokenize } from '../../src/core/text/tokenizer';
import { Vocabulary } from '../../src/core/text/vocabulary';

function hits(text: string): string[] {
  const vocab = new Vocabulary();
  const matcher = new FundingMatcher(vocab, [], []);
  vocab.seal();
  const buf = new TokenBuffer();
  tokenize(text, vocab, buf);
  const name = (c: number): string => (c === CAT_EXISTING ? 'existing' : c === CAT_FUNDING ? 'funding' : String(c));
  return matcher.find(text, buf).map((h) => `${name(h.category)}:${text.slice(h.start, h.end)}`);
}

describe('phrases with a follow pattern (funding openings)', () => {
  const cases: { text: string; expected: string[] }[] = [
    // The pattern follows: the phrase runs to the end of what it read.
    { text: 'Systems should make best use of the available resources.', expected: ['existing:make best use of the available resources'] },
    { text: 'We will make the best use of our estate.', expected: ['existing:make the best use of our estate'] },
    // It does not: nothing at all.
    { text: 'The service will make best use of workforce numbers.', expected: [] },
    // A shorter phrase under the opening still counts when the pattern does not follow.
    { text: 'The posts will be funded by the ICB.', expected: ['funding:funded'] },
    { text: 'The posts will be funded by releasing savings.', expected: ['existing:funded by releasing'] },
    { text: 'Any costs must be offset by savings elsewhere.', expected: ['existing:offset by savings'] },
    // Negations: "no" needs a word saying the money is more; "without" does not.
    { text: 'There is no separate funding for this.', expected: ['existing:no separate funding'] },
    { text: 'No funding sentences here.', expected: ['funding:funding'] },
    { text: 'It will be delivered without any additional resources.', expected: ['existing:without any additional resources'] },
    { text: 'In the absence of new national funding, teams will form.', expected: ['existing:absence of new national funding'] },
    // Words the pattern read are not matched again.
    { text: 'Delivered without further investment in buildings.', expected: ['existing:without further investment'] },
  ];
  for (const c of cases) {
    it(`"${c.text}"`, () => assert.deepStrictEqual(hits(c.text), c.expected));
  }

  it('a follow pattern must be sticky (it is tried at the phrase end)', () => {
    const trie = new PhraseTrie(new Vocabulary());
    assert.throws(() => trie.add('make best use of', { target: 0, follow: /\s+money/i }), /sticky/);
  });
});
