import { LexiconEntry } from '../types';

/**
 * How a single common word (e.g. "place", "system") must be surrounded before it
 * counts as the NHS term. Every list holds literal words, never patterns.
 */
export interface EntryContext {
  /** The word right before (e.g. "at place"). */
  before: string[];
  /** The word right after (e.g. "place level", "system partners"). */
  after: string[];
  /** Another geography word within two words, joined by "and", "or", "to" or a comma ("neighbourhood, place and system"). */
  near: string[];
  /** A capitalised form in the middle of a sentence ("the Place will decide") counts. */
  capitalised: boolean;
}

/** A lexicon entry with the optional matching controls this engine understands. */
export interface EngineLexiconEntry extends LexiconEntry {
  /** Matched with exact case (plus a plural "s"): INT, DES, ARRS. */
  abbreviations?: string[];
  /** Single common words in label/aliases only count with this context. */
  context?: EntryContext;
  /** Literal phrases inside which this entry's phrases never count ("best practice", "take place"). */
  exclude?: string[];
  /** Wider entries (general practice -> primary care). */
  broader?: string[];
  /** Narrower entries (primary care -> general practice). */
  narrower?: string[];
  /** Naming this entry in a sentence names a funding source (Better Care Fund, ARRS, DES). */
  fundingSource?: boolean;
  /** Fields a config override actually gave (the rest is inherited from the builtin entry). */
  specified?: string[];
}

export function isParty(entry: LexiconEntry): boolean {
  return entry.kinds.includes('party');
}

export function isTerm(entry: LexiconEntry): boolean {
  return entry.kinds.includes('term');
}

/** Merges a config entry over a builtin one: only the fields the config gave replace. */
export function mergeEntry(base: EngineLexiconEntry, over: EngineLexiconEntry): EngineLexiconEntry {
  if (!over.specified) return over;
  const merged: EngineLexiconEntry = { ...base };
  const target = merged as unknown as Record<string, unknown>;
  const source = over as unknown as Record<string, unknown>;
  for (const field of over.specified) target[field] = source[field];
  delete merged.specified;
  return merged;
}
