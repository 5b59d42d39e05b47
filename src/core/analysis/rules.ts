/** Rule metadata: one stable code per rule, its default severity and its text. */
import { RuleCode, SeveritySetting } from '../types';

export interface RuleInfo {
  code: RuleCode;
  /** `off` for rules a workspace turns on (term.unmentioned). */
  defaultSeverity: SeveritySetting;
  title: string;
  explanation: string;
}

export const RULES: ReadonlyArray<RuleInfo> = [
  {
    code: 'party.unmentioned',
    defaultSeverity: 'warning',
    title: 'An expected party is never mentioned',
    explanation:
      'The document never names a party the workspace expects it to mention (expectedParties). ' +
      'The message lists who the document does name, with counts, and the broader or narrower ' +
      'entries that might stand in for the missing one, so you can judge whether the omission is ' +
      'an oversight or a choice.',
  },
  {
    code: 'funding.unquantified',
    defaultSeverity: 'info',
    title: 'Funding claim with no amount, source or mechanism',
    explanation:
      'The sentence promises, asserts or implies funding, investment or resources but names no ' +
      'amount (such as £2.5bn, £300 million or "two billion") or rate ("by 3.5% a year"), no fund, budget line or payer (such ' +
      'as the Better Care Fund, the ARRS or "funded by the Department for Work and Pensions") and no ' +
      'mechanism (such as the GP contract or a ring-fenced allocation), in the sentence or the next ' +
      'one in its paragraph. Headings, questions, references, accounts and past-tense narration are ' +
      'not flagged, nor is text laid out in interleaved columns.',
  },
  {
    code: 'funding.existing-resources',
    defaultSeverity: 'warning',
    title: 'Delivery expected from existing resources',
    explanation:
      'The sentence expects delivery from resources, assets, budgets or efficiencies that already ' +
      'exist, or states that no additional funding is available ("within existing resources", ' +
      '"affordable within the allocations set", "live within budget", "reprioritise existing ' +
      'budgets", "no additional funding", "cost-neutral"). New work without new money usually ' +
      'means something else stops.',
  },
  {
    code: 'term.unmentioned',
    defaultSeverity: 'off',
    title: 'An expected term is never mentioned',
    explanation:
      'The document never uses a term the workspace expects it to use (expectedTerms, such as ' +
      'arrs or pcn). Off by default: turn it on in `rules:` once `expectedTerms` lists the terms ' +
      'whose absence matters (a workforce chapter that never names the ARRS). The message names ' +
      'the broader, narrower and related entries the document uses instead.',
  },
];

export const RULE_CODES: ReadonlyArray<RuleCode> = RULES.map((r) => r.code);

export function ruleInfo(code: RuleCode): RuleInfo {
  return RULES.find((r) => r.code === code)!;
}
