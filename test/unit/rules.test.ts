import * as assert from 'node:assert';
import { RULES } from '../../src/core/engine';
import { engineWith } from './helpers/engine';

function flagged(text: string, rule: string): string[] {
  const engine = engineWith({ expectedParties: [] });
  return engine.analyze(text).findings.filter((f) => f.rule === rule).map((f) => text.slice(f.start, f.end));
}

describe('funding.unquantified', () => {
  const cases: { text: string; flagged: boolean }[] = [
    { text: 'The government has hinted at additional funding.', flagged: true },
    { text: 'Neighbourhood teams will need extra resources to succeed.', flagged: true },
    { text: 'There will be significant investment in primary care.', flagged: true },
    { text: 'The NHS will invest £2.5bn in neighbourhood health.', flagged: false },
    { text: 'Funding of £300 million is confirmed.', flagged: false },
    { text: 'The work will be funded through the Better Care Fund.', flagged: false },
    { text: 'Roles are funded by the ARRS.', flagged: false },
    { text: 'It is funded through the GP contract.', flagged: false },
    { text: 'Money comes from the Primary Care Transformation Fund.', flagged: false },
    { text: 'Funding will be ring-fenced for general practice.', flagged: false },
    { text: 'How will it be funded?', flagged: false },
    { text: 'Practices should invest time in relationships.', flagged: false },
    { text: 'Meetings take place monthly.', flagged: false },
  ];
  for (const c of cases) {
    it(`${c.flagged ? 'flags' : 'does not flag'}: ${c.text}`, () => {
      assert.deepStrictEqual(flagged(c.text, 'funding.unquantified'), c.flagged ? [c.text] : []);
    });
  }

  it('spans the trimmed sentence only', () => {
    const text = 'Intro here. The government has hinted at additional funding. Next sentence.';
    assert.deepStrictEqual(flagged(text, 'funding.unquantified'), ['The government has hinted at additional funding.']);
  });
});

describe('funding.existing-resources', () => {
  const cases: { text: string; flagged: boolean }[] = [
    { text: 'This must be delivered within existing resources.', flagged: true },
    { text: 'In the absence of significant additional funding, functions will need to harness existing assets.', flagged: true },
    { text: 'Partners should maximise the impact of existing resources including the ARRS.', flagged: true },
    { text: 'There is no additional funding for this work.', flagged: true },
    { text: 'The change is expected to be cost-neutral.', flagged: true },
    { text: 'Costs will be met from existing budgets.', flagged: true },
    { text: 'The NHS will provide £2.5bn of new funding.', flagged: false },
    { text: 'Existing staff will move to the new team.', flagged: false },
  ];
  for (const c of cases) {
    it(`${c.flagged ? 'flags' : 'does not flag'}: ${c.text}`, () => {
      assert.deepStrictEqual(flagged(c.text, 'funding.existing-resources'), c.flagged ? [c.text] : []);
    });
  }

  it('does not also report the same sentence as unquantified', () => {
    assert.deepStrictEqual(flagged('There is no additional funding.', 'funding.unquantified'), []);
  });

  it('config phrases are literal and extend the list', () => {
    const engine = engineWith({ expectedParties: [], existingResourcePhrases: ['use what we have (.*)'] });
    const text = 'We will use what we have (.*) today.';
    assert.strictEqual(engine.analyze(text).findings.length, 1);
    assert.strictEqual(engine.analyze('We will use whatever we like.').findings.length, 0);
  });

  it('config funding phrases add triggers', () => {
    const engine = engineWith({ expectedParties: [], fundingPhrases: ['golden hello'] });
    assert.strictEqual(engine.analyze('Each GP gets a golden hello.').findings[0]?.rule, 'funding.unquantified');
  });
});

describe('party.unmentioned', () => {
  const text = 'Local authorities and local authorities, the local authority, VCSE and the VCSE, and local government.';

  it('reports an expected party that is never named, with what is named instead', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    const [f] = engine.analyze(text).findings;
    assert.strictEqual(f.rule, 'party.unmentioned');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.party, 'general-practice');
    assert.strictEqual(f.start, 0);
    assert.strictEqual(f.end, 0);
    assert.match(f.message, /^General practice is never mentioned; the document names local authorities 4×, VCSE 2×; primary care \(broader\) 0×, PCNs \(related\) 0×/);
    assert.ok(f.related && f.related.length >= 2 && f.related.length <= 10);
    assert.strictEqual(f.related![0].message, 'local authorities named here');
  });

  it('is silent when the party is named', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    assert.deepStrictEqual(engine.analyze('GP practices were consulted.').findings, []);
  });

  it('is silent for best practice (not general practice) only in the sense that it still reports', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    assert.strictEqual(engine.analyze('We follow best practice.').findings[0]?.party, 'general-practice');
  });

  it('respects severity settings and off', () => {
    const off = engineWith({ expectedParties: ['general-practice'], rules: { 'party.unmentioned': 'off' } });
    assert.deepStrictEqual(off.analyze(text).findings, []);
    const err = engineWith({ expectedParties: ['general-practice'], rules: { 'party.unmentioned': 'error' } });
    assert.strictEqual(err.analyze(text).findings[0].severity, 'error');
  });

  it('default expected parties include general practice', () => {
    const engine = engineWith();
    assert.ok(engine.config.expectedParties.includes('general-practice'));
    assert.ok(engine.analyze(text).findings.some((f) => f.party === 'general-practice'));
  });
});

describe('rule metadata', () => {
  it('every rule has a code, severity, title and explanation', () => {
    assert.deepStrictEqual(RULES.map((r) => r.code), ['party.unmentioned', 'funding.unquantified', 'funding.existing-resources']);
    for (const r of RULES) assert.ok(r.title && r.explanation.length > 40 && r.defaultSeverity);
  });

  it('findings are sorted by start', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    const a = engine.analyze('Delivered within existing resources. Extra funding is hinted at.');
    const starts = a.findings.map((f) => f.start);
    assert.deepStrictEqual(starts, [...starts].sort((x, y) => x - y));
    assert.strictEqual(a.findings.length, 3);
  });
});
