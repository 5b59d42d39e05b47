/** Plain summaries of an analysis: the status line and the document summary report. */
import { Analysis } from './engine';
import { LexiconEntry, RuleCode } from './types';

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
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
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
    lines.push(`| ${md(p.label)} | ${n} | ${expected ? (n === 0 ? 'missing' : 'yes') : ''} |`);
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
    for (const t of terms) lines.push(`| ${md(t.label)} | ${analysis.counts[t.id]} |`);
  }
  return lines.join('\n') + '\n';
}
