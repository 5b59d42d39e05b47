/**
 * LineBands (core/line-bands.ts): a document's diagnostics go to the renderer in bands of lines,
 * and after edits only the bands that changed are sent again (#11 item 3). Bands of 10 lines here.
 */
import * as assert from 'assert';
import { LineRange } from '../../src/core/edited-lines';
import { LineBands } from '../../src/core/line-bands';

interface Item { range: LineRange; message: string }
const at = (line: number, from = 0, to = 5, message = 'm'): Item => ({ range: { start: { line, character: from }, end: { line, character: to } }, message });
const bands = () => new LineBands<Item>((i) => i.range, (a, b) => a.message === b.message, 10);
/** What an update sent: "band:count" per band, in order. */
const sentOf = (changes: { band: number; items: Item[] }[]) => changes.map((c) => `${c.band}:${c.items.length}`);

describe('LineBands: which bands of lines are sent again', () => {
  const shown = [at(0), at(3), at(12), at(15), at(27), at(41)];
  const cases: { name: string; edits: [number, number, string][]; next: Item[]; sent: string[] }[] = [
    { name: 'no edit, the same findings: nothing', edits: [], next: shown, sent: [] },
    { name: 'typing on a line with no finding: nothing', edits: [[13, 13, 'x']], next: shown, sent: [] },
    { name: 'typing on a finding\'s line: its band only', edits: [[15, 15, 'x']], next: shown, sent: ['1:2'] },
    { name: 'typing on finding lines in two bands: those two', edits: [[3, 3, 'x'], [41, 41, 'y']], next: shown, sent: ['0:2', '4:1'] },
    { name: 'a line break in band 1: the bands from it down', edits: [[14, 14, '\n']], next: shown.map((i) => (i.range.start.line >= 14 ? at(i.range.start.line + 1) : i)), sent: ['1:2', '2:1', '4:1'] },
    { name: 'a line break below every finding: nothing', edits: [[50, 50, '\n']], next: shown, sent: [] },
    { name: 'a finding\'s message changed: its band', edits: [], next: shown.map((i, k) => (k === 4 ? at(27, 0, 5, 'other') : i)), sent: ['2:1'] },
    { name: 'a finding added to a band that had none: that band', edits: [[33, 33, 'ICB']], next: [...shown.slice(0, 5), at(33), shown[5]], sent: ['3:1'] },
    { name: 'the last finding of a band removed: the band is cleared', edits: [[27, 27, 'x']], next: shown.filter((i) => i.range.start.line !== 27), sent: ['2:0'] },
    { name: 'every finding gone: every band cleared', edits: [], next: [], sent: ['0:0', '1:0', '2:0', '4:0'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = bands();
      assert.deepStrictEqual(sentOf(b.update(shown)), ['0:2', '1:2', '2:1', '4:1'], 'the first update sends every band with findings, in order');
      for (const [from, to, text] of c.edits) b.edited.note(from, to, text);
      assert.deepStrictEqual(sentOf(b.update(c.next)), c.sent);
    });
  }

  it('edits are forgotten once sent', () => {
    const b = bands();
    b.update(shown);
    b.edited.note(15, 15, 'x');
    assert.deepStrictEqual(sentOf(b.update(shown)), ['1:2']);
    assert.deepStrictEqual(sentOf(b.update(shown)), []);
  });
});
