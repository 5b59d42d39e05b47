/**
 * The funding rules run their sentence patterns only when scanSentence says they can match
 * (analysis/sentence-scan.ts). A pattern it wrongly rules out changes findings silently, so every
 * alternative of every pattern is checked here, and so is every sentence of the fixtures, the
 * samples, the corpus and generated text, against the patterns themselves.
 */
import * as assert from 'assert';
import { PREFILTERED_PATTERNS, accountsStart, headingLineStart } from '../../src/core/analysis/funding';
import { MAY_NOT_A_CLAIM, scanSentence } from '../../src/core/analysis/sentence-scan';
import { collapseSpaces } from '../../src/core/text/spaces';
import { engineWith } from './helpers/engine';
import { allDocuments, NamedText } from './helpers/documents';

const pattern = (name: string): readonly [string, RegExp, number] => PREFILTERED_PATTERNS.find((p) => p[0] === name)!;

/** Text in which each pattern must match once per alternative, in the forms a sentence writes it. */
const MATCHING: Record<string, string[]> = {
  NOT_A_CLAIM: [
    'See https://example.org for details.', 'See HTTP://example.org.', 'Visit www.england.nhs.uk today.', 'Visit WWW.example.org.',
    'The paper (doi:10.1000/182) says so.', 'Available at the library.', 'Available from NHS England.', 'Smith et al found this.',
    'Under IFRS 16 leases are.', 'IAS 1 applies.', 'IAS1 applies.', 'The carrying amount is stated.', 'Income is recognised as revenue.',
    'It is recognized in the year.', 'Assets are recognised at fair value.', 'It is recognised on receipt.', 'See the accounting policy.', 'Our accounting policies.',
    'It is held at amortised cost.', 'It is held at amortized cost.', 'The DEPRECIATION charge rose.', 'A liability arises.',
    'Other liabilities are due.', 'A receivable is due.', 'Trade receivables are due.', 'A payable is due.', 'Other payables are due.',
    'Cash and cash equivalents are held.', 'A financial asset is held.', 'Financial assets are held.', 'The Accounting Manual says.',
    'The FReM applies.', 'A subsidiary is consolidated.', 'The discount rate is set.', 'Discount rates are set.', 'The fair value is set.',
    'The NHS pension scheme applies.', 'A notional charge is made.', 'As a result the Trust funds its work.', 'The CETV is shown.',
    'An accrual is made.', 'Accruals are made.', 'An impairment is charged.',
  ],
  PAST: [
    ...['was', 'were', 'had', 'did', 'has been', 'have been', 'spent', 'received', 'achieved', 'delivered', 'secured', 'awarded',
      'continued', 'increased', 'decreased', 'reduced', 'rose', 'fell', 'noted', 'discussed', 'agreed', 'reported', 'said', 'commented',
      'presented', 'explained', 'highlighted', 'confirmed', 'welcomed', 'acknowledged', 'asked', 'queried', 'sought', 'informed',
      'considered', 'reviewed', 'approved', 'endorsed', 'recommended'].map((w) => `The funding ${w} everything.`),
    'We invested in teams.', 'It has finally closed.', 'This ended the scheme.', 'They have recently started funding.', 'WE FUNDED IT.',
    'Spending grew over the last year.', 'Spending grew over the past year.',
  ],
  RISK_INSIDE: [
    'If funding stops then this could fail.', 'Unless funded then the Trust may stop.', 'There is a risk to funding.',
    "There's a risk to funding.", 'The risk that funding stops.', 'The risk is that funding stops.',
  ],
  UNCONFIRMED: [
    'Funding is to be confirmed.', 'Funding is to be agreed.', 'Funding will be confirmed.', 'Funding: TBC.',
    ...['agreed', 'confirmed', 'identified', 'secured'].map((w) => `Funding is yet to be ${w}.`),
    ...['agreed', 'confirmed', 'identified', 'secured'].map((w) => `Funding has not yet been ${w}.`),
    ...['funding', 'approval', 'confirmation', 'a business case'].map((w) => `It is subject to ${w}.`),
    ...['confirmation', 'approval', 'a decision', 'the outcome'].map((w) => `We are awaiting ${w}.`),
    'We will apply for funding.', 'We applied for funding.', 'We are applying for funding.', 'We will bid for funding.',
    'We are bidding for funding.', 'We made a bid to the fund.', 'Our bid to the fund.', 'The bid to the fund.',
  ],
  WORD_AMOUNT: [
    'It costs 1.6 million pounds.', 'It costs two billion.', 'It costs three thousand of it.', 'It costs 5 bn.', 'It costs 5 m.',
    'It costs several million in total.', 'It costs a million each year.', 'It costs 10 million', 'It costs 2,5 BILLION sterling.',
  ],
  NAMED_PAYER: [
    'It is funded by the Department.', 'The funding from NHS England.', 'The investment through Government.', 'A grant via Councils.',
    'The grants from Trusts.', 'The money from Charities.', 'It is paid for by NHS England.', 'It is financed by Banks.',
    'It is commissioned by ICBs.', 'Costs are met by Councils.', 'It is provided by Partners.', 'It is resourced by Trusts.',
    'It is funded centrally by DHSC.', 'It is funded jointly through the ICB.',
    ...['provided', 'allocated', 'awarded', 'granted', 'agreed', 'committed'].map((w) => `The Government has ${w} it.`),
    'The Health Foundation have recently provided it.', 'the ICB will now allocated it.', 'The NHS had also granted it.',
    'Funded by the Department for Work and Pensions, it opens.',
  ],
  ENVELOPE_EXISTING: [
    'It must fit within the current financial envelope.', 'Within their approved cash limits.', 'It is paid out of existing budgets.',
    'It comes from existing ICB running cost budgets.', 'It is paid using their current allocation.', 'Use existing community nursing budgets.',
  ],
};

describe('sentence scan: the patterns it lets through', () => {
  it('names every prefiltered pattern', () => {
    assert.deepStrictEqual(Object.keys(MATCHING).sort(), PREFILTERED_PATTERNS.map((p) => p[0]).sort());
  });
  for (const [name, lines] of Object.entries(MATCHING)) {
    describe(name, () => {
      const [, re, bit] = pattern(name);
      for (const line of lines) {
        it(line, () => {
          assert.ok(re.test(line), 'the example matches the pattern');
          assert.notStrictEqual(scanSentence(line).may & bit, 0, 'the scan lets the pattern run');
        });
      }
    });
  }

  it('rules patterns out when their words are missing', () => {
    const may = scanSentence('Neighbourhood teams will work with general practice.').may;
    for (const [name, , bit] of PREFILTERED_PATTERNS) assert.strictEqual(may & bit, 0, name);
  });

  // Words that start like a pattern's word but are other words: the pattern does not run.
  const nearMisses: [string, string][] = [
    ['NOT_A_CLAIM', 'We will maximise the impact of existing resources.'],
    ['NOT_A_CLAIM', 'Trustees and the trusted financier will fund availability.'],
    ['PAST', 'We will continue to deliver and consider the overall contract.'],
    ['NAMED_PAYER', 'Providers will commission community services with funders.'],
    ['UNCONFIRMED', 'The application confirms the subjects we agree.'],
    ['WORD_AMOUNT', 'Millions of people and billions of hours.'],
  ];
  for (const [name, line] of nearMisses) {
    it(`rules ${name} out on words that only start like its words: ${line}`, () => {
      const [, re, bit] = pattern(name);
      assert.ok(!re.test(line), 'the pattern does not match');
      assert.strictEqual(scanSentence(line).may & bit, 0);
    });
  }

  it('reads "http:" and "www." by their punctuation, whatever the letters before', () => {
    assert.notStrictEqual(scanSentence('xhttps://a.b').may & MAY_NOT_A_CLAIM, 0);
    assert.notStrictEqual(scanSentence('see:xwww.a').may & MAY_NOT_A_CLAIM, 0);
    assert.strictEqual(scanSentence('Note: new.').may & MAY_NOT_A_CLAIM, 0);
  });

  it('relies on `i` without `u` folding ASCII letters only', () => {
    // (So the scan may read ASCII letters alone: ſ and the Kelvin sign fold to s and k only under `u`.)
    assert.ok(/depreciation/i.test('DEPRECIATION'));
    assert.ok(!/s/i.test('\u017f'));
    assert.ok(!/k/i.test('\u212a'));
  });

  it('counts runs of ASCII letters and digits, the same on a span of the text as on its one-line copy', () => {
    const text = 'xx  Spend\n£1,234.5  on   IFRS16 (p12) naïve\tresults. yy';
    const from = 4;
    const to = text.length - 3;
    const line = collapseSpaces(text.slice(from, to));
    const onLine = { ...scanSentence(line), spaceRuns: 0 };
    const onSpan = { ...scanSentence(text, from, to) };
    assert.strictEqual(onSpan.spaceRuns, 4, 'the line break, the two runs of spaces and the tab');
    assert.deepStrictEqual({ ...onSpan, spaceRuns: 0 }, onLine);
    assert.strictEqual(onLine.letterRuns, 7); // Spend on IFRS p na ve results ("naïve" is two runs)
    assert.strictEqual(onLine.digits, 9);
  });
});

function sentencesOf(text: string, engine = engineWith({ expectedParties: [] })): string[] {
  return engine.sentences(text).map((s) => collapseSpaces(text.slice(s.start, s.end)));
}

function documents(): NamedText[] {
  return allDocuments({ kb: 200, seed: 5 });
}

describe('sentence scan: every sentence of the documents we have', () => {
  for (const doc of documents()) {
    it(`never rules out a pattern that matches: ${doc.name}`, () => {
      const missed: string[] = [];
      for (const line of sentencesOf(doc.text)) {
        const may = scanSentence(line).may;
        for (const [name, re, bit] of PREFILTERED_PATTERNS) if ((may & bit) === 0 && re.test(line)) missed.push(`${name}: ${line}`);
      }
      assert.deepStrictEqual(missed, []);
    });
  }
});

/** accountsStart as it was before headingLineStart: the line of each "ccounts", tried as the heading. */
function accountsStartByRegex(text: string): number {
  const heading = /[#*_ \t]*(?:Annual accounts for the (?:year|period)|Notes to the (?:financial )?accounts)\b[^\n]{0,40}$/imy;
  const after = Math.floor(text.length * 0.3);
  for (let at = text.indexOf('ccounts', after); at >= 0; at = text.indexOf('ccounts', at + 7)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (lineStart < after) continue;
    heading.lastIndex = lineStart;
    if (heading.test(text)) return lineStart;
  }
  return -1;
}

describe('accountsStart: only a "ccounts" that ends a heading opening at a line start is tried', () => {
  const body = 'The Trust will invest in services and report on its accounts.\n\n'.repeat(6);
  const cases: { name: string; heading: string; found: boolean }[] = [
    { name: 'a Markdown heading', heading: '## Annual accounts for the year ended 31 March 2025', found: true },
    { name: 'bold, in capitals', heading: '**ANNUAL ACCOUNTS FOR THE PERIOD 2024/25**', found: false }, // ("ACCOUNTS": no "ccounts")
    { name: 'bold, title case', heading: '**Annual Accounts for the period 2024/25**', found: true },
    { name: 'notes to the financial accounts', heading: '\t*Notes to the financial accounts*', found: true },
    { name: 'notes to the accounts', heading: 'Notes To The accounts', found: true },
    { name: 'mid-line', heading: 'See the Notes to the accounts', found: false },
    { name: 'after a CR', heading: 'x\rNotes to the accounts', found: false },
    { name: 'too long a heading', heading: 'Notes to the accounts ' + 'x'.repeat(60), found: false },
    { name: 'another word before', heading: 'Draft Annual accounts for the year', found: false },
  ];
  for (const c of cases) {
    it(`${c.found ? 'finds' : 'does not find'}: ${c.name}`, () => {
      const text = body + c.heading + '\n\n' + body;
      const expected = c.found ? body.length : -1;
      assert.strictEqual(accountsStartByRegex(text), expected, 'the reference agrees with the case');
      assert.strictEqual(accountsStart(text), expected);
    });
  }

  it('a heading in the first 30% is not the accounts', () => {
    const text = 'Notes to the accounts\n\n' + body + body;
    assert.strictEqual(accountsStart(text), -1);
    assert.strictEqual(headingLineStart(text, 14), 0);
  });

  for (const doc of documents()) {
    it(`agrees with the regular expression on ${doc.name}`, () => assert.strictEqual(accountsStart(doc.text), accountsStartByRegex(doc.text)));
  }
});
