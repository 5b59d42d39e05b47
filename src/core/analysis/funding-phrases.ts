/**
 * Built-in literal phrases for the funding rules. Config adds to the first two lists.
 * Matching is whole-word, case-insensitive, with the same plural/spelling folding as
 * the lexicon ("fund" also finds "funds", "organised" finds "organized").
 */

/** Language that promises, asserts or implies money, investment or resources. */
export const FUNDING_PHRASES: readonly string[] = [
  'funding', 'funded', 'fund', 'underfunded', 'investment', 'invest', 'invested', 'investing', 'money', 'monies',
  'resourced', 'resourcing', 'additional resources', 'extra resources', 'new resources', 'more resources',
  'further resources', 'sufficient resources', 'dedicated resources', 'additional resource', 'additional capacity',
  'financial support', 'financial resources', 'spending', 'pump-priming', 'pump priming', 'financial incentive',
  'additional budget', 'dedicated budget', 'protected budget', 'new money', 'financing',
];

/** Delivery expected from what already exists, or no new money. */
export const EXISTING_RESOURCE_PHRASES: readonly string[] = [
  'within existing resources', 'within current resources', 'within existing budgets', 'within existing funding',
  'within existing allocations', 'within the existing envelope', 'within existing capacity', 'from existing budgets',
  'from existing resources', 'existing resources', 'existing assets', 'existing budgets', 'existing funding',
  'existing capacity', 'existing allocations', 'existing financial envelope', 'harness existing', 'redeploy existing',
  'reprioritise existing', 'make better use of existing', 'making better use of existing', 'no additional funding',
  'no extra funding', 'no new funding', 'no new money', 'no additional money', 'no additional resources',
  'no additional resource', 'no extra resources', 'without additional funding', 'without additional resources',
  'without extra funding', 'without new funding', 'cost-neutral', 'cost neutral', 'budget neutral', 'budget-neutral',
  'absence of significant additional funding', 'absence of additional funding', 'absence of new funding',
  'absence of significant new funding', 'absence of additional resources', 'not be additional funding',
  'not be any additional funding', 'no further funding',
];

/** A named source, fund or payment mechanism: a sentence naming one is a supported claim. */
export const FUNDING_SOURCE_PHRASES: readonly string[] = [
  'Service Development Fund', 'SDF', 'transformation fund', 'capital fund', 'GP contract', 'GMS contract',
  'PMS contract', 'APMS contract', 'network contract', 'national tariff', 'payment by results', 'block contract',
  'aligned payment and incentive', 'capitation', 'global sum', 'QOF', 'Quality and Outcomes Framework',
  'Investment and Impact Fund', 'IIF', 'spending review', 'ring-fenced', 'ringfenced', 'ring fence', 'recurrent',
  'non-recurrent', 'per head', 'per patient', 'per capita', 'weighted population', 'allocation formula',
  'funding formula', 'baseline allocation', 'baseline funding', 'section 75', 'pooled budget', 'delegated budget',
  'system development funding', 'mental health investment standard', 'elective recovery fund', 'ICB allocation',
  'core allocation', 'allocated to', 'funding envelope', 'through the contract', 'contract funding',
  'reimbursement', 'reimbursed', 'tariff', 'levy', 'grant', 'precept', 'public health grant',
];

/** Phrases that look like funding language but are not ("invest time", "fund of knowledge"). */
export const NOT_FUNDING_PHRASES: readonly string[] = [
  'invest time', 'invest the time', 'investing time', 'investing the time', 'invested time', 'invest effort',
  'invest energy', 'investing energy', 'fund of knowledge', 'spending time', 'spending the time', 'spend time',
];
