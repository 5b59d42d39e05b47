import * as assert from 'node:assert';
import { collapseSpaces, isJsSpace } from '../../src/core/text/spaces';
import { hasLostLigatures } from '../../src/core/text/ligatures';

describe('collapsing white space (the one-line text of a statement)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['plain words', 'plain words'],
    ['two  spaces', 'two spaces'],
    ['a line\nbreak', 'a line break'],
    ['a\r\n\r\nparagraph', 'a paragraph'],
    ['tab\tand no-break\u00a0space', 'tab and no-break space'],
    [' leading and trailing ', ' leading and trailing '],
    ['  \n ', ' '],
    ['em\u2003space and line\u2028separator', 'em space and line separator'],
    ['zero\u200bwidth stays', 'zero\u200bwidth stays'],
    ['space then break \nhere', 'space then break here'],
    ['break then space\n here', 'break then space here'],
    ['\n', ' '],
    ['a\u00a0\u00a0b c\td', 'a b c d'],
    ['ends with two  ', 'ends with two '],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.strictEqual(collapseSpaces(input), expected));
  }

  it('agrees with /\\s+/g on every UTF-16 unit and on random strings', () => {
    for (let c = 0; c < 65536; c++) assert.strictEqual(isJsSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
    const alphabet = ['a', 'b', ' ', ' ', '\n', '\r', '\t', '\u00a0', '\u2009', '\ufeff', '.', '£'];
    let seed = 7;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let k = 0; k < 2000; k++) {
      let s = '';
      for (let i = rand(k < 1000 ? 30 : 300); i > 0; i--) s += alphabet[rand(alphabet.length)];
      assert.strictEqual(collapseSpaces(s), s.replace(/\s+/g, ' '), JSON.stringify(s));
    }
  });
});

describe('lost "ll" ligatures: does the document show the artefact?', () => {
  const cases: [string, string, boolean][] = [
    ['three probes', 'We wil be there. £249 mil ion. The al ocations are set.', true],
    ['two probes are not enough', 'We wil be there. £249 mil ion.', false],
    ['ordinary prose', 'We will be there with £249 million of allocations, et al.', false],
    ['a probe at the very start', ' wil be wil be wil be', true],
    ['"l " at the start of the text', 'l wil be, mil ion, bil ion', true],
    ['nothing at all', '', false],
  ];
  for (const [name, text, expected] of cases) it(name, () => assert.strictEqual(hasLostLigatures(text), expected));
});
