/**
 * Incremental analysis (#11): the engine analyses the reading text in blocks cut at blank lines
 * and, with a cache, re-analyses only the blocks an edit touched. Whatever the blocks and the
 * cache, the analysis must be the one a whole-text analysis gives.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { blockStarts } from '../../src/core/analysis/blocks';
import { Analysis, createEngine, defaultConfig, Engine } from '../../src/core/engine';
import { generatePolicyDocument } from '../../bench/engine';
import { rng } from '../../bench/prng';
import { builtinLexicon, repoRoot } from './helpers/engine';

const engineOf = (blockChars?: number): Engine => createEngine(builtinLexicon(), defaultConfig(), { blockChars });

function documents(): { name: string; text: string }[] {
  const root = repoRoot();
  const out: { name: string; text: string }[] = [];
  const add = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).sort()) {
      if (/\.(md|txt)$/.test(f) && f !== 'SOURCES.md') out.push({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') });
    }
  };
  add(path.join(root, 'test', 'fixtures', 'corpus'));
  add(path.join(root, 'samples'));
  // The real PDF-converted corpus, where this machine has it (the benchmarks use it too).
  add(process.env.POLICY_LENS_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus'));
  out.push({ name: 'generated 300 KB', text: generatePolicyDocument(300 * 1024, 11) });
  return out;
}

/** The parts of an analysis a reader sees, comparable with deepStrictEqual. */
const plain = (a: Analysis): unknown => JSON.parse(JSON.stringify(a));

describe('incremental analysis: blocks', () => {
  const cases: { name: string; text: string; min: number; cuts: number[] }[] = [
    { name: 'cuts at the start of a line after a blank line', text: 'a.\n\nb.\n\nc.', min: 0, cuts: [0, 4, 8] },
    { name: 'blanks made of spaces, tabs and CR count as blank', text: 'a.\r\n \t\r\nb.', min: 0, cuts: [0, 8] },
    { name: 'no cut without a blank line', text: 'a.\nb.\nc.', min: 0, cuts: [0] },
    { name: 'one block when the minimum is Infinity', text: 'a\n\nb\n\nc', min: Infinity, cuts: [0] },
    { name: 'never inside a ``` fence', text: 'a\n\n```\nx\n\ny\n```\n\nb', min: 0, cuts: [0, 3, 17] },
    { name: 'never inside a ~~~ fence in a quote', text: 'a\n\n> ~~~\n> x\n\n~~~\n\nb', min: 0, cuts: [0, 3, 19] },
    { name: 'a ``` line does not close a ~~~ fence', text: '~~~\n\n```\n\nx\n~~~\n\nb', min: 0, cuts: [0, 17] },
    { name: 'an unclosed fence runs to the end', text: 'a\n\n```\n\nb\n\nc', min: 0, cuts: [0, 3] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepStrictEqual(blockStarts(c.text, c.min), c.cuts));
  }

  const paragraphs = Array.from({ length: 400 }, (_, i) => `Paragraph ${i * 7919 % 1000} says something about place ${i}.`).join('\n\n');
  it('every block but the last has the minimum size, and none is more than 8 times it plus a paragraph', () => {
    const starts = blockStarts(paragraphs, 500);
    assert.ok(starts.length > 5, `${starts.length} blocks`);
    for (let k = 1; k < starts.length; k++) {
      const size = starts[k] - starts[k - 1];
      assert.ok(size >= 500 && size < 500 * 8 + 100, `block ${k - 1}: ${size} characters`);
    }
  });

  it('cuts depend on the text after them: removing a blank line moves only the cuts next to it', () => {
    const before = blockStarts(paragraphs, 500);
    const at = paragraphs.indexOf('\n\n', 2000);
    const edited = paragraphs.slice(0, at) + ' joined ' + paragraphs.slice(at + 2);
    const shift = ' joined '.length - 2;
    const after = new Set(blockStarts(edited, 500).map((s) => (s > at ? s - shift : s)));
    const moved = before.filter((s) => !after.has(s));
    assert.ok(moved.length <= 2, `cuts moved: ${moved.join(', ')} of ${before.length}`);
  });
});

describe('incremental analysis: the same findings as a whole-text analysis', function () {
  this.timeout(120_000);
  const whole = engineOf(Infinity);
  const blocked = engineOf(1024);
  const smallest = engineOf(0);
  for (const doc of documents()) {
    it(`${doc.name}: blocks of 1,024 characters and more, and blocks at every blank line`, () => {
      const expected = plain(whole.analyze(doc.text));
      assert.deepStrictEqual(plain(blocked.analyze(doc.text)), expected);
      assert.deepStrictEqual(plain(smallest.analyze(doc.text)), expected);
    });
  }
});

describe('incremental analysis: a cache re-analyses only what an edit touched', function () {
  this.timeout(120_000);
  const whole = engineOf(Infinity);
  const blocked = engineOf();
  const docs = documents().filter((d) => d.text.length > 40_000).slice(0, 3);
  const inserts = ['integrator ', 'funding ', '\n\n', 'within existing resources. ', '£2m ', '```\n', '-\n', 'x'];
  for (const doc of docs) {
    it(`${doc.name}: 40 random edits, each analysis equal to a fresh whole-text one`, () => {
      const random = rng(doc.text.length);
      const cache = blocked.createCache();
      let text = doc.text;
      blocked.analyze(text, cache);
      let before = cache.analysed;
      const perEdit: number[] = [];
      for (let i = 0; i < 40; i++) {
        const at = Math.floor(random() * text.length);
        if (random() < 0.3) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 40)));
        else text = text.slice(0, at) + inserts[i % inserts.length] + text.slice(at);
        const got = plain(blocked.analyze(text, cache));
        assert.deepStrictEqual(got, plain(whole.analyze(text)), `edit ${i} at ${at}`);
        perEdit.push(cache.analysed - before);
        before = cache.analysed;
      }
      const blocks = blockStarts(text, 1024).length;
      const median = [...perEdit].sort((a, b) => a - b)[perEdit.length >> 1];
      // A fence opened by an edit changes every block after it; most edits touch one or two.
      assert.ok(median <= 2, `median blocks re-analysed per edit ${median} of ${blocks} (${perEdit.join(',')})`);
    });
  }

  it('an accounts heading typed in the middle stops the funding rules in every later block, and removing it brings them back', () => {
    const text = generatePolicyDocument(120 * 1024, 5);
    const at = text.indexOf('\n\n', text.length >> 1) + 2;
    const heading = '## Notes to the accounts\n\n';
    const cache = blocked.createCache();
    const fresh = plain(blocked.analyze(text, cache));
    const withHeading = text.slice(0, at) + heading + text.slice(at);
    const stopped = blocked.analyze(withHeading, cache);
    assert.deepStrictEqual(plain(stopped), plain(whole.analyze(withHeading)));
    assert.ok(stopped.fundingStatements.every((s) => s.start < at), 'no money statement after the accounts heading');
    assert.deepStrictEqual(plain(blocked.analyze(text, cache)), fresh);
  });

  it('text repeated before and after the accounts (boilerplate, a repeated report) is not re-analysed on every edit', () => {
    // The same blocks once before the accounts heading (funding rules on) and once after (off):
    // one cached result per block text made the two copies evict each other on every analysis.
    const part = generatePolicyDocument(60 * 1024, 9);
    const text = `${part}\n\n## Notes to the accounts\n\n${part}`;
    const cache = blocked.createCache();
    blocked.analyze(text, cache);
    const before = cache.analysed;
    const edited = text.replace('\n\n', '\n\nintegrator\n\n');
    assert.deepStrictEqual(plain(blocked.analyze(edited, cache)), plain(whole.analyze(edited)));
    assert.ok(cache.analysed - before <= 2, `${cache.analysed - before} blocks re-analysed after one edit`);
  });

  it('finds unchanged blocks by their place (before the edit, and as far from the end after it) and moved ones by their text', () => {
    const part = generatePolicyDocument(80 * 1024, 21);
    const cache = blocked.createCache();
    blocked.analyze(part, cache);
    const count = (text: string): number => {
      const before = cache.analysed;
      assert.deepStrictEqual(plain(blocked.analyze(text, cache)), plain(whole.analyze(text)));
      return cache.analysed - before;
    };
    // Blank lines typed in the middle: more blocks, every later one at a new index.
    const mid = part.indexOf('\n\n', part.length >> 1) + 2;
    const split = part.slice(0, mid) + 'A new paragraph.\n\nAnd another.\n\n' + part.slice(mid);
    assert.ok(count(split) <= 2);
    // The first and last paragraphs swapped: the blocks between are where they were.
    const first = split.indexOf('\n\n') + 2;
    const last = split.lastIndexOf('\n\n') + 2;
    const swapped = split.slice(last) + '\n\n' + split.slice(first, last) + split.slice(0, first);
    assert.ok(count(swapped) <= 6);
    // A block moved from the start to the end is found by its text.
    const cut = blockStarts(swapped, 1024)[1];
    assert.ok(count(swapped.slice(cut) + swapped.slice(0, cut)) <= 3);
    // The same text again: nothing to analyse.
    const moved = swapped.slice(cut) + swapped.slice(0, cut);
    assert.strictEqual(count(moved), 0);
    // A word typed over, the block's length unchanged: analysed again.
    const at = moved.indexOf('will', moved.length >> 1);
    assert.strictEqual(count(moved.slice(0, at) + 'must' + moved.slice(at + 4)), 1);
  });

  it('cached results come out with their fields in the order a fresh analysis writes them (as JSON shows them)', () => {
    // (The corpus strategy has statements in columns, `uncertain`; the generated text backed ones, `support`.)
    const text = documents().map((d) => d.text).join('\n\n');
    const cache = blocked.createCache();
    blocked.analyze(text, cache);
    const edited = 'A first line.\n\n' + text;
    const cached = blocked.analyze(edited, cache);
    assert.ok(cached.fundingStatements.some((st) => st.support !== undefined));
    assert.strictEqual(JSON.stringify(cached), JSON.stringify(whole.analyze(edited)));
  });

  it('a cache from another engine is ignored (its results belong to other rules)', () => {
    const other = engineOf(0);
    const cache = other.createCache();
    const text = documents()[0].text;
    other.analyze(text, cache);
    assert.deepStrictEqual(plain(blocked.analyze(text, cache)), plain(whole.analyze(text)));
  });
});
