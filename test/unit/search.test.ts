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
