/** Plain summaries of an analysis: the status line, the missing-parties banner and the document summary report. */
import { Analysis } from './engine';
import { escapeMarkdown, markdownCell, shorten } from './markdown';
import { FundingClass, FundingStatement, LexiconEntry, RuleCode } from './types';

export interface SummaryCounts {
  missingParties: number;
  fundingClaims: number;
  byRule: Partial<Record<RuleCode, number>>;
}

export function summaryCounts(analysis: Analysis): SummaryCounts {
  const byRule: Partial<Record<RuleCode, number>> = {};
  for (const f of analysis.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return {
    missingParties: byRule['party.unmentioned'] ?? 0,
    fundingClaims: (byRule['funding.unquantified'] ?? 0) + (byRule['funding.existing-resources'] ?? 0),
    byRule,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function statusText(counts: SummaryCounts): string {
  return `${plural(counts.missingParties, 'missing party', 'missing parties')} · ${plural(counts.fundingClaims, 'funding claim', 'funding claims')}`;
}

/** Escapes text for a Markdown table cell or line (the report shows workspace-supplied labels). */
const md = escapeMarkdown;

/** Who the document leaves out and who it names, for the banner at its top and the status bar. */
export interface PartyPicture {
  /** Labels of the expected parties the document never mentions (party.unmentioned findings still shown). */
  missing: string[];
  /** Parties the document names, most-named first. */
  named: { label: string; count: number }[];
}

export function partyPicture(analysis: Analysis, entries: ReadonlyMap<string, LexiconEntry>): PartyPicture {
  const missing: string[] = [];
  for (const f of analysis.findings) {
    if (f.rule !== 'party.unmentioned' || !f.party) continue;
    const label = entries.get(f.party)?.label ?? f.party;
    if (!missing.includes(label)) missing.push(label);
  }
  const named = [...entries.values()]
    .filter((e) => e.kinds.includes('party') && (analysis.counts[e.id] ?? 0) > 0)
    .map((e) => ({ label: e.label, count: analysis.counts[e.id] }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { missing, named };
}

/**
 * The banner line: "Never mentioned: general practice, community providers · named: ICBs 41×,
 * local authorities 6×, ..." (the first `maxNamed` named parties). Undefined when there is
 * nothing to say (no party missing and none named).
 */
export function bannerText(picture: PartyPicture, maxNamed = 5): string | undefined {
  const named = picture.named.slice(0, maxNamed).map((n) => `${n.label} ${n.count}×`);
  if (picture.named.length > maxNamed) named.push('...');
  const namedPart = named.length ? `named: ${named.join(', ')}` : 'no party named';
  if (picture.missing.length) return `Never mentioned: ${picture.missing.join(', ')} · ${namedPart}`;
  return picture.named.length ? `Every expected party is named · ${namedPart}` : undefined;
}

/** The status bar item's tooltip: the missing parties by name, the funding claims, and what a click does. */
export function statusTooltip(picture: PartyPicture, counts: SummaryCounts, statements: readonly FundingStatement[] = []): string {
  const lines = [picture.missing.length
    ? `**Never mentioned:** ${md(picture.missing.join(', '))}`
    : 'Every expected party is named.'];
  if (picture.named.length) lines.push(`**Named:** ${md(picture.named.slice(0, 8).map((n) => `${n.label} ${n.count}×`).join(', '))}`);
  lines.push(md(plural(counts.fundingClaims, 'funding claim', 'funding claims') + ' to check.'));
  if (statements.length > 0) lines.push(`**Money statements:** ${md(fundingCountsText(statements))}.`);
  lines.push('Click for the document summary.');
  return lines.join('\n\n');
}

/** How each class of money statement is counted in the summary. */
const FUNDING_CLASSES: { cls: FundingClass; one: string; many: string; heading: string }[] = [
  { cls: 'backed', one: 'backed by an amount, fund or mechanism', many: 'backed by an amount, fund or mechanism', heading: 'Backed by an amount, fund or mechanism' },
  { cls: 'unfunded', one: 'unfunded promise', many: 'unfunded promises', heading: 'Unfunded promises' },
  { cls: 'existing', one: 'expects delivery from existing resources', many: 'expect delivery from existing resources', heading: 'Delivery from existing resources' },
];

/** "12 backed by an amount, fund or mechanism, 5 unfunded promises, 21 expect delivery from existing resources". */
export function fundingCountsText(statements: readonly FundingStatement[]): string {
  return FUNDING_CLASSES.map(({ cls, one, many }) => plural(statements.filter((s) => s.class === cls).length, one, many)).join(', ');
}

/** The summary's money section: counts per class, then the statements grouped by class, with their page. */
export function fundingSection(statements: readonly FundingStatement[]): string[] {
  const lines = ['## Money statements', ''];
  if (statements.length === 0) return [...lines, 'No money statements found.'];
  lines.push(`${fundingCountsText(statements)}.`);
  for (const { cls, heading } of FUNDING_CLASSES) {
    const list = statements.filter((s) => s.class === cls);
    if (list.length === 0) continue;
    lines.push('', `### ${heading} (${list.length})`, '');
    for (const s of list) {
      const where = s.page === undefined ? '' : `p. ${s.page}: `;
      const support = s.support ? ` _(${md(s.support)})_` : '';
      const uncertain = s.uncertain ? ' _(laid out in columns: check the passage; not raised as a finding)_' : '';
      lines.push(`- ${where}${md(shorten(s.text, 240))} _cue:_ "${md(s.cue)}"${support}${uncertain}`);
    }
  }
  return lines;
}

export function summaryReport(
  title: string,
  analysis: Analysis,
  entries: ReadonlyMap<string, LexiconEntry>,
  stats: { words: number; sentences: number },
  expectedParties: readonly string[],
): string {
  const lines: string[] = [`# Policy Lens summary: ${md(title)}`, '', `${stats.words} words, ${stats.sentences} sentences.`, ''];
  lines.push('## Parties', '', '| Party | Mentions | Expected |', '| --- | ---: | :---: |');
  const parties = [...entries.values()].filter((e) => e.kinds.includes('party'));
  parties.sort((a, b) => (analysis.counts[b.id] ?? 0) - (analysis.counts[a.id] ?? 0) || a.label.localeCompare(b.label));
  for (const p of parties) {
    const n = analysis.counts[p.id] ?? 0;
    const expected = expectedParties.includes(p.id);
    lines.push(`| ${markdownCell(p.label)} | ${n} | ${expected ? (n === 0 ? 'missing' : 'yes') : ''} |`);
  }
  lines.push('', '## Findings by rule', '');
  const { byRule } = summaryCounts(analysis);
  const rules = Object.entries(byRule);
  if (rules.length === 0) lines.push('No findings.');
  else {
    lines.push('| Rule | Findings |', '| --- | ---: |');
    for (const [rule, n] of rules) lines.push(`| \`${rule}\` | ${n} |`);
  }
  const terms = [...entries.values()].filter((e) => !e.kinds.includes('party') && (analysis.counts[e.id] ?? 0) > 0);
  if (terms.length) {
    lines.push('', '## Jargon used', '', '| Term | Mentions |', '| --- | ---: |');
    for (const t of terms) lines.push(`| ${markdownCell(t.label)} | ${analysis.counts[t.id]} |`);
  }
  lines.push('', ...fundingSection(analysis.fundingStatements ?? []));
  return lines.join('\n') + '\n';
}
