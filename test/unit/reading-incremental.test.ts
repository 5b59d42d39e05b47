/**
 * Incremental reading (#11): readTextIncremental() reuses the reading of the last version of a
 * document (lines, page furniture, the written text and its offset map) and redoes only what an
 * edit can change. Whatever the edit, its reading must be exactly readText()'s, and the engine's
 * cached analysis exactly a fresh one's: edits that change a document-wide fact (a page number
 * typed, a running header edited, a hyphenated word written whole nearby, a third lost ligature)
 * included.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readText, readTextIncremental, ReadingOptions, ReadingState, ReadingText } from '../../src/core/text/reading';
import { commonPrefix, commonSuffix } from '../../src/core/text/diff';
import { blockStarts } from '../../src/core/analysis/blocks';
import { Analysis, blockStartsAfterEdit, createEngine, defaultConfig, readingPhrasePairs } from '../../src/core/engine';
import { generatePolicyDocument } from '../../bench/engine';
import { rng } from '../../bench/prng';
import { builtinLexicon, repoRoot } from './helpers/engine';

const options: ReadingOptions = {
  isWord: (w) => w === 'neighbourhood' || w === 'commissioning',
  // A name cut across lines joins the lines (pdfLike() cuts one on every page), as with the engine's pairs.
  phrasePairs: readingPhrasePairs(builtinLexicon(), defaultConfig()),
};

/** Everything a reading holds, comparable with deepStrictEqual (the map's segments included). */
function plainReading(r: ReadingText): unknown {
  const m = r.map as unknown as { r: Int32Array; s: Int32Array; len: Int32Array; count: number } | null;
  return {
    text: r.text,
    pages: r.pages,
    columns: r.columns,
    map: m === null ? null : { count: m.count, r: Array.from(m.r.subarray(0, m.count)), s: Array.from(m.s.subarray(0, m.count)), len: Array.from(m.len.subarray(0, m.count)) },
  };
}

function stateOf(text: string): ReadingState {
  return readTextIncremental(text, options).state;
}

function assertSameReading(before: string, after: string, message = ''): ReadingState {
  const { reading, state } = readTextIncremental(after, options, stateOf(before));
  assert.deepStrictEqual(plainReading(reading), plainReading(readText(after, options)), message);
  return state;
}

/** A PDF-converted document in miniature: page numbers, a running header, fragments, escapes, a hyphen break. */
function pdfLike(pages: number): string {
  const out: string[] = [];
  // Sentences near the page numbers differ from page to page (repeated ones there are running lines).
  const unique = (p: number, k: number): string => `Priority ${String.fromCharCode(97 + (p % 26), 97 + ((p >> 3) + 5 * k) % 26)} is set out in the plan.`;
  for (let p = 1; p <= pages; p++) {
    out.push('NHS England Board Paper');
    for (let k = 0; k < 3; k++) out.push(unique(p, k));
    out.push(`The integrated care board will commission services for the population of place ${p} and`);
    out.push('its partners, with \\(additional\\) funding of £2m for the neighbour-');
    out.push('hood teams. **Capital investment**');
    out.push('• Community services wil be al ocated from existing budgets.');
    out.push(`Spending on services will grow by ${p}% in line with the Mental Health`);
    out.push('Investment Standard, as agreed.');
    // The running header again, away from the page number (it still counts as one).
    if (p % 4 === 0) out.push('NHS England Board Paper');
    out.push(`The ${p % 3 === 0 ? 'commiss-' : 'plan'}`);
    out.push(`${p % 3 === 0 ? 'ioning' : 'continues'} of acute and primary care across the system this year.`);
    for (let k = 3; k < 6; k++) out.push(unique(p, k));
    out.push(String(p));
  }
  return out.join('\n\n') + '\n';
}

describe('incremental reading: edits give readText()\'s reading', () => {
  const base = pdfLike(12);
  const header = base.indexOf('NHS England Board Paper', 200);
  const pageLine = base.indexOf('\n\n7\n\n') + 2;
  const cases: { name: string; edit: (t: string) => string }[] = [
    { name: 'a word typed inside a fragment', edit: (t) => t.replace('population of place 5', 'population of the place 5') },
    { name: 'a word typed next to a running header away from the page numbers', edit: (t) => t.replace('place 8 and', 'place 8 and more') },
    { name: 'a word typed just before a running header away from the page numbers', edit: (t) => { const at = t.indexOf('budgets.\n\nNHS England Board Paper'); return t.slice(0, at) + 'local ' + t.slice(at); } },
    { name: 'a running header away from the page numbers deleted', edit: (t) => { const at = t.indexOf('budgets.\n\nNHS England Board Paper') + 10; return t.slice(0, at) + t.slice(at + 25); } },
    { name: 'a line deleted', edit: (t) => t.replace('hood teams. **Capital investment**\n\n', '') },
    { name: 'a blank line inserted between joined fragments', edit: (t) => t.replace('place 4 and\n\n', 'place 4 and\n\n\n\n') },
    { name: 'a full stop typed at the end of a fragment (it no longer joins the next)', edit: (t) => t.replace('place 6 and', 'place 6.') },
    { name: 'a page number deleted (the run of page numbers changes)', edit: (t) => t.slice(0, pageLine) + t.slice(pageLine + 3) },
    { name: 'a lone number typed between blank lines', edit: (t) => t.replace('place 3 and\n\n', 'place 3 and\n\n42\n\n') },
    { name: '"Page 3 of 40" typed on a line of its own', edit: (t) => t.replace('place 8 and\n\n', 'place 8 and\n\nPage 3 of 40\n\n') },
    { name: 'a running header edited (it stays a header elsewhere only if repeated enough)', edit: (t) => t.slice(0, header) + 'NHS England Board Papers' + t.slice(header + 23) },
    { name: 'every running header but two removed', edit: (t) => t.split('NHS England Board Paper').reduce((out, part, i) => out + (i > 0 && i < 3 ? 'NHS England Board Paper' : '') + part, '') },
    { name: 'a lost ligature repaired by hand (the document-wide test changes)', edit: (t) => t.split('wil be al ocated').join('will be allocated') },
    { name: 'a hyphen-broken word written whole nearby', edit: (t) => t.replace('place 2 and', 'place 2 and commissioning') },
    { name: 'a page marker typed', edit: (t) => t.replace('place 9 and\n\n', 'place 9 and\n\n<!-- page 30 -->\n\n') },
    { name: 'a code fence opened', edit: (t) => t.replace('place 10 and\n\n', 'place 10 and\n\n```\n\n') },
    { name: 'a form feed typed', edit: (t) => t.replace('place 10 and\n\n', 'place 10 and\n\n\f\n\n') },
    { name: 'typing at the very start', edit: (t) => 'Draft. ' + t },
    { name: 'typing at the very end', edit: (t) => t + 'more text' },
    { name: 'everything deleted', edit: () => '' },
    { name: 'CRLF line ends', edit: (t) => t.replace(/\n/g, '\r\n') },
    { name: 'a full stop typed at the end of a name cut across lines (it no longer joins the next)', edit: (t) => t.replace('grow by 5% in line with the Mental Health', 'grow by 5% in line with the Mental Health.') },
    { name: 'the second half of a name cut across lines edited (it no longer joins)', edit: (t) => t.replace('Health\n\nInvestment Standard', 'Health\n\nAct Standard') },
    { name: 'a running line cut to a short one before a name (no longer running text)', edit: (t) => t.replace('Spending on services will grow by 9% in line with the Mental Health', 'The Mental Health') },
    { name: 'no change', edit: (t) => t },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const after = c.edit(base);
      assertSameReading(base, after);
      // And back again, from the edited text's state.
      assertSameReading(after, base, 'undoing the edit');
    });
  }

  it('the last of three page numbers deleted: the first two are no longer page numbers either', () => {
    const three = pdfLike(3);
    const last = three.lastIndexOf('\n\n3\n') + 2;
    const after = three.slice(0, last) + three.slice(last + 2);
    assert.strictEqual(readText(three, options).pages.length, 4);
    assert.strictEqual(readText(after, options).pages.length, 0);
    assertSameReading(three, after);
    assertSameReading(after, three, 'undoing the edit');
  });

  it('a letter replaced in plain text long after the last change the reader made (the writer copies lazily)', () => {
    const plainLines = Array.from({ length: 400 }, (_, i) => `Line ${i} of the plan says the board will meet.`);
    const before = 'An \\(escape\\) first.\n\n' + plainLines.join('\n\n') + '\n';
    const at = before.indexOf('Line 300 ');
    assertSameReading(before, before.slice(0, at) + 'X' + before.slice(at + 1));
  });

  it('the miniature has what the cases edit: pages, a running header, joins, repairs', () => {
    const r = readText(base, options);
    assert.strictEqual(r.pages.length, 13);
    assert.ok(!r.text.includes('NHS England Board Paper'), 'running header read as furniture, also away from the page numbers');
    assert.ok(r.text.includes('neighbourhood teams') && r.text.includes('will be allocated') && r.text.includes('commissioning of acute'));
    assert.ok(r.text.includes('Mental Health Investment Standard'), 'a name cut across lines joined');
  });

  it('a reading with no change (well-formed Markdown) stays the source itself, with no map', () => {
    const md = '# Title\n\nA paragraph.\n\n- an item\n';
    const { reading } = readTextIncremental(md + 'More.\n', options, stateOf(md));
    assert.strictEqual(reading.map, null);
    assert.strictEqual(reading.text, md + 'More.\n');
  });

  it('state from other phrase pairs is not reused (they decide name joins)', () => {
    const other = readTextIncremental(base, { isWord: options.isWord }).state;
    const { reading } = readTextIncremental(base, options, other);
    assert.deepStrictEqual(plainReading(reading), plainReading(readText(base, options)));
    assert.ok(reading.text.includes('Mental Health Investment Standard'));
  });

  it('state from other options is not reused (the lexicon decides hyphen joins)', () => {
    const other = readTextIncremental(base, { isWord: () => false }).state;
    const { reading } = readTextIncremental(base, options, other);
    assert.deepStrictEqual(plainReading(reading), plainReading(readText(base, options)));
  });
});

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
  add(process.env.POLICY_LENS_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus'));
  out.push({ name: 'PDF-like, 60 pages', text: pdfLike(60) });
  out.push({ name: 'generated 150 KB', text: generatePolicyDocument(150 * 1024, 3) });
  return out;
}

/** Random edits of the kinds an analyst makes, and those that change document-wide facts. */
function randomEdit(text: string, random: () => number): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const l = Math.floor(random() * lineStarts.length);
  const a = lineStarts[l];
  const e = l + 1 < lineStarts.length ? lineStarts[l + 1] : text.length;
  const at = Math.floor(random() * (text.length + 1));
  const pastes = ['The ICB will fund it from existing resources.', '12', 'Page 3 of 40', '**NHS England Board**', 'neighbour-', 'hood', 'wil be al ocated', '<!-- page 7 -->', '\f', 'Ends. Starts here'];
  switch (Math.floor(random() * 9)) {
    case 0: return text.slice(0, at) + ' word' + text.slice(at);
    case 1: return text.slice(0, a) + text.slice(e);
    case 2: return text.slice(0, a) + '\n' + text.slice(a);
    case 3: return text.slice(0, a) + '\n' + pastes[Math.floor(random() * pastes.length)] + '\n\n' + text.slice(a);
    case 4: return text.slice(0, a) + `\nPage ${1 + Math.floor(random() * 40)} of 40\n\n` + text.slice(a);
    case 5: return text.slice(0, a) + `\n${1 + Math.floor(random() * 60)}\n\n` + text.slice(a);
    case 6: {
      // A line repeated through the document (a running header or footer) edited at one place.
      const counts = new Map<string, number>();
      for (let k = 0; k + 1 < lineStarts.length; k++) {
        const line = text.slice(lineStarts[k], lineStarts[k + 1] - 1);
        if (line.length > 4 && line.length < 80) counts.set(line, (counts.get(line) ?? 0) + 1);
      }
      const repeated = [...counts].filter(([, n]) => n >= 3).map(([line]) => line);
      if (repeated.length === 0) return text;
      const line = repeated[Math.floor(random() * repeated.length)];
      const where = text.indexOf(line, at);
      if (where < 0) return text;
      return text.slice(0, where) + (random() < 0.5 ? 'X' + line.slice(1) : '') + text.slice(where + line.length);
    }
    case 7: return text.slice(0, at) + text.slice(Math.min(text.length, at + Math.floor(random() * 30)));
    default: return text.slice(0, at) + text.slice(at, at + 400) + text.slice(at); // a passage pasted again
  }
}

describe('incremental reading: random edits of real documents', function () {
  this.timeout(300_000);
  for (const doc of documents()) {
    it(`${doc.name}: 30 edits in a row, each reading equal to readText()'s`, () => {
      const random = rng(doc.text.length + 7);
      let text = doc.text;
      let state = stateOf(text);
      for (let i = 0; i < 30; i++) {
        text = randomEdit(text, random);
        const next = readTextIncremental(text, options, state);
        assert.deepStrictEqual(plainReading(next.reading), plainReading(readText(text, options)), `edit ${i}`);
        state = next.state;
      }
    });
  }
});

describe('incremental analysis: random edits, cached analyses equal fresh ones', function () {
  this.timeout(300_000);
  const engine = createEngine(builtinLexicon(), defaultConfig());
  const plain = (a: Analysis): string => JSON.stringify(a);
  for (const doc of documents().filter((d) => d.text.length > 40_000)) {
    it(`${doc.name}: 20 edits in a row`, () => {
      const random = rng(doc.text.length + 11);
      let text = doc.text;
      const cache = engine.createCache();
      engine.analyze(text, cache);
      for (let i = 0; i < 20; i++) {
        text = randomEdit(text, random);
        assert.strictEqual(plain(engine.analyze(text, cache)), plain(engine.analyze(text)), `edit ${i}`);
      }
    });
  }
});

describe('block cuts after an edit', () => {
  it('are blockStarts() of the edited text, for random edits', () => {
    const random = rng(5);
    let text = generatePolicyDocument(80 * 1024, 9);
    for (const min of [0, 200, 1024]) {
      let starts = blockStarts(text, min);
      for (let i = 0; i < 60; i++) {
        const next = randomEdit(text, random);
        const got = blockStartsAfterEdit(text, starts, next, min) ?? blockStarts(next, min);
        assert.deepStrictEqual(got, blockStarts(next, min), `min ${min}, edit ${i}`);
        text = next;
        starts = got;
      }
    }
  });
});

describe('common prefix and suffix', () => {
  const cases: { a: string; b: string; prefix: number; suffix: number }[] = [
    { a: 'abc', b: 'abc', prefix: 3, suffix: 0 },
    { a: 'abXc', b: 'abc', prefix: 2, suffix: 1 },
    { a: '', b: 'x', prefix: 0, suffix: 0 },
    { a: 'aaaa', b: 'aaaaa', prefix: 4, suffix: 0 },
    { a: 'x'.repeat(10_000) + 'A' + 'y'.repeat(9_000), b: 'x'.repeat(10_000) + 'BB' + 'y'.repeat(9_000), prefix: 10_000, suffix: 9_000 },
  ];
  for (const c of cases) {
    it(`${c.a.length} and ${c.b.length} characters`, () => {
      const p = commonPrefix(c.a, c.b);
      assert.strictEqual(p, c.prefix);
      assert.strictEqual(commonSuffix(c.a, c.b, Math.min(c.a.length, c.b.length) - p), c.suffix);
    });
  }
});
