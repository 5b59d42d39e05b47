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
  it('falls back to the whole set when the first pass finds nothing', () => {
    assert.strictEqual(index.search('gneral')[0]?.key, 'needle');
  });
});
