import * as assert from 'assert';
import { spansInWindow } from '../../src/core/spans';

const spans = [{ start: 0, end: 5 }, { start: 10, end: 15 }, { start: 20, end: 25 }, { start: 30, end: 35 }];

describe('spansInWindow', () => {
  const table: [number, number, number[]][] = [
    [0, 100, [0, 10, 20, 30]],
    [12, 22, [10, 20]],
    [5, 10, []],
    [4, 11, [0, 10]],
    [35, 50, []],
    [0, 0, []],
    [34, 35, [30]],
  ];
  for (const [from, to, starts] of table) {
    it(`[${from}, ${to}) -> ${JSON.stringify(starts)}`, () => {
      assert.deepStrictEqual(spansInWindow(spans, from, to).map((s) => s.start), starts);
    });
  }
  it('handles an empty list', () => assert.deepStrictEqual(spansInWindow([], 0, 10), []));
});
