import * as assert from 'node:assert';
import { anchorAnnotation, anchorAnnotations, makeAnchor, newAnnotationId } from '../../src/core/annotations/anchor';
import type { AnchorResult } from '../../src/core/annotations/types';

const DOC = [
  '# Joint forward plans',
  '',
  'Integrated care boards must publish a joint forward plan by March 2026, setting out how',
  'general practice and community pharmacy will be involved in system planning.',
  '',
  'Local authorities should agree a prevention strategy within existing resources. The',
  'integrator function will be funded from existing budgets.',
  '',
  'Integrated care boards must publish a joint capital plan by June 2027, setting out how',
  'estates and digital investment will be prioritised.',
].join('\n');

const QUOTE = 'must publish a joint forward plan by March 2026';

function anchorFor(text: string, quote: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  assert.ok(at >= 0, `fixture lacks ${quote}`);
  return { id: 'k3f9', ...makeAnchor(text, at, at + quote.length) };
}

function found(text: string, r: AnchorResult): string | undefined {
  return r.status === 'anchored' ? text.slice(r.start, r.end) : undefined;
}

describe('anchoring', () => {
  const target = anchorFor(DOC, QUOTE);
  const cases: { name: string; edit: (t: string) => string; expect: string | 'orphaned'; method?: string }[] = [
    { name: 'unchanged text: found at its position', edit: (t) => t, expect: QUOTE, method: 'position' },
    { name: 'insertion before the quote', edit: (t) => 'Foreword added later.\n\n' + t, expect: QUOTE, method: 'quote' },
    { name: 'deletion before the quote', edit: (t) => t.replace('# Joint forward plans\n\n', ''), expect: QUOTE, method: 'quote' },
    { name: 'insertion after the quote', edit: (t) => t + '\n\nAnnex A follows.', expect: QUOTE, method: 'position' },
    { name: 'deletion after the quote', edit: (t) => t.replace(/Local authorities[^]*$/, ''), expect: QUOTE },
    { name: 'small insertion inside the quote', edit: (t) => t.replace('joint forward plan', 'joint new forward plan'), expect: 'must publish a joint new forward plan by March 2026', method: 'fuzzy' },
    { name: 'insertion inside the quote beyond 20% of its length: orphaned', edit: (t) => t.replace('joint forward plan', 'joint five-year forward plan'), expect: 'orphaned' },
    { name: 'small deletion inside the quote', edit: (t) => t.replace('by March 2026', 'by March 26'), expect: 'must publish a joint forward plan by March 26', method: 'fuzzy' },
    { name: 'quote re-wrapped across lines', edit: (t) => t.replace('a joint forward plan', 'a joint\nforward plan'), expect: 'must publish a joint\nforward plan by March 2026', method: 'quote' },
    { name: 'whitespace doubled inside the quote', edit: (t) => t.replace('publish a joint', 'publish  a   joint'), expect: 'must publish  a   joint forward plan by March 2026' },
    { name: 'quote deleted: orphaned', edit: (t) => t.replace('Integrated care boards must publish a joint forward plan by March 2026, setting out how', 'Setting out how'), expect: 'orphaned' },
    { name: 'quote deleted, look-alike passage elsewhere: not given the annotation', edit: (t) => t.replace(/Integrated care boards must publish a joint forward plan[^]*?planning\.\n\n/, ''), expect: 'orphaned' },
    { name: 'quote rewritten beyond recognition: orphaned', edit: (t) => t.replace(QUOTE, 'will set out a long-term workforce strategy in 2028'), expect: 'orphaned' },
    { name: 'paragraph moved with its context: followed', edit: (t) => { const p = t.slice(t.indexOf('Integrated care boards must publish a joint forward'), t.indexOf('Local authorities')); return t.replace(p, '') + '\n\n' + p; }, expect: QUOTE },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const text = c.edit(DOC);
      const r = anchorAnnotation(text, target);
      if (c.expect === 'orphaned') assert.strictEqual(r.status, 'orphaned', `attached to ${JSON.stringify(found(text, r))}`);
      else {
        assert.strictEqual(found(text, r), c.expect, JSON.stringify(r));
        if (c.method) assert.strictEqual(r.status === 'anchored' && r.method, c.method);
      }
    });
  }

  describe('a quote that occurs more than once', () => {
    const text = 'Alpha section. The ICB will decide. Beta section text.\n'.repeat(1) + 'Gamma part here. The ICB will decide. Delta part text.\n';
    const first = anchorFor(text, 'The ICB will decide', 0);
    const second = anchorFor(text, 'The ICB will decide', 1);
    const table: { name: string; text: string; target: typeof first; expectStart: number | 'orphaned' }[] = [
      { name: 'context picks the first', text: 'New intro. ' + text, target: { ...first, start: 0 }, expectStart: text.indexOf('The ICB') + 11 },
      { name: 'context picks the second', text: 'New intro. ' + text, target: { ...second, start: 0 }, expectStart: text.lastIndexOf('The ICB') + 11 },
      { name: 'no context and no usable hint: ambiguous, orphaned', text, target: { ...first, prefix: '', suffix: '', start: text.length / 2 | 0 }, expectStart: 'orphaned' },
      { name: 'no context, quote exactly at its hint: kept there', text: text + text, target: { ...second, prefix: '', suffix: '', start: text.lastIndexOf('The ICB') }, expectStart: text.lastIndexOf('The ICB') },
      { name: 'identical context far apart, hint clearly near one: that one', text: 'Preface. ' + text + 'filler words '.repeat(80) + text, target: { ...first, start: 0 }, expectStart: 9 + text.indexOf('The ICB') },
    ];
    for (const c of table) {
      it(c.name, () => {
        const r = anchorAnnotation(c.text, c.target);
        if (c.expectStart === 'orphaned') assert.strictEqual(r.status, 'orphaned', JSON.stringify(r));
        else assert.strictEqual(r.status === 'anchored' ? r.start : -1, c.expectStart, JSON.stringify(r));
      });
    }
  });

  it('empty quote is an orphan, not a match everywhere', () => {
    assert.deepStrictEqual(anchorAnnotation(DOC, { id: 'e', quote: '', prefix: '', suffix: '', start: 0 }), { id: 'e', status: 'orphaned', reason: 'empty-quote' });
  });

  it('results come back in the order given', () => {
    const a = anchorFor(DOC, 'integrator function');
    const b = anchorFor(DOC, 'general practice');
    const results = anchorAnnotations(DOC, [{ ...a, id: 'a' }, { ...b, id: 'b' }]);
    assert.deepStrictEqual(results.map((r) => r.id), ['a', 'b']);
  });
});

describe('anchoring property: random edits away from a quote never lose it', () => {
  const rng = seeded(42);
  const words = ['care', 'board', 'plan', 'funding', 'the', 'system', 'partners', 'general', 'practice', 'NHS', 'will', 'must'];
  for (let trial = 0; trial < 40; trial++) {
    it(`trial ${trial}`, () => {
      let text = Array.from({ length: 400 }, () => words[Math.floor(rng() * words.length)]).join(' ');
      const start = 800 + Math.floor(rng() * 600);
      const end = start + 20 + Math.floor(rng() * 60);
      const target = { id: 'p1', ...makeAnchor(text, start, end) };
      let qs = start;
      let qe = end;
      // Ten edits, each at least 40 characters away from the quote (context stays intact).
      for (let e = 0; e < 10; e++) {
        const before = rng() < 0.5 && qs > 100;
        const at = before ? Math.floor(rng() * (qs - 80)) : qe + 40 + Math.floor(rng() * Math.max(1, text.length - qe - 40));
        const del = Math.floor(rng() * 30);
        const ins = rng() < 0.6 ? words[Math.floor(rng() * words.length)] + ' ' + words[Math.floor(rng() * words.length)] : '';
        const to = Math.min(before ? Math.min(at + del, qs - 40) : at + del, text.length);
        text = text.slice(0, at) + ins + text.slice(to);
        if (before) { qs += ins.length - (to - at); qe += ins.length - (to - at); }
      }
      const r = anchorAnnotation(text, target);
      assert.strictEqual(r.status, 'anchored', JSON.stringify(r));
      assert.deepStrictEqual([r.status === 'anchored' && r.start, r.status === 'anchored' && r.end], [qs, qe]);
    });
  }
});

describe('makeAnchor and newAnnotationId', () => {
  it('takes 32 characters of context either side (to a word boundary within 16 more), less at the edges', () => {
    const text = 'x'.repeat(40) + 'QUOTE' + 'y'.repeat(10);
    assert.deepStrictEqual(makeAnchor(text, 40, 45), { quote: 'QUOTE', prefix: 'x'.repeat(40), suffix: 'y'.repeat(10), start: 40 });
    const long = 'x'.repeat(60) + 'QUOTE';
    assert.strictEqual(makeAnchor(long, 60, 65).prefix, 'x'.repeat(32));
  });
  it('does not split a surrogate pair at the context edge', () => {
    const text = '😀' + 'a'.repeat(31) + 'Q';
    const anchor = makeAnchor(text, 33, 34);
    assert.strictEqual(anchor.prefix, text.slice(0, 33));
  });
  const ids: { name: string; existing: string[]; random: () => number; check: (id: string) => boolean }[] = [
    { name: 'short base-36', existing: [], random: Math.random, check: (id) => /^[0-9a-z]{4,6}$/.test(id) },
    { name: 'never all digits (YAML would read a number)', existing: [], random: () => 0.01, check: (id) => /[a-z]/.test(id) },
    { name: 'avoids existing ids', existing: ['aaaa'], random: seeded(1), check: (id) => id !== 'aaaa' },
  ];
  for (const c of ids) it(c.name, () => assert.ok(c.check(newAnnotationId(c.existing, c.random))));
  it('grows when short ids keep colliding', () => {
    let n = 0;
    const taken = ['aaaa'];
    const id = newAnnotationId(taken, () => (n++ < 80 ? 10 / 36 : seeded(3)()));
    assert.ok(!taken.includes(id));
  });
});

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
