import * as assert from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { readText, ReadingOptions, ReadingText } from '../../src/core/text/reading';
import { phrasePairs } from '../../src/core/text/word-table';
import { defaultConfig, readingPhrasePairs } from '../../src/core/engine';
import { builtinLexicon, repoRoot } from './helpers/engine';

/** Every character the reading layer copied maps back to the same character in the source. */
function assertMapExact(src: string, r: ReadingText): void {
  if (r.map === null) return assert.strictEqual(r.text, src);
  for (let i = 0; i < r.text.length; i++) {
    const s: number = r.map.toSourceStart(i);
    assert.ok(s >= 0 && s <= src.length, `offset ${i} maps outside the source`);
    if (r.map.isCopied(i)) assert.strictEqual(src[s], r.text[i], `reading ${i} (${JSON.stringify(r.text.slice(i - 5, i + 5))}) -> source ${s}`);
  }
}

/** The source text a reading-text span maps back to. */
function sourceOf(src: string, r: ReadingText, word: string): string {
  const at = r.text.indexOf(word);
  assert.ok(at >= 0, `${JSON.stringify(word)} not in ${JSON.stringify(r.text)}`);
  if (r.map === null) return src.slice(at, at + word.length);
  return src.slice(r.map.toSourceStart(at), r.map.toSourceEnd(at + word.length));
}

/** Reading options as the engine makes them: the builtin lexicon's words and its names' and the funding phrases' pairs. */
let engineReading: ReadingOptions | undefined;
function engineOptions(): ReadingOptions {
  if (engineReading === undefined) {
    const words = new Set(builtinLexicon().flatMap((e) => [e.label, ...e.aliases]).flatMap((n) => n.toLowerCase().split(/\s+/)));
    engineReading = { isWord: (w) => words.has(w), phrasePairs: readingPhrasePairs(builtinLexicon(), defaultConfig()) };
  }
  return engineReading;
}

const filler = (n: number): string => 'Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do eiusmod tempor. '.repeat(n);

describe('reading layer', () => {
  const cases: { name: string; src: string; text: string; words?: Record<string, string> }[] = [
    { name: 'joins a sentence cut by a PDF line break', src: 'We will invest in\n\nneighbourhood teams.', text: 'We will invest in neighbourhood teams.', words: { 'in neighbourhood': 'in\n\nneighbourhood' } },
    { name: 'joins when the next fragment starts with a digit', src: 'The plan runs to\n\n2030 and beyond.', text: 'The plan runs to 2030 and beyond.' },
    { name: 'joins after a function word even before a capital', src: 'working with the\n\nVoluntary sector.', text: 'working with the Voluntary sector.' },
    { name: 'joins after a comma', src: 'ICBs, local authorities,\n\nVCSE partners.', text: 'ICBs, local authorities, VCSE partners.' },
    { name: 'keeps a paragraph break after a full stop', src: 'First sentence.\n\nsecond paragraph', text: 'First sentence.\n\nsecond paragraph' },
    { name: 'keeps a break before a capitalised new paragraph', src: 'The Leeds Health and Care\n\nPartnership board', text: 'The Leeds Health and Care\n\nPartnership board' },
    { name: 'keeps headings apart', src: '# Capital investment\n\nwill follow.', text: '# Capital investment\n\nwill follow.' },
    { name: 'keeps a bold heading apart from the text after it', src: '**Capital investment**\n\nwill follow.', text: '**Capital investment**\n\nwill follow.' },
    { name: 'keeps list items apart', src: '- first item\n\n- second item', text: '- first item\n\n- second item' },
    { name: 'continues a bullet on its next PDF line', src: '- first item that\n\ncontinues here.', text: '- first item that continues here.' },
    { name: 'rejoins a word hyphenated across lines when the document knows it', src: 'Each neighbour-\n\nhood team. A neighbourhood.', text: 'Each neighbourhood team. A neighbourhood.', words: { neighbourhood: 'neighbour-\n\nhood' } },
    { name: 'rejoins a word hyphenated across two lines of one paragraph', src: 'Each neighbour-\nhood team. A neighbourhood.', text: 'Each neighbourhood team. A neighbourhood.', words: { neighbourhood: 'neighbour-\nhood' } },
    { name: 'keeps a real hyphen across two lines of one paragraph', src: 'A place-\nbased approach.', text: 'A place-\nbased approach.' },
    { name: 'keeps a hyphen before an unknown word on the next line', src: 'A well-\nknown plan.', text: 'A well-\nknown plan.' },
    { name: 'keeps a hyphen before a new list item', src: 'The neighbour-\n- hood item. A neighbourhood.', text: 'The neighbour-\n- hood item. A neighbourhood.' },
    { name: 'keeps a real hyphen (compound second half)', src: 'A place-\n\nbased approach.', text: 'A place- based approach.' },
    { name: 'keeps a real hyphen (prefix)', src: 'The non-\n\nexecutive directors.', text: 'The non- executive directors.' },
    { name: 'reads escapes as the characters they stand for', src: 'The Partnership \\(LHCP\\) and 1\\.5 \\- more', text: 'The Partnership (LHCP) and 1.5 - more', words: { '(LHCP)': '(LHCP\\)' } },
    { name: 'keeps escapes inside a code span', src: 'Write `\\(` for a bracket \\(really\\)', text: 'Write `\\(` for a bracket (really)' },
    { name: 'drops stray emphasis markers', src: 'Invest ** ** in****teams', text: 'Invest   inteams' },
    { name: 'reads bullet glyphs as list items', src: '• First item\n\uf0b7 Second\n•Third', text: '- First item\n- Second\n- Third' },
    { name: 'leaves fenced code alone', src: '```\nsome \\(code\\)\n\nand more\n```', text: '```\nsome \\(code\\)\n\nand more\n```' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = readText(c.src, { isWord: () => false });
      assert.strictEqual(r.text, c.text);
      assertMapExact(c.src, r);
      for (const [word, source] of Object.entries(c.words ?? {})) assert.strictEqual(sourceOf(c.src, r, word), source);
    });
  }

  describe('a name cut across PDF lines', () => {
    const pairs = phrasePairs(['Mental Health Investment Standard', 'Service Development Funding', 'Better Care Fund', 'current workforce', 'Health and Care Partnership', 'the funding we need', 'the money the service needs']);
    const running = 'ICBs will grow their spending in line with the';
    const cases: { name: string; src: string; text: string; words?: Record<string, string> }[] = [
      { name: 'joins two words of a known name in running text', src: `${running} Mental Health\n\nInvestment Standard.`, text: `${running} Mental Health Investment Standard.`, words: { 'Health Investment': 'Health\n\nInvestment' } },
      { name: 'joins a plural second word', src: 'The councils have pooled their money into the Better Care\n\nFunds of both places.', text: 'The councils have pooled their money into the Better Care Funds of both places.' },
      { name: 'joins across stray emphasis at the line ends', src: 'At system level, we are part of the West Yorkshire Health and Care **\n\n**Partnership (WYHCP).', text: 'At system level, we are part of the West Yorkshire Health and Care ** **Partnership (WYHCP).', words: { Partnership: 'Partnership' } },
      { name: 'joins a possessive to the known name after it', src: "We have set aside £1.9 million for these posts from the ICB's\n\nService Development Funding.", text: "We have set aside £1.9 million for these posts from the ICB's Service Development Funding." },
      { name: 'joins a possessive (curly apostrophe) to the known name after it', src: 'We have set aside £1.9 million for these posts from the ICB\u2019s\n\nService Development Funding.', text: 'We have set aside £1.9 million for these posts from the ICB\u2019s Service Development Funding.' },
      { name: 'keeps a possessive apart from a sentence that is no known name', src: 'We will respond to the needs of the city\u2019s\n\nWe know that outcomes are unequal.', text: 'We will respond to the needs of the city\u2019s\n\nWe know that outcomes are unequal.' },
      { name: 'keeps a short Title Case heading apart from the paragraph after it', src: 'Mental Health\n\nInvestment in community services grew by 5%.', text: 'Mental Health\n\nInvestment in community services grew by 5%.' },
      { name: 'keeps a long Title Case heading apart (few words in lower case)', src: 'Our Approach to the Better Care Fund and Mental Health\n\nInvestment Standard', text: 'Our Approach to the Better Care Fund and Mental Health\n\nInvestment Standard' },
      { name: 'keeps a short sentence-case line apart', src: 'Our plan for the Better Care\n\nFund money is set out below.', text: 'Our plan for the Better Care\n\nFund money is set out below.' },
      { name: 'keeps a lower-case word apart from a capitalised one (no name)', src: 'to support their health and well-being in the current\n\nWorkforce on 5/6/25.', text: 'to support their health and well-being in the current\n\nWorkforce on 5/6/25.' },
      { name: 'keeps a capitalised function word apart, though the pair is known (it starts a sentence)', src: 'The posts are paid for from Service Development Funding\n\nWe will review them in a year.', text: 'The posts are paid for from Service Development Funding\n\nWe will review them in a year.' },
      { name: 'keeps a possessive apart from a known pair starting with a function word', src: "This covers the cost of the service's\n\nThe Money The service needs is set out below.", text: "This covers the cost of the service's\n\nThe Money The service needs is set out below." },
      { name: 'keeps words that are in no known name apart', src: `${running} Mental Health\n\nAct of 1983.`, text: `${running} Mental Health\n\nAct of 1983.` },
      { name: 'keeps a full stop a full stop', src: `${running} Mental Health.\n\nInvestment Standard.`, text: `${running} Mental Health.\n\nInvestment Standard.` },
      { name: 'keeps a heading line (#) apart', src: `${running} Mental Health\n\n# Investment Standard`, text: `${running} Mental Health\n\n# Investment Standard` },
      { name: 'joins "use" in running text', src: 'PCNs will now, for the first time, be able to use\n\nARRS funding for practice nurses.', text: 'PCNs will now, for the first time, be able to use ARRS funding for practice nurses.' },
      { name: 'keeps "use" at the end of a short line apart', src: 'Fit for use\n\nThe rooms were inspected in May.', text: 'Fit for use\n\nThe rooms were inspected in May.' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const r = readText(c.src, { isWord: () => false, phrasePairs: pairs });
        assert.strictEqual(r.text, c.text);
        assertMapExact(c.src, r);
        for (const [word, source] of Object.entries(c.words ?? {})) assert.strictEqual(sourceOf(c.src, r, word), source);
      });
    }

    it('without the pairs, the name stays cut (the engine supplies them)', () => {
      const src = `${running} Mental Health\n\nInvestment Standard.`;
      assert.strictEqual(readText(src, { isWord: () => false }).text, src);
    });

    it("the engine's pairs come from the lexicon and the funding phrases", () => {
      const engine = readingPhrasePairs(builtinLexicon(), defaultConfig());
      for (const [a, b] of [['mental', 'health'], ['development', 'funding'], ['disabled', 'facilities'], ['facilities', 'grant'], ['nhs', 'england']]) {
        assert.ok(engine.hasPair(`${a} ${b}`, 0, a.length, a.length + 1, a.length + 1 + b.length), `${a} ${b}`);
      }
      const configured = readingPhrasePairs([], { ...defaultConfig(), fundingPhrases: ['Winter Pressures Money'] });
      assert.ok(configured.hasPair('pressures money', 0, 9, 10, 15));
    });
  });

  it('rejoins a hyphenated word the lexicon knows', () => {
    const r = readText('Each integ-\n\nrator will.', { isWord: (w) => w === 'integrator' });
    assert.strictEqual(r.text, 'Each integrator will.');
  });

  it('reads well-formed Markdown exactly as before (README, ARCHITECTURE, CHANGELOG, docs)', () => {
    const root = repoRoot();
    const files = ['README.md', 'ARCHITECTURE.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))];
    for (const f of files) {
      const src = fs.readFileSync(path.join(root, f), 'utf8');
      for (const r of [readText(src), readText(src, engineOptions())]) {
        assert.strictEqual(r.map, null, `${f} was changed by the reading layer: ${firstDifference(src, r.text)}`);
        assert.deepStrictEqual(r.pages, []);
      }
    }
  });

  it('the samples read as written, their Markdown escapes read as the characters they stand for', () => {
    const root = repoRoot();
    for (const f of fs.readdirSync(path.join(root, 'samples')).filter((n) => n.endsWith('.md'))) {
      const src = fs.readFileSync(path.join(root, 'samples', f), 'utf8');
      for (const r of [readText(src), readText(src, engineOptions())]) {
        assert.strictEqual(r.text, src.replace(/\\([!-\/:-@[-`{-~])/g, '$1'), `${f}: ${firstDifference(src.replace(/\\([!-\/:-@[-`{-~])/g, '$1'), r.text)}`);
        assertMapExact(src, r);
      }
    }
  });

  describe('page furniture', () => {
    const pages = (n: number, footer: (p: number) => string): string => {
      let s = '';
      for (let p = 1; p <= n; p++) s += `${filler(6)}The ICB will fund\n\n${footer(p)}\n\nthe new service in ${['Leeds', 'York', 'Hull', 'Bradford', 'Wakefield'][p % 5]} on page ${p}.\n\n`;
      return s;
    };

    it('a lone page number and a running header neither split nor join a sentence', () => {
      const src = pages(4, (p) => `${p + 10}\n\n**Annual report and accounts 2024-2025**`);
      const r = readText(src);
      assert.ok(!r.text.includes('Annual report'), 'running header removed');
      assert.ok(r.text.includes('The ICB will fund the new service in York on page 1.'), r.text.slice(0, 600));
      assertMapExact(src, r);
      assert.deepStrictEqual(r.pages.map((p) => p.page), [11, 12, 13, 14, 15]);
      // The text before "11" is page 11; after it page 12.
      assert.strictEqual(r.pages[1].start, src.indexOf('11') + 2);
    });

    it('"Page 3 of 40" lines are page numbers', () => {
      const src = pages(3, (p) => `Page ${p} of 40`);
      const r = readText(src);
      assert.ok(!/Page \d of 40/.test(r.text));
      assert.deepStrictEqual(r.pages.map((p) => p.page), [1, 2, 3, 4]);
    });

    it('a "Page 3 of 12" footer run into a line is read past', () => {
      const src = 'Other funding opportunities included the Delivering Page 1 of 4 Community Growth Funding. Page 2 is blank.';
      const r = readText(src);
      assert.strictEqual(r.text, 'Other funding opportunities included the Delivering  Community Growth Funding. Page 2 is blank.');
      assertMapExact(src, r);
    });

    it('<!-- page N --> markers start their page', () => {
      const src = '<!-- page 7 -->\nFirst page text.\n\n<!-- page 8 -->\nSecond page text.\n';
      const r = readText(src);
      assert.deepStrictEqual(r.pages, [{ start: 0, page: 7 }, { start: src.indexOf('<!-- page 8'), page: 8 }]);
      assert.ok(!r.text.includes('<!--'));
    });

    it('a form feed line is furniture', () => {
      const src = 'The ICB will fund\n\f\nthe new service.';
      assert.strictEqual(readText(src).text, 'The ICB will fund the new service.');
    });

    it('numbers close together are a table column, not pages', () => {
      const src = 'Results\n\n12\n\n13\n\n14\n\n15\n\nend of table.';
      const r = readText(src);
      assert.deepStrictEqual(r.pages, []);
      assert.ok(r.text.includes('13'));
    });

    it('no page numbers: nothing invented', () => {
      assert.deepStrictEqual(readText(filler(40)).pages, []);
    });
  });

  describe('lost ll ligatures', () => {
    const artefact = 'Funds wil be al ocated. The £249 mil ion wil follow. ';
    it('are repaired in a document that shows them', () => {
      const src = artefact + 'Al organisations wil report ful y and annual y, et al said. Excel ence.';
      const r = readText(src);
      assert.strictEqual(r.text, 'Funds will be allocated. The £249 million will follow. All organisations will report fully and annually, et al said. Excellence.');
      assertMapExact(src, r);
      assert.strictEqual(sourceOf(src, r, 'allocated'), 'al ocated');
    });
    it('are left alone in a document without them', () => {
      const src = 'The financial year. Al Smith and the ful moon.';
      assert.strictEqual(readText(src).map, null);
    });
  });

  it('marks runs of narrow joined fragments as interleaved columns', () => {
    const src = ['Wellbeing starts with', 'our connections with', 'family and friends and', 'the behaviour and care', 'and compassion we show', 'one another and the', 'places where we live.'].join('\n\n');
    const r = readText(src);
    assert.strictEqual(r.columns.length, 1);
    assert.strictEqual(r.columns[0].start, 0);
    assert.strictEqual(r.columns[0].end, r.text.length);
  });

  it('a document laid out in columns throughout: joined runs of three fragments are columns', () => {
    // Short lines that often hold one sentence's end and the next one's start, as interleaved columns do.
    const block = ['we work together to deliver our ambition and', 'care also part of the plan. The Board', 'partners across the city and the region'].join('\n\n');
    const columned = Array.from({ length: 30 }, () => block).join('\n\n# Part\n\n');
    const r = readText(columned);
    assert.ok(r.columns.length >= 25, `columns found: ${r.columns.length}`);
    // The same runs in a single-column document (no sentence ends inside its short lines) are not.
    const single = columned.replace(/plan\. The Board/g, 'plan and the Board');
    assert.deepStrictEqual(readText(single).columns, []);
  });

  it('maps offsets exactly on a generated PDF-like document', () => {
    let seed = 7;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const parts = ['We will', 'invest in', 'neighbour-', 'hood teams', '\\(ICB\\)', '** **', '•', '12', 'Page 3 of 9', '**Heading**', 'the Partnership.', 'and', ',', 'Ünïcödé £2m'];
    let src = '';
    for (let i = 0; i < 3000; i++) src += parts[rand(parts.length)] + ['\n\n', ' ', '\n', '\n\n\n'][rand(4)];
    const r = readText(src);
    assertMapExact(src, r);
    assert.strictEqual(r.map!.toSourceEnd(r.text.length), src.length, 'the end of the reading maps to the end of the source');
  });
});

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(i - 20, i + 20))} vs ${JSON.stringify(b.slice(i - 20, i + 20))}`;
}
