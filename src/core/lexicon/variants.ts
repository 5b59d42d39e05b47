/**
 * "Is this another name of something the lexicon already has?" When an analyst adds words to
 * the lexicon ("VCFSE"), an entry they are a variant of (VCSE: the voluntary, community and
 * social enterprise sector) is offered first, so the words become another name of it rather
 * than a new entry with a placeholder definition.
 */
import { similarity } from '../annotations/edit-distance';

export interface NamedEntry {
  id: string;
  label: string;
  aliases: readonly string[];
  abbreviations?: readonly string[];
}

export interface Variant {
  id: string;
  label: string;
  /** Why it looks like a variant, for the picker ("close to the abbreviation VCSE"). */
  reason: string;
  score: number;
}

const STOP_WORDS = new Set(['and', 'of', 'the', 'for', 'in', 'to', 'a', 'an', 'with', 'on', 'at', 'by', '&']);

const words = (s: string): string[] => s.toLowerCase().split(/[^a-z0-9&]+/).filter(Boolean);
/** Content words, plural "s" folded. */
const contentWords = (s: string): string[] => words(s).filter((w) => !STOP_WORDS.has(w)).map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
const initials = (s: string): string => contentWords(s).map((w) => w[0]).join('');
const isAcronym = (s: string): boolean => /^[A-Za-z][A-Za-z0-9]{1,9}s?$/.test(s) && /^[A-Z0-9]+s?$/.test(s);
const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Entries `selection` looks like a variant of, best first (at most `limit`). Names it already is are not variants. */
export function findVariants(selection: string, entries: Iterable<NamedEntry>, limit = 3): Variant[] {
  const text = selection.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const acronym = isAcronym(text) ? text.replace(/s$/, '').toLowerCase() : undefined;
  const mine = contentWords(text);
  const best = new Map<string, Variant>();
  const offer = (entry: NamedEntry, score: number, reason: string) => {
    const seen = best.get(entry.id);
    if (!seen || score > seen.score) best.set(entry.id, { id: entry.id, label: entry.label, reason, score });
  };
  for (const entry of entries) {
    const names = [entry.label, ...entry.aliases, ...(entry.abbreviations ?? [])];
    if (names.some((n) => fold(n) === fold(text))) continue; // already one of its names
    for (const name of names) {
      if (acronym) {
        // VCFSE against the abbreviation VCSE, or against the initials of "voluntary, community and social enterprise".
        if (isAcronym(name) && acronym.length >= 3) {
          const other = name.replace(/s$/, '').toLowerCase();
          if (acronymsClose(acronym, other)) offer(entry, 0.9, `close to the abbreviation ${name}`);
        }
        const theirs = initials(name);
        if (theirs.length >= 2 && theirs.length <= 10 && (theirs === acronym || (acronym.length >= 3 && acronymsClose(acronym, theirs)))) {
          offer(entry, theirs === acronym ? 0.95 : 0.85, `looks like an abbreviation of "${name}"`);
        }
        continue;
      }
      // Shared words ("community trusts" / "community trust providers"), or a close spelling.
      const theirs = contentWords(name);
      if (mine.length > 0 && theirs.length > 0) {
        const shared = mine.filter((w) => theirs.includes(w)).length;
        const overlap = shared / Math.max(mine.length, theirs.length);
        if (shared > 0 && overlap >= 0.5) offer(entry, 0.5 + overlap * 0.4, `shares ${shared === 1 ? 'a word' : `${shared} words`} with "${name}"`);
      }
      if (text.length >= 5 && name.length >= 5) {
        const close = similarity(fold(text), fold(name));
        if (close >= 0.8) offer(entry, close, `spelled like "${name}"`);
      }
      if (isAcronym(name) && initials(text) === name.replace(/s$/, '').toLowerCase() && mine.length >= 2) {
        offer(entry, 0.9, `its initials are ${name}`);
      }
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
}

/** Two abbreviations one letter apart: one letter more (VCFSE / VCSE), or one changed in a longer one. */
function acronymsClose(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 3 || long.length - short.length > 1) return false;
  if (long.length > short.length) {
    let i = 0;
    for (const ch of long) if (i < short.length && ch === short[i]) i++;
    return i === short.length;
  }
  return short.length >= 4 && similarity(a, b) >= 1 - 1 / short.length - 1e-9;
}
