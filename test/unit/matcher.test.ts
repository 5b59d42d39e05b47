import * as assert from 'node:assert';
import { engineWith, mentionsOf } from './helpers/engine';

describe('lexicon matching', () => {
  const engine = engineWith();

  const cases: { name: string; text: string; expected: string[] }[] = [
    { name: 'case-insensitive whole phrase', text: 'GENERAL PRACTICE and General Practice', expected: ['general-practice:GENERAL PRACTICE', 'general-practice:General Practice'] },
    { name: 'plural and possessives', text: "PCN, PCNs, PCN's and PCNs’ plans", expected: ['pcn:PCN', 'pcn:PCNs', 'pcn:PCN', 'pcn:PCNs'] },
    // "GPs" is also the first word of "GPs with extended roles", so the plural is a word of its own
    // and does not read as "GP": it is named in the lexicon (case-sensitive: GPS is not a GP).
    { name: 'GPs is general practice, GPS is not', text: "GPs and GPs' lists; GPs with extended roles; GPS tracking", expected: ['general-practice:GPs', 'general-practice:GPs', 'gpwer:GPs with extended roles'] },
    { name: 'bracketed abbreviation counts once', text: 'Primary Care Networks (PCNs) are groups.', expected: ['pcn:Primary Care Networks'] },
    { name: 'bracketed abbreviation of an INT', text: 'an Integrated Neighbourhood Team (INT) works', expected: ['int:Integrated Neighbourhood Team'] },
    { name: 'a later abbreviation is a second mention', text: 'Primary care networks work. PCNs also plan.', expected: ['pcn:Primary care networks', 'pcn:PCNs'] },
    { name: 'hyphen and space variants', text: 'place-based partnership; place based partnership', expected: ['place-based-partnership:place-based partnership', 'place-based-partnership:place based partnership'] },
    { name: 'phrase wrapped across lines', text: 'the integrated care\nboard said', expected: ['icb:integrated care\nboard'] },
    { name: 'phrase wrapped across CRLF', text: 'the integrated care\r\nboard said', expected: ['icb:integrated care\r\nboard'] },
    { name: 'phrase wrapped in a blockquote', text: '> the integrated care\n> board said', expected: ['icb:integrated care\n> board'] },
    { name: 'a heading and the paragraph after it do not make a phrase', text: '# General\n\npractice', expected: [] },
    { name: 'a blank line after a full stop breaks a phrase', text: 'in general.\n\npractice', expected: [] },
    { name: 'a PDF line break inside a sentence does not break a phrase', text: 'general\n\npractice', expected: ['general-practice:general\n\npractice'] },
    { name: 'sentence end breaks a phrase', text: 'It is general. Practice matters.', expected: [] },
    { name: 'American spelling', text: 'each neighborhood and every neighbourhood', expected: ['neighbourhood:neighborhood', 'neighbourhood:neighbourhood'] },
    { name: 'no match inside words', text: 'the PCNetwork, unICB and ICBx', expected: [] },
    { name: 'best practice is not general practice', text: 'This is best practice in practice.', expected: [] },
    { name: 'take place / in place are not the NHS place', text: 'Meetings take place monthly; plans are in place. Place an order.', expected: [] },
    { name: 'place with NHS context', text: 'decisions at place; place partners; Place-based care; the Place board', expected: ['place:place', 'place:place', 'place:Place-based', 'place-board:Place board'] },
    { name: 'capitalised Place mid-sentence', text: 'Work led by the Place will continue.', expected: ['place:Place'] },
    { name: 'place and system near each other', text: 'across neighbourhood, place and system', expected: ['neighbourhood:neighbourhood', 'place:place', 'system:system'] },
    { name: 'ordinary system is not the NHS system', text: 'The IT system failed and the immune system too.', expected: [] },
    { name: 'system partners', text: 'We met system partners.', expected: ['system:system partners'] },
    { name: 'case-sensitive abbreviations', text: 'the INT met; int x = 3; des moines; the DES pays; ARRS roles', expected: ['int:INT', 'enhanced-service:DES', 'arrs:ARRS'] },
    { name: 'Markdown emphasis and headings', text: '## The **ICB** view\n\n_general practice_', expected: ['icb:ICB', 'general-practice:general practice'] },
    { name: 'link text matches, URL does not', text: 'see [the ICB](https://example.org/pcn/icb) and https://x.org/vcse', expected: ['icb:ICB'] },
    { name: 'code span content still reads as text', text: 'the `ICB` decides', expected: ['icb:ICB'] },
    { name: 'fenced code is skipped', text: '```\nICB\n```\nVCSE', expected: ['vcse:VCSE'] },
    { name: 'PDF escapes and soft hyphens', text: 'place\\-based partnership and neigh\u00ADbourhood', expected: ['place-based-partnership:place\\-based partnership', 'neighbourhood:neigh\u00ADbourhood'] },
    { name: 'non-breaking space and curly apostrophe', text: 'general\u00a0practice’s role', expected: ['general-practice:general\u00a0practice'] },
    { name: 'ampersand reads as and', text: 'the Health & Wellbeing Board', expected: ['health-and-wellbeing-board:Health & Wellbeing Board'] },
    { name: 'comma in a defined phrase', text: 'the voluntary, community and social enterprise sector', expected: ['vcse:voluntary, community and social enterprise sector'] },
    { name: 'longest phrase wins', text: 'GP federations and Neighbourhood Health Plans', expected: ['gp-federation:GP federations', 'neighbourhood-health-plan:Neighbourhood Health Plans'] },
    { name: 'ies plural of a lexicon word', text: 'Local authority and local authorities', expected: ['local-authority:Local authority', 'local-authority:local authorities'] },
    { name: 'flattened table cells do not join', text: '| general | practice |', expected: [] },
    { name: 'offsets after non-ASCII text', text: '“Café” – naïve ’quote’ ICB', expected: ['icb:ICB'] },
  ];

  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(mentionsOf(engine, c.text), c.expected);
    });
  }

  it('counts every entry, zero included', () => {
    const a = engine.analyze('PCNs and PCNs.');
    assert.strictEqual(a.counts.pcn, 2);
    assert.strictEqual(a.counts['general-practice'], 0);
    assert.ok(Object.keys(a.counts).length >= 38);
  });

  it('config entries add and override', () => {
    const e = engineWith({ lexicon: [{ id: 'pcn', label: 'PCNs', kinds: ['party'], aliases: ['network'], definition: '', related: [], specified: ['aliases'] } as never,
      { id: 'widget', label: 'widget fund', kinds: ['term'], aliases: [], definition: '', related: [] }] });
    assert.deepStrictEqual(mentionsOf(e, 'the network and the widget fund'), ['pcn:network', 'widget:widget fund']);
    assert.deepStrictEqual(e.entries.get('pcn')?.kinds, ['party']);
  });

  it('finds money and page references', () => {
    const text = 'We will invest £2.5bn, £300 million and £1.2m (p13) (p.23) (Case for change p23) (pp 4-5) (not a page)';
    const a = engine.analyze(text);
    assert.deepStrictEqual(a.money.map((s) => text.slice(s.start, s.end)), ['£2.5bn', '£300 million', '£1.2m']);
    assert.deepStrictEqual(a.pageRefs.map((s) => text.slice(s.start, s.end)), ['(p13)', '(p.23)', '(Case for change p23)', '(pp 4-5)']);
  });
});
