import * as assert from 'node:assert';
import { parseLexicon } from '../../src/core/engine';
import { builtinLexicon } from './helpers/engine';

const REQUIRED_PARTIES = [
  'general-practice', 'primary-care', 'pcn', 'gp-federation', 'lmc', 'icb', 'nhs-england', 'dhsc', 'local-authority', 'vcse',
  'independent-sector', 'community-provider', 'acute-trust', 'mental-health-provider', 'social-care', 'public-health', 'pharmacy',
  'health-and-wellbeing-board', 'place-board', 'patients-public',
];
const REQUIRED_TERMS = [
  'integrator', 'place', 'system', 'neighbourhood', 'int', 'ics', 'arrs', 'gpwer', 'better-care-fund', 'neighbourhood-health-plan',
  'single-neighbourhood-provider', 'multi-neighbourhood-provider', 'fuller-stocktake', 'enhanced-service', 'advice-and-guidance',
  'population-health-management', 'independent-contractor-status', 'place-based-partnership',
];

describe('builtin lexicon', () => {
  const entries = builtinLexicon();
  const byId = new Map(entries.map((e) => [e.id, e]));

  for (const id of REQUIRED_PARTIES) {
    it(`has party ${id}`, () => assert.ok(byId.get(id)?.kinds.includes('party')));
  }
  for (const id of REQUIRED_TERMS) {
    it(`has term ${id}`, () => assert.ok(byId.get(id)?.kinds.includes('term')));
  }
  it('every entry has a label and a definition, and related ids exist', () => {
    for (const e of entries) {
      assert.ok(e.label && e.definition.length > 20, e.id);
      for (const r of e.related) assert.ok(byId.has(r), `${e.id} -> ${r}`);
    }
  });
  it('place and system cite the 2022 integration white paper', () => {
    assert.match(byId.get('place')!.source!, /joining up care for people, places and populations/);
    assert.match(byId.get('place')!.definition, /250,000-500,000/);
    assert.match(byId.get('system')!.definition, /1 million/);
  });
  it('general practice is narrower than primary care', () => {
    assert.ok(byId.get('general-practice')!.related.includes('primary-care'));
  });
});

describe('parseLexicon', () => {
  const cases: { name: string; text: string; problem: RegExp; line: number }[] = [
    { name: 'bad kind', text: 'version: 1\nentries:\n  - id: a\n    label: A\n    kind: thing\n', problem: /`kind` must be/, line: 5 },
    { name: 'aliases not a list', text: 'version: 1\nentries:\n  - id: a\n    label: A\n    kind: term\n    aliases: {x: 1}\n', problem: /must be a list/, line: 6 },
    { name: 'wrong version', text: 'version: 2\nentries: []\n', problem: /version: 1/, line: 1 },
    { name: 'unknown entry key', text: 'version: 1\nentries:\n  - id: a\n    label: A\n    kind: term\n    colour: red\n', problem: /Unknown lexicon entry key/, line: 6 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { problems } = parseLexicon(c.text);
      assert.ok(problems.some((p) => c.problem.test(p.message) && p.line === c.line), JSON.stringify(problems));
    });
  }
  it('reads kind lists, abbreviations and context', () => {
    const { entries, problems } = parseLexicon('version: 1\nentries:\n  - id: x\n    label: X\n    kind: [party, term]\n    abbreviations: [XX]\n    context: {after: [level], capitalised: true}\n');
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(entries[0].kinds, ['party', 'term']);
    assert.deepStrictEqual(entries[0].abbreviations, ['XX']);
    assert.deepStrictEqual(entries[0].context, { before: [], after: ['level'], near: [], capitalised: true });
  });
});
