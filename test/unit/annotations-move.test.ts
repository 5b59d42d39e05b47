import * as assert from 'node:assert';
import { CONTEXT_LENGTH } from '../../src/core/annotations/anchor';
import { AnchorEdit, moveAnchors } from '../../src/core/annotations/move';
import type { AnchorResult } from '../../src/core/annotations/types';

const anchored = (id: string, start: number, end: number): AnchorResult => ({ id, status: 'anchored', start, end, method: 'position', score: 1 });
const edit = (offset: number, length: number, text: number): AnchorEdit => ({ offset, length, text });

describe('moveAnchors (incremental re-anchoring)', () => {
  // One annotation at [1000, 1050); the context reaches CONTEXT_LENGTH either side.
  const span = anchored('a', 1000, 1050);
  const cases: { name: string; events: AnchorEdit[][]; expect: { start: number; end: number } | 'stale' }[] = [
    { name: 'typing well before shifts it', events: [[edit(10, 0, 1)]], expect: { start: 1001, end: 1051 } },
    { name: 'deleting well before shifts it back', events: [[edit(10, 5, 0)]], expect: { start: 995, end: 1045 } },
    { name: 'typing well after leaves it', events: [[edit(2000, 0, 3)]], expect: { start: 1000, end: 1050 } },
    { name: 'an edit ending where the prefix context starts shifts it', events: [[edit(1000 - CONTEXT_LENGTH - 4, 4, 0)]], expect: { start: 996, end: 1046 } },
    { name: 'an edit inside the prefix context makes it stale', events: [[edit(1000 - 5, 1, 1)]], expect: 'stale' },
    { name: 'an edit inside the quote makes it stale', events: [[edit(1020, 0, 1)]], expect: 'stale' },
    { name: 'an edit inside the suffix context makes it stale', events: [[edit(1050 + CONTEXT_LENGTH - 1, 0, 1)]], expect: 'stale' },
    { name: 'an edit where the suffix context ends leaves it', events: [[edit(1050 + CONTEXT_LENGTH, 0, 1)]], expect: { start: 1000, end: 1050 } },
    { name: 'several changes in one event are in the old offsets', events: [[edit(500, 0, 2), edit(100, 0, 3), edit(3000, 10, 0)]], expect: { start: 1005, end: 1055 } },
    { name: 'events apply one after another', events: [[edit(0, 0, 10)], [edit(900, 0, 1)]], expect: { start: 1011, end: 1061 } },
    { name: 'a later event can reach the moved span', events: [[edit(0, 0, 100)], [edit(1120, 0, 1)]], expect: 'stale' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { anchors, stale } = moveAnchors(new Map([['a', span]]), c.events);
      if (c.expect === 'stale') {
        assert.ok(stale.has('a'));
        assert.strictEqual(anchors.has('a'), false);
      } else {
        assert.strictEqual(stale.size, 0);
        const r = anchors.get('a');
        assert.ok(r && r.status === 'anchored');
        assert.deepStrictEqual({ start: r.start, end: r.end }, c.expect);
      }
    });
  }

  it('leaves orphans out (they are anchored again) and keeps unmoved results as they were', () => {
    const orphan: AnchorResult = { id: 'o', status: 'orphaned', reason: 'not-found' };
    const { anchors, stale } = moveAnchors(new Map([['a', span], ['o', orphan]]), [[edit(5000, 0, 1)]]);
    assert.strictEqual(anchors.get('a'), span);
    assert.strictEqual(anchors.has('o'), false);
    assert.strictEqual(stale.size, 0);
  });
});
