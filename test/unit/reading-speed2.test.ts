/**
 * The reading layer's second round of fast paths (#9, #11). Each gives exactly what the plain way
 * gives: the "l " pairs the writer skips are ones the ligature repair leaves alone, page numbers
 * are read at both ends of their range, and the line scan's shortcut for empty lines and the
 * running-header keys give the same lines and keys.
 */
import * as assert from 'node:assert';
import { countLostLigatureProbes, ligatureRepair, LL_WORDS, mayRepair, nextRepairable, scanLigatures } from '../../src/core/text/ligatures';
import { hashOfKey, headerHash, headerKey, orderedItem, readText } from '../../src/core/text/reading';
import { classifyLine, isBulletGlyph, LINE_LIST, lineKind } from '../../src/core/text/markdown-lines';
import { Utf8Scratch } from '../../src/core/text/utf8';
import { rng } from '../../bench/prng';

/** Random text heavy in "l ", the letters of LL_WORDS, capitals, "y" and punctuation. */
function lText(r: () => number, n: number): string {
  const parts = ['l ', 'l', 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'm', 'b', 'c', 'f', 's', 't', 'A', 'W', 'E', ' ', '.', '-', '\n', '’', 'al ', 'ful ', 'y '];
  let s = '';
  while (s.length < n) s += parts[Math.floor(r() * parts.length)];
  return s;
}

/** Every way a word of LL_WORDS can be cut at one of its "ll"s, with what may come before and after. */
function cutWords(): string[] {
  const out: string[] = [];
  for (const w of LL_WORDS) {
    for (let p = w.indexOf('ll'); p >= 0; p = w.indexOf('ll', p + 1)) {
      const cut = w.slice(0, p + 1) + ' ' + w.slice(p + 2);
      for (const before of ['', ' ', 'x', '(', 'et ']) {
        for (const after of ['', ' ', ' be', 'y', ' y']) {
          out.push(before + cut + after, (before + cut + after).toUpperCase(), before + cut.charAt(0).toUpperCase() + cut.slice(1) + after);
        }
      }
    }
  }
  return out;
}

describe('reading layer fast paths, second round', () => {
  describe('mayRepair: an "l " it rules out is one ligatureRepair leaves alone', () => {
    const check = (text: string) => {
      for (let at = text.indexOf('l '); at >= 0; at = text.indexOf('l ', at + 1)) {
        if (mayRepair(text, at)) continue;
        // Any line holding the pair (a line starts after a non-letter: a blank or a line break).
        for (let lineStart = 0; lineStart <= at; lineStart++) {
          if (lineStart > 0 && /[A-Za-z]/.test(text.charAt(lineStart - 1))) continue;
          assert.strictEqual(ligatureRepair(text, lineStart, text.length, at), null, `${JSON.stringify(text)} at ${at} from ${lineStart}`);
        }
      }
    };
    it('on every word of LL_WORDS cut at its "ll" (each may be repaired)', () => {
      let kept = 0;
      for (const text of cutWords()) {
        check(text);
        const at = text.toLowerCase().indexOf('l ');
        if (at >= 0 && ligatureRepair(text, 0, text.length, at) !== null) { assert.ok(mayRepair(text, at), JSON.stringify(text)); kept++; }
      }
      assert.ok(kept > 500, `only ${kept} repairs exercised`);
    });
    it('on 3,000 random texts full of "l " pairs', () => {
      const r = rng(11);
      for (let n = 0; n < 3000; n++) check(lText(r, 40));
    });
    const cases: [string, boolean][] = [
      ['all of', false], ['social care', false], ['potential for', false], ['approval of', false], ['annual report', false],
      ['financial year', false], ['school nurses', false], ['l x', false],
      // (Letters an "ll" word has before its "ll": "call", "modelled", "councillor", "install".)
      ['local area', true], ['model of', true], ['council tax', true], ['hospital ', true],
      ['al ocations', true], ['wil be', true], ['mil ion', true], ['annual y', true], ['successful y', true],
    ];
    for (const [text, want] of cases) it(`${JSON.stringify(text)} -> ${want}`, () => assert.strictEqual(mayRepair(text, text.indexOf('l ')), want));
    it('nextRepairable steps over the pairs ruled out', () => {
      const text = 'the social school of all wil be al ocated';
      assert.strictEqual(nextRepairable(text, 0), text.indexOf('wil ') + 2);
      assert.strictEqual(nextRepairable(text, text.indexOf('be')), text.indexOf('al oc') + 1);
      assert.strictEqual(nextRepairable(text, text.indexOf('ocated')), -1);
    });
    it('scanLigatures: the probes countLostLigatureProbes counts, the pairs nextRepairable finds', () => {
      const r = rng(13);
      const probes = [' wil ', 'mil ion', 'bil ion', ' al ocat', ' ful y', ' fol ow', 'Excel ence', ' al ow', 'col eague'];
      for (let n = 0; n < 500; n++) {
        let text = lText(r, 200);
        for (let i = Math.floor(r() * 6); i > 0; i--) text += probes[Math.floor(r() * probes.length)] + lText(r, 20);
        const scan = scanLigatures(text);
        assert.strictEqual(scan.probes, countLostLigatureProbes(text, 0, text.length), JSON.stringify(text));
        const chain: number[] = [];
        for (let at = nextRepairable(text, 0); at >= 0; at = nextRepairable(text, at + 1)) chain.push(at);
        assert.deepStrictEqual(Array.from(scan.repairable.subarray(0, scan.count)), chain, JSON.stringify(text));
      }
    });
    it('a document with the artefact is repaired where it should be, and only there', () => {
      const doc = 'We wil be al ocating £2 mil ion to the local model, ful y and annual y.\n\nThe general council al ows it.';
      assert.strictEqual(readText(doc).text, 'We will be allocating £2 million to the local model, fully and annually.\n\nThe general council allows it.');
    });
  });

  describe('page numbers at both ends of their range', () => {
    const filler = 'Text of the page, long enough to make a page of it. '.repeat(5).trim();
    const doc = (numbers: number[]) => numbers.map((n) => `${filler}\n\n${n}`).join('\n\n');
    const cases: [string, number[], boolean][] = [
      ['1, 2, 3', [1, 2, 3], true],
      ['1998, 1999, 2000', [1998, 1999, 2000], true],
      ['1999, 2000, 2001 (2001 is no page number)', [1999, 2000, 2001], false],
      ['steps of 10: 1, 11, 21', [1, 11, 21], true],
      ['steps of 11: 1, 12, 23', [1, 12, 23], false],
      ['0, 1, 2, 3 (0 is no page number)', [0, 1, 2, 3], true],
    ];
    for (const [name, numbers, found] of cases) {
      it(name, () => {
        const r = readText(doc(numbers));
        assert.strictEqual(r.pages.length > 0, found);
        if (found) assert.ok(!/\b(1|3|21|2000)\s*$/.test(r.text), 'the page numbers are dropped');
      });
    }
  });

  describe('lines starting with a digit or a bullet glyph are classified as classifyLine() does', () => {
    const bytes = new Utf8Scratch();
    const isList = (line: string) => {
      const nb = bytes.encode(line); // (then read bytes.bytes: encoding may grow it)
      return lineKind(classifyLine(bytes.bytes, 0, nb)) === LINE_LIST;
    };
    const lines = [
      '1. Purpose', '12) Item', '123. Item', '1234. Item', '1.Purpose', '1.', '1', '12', '2024. The year', '3.\tTab', '4.\u00a0No-break',
      '5.\fForm feed', '6.\rCR', '7) ', '8)x', '9 . x', '10.5 million', '0. zero', '00) x', '1.  two blanks', '3', '1) ' + 'x'.repeat(60),
    ];
    for (const line of lines) it(JSON.stringify(line), () => assert.strictEqual(orderedItem(line, 0, line.length), isList(line)));
    it('on 2,000 random lines of digits, stops, brackets and blanks', () => {
      const r = rng(5);
      const parts = ['1', '2', '9', '0', '.', ')', ' ', '\t', '\u00a0', 'a', '-'];
      for (let n = 0; n < 2000; n++) {
        let line = String(Math.floor(r() * 10));
        const len = Math.floor(r() * 8);
        for (let i = 0; i < len; i++) line += parts[Math.floor(r() * parts.length)];
        assert.strictEqual(orderedItem(line, 0, line.length), isList(line), JSON.stringify(line));
      }
    });
    for (const glyph of ['\u2022', '\uf0b7', '\uf0a7', '\uf076', '\u25aa', '\u25e6', '\u25cf', '\u25a0', '\u27a2', '\u2023', '\u2043']) {
      it(`bullet ${JSON.stringify(glyph)} starts a list item with or without a blank`, () => {
        assert.ok(isBulletGlyph(glyph.charCodeAt(0)));
        for (const rest of ['', ' item', 'item', '  ' + 'x'.repeat(80)]) assert.ok(isList(glyph + rest), JSON.stringify(glyph + rest));
      });
    }
    it('a document of such lines reads as before (items written with "-")', () => {
      assert.strictEqual(readText('\u2022 First\n\n\u2022 Second\n\n1. One.\n\n2024. The year.\n\n12\n\ntext').text, '- First\n\n- Second\n\n1. One.\n\n2024. The year.\n\n12\n\ntext');
    });
    it('empty lines inside a code fence stay in the fence', () => {
      const src = 'Before the fence\n\n```\n\ncode \\( here\n\n```\n\nafter the fence';
      assert.strictEqual(readText(src).text, src);
    });
  });

  describe('the line scan and running-header keys', () => {
    const texts: [string, string][] = [
      ['empty lines at the end', 'One line\n\n\n\n'],
      ['empty lines at the start', '\n\n\nOne line'],
      ['CRLF empty lines', 'One line and\r\n\r\n\r\nthe next'],
      ['only line breaks', '\n\n\n'],
      ['a lone line break', '\n'],
    ];
    for (const [name, text] of texts) {
      it(name, () => {
        const r = readText(text);
        // Fragments joined across the empty lines, nothing else touched.
        assert.strictEqual(r.text.replace(/\s+/g, ' ').trim(), text.replace(/\s+/g, ' ').trim());
      });
    }
    it('a key longer than the scratch buffer', () => {
      const line = '**Annual Report and Accounts 2024** '.repeat(12);
      assert.strictEqual(headerHash(line, 0, line.length), hashOfKey(headerKey(line, 0, line.length)));
      assert.ok(headerKey(line, 0, line.length).startsWith('annual report and accounts # annual'));
    });
  });
});
