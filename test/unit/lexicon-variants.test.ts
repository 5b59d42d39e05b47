import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CODEBOOK, newTagColor } from '../../src/core/annotations/codebook';
import { parseLexicon } from '../../src/core/lexicon/parse';
import { findVariants } from '../../src/core/lexicon/variants';

const root = path.resolve(__dirname, '..', '..', '..');
const builtin = parseLexicon(fs.readFileSync(path.join(root, 'lexicon', 'nhs-england.yaml'), 'utf8')).entries;

describe('lexicon variants: "add as another name of..."', () => {
  const cases: [string, string, RegExp][] = [
    ['VCSFE', 'vcse', /abbreviation/], // (VCFSE itself is a built-in name of VCSE)
    ['primary care netwrk', 'pcn', /spelled like/],
  ];
  for (const [selection, id, reason] of cases) {
    it(`"${selection}" looks like a variant of ${id}`, () => {
      const found = findVariants(selection, builtin);
      assert.ok(found.length > 0, 'something offered');
      assert.strictEqual(found[0].id, id, JSON.stringify(found));
      assert.match(found[0].reason, reason);
    });
  }

  it('offers nothing for words unlike any entry, or for a name the entry already has', () => {
    assert.deepStrictEqual(findVariants('BRIEFING', builtin), []);
    assert.deepStrictEqual(findVariants('the weather', builtin), []);
    assert.ok(!findVariants('VCSE', builtin).some((v) => v.id === 'vcse'));
  });

  it('finds shared words, close spellings and initials in a small lexicon', () => {
    const entries = [
      { id: 'community-trust', label: 'community trust', aliases: ['community trusts'] },
      { id: 'neighbourhood-team', label: 'neighbourhood team', aliases: [] },
      { id: 'icp', label: 'ICP', aliases: ['integrated care partnership'], abbreviations: ['ICP'] },
    ];
    assert.strictEqual(findVariants('community trust providers', entries)[0]?.id, 'community-trust');
    assert.strictEqual(findVariants('neighborhood team', entries)[0]?.id, 'neighbourhood-team');
    assert.strictEqual(findVariants('Integrated Care Partnerships board', entries)[0]?.id, 'icp');
    assert.deepStrictEqual(findVariants('ICB', entries), [], 'a changed letter in a three-letter abbreviation is a different body');
  });
});

describe('codebook: colours for new tags', () => {
  it('picks a colour no tag uses yet, and keeps finding new ones', () => {
    const used = DEFAULT_CODEBOOK.map((t) => t.color);
    const seen = new Set(used);
    for (let i = 0; i < 40; i++) {
      const c = newTagColor([...seen]);
      assert.match(c, /^#[0-9a-f]{6}$/);
      assert.ok(!seen.has(c), `${c} is new`);
      seen.add(c);
    }
  });
});
