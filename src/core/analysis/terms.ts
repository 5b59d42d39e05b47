/** term.unmentioned: an expected term (expectedTerms) the document never uses, with the neighbouring entries it uses instead. */
import { Finding, Severity } from '../types';
import { EngineLexiconEntry } from '../lexicon/entry';
import { capitalise } from './parties';

export function unmentionedTermFindings(
  expected: readonly string[],
  entries: ReadonlyMap<string, EngineLexiconEntry>,
  counts: Readonly<Record<string, number>>,
  severity: Severity,
): Finding[] {
  const out: Finding[] = [];
  for (const id of expected) {
    const term = entries.get(id);
    if (!term || (counts[id] ?? 0) > 0) continue;
    const near: string[] = [];
    const listed = new Set<string>([id]);
    const describe = (rid: string, how: string): void => {
      const e = entries.get(rid);
      if (!e || listed.has(rid)) return;
      listed.add(rid);
      near.push(`${e.label} (${how}) ${counts[rid] ?? 0}×`);
    };
    for (const rid of term.broader ?? []) describe(rid, 'broader');
    for (const rid of term.narrower ?? []) describe(rid, 'narrower');
    for (const rid of term.related) describe(rid, 'related');
    const message = `${capitalise(term.label)} (an expected term) is never used` + (near.length ? `; ${near.join(', ')}` : '');
    // `party` carries the entry id so that "Ignore this finding here" silences this term alone.
    out.push({ rule: 'term.unmentioned', severity, message, start: 0, end: 0, party: id });
  }
  return out;
}
