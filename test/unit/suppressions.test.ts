import * as assert from 'assert';
import { isSuppressed, parseSuppressions, suppressionFor, withoutSuppressed } from '../../src/core/suppressions';
import { Finding } from '../../src/core/types';

const text = 'Intro. The  government has hinted at\nadditional funding. Later text.';
const sentence: Finding = { rule: 'funding.unquantified', severity: 'info', message: 'm', start: 7, end: 57 };
const party: Finding = { rule: 'party.unmentioned', severity: 'warning', message: 'm', start: 0, end: 0, party: 'general-practice' };

describe('suppressions', () => {
  const table: { name: string; finding: Finding; list: Parameters<typeof isSuppressed>[2]; expected: boolean }[] = [
    { name: 'rule off for the document', finding: sentence, list: [{ rule: 'funding.unquantified' }], expected: true },
    { name: 'same sentence, whitespace reflowed', finding: sentence, list: [{ rule: 'funding.unquantified', quote: 'The government has hinted at additional funding.' }], expected: true },
    { name: 'other sentence', finding: sentence, list: [{ rule: 'funding.unquantified', quote: 'Something else.' }], expected: false },
    { name: 'other rule', finding: sentence, list: [{ rule: 'funding.existing-resources' }], expected: false },
    { name: 'the same party', finding: party, list: [{ rule: 'party.unmentioned', party: 'general-practice' }], expected: true },
    { name: 'another party', finding: party, list: [{ rule: 'party.unmentioned', party: 'vcse' }], expected: false },
    { name: 'nothing suppressed', finding: sentence, list: [], expected: false },
  ];
  for (const c of table) {
    it(c.name, () => assert.strictEqual(isSuppressed(c.finding, text, c.list), c.expected));
  }

  it('suppressionFor round-trips through isSuppressed', () => {
    for (const f of [sentence, party]) assert.ok(isSuppressed(f, text, [suppressionFor(f, text)]));
    assert.deepStrictEqual(withoutSuppressed([sentence, party], text, [suppressionFor(party, text)]), [sentence]);
  });

  it('parseSuppressions keeps well-formed items only', () => {
    assert.deepStrictEqual(parseSuppressions([{ rule: 'party.unmentioned', party: 'vcse' }, 'junk', { quote: 'no rule' }, null, { rule: 'funding.unquantified', quote: 'q', extra: 1 }]), [
      { rule: 'party.unmentioned', party: 'vcse' },
      { rule: 'funding.unquantified', quote: 'q' },
    ]);
    assert.deepStrictEqual(parseSuppressions('nope'), []);
  });
});
