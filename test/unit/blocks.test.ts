/**
 * blockStarts skips, in a text without fences, the lines that cannot start the next block
 * (analysis/blocks.ts): it must cut every text exactly where reading it line by line cuts it.
 */
import * as assert from 'assert';
import { BLOCK_READINGS, blockStarts } from '../../src/core/analysis/blocks';
import { rng } from '../../bench/prng';
import { allDocuments, NamedText } from './helpers/documents';

const { fenceFreeStarts, lineByLineStarts } = BLOCK_READINGS;
const SIZES = [1, 2, 7, 50, 500, 1024, 4096];

function documents(): NamedText[] {
  return allDocuments({ kb: 300, seed: 3 });
}

/** The text with its fences broken (so that both readings apply). */
const withoutFences = (text: string): string => text.replace(/```|~~~/g, '``x');

describe('blockStarts: skipping the lines no block can start at', () => {
  const cases: [string, string, number][] = [
    ['a blank line right at the earliest cut', 'aaaa\n\nbbbb\n\ncccc\n\ndddd', 4],
    ['the earliest cut inside a line', 'aaaaaa\n\nbbbbbb\n\ncccccc', 3],
    ['blank lines of spaces, tabs and CRs', 'aaaa\r\n \t\r\nbbbb\r\n\r\ncccc\n  \ndddd', 2],
    ['a text that opens with blank lines', '\n\n  \naaaa\n\nbbbb', 1],
    ['one line', 'aaaaaaaaaaaaaaaa', 2],
    ['ends on a blank line', 'aaaa\n\nbbbb\n\n', 2],
    ['ends without a line break after a blank line', 'aaaa\n\n', 2],
  ];
  for (const [name, text, min] of cases) {
    it(name, () => assert.deepStrictEqual(fenceFreeStarts(text, min), lineByLineStarts(text, min)));
  }

  it('cuts random texts of letters, spaces and line breaks the same both ways', () => {
    const random = rng(11);
    const alphabet = ['a', 'b', ' ', '\n', '\n', '\t', '\r', 'x'];
    for (let k = 0; k < 300; k++) {
      let text = '';
      const length = Math.floor(random() * 2000);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      for (const min of SIZES) assert.deepStrictEqual(fenceFreeStarts(text, min), lineByLineStarts(text, min), JSON.stringify({ k, min }));
    }
  });

  it('reads a text with a fence line by line', () => {
    const text = 'aaaa\n\n```\nbbbb\n\ncccc\n```\n\ndddd\n\neeee';
    for (const min of SIZES) assert.deepStrictEqual(blockStarts(text, min), lineByLineStarts(text, min));
  });

  for (const doc of documents()) {
    it(`cuts ${doc.name} the same both ways`, () => {
      const text = withoutFences(doc.text);
      for (const min of SIZES) assert.deepStrictEqual(fenceFreeStarts(text, min), lineByLineStarts(text, min), `minChars ${min}`);
    });
  }
});
