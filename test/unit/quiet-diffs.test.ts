import * as assert from 'node:assert';
import { anchorAnnotations, makeAnchor } from '../../src/core/annotations/anchor';
import { updateStartHints } from '../../src/core/annotations/edits';
import { hintsToRefresh } from '../../src/core/annotations/hints';
import { parseSidecar, serializeSidecar } from '../../src/core/annotations/sidecar';
import type { Annotation } from '../../src/core/annotations/types';

const DOC = 'The plan says that integrated care boards will lead the work with general practice and the VCSE sector, within existing resources, from April.\n';

function annotate(text: string, quote: string, id: string): Annotation {
  const start = text.indexOf(quote);
  return { id, tag: 'omission', note: '', ...makeAnchor(text, start, start + quote.length) };
}

describe('quiet diffs: start hints', () => {
  const annotations = [annotate(DOC, 'integrated care boards', 'a1'), annotate(DOC, 'within existing resources', 'b2')];
  const live = (text: string) => new Map(anchorAnnotations(text, annotations).map((r) => [r.id, r]));
  const cases: { name: string; edit: (t: string) => string; refreshed: string[] }[] = [
    { name: 'nothing typed', edit: (t) => t, refreshed: [] },
    { name: 'one character typed at the top', edit: (t) => `X${t}`, refreshed: [] },
    { name: 'a paragraph inserted at the top', edit: (t) => `# Title\n\nA new first paragraph of several words.\n\n${t}`, refreshed: [] },
    { name: 'the same quote appears again above (the exact search would pick by context, still exact)', edit: (t) => `Note: integrated care boards.\n${t}`, refreshed: [] },
    { name: 'the quote itself edited (found only approximately)', edit: (t) => `Preface.\n${t.replace('integrated care boards', 'integrated care board')}`, refreshed: ['a1'] },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.refreshed.length ? c.refreshed.join(', ') + ' refreshed' : 'no hint rewritten'}`, () => {
      const text = c.edit(DOC);
      assert.deepStrictEqual(hintsToRefresh(text, annotations, live(text)).map((r) => r.id), c.refreshed);
    });
  }

  it('typing at the top leaves the sidecar text unchanged', () => {
    const file = serializeSidecar({ version: 1, document: 'plan.md', annotations });
    const parsed = parseSidecar(file);
    assert.ok(parsed.ok);
    const text = `X${DOC}`;
    const next = updateStartHints(parsed.sidecar, hintsToRefresh(text, parsed.sidecar.annotations, live(text)));
    assert.strictEqual(serializeSidecar(next, parsed.handle), file);
  });
});

describe('quiet diffs: context cut at word boundaries', () => {
  const cases: { name: string; text: string; quote: string; prefix: string; suffix: string }[] = [
    {
      name: 'mid-word edges widen to whole words', text: DOC, quote: 'general practice',
      prefix: 'care boards will lead the work with ', suffix: ' and the VCSE sector, within existing',
    },
    { name: 'short context at the edges of the text', text: 'Short text here.', quote: 'text', prefix: 'Short ', suffix: ' here.' },
    {
      name: 'a word longer than half the context is cut inside',
      text: `${'x'.repeat(60)} QUOTE ${'y'.repeat(60)}`, quote: 'QUOTE', prefix: `${'x'.repeat(31)} `, suffix: ` ${'y'.repeat(31)}`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const start = c.text.indexOf(c.quote);
      const a = makeAnchor(c.text, start, start + c.quote.length);
      assert.deepStrictEqual([a.prefix, a.suffix], [c.prefix, c.suffix]);
    });
  }
});
