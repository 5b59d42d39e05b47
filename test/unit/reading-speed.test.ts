/**
 * The reading layer's fast paths (#9, #11: >= 50 MB/s for the whole engine). Each one must give
 * exactly what the plain way gives: these tests hold the plain way as the spec (a string-building
 * ligature check, a search per span, a search to the end of the text) and compare.
 */
import * as assert from 'node:assert';
import { hasLostLigatures, ligatureRepair, LL_WORDS } from '../../src/core/text/ligatures';
import { boldTextStart, hashOfKey, headerHash, headerKey, occursNear, readText } from '../../src/core/text/reading';
import { classifyLine, LINE_TEXT, lineKind } from '../../src/core/text/markdown-lines';
import { Utf8Scratch } from '../../src/core/text/utf8';
import { phrasePairs, WordTable } from '../../src/core/text/word-table';
import { Span } from '../../src/core/types';
import { rng } from '../../bench/prng';

/** The ligature check as first written (slices and toLowerCase): the spec for the hashed one. */
function ligatureRepairSpec(words: ReadonlySet<string>, src: string, lineStart: number, lineEnd: number, at: number): 'join' | 'double' | null {
  if (at > lineStart && src.charCodeAt(at - 1) === 108) return null;
  const letter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  let w0 = at;
  while (w0 > lineStart && letter(src.charCodeAt(w0 - 1))) w0--;
  let w1 = at + 2;
  while (w1 < lineEnd && src.charCodeAt(w1) >= 97 && src.charCodeAt(w1) <= 122) w1++;
  const left = src.slice(w0, at + 1).toLowerCase();
  const right = src.slice(at + 2, w1);
  if (w1 > at + 2) {
    if (words.has(left + 'l' + right)) return 'join';
    if (right === 'y' && (left.endsWith('al') || left.endsWith('ful'))) return 'join';
  }
  if (words.has(left + 'l') && !(left === 'al' && src.startsWith('et ', w0 - 3))) return 'double';
  return null;
}

/** Words the repair knows (a sample of its list) and others, to build text from. */
const KNOWN = ['allocations', 'will', 'million', 'fully', 'follow', 'excellence', 'colleague', 'all', 'well', 'skills', 'annually', 'successfully'];
const OTHER = ['model', 'local', 'general', 'al', 'et', 'Al', 'WIL', 'Mil', 'cancel', 'ful', 'y', 'ion', 'be', 'ocations', 'ence', 'eague', 'ow'];

describe('reading layer fast paths', () => {
  describe('ligature repair (hashed) gives what the string check gives', () => {
    const cases: [string, 'join' | 'double' | null][] = [
      ['al ocations', 'join'], ['wil be', 'double'], ['£249 mil ion', 'join'], ['ful y', 'join'], ['annual y', 'join'],
      ['successful y', 'join'], ['Excel ence', 'join'], ['et al said', null], ['model of', null], ['all of', null],
      ['AL OCATIONS', null], ['Al ocations', 'join'], ['WIl be', 'double'], ['l x', null],
    ];
    for (const [text, want] of cases) {
      it(JSON.stringify(text), () => {
        const at = text.indexOf('l ');
        assert.strictEqual(ligatureRepair(text, 0, text.length, at), want);
      });
    }
    it('on 20,000 random "l " pairs', () => {
      const r = rng(7);
      const pick = (a: readonly string[]) => a[Math.floor(r() * a.length)];
      let repaired = 0;
      for (let n = 0; n < 20_000; n++) {
        const w = pick(r() < 0.5 ? KNOWN : OTHER);
        // A known word cut at its "ll", or a word and another after it; sometimes after "et ".
        const ll = w.indexOf('ll');
        const text = (r() < 0.3 ? 'et ' : '') + (ll >= 0 && r() < 0.7 ? w.slice(0, ll + 1) + ' ' + w.slice(ll + 2) : w + ' ' + pick(OTHER));
        const at = text.indexOf('l ');
        if (at < 0) continue;
        const got = ligatureRepair(text, 0, text.length, at);
        assert.strictEqual(got, ligatureRepairSpec(LL_WORDS, text, 0, text.length, at), JSON.stringify(text));
        if (got !== null) repaired++;
      }
      assert.ok(repaired > 1000, `only ${repaired} repairs exercised`);
    });
    it('hasLostLigatures still needs three probes, and skips pairs on the letter before them', () => {
      assert.strictEqual(hasLostLigatures('we wil be al ocating'), false);
      assert.strictEqual(hasLostLigatures('we wil be al ocating the mil ions'), true);
      assert.strictEqual(hasLostLigatures('we wil be, al ocating £2 mil ion, ful y'), true);
      assert.strictEqual(hasLostLigatures('all will well model local general '.repeat(1000)), false);
      assert.strictEqual(hasLostLigatures('l wil '), false);
    });
  });

  describe('running-header keys hashed without the string', () => {
    const lines = [
      'NHS England Board 2024', '**Annual Report 2024/25**', '  Page  12  of 40 ', '', '***', 'a', '12 34 5678', 'Leeds Community Healthcare NHS Trust ',
      '_Public Board_ 4 September 2025', 'ÀÉÎ mixed Case', '• bullet 3', '\tTabbed\u00a0line\f', 'x  y', ' lead', 'trail ',
    ];
    for (const line of lines) {
      it(JSON.stringify(line), () => assert.strictEqual(headerHash(line, 0, line.length), hashOfKey(headerKey(line, 0, line.length))));
    }
  });

  describe('WordTable', () => {
    const table = new WordTable(['the', 'of', '&', 'façade', 'abc', 'acb']);
    const cases: [string, boolean][] = [
      ['the', true], ['The', true], ['THE', true], ['thee', false], ['th', false], ['', false], ['of', true], ['OF', true],
      ['&', true], ['FAÇADE', true], ['façade', true], ['acb', true], ['bac', false], ['ofx', false],
    ];
    for (const [w, want] of cases) {
      it(`${JSON.stringify(w)} -> ${want}`, () => {
        const src = `(${w})`;
        assert.strictEqual(table.has(src, 1, 1 + w.length), want);
      });
    }
    it('tells apart words that share a hash', () => {
      // 31 * 97 + 122 === 31 * 98 + 91: "az" and "b[" share a hash.
      const pair = ['az', 'b['];
      const t = new WordTable([pair[0]]);
      assert.strictEqual(t.has(pair[0], 0, 2), true);
      assert.strictEqual(t.has(pair[1], 0, 2), false);
      const both = new WordTable(pair);
      assert.strictEqual(both.has(pair[1], 0, 2), true);
    });
  });

  describe('WordTable of phrase pairs (hasPair)', () => {
    const pairs = phrasePairs(['Mental Health Investment Standard', 'service  development funding', "King's Fund", 'ring-fenced budget', 'Façade Grant']);
    const cases: [string, string, boolean][] = [
      ['Mental', 'Health', true], ['health', 'INVESTMENT', true], ['Investment', 'Standard', true], ['Mental', 'Investment', false],
      ['Standard', 'Mental', false], ['Service', 'Development', true], ['Development', 'Funding', true], ['Developmen', 'tFunding', false],
      ['King', 'Fund', false], ['s', 'Fund', false], ['fenced', 'budget', false], ['FAÇADE', 'grant', true], ['', 'Health', false],
    ];
    for (const [a, b, want] of cases) {
      it(`${JSON.stringify(a)} + ${JSON.stringify(b)} -> ${want}`, () => {
        // The two words as the reading layer sees them: the end of one line and the start of the next.
        const src = `the ${a}\n\n${b} and more`;
        const a0 = 4;
        const b0 = a0 + a.length + 2;
        assert.strictEqual(pairs.hasPair(src, a0, a0 + a.length, b0, b0 + b.length), want);
      });
    }
    it('a pair is not a word, nor a word a pair', () => {
      assert.strictEqual(new WordTable(['mentalhealth']).hasPair('mental health', 0, 6, 7, 13), false);
    });
  });

  describe('occursNear (the hyphen lookup searches only its window)', () => {
    const W = 20_000;
    const pad = (n: number) => 'x'.repeat(n);
    const cases: { name: string; at: number; src: string; want: boolean }[] = [
      { name: 'at the break', at: 10, src: pad(10) + 'word' + pad(100), want: true },
      { name: 'window start', at: W + 5, src: pad(5) + 'word' + pad(2 * W), want: true },
      { name: 'just before the window', at: W + 5, src: pad(4) + 'word' + pad(2 * W), want: false },
      { name: 'last start inside the window', at: 0, src: pad(W - 1) + 'word' + pad(100), want: true },
      { name: 'first start past the window', at: 0, src: pad(W) + 'word' + pad(100), want: false },
      { name: 'window past the end of the text', at: 50, src: pad(60) + 'word', want: true },
      { name: 'not in the text', at: 50, src: pad(60), want: false },
    ];
    for (const c of cases) {
      it(c.name, () => {
        assert.strictEqual(occursNear(c.src, 'word', c.at), c.want);
        // The spec: a search from the window start to the end of the text.
        const found = c.src.indexOf('word', Math.max(0, c.at - W));
        assert.strictEqual(found >= 0 && found < c.at + W, c.want);
      });
    }
  });

  describe('lines classified on a prefix', () => {
    const cases: { name: string; src: string; text: string }[] = [
      // A list item joins the text after it; a rule does not: the kind is visible in the reading text.
      { name: 'a rule whose third mark lies past the prefix', src: 'Intro\n\n- -' + ' '.repeat(60) + '-\n\ncontinues here.', text: 'Intro\n\n- -' + ' '.repeat(60) + '-\n\ncontinues here.' },
      { name: 'a list item of marks and blanks longer than the prefix', src: 'Intro\n\n- -' + ' '.repeat(60) + 'x\n\ncontinues here.', text: 'Intro\n\n- -' + ' '.repeat(60) + 'x continues here.' },
      { name: 'a long rule', src: 'Intro\n\n' + '- '.repeat(40) + '\n\ncontinues here.', text: 'Intro\n\n' + '- '.repeat(40) + '\n\ncontinues here.' },
      { name: 'a marker past a long blockquote chain', src: 'Intro\n\n' + '> '.repeat(30) + '• item that\n\ncontinues here.', text: 'Intro\n\n' + '> '.repeat(30) + '• item that continues here.' },
      // (After a comma a text line would join; a list item does not.)
      { name: 'a list item whose marker lies past the prefix', src: 'Intro,\n\n' + '> '.repeat(30) + '• item\n\nMore.', text: 'Intro,\n\n' + '> '.repeat(30) + '• item\n\nMore.' },
      { name: 'a long list item with a glyph', src: 'Intro\n\n• ' + 'words '.repeat(30) + 'and\n\ncontinues here.', text: 'Intro\n\n- ' + 'words '.repeat(30) + 'and continues here.' },
      { name: 'the first line classified is a list item (the byte buffer grows on it)', src: '(Fictional paper.)\n\n1. PURPOSE\n\n1.1 This paper updates', text: '(Fictional paper.)\n\n1. PURPOSE 1.1 This paper updates' },
      { name: 'a fence opened by a long line', src: '```' + 'x'.repeat(60) + '\nnot \\( read\n```\n\nafter \\( read', text: '```' + 'x'.repeat(60) + '\nnot \\( read\n```\n\nafter ( read' },
    ];
    for (const c of cases) it(c.name, () => assert.strictEqual(readText(c.src).text, c.text));
  });

  describe('a line starting "**" skips the classifier only when the classifier says text', () => {
    const bytes = new Utf8Scratch();
    const classify = (line: string): number => lineKind(classifyLine(bytes.bytes, 0, bytes.encode(line)));
    const thirds = ['*', ' ', '\t', '\f', '\u00a0', '\r', '\u2028', '\u2029', 'C', 'a', '1', '_', '-', '•', '>', ''];
    const rests = ['', ' ', '*', ' *', 'Capital investment**', ' * *', '\t*'];
    for (const third of thirds) {
      for (const rest of rests) {
        const line = '**' + third + rest;
        it(JSON.stringify(line), () => {
          if (boldTextStart(line, 0, line.length)) assert.strictEqual(classify(line), LINE_TEXT);
        });
      }
    }
    it('takes the fast path for "**Capital investment**"', () => assert.strictEqual(boldTextStart('**Capital investment**', 0, 22), true));
  });

  describe('code spans counted only where a backtick is', () => {
    const cases: [string, string][] = [
      ['a \\( b', 'a ( b'],
      ['`a \\( b` \\( c', '`a \\( b` ( c'],
      ['open ` tick.\n\nnext \\( line', 'open ` tick.\n\nnext ( line'],
      ['x ** ** y `** **` z', 'x   y `** **` z'],
      ['no tick \\( here\n\n`and` then \\( one', 'no tick ( here\n\n`and` then ( one'],
    ];
    for (const [src, text] of cases) it(JSON.stringify(src), () => assert.strictEqual(readText(src).text, text));
  });

  describe('mapSpans (a forward walk) maps as mapSpan does (a search per span)', () => {
    const src = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? `${i}` : i % 3 === 0 ? 'the plan will be \\(funded\\) from' : 'al ocations for the year.')).join('\n\n');
    const reading = readText(src);
    it('the document has a map with many segments', () => {
      assert.ok(reading.map !== null && reading.map.count > 300);
    });
    const orders: [string, (r: () => number, n: number) => Span[]][] = [
      ['sorted', (r, n) => Array.from({ length: 2000 }, () => Math.floor(r() * n)).sort((a, b) => a - b).map((s) => ({ start: s, end: s + Math.floor(r() * 40) }))],
      ['shuffled', (r, n) => Array.from({ length: 2000 }, () => { const s = Math.floor(r() * n); return { start: s, end: s + Math.floor(r() * 400) }; })],
      ['nested and at the ends', (r, n) => Array.from({ length: 2000 }, (_, i) => (i % 2 ? { start: 0, end: n } : { start: Math.floor(r() * n), end: Math.floor(r() * n) }))],
    ];
    for (const [name, make] of orders) {
      it(name, () => {
        const map = reading.map!;
        const spans = make(rng(name.length), reading.text.length);
        const one = spans.map((s) => ({ ...s }));
        for (const s of one) map.mapSpan(s);
        const all = spans.map((s) => ({ ...s }));
        map.mapSpans(all);
        assert.deepStrictEqual(all, one);
      });
    }
  });

  describe('running headers found with the length filter', () => {
    const filler = 'More text on the page follows here. '.repeat(3).trim();
    const page = (header: string, n: number, other: string) => [header, 'The board agreed the plan for the coming year.', filler, other, filler, filler, filler, String(n)].join('\n\n');
    const cases: [string, string, string][] = [
      ['a Latin-1 header', 'NHS England Board', 'Other line'],
      ['a header ending in a curly quote (not Latin-1)', '“Board paper”', 'Other line'],
      ['a header starting with a glyph', '☐ Board paper', 'Other line'],
      ['a header of the same length as a body line', 'NHS England Board', 'NHS England Boars'],
    ];
    for (const [name, header, other] of cases) {
      it(name, () => {
        const src = [1, 2, 3, 4, 5].map((n) => page(header, n, other)).join('\n\n');
        const r = readText(src);
        assert.ok(!r.text.includes(header), 'the header is dropped');
        assert.strictEqual(r.text.split(other).length - 1, 5, 'the other line is kept');
      });
    }
  });

  describe('the column count stops as soon as it decides', () => {
    // Short lines (20-119 characters), each joined to the next: with a sentence ending inside more
    // than 5% of them, at least 12 such lines and at least 50 short lines, the document is laid out in columns.
    const stop = 'the board agreed the plan for the coming year. The work continues with partners and';
    const plain = 'the board agreed the plan for the coming year and the work continues with partners and';
    const doc = (n: number, stops: number) => Array.from({ length: n }, (_, i) => (i < stops ? stop : plain)).join('\n\n') + '.';
    const cases: [string, number, number, boolean][] = [
      ['49 short lines, all with a stop', 49, 49, false],
      ['50 short lines, all with a stop', 50, 50, true],
      ['60 lines, 3 stops (exactly 5%)', 60, 3, false],
      ['60 lines, 4 stops (a short paper: too few to tell)', 60, 4, false],
      ['200 lines, 11 stops', 200, 11, false],
      ['200 lines, 12 stops', 200, 12, true],
      ['400 lines, 21 stops', 400, 21, true],
      ['400 lines, 20 stops', 400, 20, false],
    ];
    for (const [name, n, stops, columns] of cases) it(name, () => assert.strictEqual(readText(doc(n, stops)).columns.length > 0, columns));
  });

  describe('a document without PDF artefacts reads as it is', () => {
    const clean = '# Plan\n\nThe board will invest in neighbourhood teams.\n\n- first item\n- second item\n\nA closing sentence.\n';
    const artefacts: [string, string][] = [
      ['an escape', 'A \\(note\\) here.'], ['empty emphasis', 'A ** ** gap.'], ['a bullet glyph', '• an item'],
      ['a sentence cut by a blank line', 'We will invest in\n\nneighbourhood teams.'], ['a page marker', '<!-- page 3 -->'],
      ['an inline footer', 'text Page 3 of 12 more text.'], ['lost ligatures', 'We wil be al ocating £2 mil ion.'],
    ];
    it('clean Markdown: no map, the same string', () => {
      const r = readText(clean);
      assert.strictEqual(r.map, null);
      assert.strictEqual(r.text, clean);
    });
    for (const [name, extra] of artefacts) {
      it(`one artefact (${name}) still takes the full path`, () => {
        const r = readText(clean + '\n' + extra + '\n');
        assert.notStrictEqual(r.map, null);
      });
    }
  });
});
