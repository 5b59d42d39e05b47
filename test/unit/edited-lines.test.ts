/**
 * EditedLines (core/edited-lines.ts): a repaint is skipped only when the renderer already shows
 * exactly what it would send (#11 item 3). Each case: what was painted, the edits since (as
 * VS Code reports them: start line, end line, inserted text), what the next paint holds.
 */
import * as assert from 'assert';
import { EditedLines, LineRange } from '../../src/core/edited-lines';

const r = (line: number, from: number, to: number, endLine = line): LineRange => ({ start: { line, character: from }, end: { line: endLine, character: to } });
const id = (x: LineRange) => x;

describe('EditedLines: when a repaint can be skipped', () => {
  const painted = [r(2, 4, 10), r(5, 0, 3), r(7, 2, 1, 9)];
  const cases: { name: string; edits: [number, number, string][]; next: LineRange[]; skip: boolean }[] = [
    { name: 'a word typed on a line with no range: skipped', edits: [[3, 3, 'ICB ']], next: painted, skip: true },
    { name: 'several edits on lines with no range: skipped', edits: [[0, 0, 'a'], [4, 4, 'b'], [6, 6, '']], next: painted, skip: true },
    { name: 'no edit at all (a suppression changed nothing shown): skipped', edits: [], next: painted, skip: true },
    { name: 'typed on a line holding a range, ranges equal: sent (the renderer moved or grew it)', edits: [[2, 2, 'x']], next: painted, skip: false },
    { name: 'typed inside a range spanning lines: sent', edits: [[8, 8, 'x']], next: painted, skip: false },
    { name: 'typed on the last line of a spanning range: sent', edits: [[9, 9, 'x']], next: painted, skip: false },
    { name: 'a line break typed above every range: sent (lines moved)', edits: [[0, 0, '\n']], next: painted, skip: false },
    { name: 'a line break typed below every range: skipped (nothing painted moved)', edits: [[20, 20, '\r\n']], next: painted, skip: true },
    { name: 'a line break typed between ranges: sent (the ranges below it moved)', edits: [[6, 6, '\n']], next: painted, skip: false },
    { name: 'a line break typed on the last line of a spanning range: sent', edits: [[9, 9, '\n']], next: painted, skip: false },
    { name: 'lines joined below every range: skipped', edits: [[11, 12, '']], next: painted, skip: true },
    { name: 'lines joined above a range: sent', edits: [[3, 4, '']], next: painted, skip: false },
    { name: 'a line break below, then one above every range: sent (the first moved line counts)', edits: [[20, 20, '\n'], [0, 0, '\n']], next: painted, skip: false },
    { name: 'a line break below every range, then typing on a line it moved: skipped', edits: [[20, 20, '\n'], [25, 25, 'x']], next: painted, skip: true },
    { name: 'a range added: sent', edits: [[3, 3, 'ICB ']], next: [...painted, r(3, 0, 3)], skip: false },
    { name: 'a range removed: sent', edits: [[3, 3, 'x']], next: painted.slice(1), skip: false },
    { name: 'a range moved along its line: sent', edits: [[4, 4, 'x']], next: [r(2, 5, 11), ...painted.slice(1)], skip: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const edited = new EditedLines();
      for (const [from, to, text] of c.edits) edited.note(from, to, text);
      assert.strictEqual(edited.unchanged(painted, c.next, id), c.skip);
    });
  }

  it('nothing painted yet: sent', () => assert.strictEqual(new EditedLines().unchanged(undefined, [], id), false));

  it('items with equal ranges but another message: sent', () => {
    const a = [{ range: r(1, 0, 4), message: 'old' }];
    const b = [{ range: r(1, 0, 4), message: 'new' }];
    assert.strictEqual(new EditedLines().unchanged(a, b, (d) => d.range, (x, y) => x.message === y.message), false);
    assert.strictEqual(new EditedLines().unchanged(a, a, (d) => d.range, (x, y) => x.message === y.message), true);
  });

  it('clear() starts again from the last paint', () => {
    const edited = new EditedLines();
    edited.note(0, 0, '\n');
    assert.strictEqual(edited.unchanged(painted, painted, id), false);
    edited.clear();
    edited.note(3, 3, 'x');
    assert.strictEqual(edited.unchanged(painted, painted, id), true);
  });

  it('a range over many lines and many edited lines: both ways of looking agree', () => {
    const long = [r(100, 0, 5, 5_000)];
    const fewEdits = new EditedLines();
    fewEdits.note(4_000, 4_000, 'x');
    assert.strictEqual(fewEdits.unchanged(long, long, id), false);
    const manyEdits = new EditedLines();
    for (let line = 0; line < 100; line++) manyEdits.note(line, line, 'x');
    for (let line = 5_001; line < 20_000; line++) manyEdits.note(line, line, 'x');
    assert.strictEqual(manyEdits.unchanged(long, long, id), true);
    manyEdits.note(2_500, 2_500, 'y');
    assert.strictEqual(manyEdits.unchanged(long, long, id), false);
  });
});
