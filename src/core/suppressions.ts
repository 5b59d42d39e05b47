/**
 * Findings the analyst chose to ignore. Suppressions live outside the document
 * (the policy text stays verbatim) and are matched by content, not offset, so
 * they survive edits: a sentence-level suppression names the flagged sentence.
 */
import { Finding, RuleCode } from './types';

export interface Suppression {
  rule: RuleCode;
  /** The flagged sentence; absent means the whole rule is off for the document. */
  quote?: string;
  /** For party.unmentioned: the party the suppression is about. */
  party?: string;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The suppression that silences exactly this finding. */
export function suppressionFor(finding: Finding, text: string): Suppression {
  if (finding.party) return { rule: finding.rule, party: finding.party };
  return { rule: finding.rule, quote: collapse(text.slice(finding.start, finding.end)) };
}

export function isSuppressed(finding: Finding, text: string, suppressions: readonly Suppression[]): boolean {
  let quote: string | undefined;
  for (const s of suppressions) {
    if (s.rule !== finding.rule) continue;
    if (s.quote === undefined && s.party === undefined) return true;
    if (s.party !== undefined) {
      if (s.party === finding.party) return true;
      continue;
    }
    quote ??= collapse(text.slice(finding.start, finding.end));
    if (collapse(s.quote ?? '') === quote) return true;
  }
  return false;
}

export function withoutSuppressed(findings: readonly Finding[], text: string, suppressions: readonly Suppression[]): Finding[] {
  return suppressions.length === 0 ? [...findings] : findings.filter((f) => !isSuppressed(f, text, suppressions));
}

/** Reads a `suppressions:` list from plain data (a sidecar's top level); skips malformed items. */
export function parseSuppressions(value: unknown): Suppression[] {
  if (!Array.isArray(value)) return [];
  const out: Suppression[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const { rule, quote, party } = item as Record<string, unknown>;
    if (typeof rule !== 'string') continue;
    out.push({
      rule: rule as RuleCode,
      ...(typeof quote === 'string' ? { quote } : {}),
      ...(typeof party === 'string' ? { party } : {}),
    });
  }
  return out;
}
