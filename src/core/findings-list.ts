/** The Findings view's content: a document's findings grouped by rule, each with the start of its sentence. */
import { RULES, ruleInfo } from './analysis/rules';
import { Analysis } from './engine';
import { findingPage } from './hover-text';
import { shorten } from './markdown';
import { Finding, RuleCode } from './types';

export interface FindingRow {
  finding: Finding;
  /** The flagged sentence's start (or, for a document-level finding, its message), one line. */
  label: string;
  page?: number;
}

export interface FindingGroup {
  rule: RuleCode;
  title: string;
  rows: FindingRow[];
}

/** Groups in the order rules are declared; rows in document order; empty groups left out. */
export function groupFindings(analysis: Pick<Analysis, 'findings' | 'pages'>, text: string, maxLabel = 90): FindingGroup[] {
  const groups = new Map<RuleCode, FindingGroup>();
  const sorted = [...analysis.findings].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const finding of sorted) {
    let group = groups.get(finding.rule);
    if (!group) {
      group = { rule: finding.rule, title: ruleInfo(finding.rule)?.title ?? finding.rule, rows: [] };
      groups.set(finding.rule, group);
    }
    const sentence = finding.end > finding.start ? text.slice(finding.start, finding.end) : '';
    group.rows.push({ finding, label: shorten(sentence.trim() ? sentence : finding.message, maxLabel), page: findingPage(finding, analysis) });
  }
  const order = RULES.map((r) => r.code);
  return [...groups.values()].sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule));
}
