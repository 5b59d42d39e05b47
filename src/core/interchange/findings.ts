/** A document's findings summary for the brief, from the engine's analysis. */
import type { Analysis } from '../engine';
import { partyPicture } from '../report';
import type { LexiconEntry } from '../types';
import type { DocumentFindings } from './model';

export function documentFindings(analysis: Analysis, entries: ReadonlyMap<string, LexiconEntry>): DocumentFindings {
  const picture = partyPicture(analysis, entries);
  return { missing: picture.missing, named: picture.named, funding: analysis.fundingStatements };
}
