import * as assert from 'assert';
import { createAnnotationIndex, SearchRecord } from '../../src/core/search';

const records: SearchRecord[] = [
  { key: 'a', note: 'General practice is not named as a system partner.', quote: 'system partners', tag: 'omission', document: 'plan.md' },
  { key: 'b', note: 'No source given for the integrator function.', quote: 'integrator function', tag: 'funding', document: 'plan.md' },
  { key: 'c', note: 'Check the timetable for Neighbourhood Health Plans.', quote: 'by March 2027', tag: 'timeline', document: 'guide.md' },
];

describe('annotation search (fuse.js)', () => {
  const index = createAnnotationIndex(records);
  const table: [string, string][] = [
    ['general practise', 'a'], // misspelt
    ['integrator', 'b'],
    ['timeline', 'c'],
    ['neighbourhood plan', 'c'],
    ['system partner', 'a'],
  ];
  for (const [query, key] of table) {
    it(`"${query}" finds ${key} first`, () => assert.strictEqual(index.search(query)[0]?.key, key));
  }
  it('an empty query lists records up to the limit', () => assert.strictEqual(index.search('  ', 2).length, 2));
  it('nonsense finds nothing', () => assert.deepStrictEqual(index.search('zzqxj'), []));
});

describe('annotation search at scale (first pass + fuse.js)', () => {
  const many: SearchRecord[] = Array.from({ length: 5_000 }, (_, i) => ({
    key: `k${i}`, note: `Routine note ${i} about estates and rosters.`, quote: `passage ${i}`, tag: 'question', document: `doc${i % 50}.md`,
  }));
  many.push({ key: 'needle', note: 'General practice is missing from the system partners.', quote: 'system partners', tag: 'omission', document: 'plan.md' });
  const index = createAnnotationIndex(many);
  const table: [string, string][] = [
    ['general practise', 'needle'],
    ['omission', 'needle'],
    ['system partner', 'needle'],
  ];
  for (const [query, key] of table) {
    it(`"${query}" finds ${key} first among ${many.length}`, () => assert.strictEqual(index.search(query)[0]?.key, key));
  }
  it('falls back to words spelt like the query when the first pass finds nothing', () => {
    assert.strictEqual(index.search('gneral')[0]?.key, 'needle');
    assert.strictEqual(index.search('eneral practce')[0]?.key, 'needle', 'a first letter missing');
  });
  it('nonsense finds nothing among many, without fuse.js going through every record', () => {
    assert.deepStrictEqual(index.search('qqxjzv'), []);
  });
});

describe('annotation search: the word index', () => {
  const many = (group: string, n: number): SearchRecord[] => Array.from({ length: n }, (_, i) => ({
    key: `${group}#${i}`, note: `Routine note ${i} about estates and rosters.`, quote: `passage ${i}`, tag: 'question', document: `${group}.md`,
  }));
  const needle: SearchRecord = { key: 'plan#needle', note: 'Integrator functions lack a named budget.', quote: 'integrator functions', tag: 'funding', document: 'plan.md' };

  const table: [string, string | undefined][] = [
    ['integ', 'plan#needle'], // a word typed halfway finds its completions
    ['integratr budget', 'plan#needle'], // a misspelt word reaches the right one by its longest known prefix
    ['BUDGET', 'plan#needle'], // case does not matter
    ['budget rosters', undefined], // every query word must match the same record
  ];
  for (const [query, key] of table) {
    it(`"${query}" -> ${key ?? 'nothing'}`, () => {
      const index = createAnnotationIndex([...many('a', 3_000), needle]);
      assert.strictEqual(index.search(query)[0]?.key, key);
    });
  }

  it('is updated one group at a time: replaced records are found, removed ones are not', () => {
    const index = createAnnotationIndex();
    index.replaceGroup('a', many('a', 2_500));
    index.replaceGroup('plan', [needle]);
    assert.strictEqual(index.size, 2_501);
    assert.strictEqual(index.search('integrator')[0]?.key, 'plan#needle');
    index.replaceGroup('plan', [{ ...needle, key: 'plan#moved', note: 'Pharmacy contracts are missing.' }]);
    assert.strictEqual(index.size, 2_501);
    assert.strictEqual(index.search('pharmacy')[0]?.key, 'plan#moved');
    assert.ok(!index.search('budget').some((r) => r.key === 'plan#needle'), 'the old record is gone');
    index.replaceGroup('plan', []);
    assert.deepStrictEqual(index.search('pharmacy'), []);
    for (let round = 0; round < 5; round++) index.replaceGroup('a', many('a', 2_500)); // removed ids are compacted away
    assert.strictEqual(index.size, 2_500);
    assert.strictEqual(index.search('rosters 17')[0]?.key.startsWith('a#'), true);
  });
});
