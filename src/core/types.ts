/**
 * Plain data shared by the engine, the editor features and the command line.
 * Offsets are UTF-16 code-unit offsets into the document text (what JavaScript
 * strings and VS Code positions use).
 */

export interface Span {
  start: number;
  end: number;
}

export type EntryKind = 'party' | 'term';

export interface LexiconEntry {
  /** Stable id, e.g. `general-practice`. */
  id: string;
  label: string;
  /** An entry may be both a party and a term. */
  kinds: EntryKind[];
  /** Names and abbreviations matched in text (the label is matched too). */
  aliases: string[];
  definition: string;
  source?: string;
  related: string[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export type RuleCode = 'party.unmentioned' | 'funding.unquantified' | 'funding.existing-resources' | 'term.unmentioned';

export interface Mention extends Span {
  entryId: string;
}

export interface RelatedSpan extends Span {
  message: string;
}

export interface Finding extends Span {
  rule: RuleCode;
  severity: Severity;
  message: string;
  /** For party.unmentioned: the party id; for term.unmentioned: the term id. */
  party?: string;
  /** Places that explain the finding (e.g. where the other parties are named). */
  related?: RelatedSpan[];
  /** The printed page the finding starts on, where the document carries page numbers. */
  page?: number;
  /** For funding findings: the cue phrase that made the sentence a money statement. */
  cue?: string;
}

/**
 * The three classes of money statement: `unfunded` (money or resources promised or implied
 * with nothing behind them), `existing` (delivery from existing budgets, allocations or
 * efficiencies), `backed` (an amount, a named fund or budget line, or a payment mechanism).
 */
export type FundingClass = 'unfunded' | 'existing' | 'backed';

/** One sentence (as a reader reads it) that makes a money statement; spans point into the source. */
export interface FundingStatement extends Span {
  class: FundingClass;
  /** The phrase that made it a money statement ("invest", "within existing resources"). */
  cue: string;
  /** What backs it, for `backed` ("£2.5m", "Better Care Fund"); absent otherwise. */
  support?: string;
  /** The sentence as a reader sees it (escapes read, line breaks joined), one line. */
  text: string;
  /** The printed page, where the document carries page numbers. */
  page?: number;
  /** In text laid out in interleaved columns: listed for review, never raised as a finding. */
  uncertain?: true;
}

/** Where a printed page starts in the source: pages are sorted by start. */
export interface PageStart {
  start: number;
  page: number;
}

/** A problem in a YAML file the user wrote, with a 1-based line and column. */
export interface FileProblem {
  message: string;
  line: number;
  column: number;
  severity?: 'error' | 'warning';
}
