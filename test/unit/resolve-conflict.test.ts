/**
 * `resolveConflict`: settling one conflict the git merge driver recorded, as a table of
 * (annotation with conflicts, which one, ours or theirs) -> the annotation after (or gone).
 * The sidecar after each case is also written and read back, so nothing it leaves is unreadable.
 */
import * as assert from 'assert';
import { resolveConflict } from '../../src/core/annotations/edits';
import { checkSerialized, serializeSidecar } from '../../src/core/annotations/sidecar';
import type { Annotation, Sidecar } from '../../src/core/annotations/types';

const base: Annotation = {
  id: 'k3f9', tag: 'omission', note: 'Ours.\n', quote: 'general practice', prefix: 'the ', suffix: ' and', start: 10,
  author: 'A. Analyst', created: '2026-11-20T10:00:00Z', updated: '2026-11-21T10:00:00Z',
};
const other: Annotation = { id: 'zz1', tag: 'question', note: '', quote: 'funding', prefix: '', suffix: '', start: 99 };
const sidecarOf = (a: Annotation): Sidecar => ({ version: 1, document: 'plan.md', annotations: [a, other] });

interface Case {
  name: string;
  annotation: Annotation;
  index: number;
  take: 'ours' | 'theirs';
  /** The annotation afterwards; undefined: deleted. */
  expected: Annotation | undefined;
}

const withConflicts = (a: Annotation, conflicts: Annotation['conflicts']): Annotation => ({ ...a, conflicts });
const reply = { id: 'r1', author: 'B', created: '2026-11-22T09:00:00Z', body: 'Ours reply.' };

const cases: Case[] = [
  { name: 'note, ours: the entry goes, the note stays', annotation: withConflicts(base, [{ field: 'note', theirs: 'Theirs.\n\n- a\n' }]), index: 0, take: 'ours', expected: base },
  { name: 'note, theirs: their note (byte for byte), the entry goes', annotation: withConflicts(base, [{ field: 'note', theirs: 'Theirs.\n\n- a\n' }]), index: 0, take: 'theirs', expected: { ...base, note: 'Theirs.\n\n- a\n' } },
  { name: 'tag, theirs', annotation: withConflicts(base, [{ field: 'tag', theirs: 'funding' }]), index: 0, take: 'theirs', expected: { ...base, tag: 'funding' } },
  { name: 'a field they removed (no theirs), theirs: removed', annotation: withConflicts(base, [{ field: 'author' }]), index: 0, take: 'theirs', expected: (({ author: _a, ...rest }) => rest)(base) as Annotation },
  { name: 'two conflicts, the second settled: the first stays', annotation: withConflicts(base, [{ field: 'note', theirs: 'T' }, { field: 'tag', theirs: 'funding' }]), index: 1, take: 'theirs', expected: { ...base, tag: 'funding', conflicts: [{ field: 'note', theirs: 'T' }] } },
  { name: 'two conflicts, the first kept as ours', annotation: withConflicts(base, [{ field: 'note', theirs: 'T' }, { field: 'tag', theirs: 'funding' }]), index: 0, take: 'ours', expected: { ...base, conflicts: [{ field: 'tag', theirs: 'funding' }] } },
  { name: 'deleted on their branch, ours: kept', annotation: withConflicts(base, [{ field: 'deleted', side: 'theirs' }]), index: 0, take: 'ours', expected: base },
  { name: 'deleted on their branch, theirs: deleted', annotation: withConflicts(base, [{ field: 'deleted', side: 'theirs' }]), index: 0, take: 'theirs', expected: undefined },
  {
    name: 'a reply edited on both sides, theirs: their body, the rest of the reply kept',
    annotation: withConflicts({ ...base, replies: [reply] }, [{ field: 'replies.r1', theirs: { id: 'r1', author: 'B', created: '2026-11-22T09:00:00Z', body: 'Their reply.\n' } }]),
    index: 0, take: 'theirs', expected: { ...base, replies: [{ ...reply, body: 'Their reply.\n' }] },
  },
  {
    name: 'a reply conflict, ours', annotation: withConflicts({ ...base, replies: [reply] }, [{ field: 'replies.r1', theirs: { id: 'r1', body: 'Their reply.' } }]),
    index: 0, take: 'ours', expected: { ...base, replies: [reply] },
  },
  { name: 'an unknown key, theirs: their value among the extra keys', annotation: withConflicts({ ...base, extra: { 'x-score': 1 } }, [{ field: 'x-score', theirs: 2 }]), index: 0, take: 'theirs', expected: { ...base, extra: { 'x-score': 2 } } },
  { name: 'an unknown key they removed, theirs: extra gone', annotation: withConflicts({ ...base, extra: { 'x-score': 1 } }, [{ field: 'x-score' }]), index: 0, take: 'theirs', expected: base },
  { name: 'an index with no conflict: unchanged', annotation: withConflicts(base, [{ field: 'note', theirs: 'T' }]), index: 3, take: 'theirs', expected: withConflicts(base, [{ field: 'note', theirs: 'T' }]) },
];

describe('resolveConflict (settling a merge conflict the git driver recorded)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = sidecarOf(c.annotation);
      const after = resolveConflict(before, c.annotation.id, c.index, c.take);
      assert.deepStrictEqual(after.annotations.find((a) => a.id === c.annotation.id), c.expected);
      assert.deepStrictEqual(after.annotations.find((a) => a.id === other.id), other, 'the other annotation untouched');
      assert.deepStrictEqual(before.annotations[0], c.annotation, 'the input is not changed');
      const text = serializeSidecar(after);
      assert.deepStrictEqual(checkSerialized(after, text), [], `reads back:\n${text}`);
    });
  }

  it('an unknown annotation id changes nothing', () => {
    const before = sidecarOf(withConflicts(base, [{ field: 'note', theirs: 'T' }]));
    assert.strictEqual(resolveConflict(before, 'nope', 0, 'theirs'), before);
  });
});
