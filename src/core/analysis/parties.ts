/** party.unmentioned: an expected party with no mention, explained by who is named instead. */
import { Finding, Mention, RelatedSpan, Severity } from '../types';
import { EngineLexiconEntry, isParty } from '../lexicon/entry';

const MAX_OTHERS_IN_MESSAGE = 6;
const MAX_RELATED_SPANS = 10;

export function unmentionedPartyFindings(
  expected: readonly string[],
  entries: ReadonlyMap<string, EngineLexiconEntry>,
  counts: Readonly<Record<string, number>>,
  mentions: readonly Mention[],
  severity: Severity,
): Finding[] {
  const out: Finding[] = [];
  for (const id of expected) {
    const party = entries.get(id);
    if (!party || (counts[id] ?? 0) > 0) continue;
    const broader = party.broader ?? [];
    const narrower = party.narrower ?? [];
    const neighbours = new Set([...party.related, ...broader, ...narrower]);
    const others = [...entries.values()]
      .filter((e) => isParty(e) && e.id !== id && !neighbours.has(e.id) && (counts[e.id] ?? 0) > 0)
      .sort((a, b) => counts[b.id] - counts[a.id] || a.label.localeCompare(b.label));
    const verb = isPluralLabel(party.label) ? 'are' : 'is';
    let message = `${capitalise(party.label)} ${verb} never mentioned; `;
    if (others.length === 0) message += 'the document names no other party';
    else {
      message += 'the document names ' + others.slice(0, MAX_OTHERS_IN_MESSAGE).map((e) => `${e.label} ${counts[e.id]}×`).join(', ');
      if (others.length > MAX_OTHERS_IN_MESSAGE) message += ` and ${others.length - MAX_OTHERS_IN_MESSAGE} more`;
    }
    // Broader and narrower entries always; other related ones when they are parties.
    const near: string[] = [];
    const listed = new Set<string>();
    const describe = (rid: string, how: string): void => {
      const e = entries.get(rid);
      if (!e || listed.has(rid) || (how === 'related' && !isParty(e))) return;
      listed.add(rid);
      near.push(`${e.label} (${how}) ${counts[rid] ?? 0}×`);
    };
    for (const rid of broader) describe(rid, 'broader');
    for (const rid of narrower) describe(rid, 'narrower');
    for (const rid of party.related) describe(rid, 'related');
    if (near.length) message += '; ' + near.join(', ');
    out.push({
      rule: 'party.unmentioned',
      severity,
      message,
      start: 0,
      end: 0,
      party: id,
      related: relatedSpans(mentions, entries, id, neighbours),
    });
  }
  return out;
}

/** First mention of each other party, then later ones, up to the cap; in document order. */
function relatedSpans(
  mentions: readonly Mention[],
  entries: ReadonlyMap<string, EngineLexiconEntry>,
  missing: string,
  neighbours: ReadonlySet<string>,
): RelatedSpan[] {
  const chosen: Mention[] = [];
  const seen = new Set<string>();
  const isOther = (m: Mention): boolean => {
    const e = entries.get(m.entryId);
    return !!e && m.entryId !== missing && (isParty(e) || neighbours.has(e.id));
  };
  for (const m of mentions) {
    if (chosen.length >= MAX_RELATED_SPANS) break;
    if (isOther(m) && !seen.has(m.entryId)) { seen.add(m.entryId); chosen.push(m); }
  }
  for (const m of mentions) {
    if (chosen.length >= MAX_RELATED_SPANS) break;
    if (isOther(m) && !chosen.includes(m)) chosen.push(m);
  }
  chosen.sort((a, b) => a.start - b.start);
  return chosen.map((m) => ({ start: m.start, end: m.end, message: `${entries.get(m.entryId)!.label} named here` }));
}

export function capitalise(label: string): string {
  return label.length ? label[0].toUpperCase() + label.slice(1) : label;
}

/**
 * "ICBs", "PCNs", "local authorities", "patients and the public" take "are"; "general practice",
 * "NHS England", "VCSE" take "is". Plural when the last word, or a first word followed by "and",
 * ends in a lower-case "s" after a letter (an acronym's plural: ICBs), never an upper-case one (NHS).
 */
export function isPluralLabel(label: string): boolean {
  const words = label.trim().split(/\s+/);
  const plural = (w: string): boolean => /[A-Za-z]s$/.test(w) && !/ss$/.test(w);
  return plural(words[words.length - 1]) || (words.length > 1 && words[1] === 'and' && plural(words[0]));
}
