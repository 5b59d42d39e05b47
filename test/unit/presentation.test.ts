/** What the editor shows, built in core: hovers, the banner, the status tooltip, the summary, the Findings view, rule docs. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Analysis } from '../../src/core/engine';
import { groupFindings } from '../../src/core/findings-list';
import { annotationHoverMarkdown, findingHoverMarkdown, termHoverMarkdown } from '../../src/core/hover-text';
import { bannerText, fundingCountsText, partyPicture, statusTooltip, summaryCounts, summaryReport } from '../../src/core/report';
import { ruleSection } from '../../src/core/rule-docs';
import { FundingStatement } from '../../src/core/types';
import { engineWith, repoRoot } from './helpers/engine';

const engine = engineWith({ expectedParties: ['general-practice', 'community-provider', 'local-authority'] });
const text = [
  '# Neighbourhood plan',
  '',
  'ICBs and local authorities will plan services together. Each ICB will appoint an integrator.',
  'ICBs will report quarterly. The government has hinted at additional funding.',
  'These functions will be delivered within existing resources.',
].join('\n');

describe('banner and status tooltip: missing parties at a glance', () => {
  const analysis = engine.analyze(text);
  const picture = partyPicture(analysis, engine.entries);

  it('names the missing parties, then the named ones with counts, most-named first', () => {
    assert.deepStrictEqual(picture.missing, ['general practice', 'community providers']);
    assert.strictEqual(bannerText(picture), 'Never mentioned: general practice, community providers · named: ICBs 3×, local authorities 1×');
  });

  it('cuts the named list after a few, with an ellipsis', () => {
    const many = { missing: ['general practice'], named: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((label, i) => ({ label, count: 10 - i })) };
    assert.strictEqual(bannerText(many, 3), 'Never mentioned: general practice · named: a 10×, b 9×, c 8×, ...');
  });

  it('says every expected party is named when none is missing, and nothing for a document naming no party', () => {
    assert.strictEqual(bannerText({ missing: [], named: [{ label: 'ICBs', count: 2 }] }), 'Every expected party is named · named: ICBs 2×');
    assert.strictEqual(bannerText({ missing: [], named: [] }), undefined);
  });

  it('the status tooltip names the missing parties', () => {
    const tip = statusTooltip(picture, summaryCounts(analysis));
    assert.match(tip, /Never mentioned:\*\* general practice, community providers/);
    assert.match(tip, /2 funding claims/);
  });

  it('the status tooltip counts the money statements by class', () => {
    const statements = engine.analyze('We will invest in neighbourhood teams. The ICB will fund £2m for discharge. Plans must live within budget.').fundingStatements;
    const tip = statusTooltip(picture, summaryCounts(analysis), statements);
    assert.match(tip, /Money statements:\*\* 1 backed by an amount, fund or mechanism, 1 unfunded promise, 1 expects delivery from existing resources\./);
  });
});

describe('hover Markdown', () => {
  const analysis = engine.analyze(text);
  const integrator = engine.entries.get('integrator')!;

  it('keeps ordinary spaces (no &nbsp;) and escapes the lexicon text', () => {
    const md = termHoverMarkdown({ ...integrator, definition: 'An organisation that plans services *across* <b>a</b> place.' }, analysis, engine.entries);
    assert.ok(!md.includes('&nbsp;'), md);
    assert.match(md, /An organisation that plans services \\\*across\\\* \\<b\\>a\\<\/b\\> place\\\./);
    assert.match(md, /Mentioned \*\*1×\*\* in this document\./);
  });

  it('gives the page of the hovered mention when the document has page numbers, nothing otherwise', () => {
    const mention = analysis.mentions.find((m) => m.entryId === 'integrator')!;
    assert.doesNotMatch(termHoverMarkdown(integrator, analysis, engine.entries, mention), /p\. \d/);
    const paged: Analysis = { ...analysis, pages: [{ start: 0, page: 25 }, { start: mention.start - 5, page: 26 }, { start: mention.end + 1, page: 27 }] };
    assert.match(termHoverMarkdown(integrator, paged, engine.entries, mention), /This one is on p\. 26\./);
  });

  it('a finding hover shows its page, from the engine or from the page starts', () => {
    const finding = analysis.findings.find((f) => f.rule === 'funding.unquantified')!;
    assert.strictEqual(findingHoverMarkdown(finding, analysis), undefined, 'no page: nothing invented');
    assert.strictEqual(findingHoverMarkdown({ ...finding, page: 12 }, analysis), '**funding\\.unquantified** · p. 12');
    assert.strictEqual(findingHoverMarkdown(finding, { pages: [{ start: 0, page: 3 }] }), '**funding\\.unquantified** · p. 3');
  });

  it('an annotation hover shows the author as written and readable dates, never the ISO text', () => {
    const md = annotationHoverMarkdown({ tag: 'omission', note: 'GP *missing*.', author: 'A. Analyst', created: '2026-12-01T13:50:00Z', updated: '2026-12-01T13:50:00Z' }, 'Omission', true);
    assert.strictEqual(md, '**Omission** annotation _(A\\. Analyst · 1 Dec 2026, 13\\:50)_\n\n---\n\nGP *missing*.');
    const edited = annotationHoverMarkdown({ tag: 'x', note: '', created: '2026-11-20T10:00:00Z', updated: '2026-12-01T13:50:00Z' }, undefined, true);
    assert.match(annotationHoverMarkdown({ tag: 'omission', note: 'n' }, 'Omission', true, 26), /^\*\*Omission\*\* annotation on p\\\. 26\n/);
    assert.doesNotMatch(annotationHoverMarkdown({ tag: 'omission', note: 'n' }, 'Omission', true), / on p/);
    assert.match(edited, /20 Nov 2026, 10\\:00, edited 1 Dec 2026, 13\\:50/);
    assert.doesNotMatch(edited, /2026-1/);
  });
});

describe('summary: money statements', () => {
  const stmt = (cls: FundingStatement['class'], sentence: string, page?: number): FundingStatement =>
    ({ class: cls, cue: cls === 'existing' ? 'within existing resources' : 'invest', text: sentence, start: 0, end: 1, ...(page ? { page } : {}) });

  it('counts each class', () => {
    const list = [stmt('backed', 'a'), stmt('backed', 'b'), stmt('unfunded', 'c'), stmt('existing', 'd')];
    assert.strictEqual(fundingCountsText(list), '2 backed by an amount, fund or mechanism, 1 unfunded promise, 1 expects delivery from existing resources');
  });

  it('lists the statements grouped by class, with the page where there is one', () => {
    const analysis: Analysis = { ...engine.analyze(text), fundingStatements: [stmt('unfunded', 'We will invest in *care*.', 26), stmt('existing', 'Within existing resources.'), stmt('unfunded', 'More to come.')] };
    const report = summaryReport('plan.md', analysis, engine.entries, { words: 10, sentences: 2 }, []);
    const section = report.slice(report.indexOf('## Money statements'));
    assert.match(section, /0 backed by an amount, fund or mechanism, 2 unfunded promises, 1 expects delivery from existing resources\./);
    assert.match(section, /### Unfunded promises \(2\)\n\n- p\. 26: We will invest in \\\*care\\\*\\\. _cue:_ "invest"\n- More to come\\\. _cue:_ "invest"/);
    assert.match(section, /### Delivery from existing resources \(1\)/);
    assert.doesNotMatch(section, /### Backed/, 'no empty group');
  });

  it('invents nothing when the engine found no money statements', () => {
    const report = summaryReport('plan.md', { ...engine.analyze(text), fundingStatements: [] }, engine.entries, { words: 10, sentences: 2 }, []);
    assert.match(report, /## Money statements\n\nNo money statements found\.\n$/);
  });
});

describe('Findings view content', () => {
  it('groups findings by rule with the start of each sentence, and the message for a document-level finding', () => {
    const analysis = engine.analyze(text);
    const groups = groupFindings(analysis, text, 40);
    assert.deepStrictEqual(groups.map((g) => [g.rule, g.rows.length]), [['party.unmentioned', 2], ['funding.unquantified', 1], ['funding.existing-resources', 1]]);
    assert.strictEqual(groups[1].rows[0].label, 'The government has hinted at additional…');
    assert.match(groups[0].rows[0].label, /^General practice is never mentioned/);
    assert.strictEqual(groups[1].title, 'Funding claim with no amount, source or mechanism');
  });

  it('carries the page when the document has page numbers', () => {
    const analysis = { ...engine.analyze(text), pages: [{ start: 0, page: 4 }] };
    assert.strictEqual(groupFindings(analysis, text)[1].rows[0].page, 4);
  });
});

describe('rule explanations from docs/rules.md', () => {
  const rules = fs.readFileSync(path.join(repoRoot(), 'docs', 'rules.md'), 'utf8');
  for (const rule of ['party.unmentioned', 'funding.unquantified', 'funding.existing-resources']) {
    it(`cuts the ${rule} section, and only it`, () => {
      const section = ruleSection(rules, rule)!;
      assert.ok(section.startsWith(`## ${rule}\n`), section.slice(0, 40));
      assert.match(section, /\*\*Why:\*\*/);
      assert.strictEqual((section.match(/^## /gm) ?? []).length, 1);
    });
  }
  it('keeps a fenced block whole and stops at the next heading', () => {
    assert.strictEqual(ruleSection('# T\n\n## a.b\n\nx\n```\n## not a heading\n```\ny\n## c.d\nz\n', 'a.b'), '## a.b\n\nx\n```\n## not a heading\n```\ny\n');
    assert.strictEqual(ruleSection('## a.b\n', 'c.d'), undefined);
  });
});

describe('manifest: the Findings view and its row actions', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  const itemMenus: { command: string; when: string; group?: string }[] = manifest.contributes.menus['view/item/context'];

  it('is a view in the Policy Lens container', () => {
    assert.ok(manifest.contributes.views.policyLens.some((v: { id: string }) => v.id === 'policyLens.findings'));
  });

  for (const command of ['policyLens.revealFinding', 'policyLens.ignoreFindingFromView', 'policyLens.annotateFindingFromView']) {
    it(`${command} is an inline action on finding rows`, () => {
      assert.ok(itemMenus.some((m) => m.command === command && m.when.includes('view == policyLens.findings') && m.group?.startsWith('inline')), command);
    });
  }

  it('annotate is offered only on findings with a passage', () => {
    const annotate = itemMenus.filter((m) => m.command === 'policyLens.annotateFindingFromView');
    assert.ok(annotate.length > 0 && annotate.every((m) => /viewItem == finding$/.test(m.when)));
  });
});
