/**
 * Search over annotations: note, quote, tag and document, best match first.
 *
 * fuse.js scores every record it is given, about a second per query at 50,000 annotations, so
 * it only ranks candidates. The candidates come from an inverted index of the records' words
 * (built once, then updated one group, e.g. one sidecar, at a time): each query word is looked
 * up as a prefix of the indexed words, the longest prefix of it that any word starts with (so
 * "practise" still reaches "practice" through "practi", and a word typed halfway finds its
 * completions), and a record must match every query word. When common words leave thousands
 * of candidates, a cheap score (the query as a phrase, then whole-word matches) keeps the best
 * hundred for fuse.js. When the words find nothing fuse.js accepts (a badly misspelt query), the
 * records holding words spelt like the query's are its candidates (letter pairs in common); fuse.js
 * never searches the whole set above 2,000 records (two seconds at 50,000).
 */
import Fuse, { IFuseOptions } from 'fuse.js';

export interface SearchRecord {
  /** Caller's key back to the annotation (e.g. document URI + id). */
  key: string;
  note: string;
  quote: string;
  tag: string;
  document: string;
}

export interface AnnotationIndex {
  search(query: string, limit?: number): SearchRecord[];
  /** Replaces every record of `group` (e.g. one sidecar) with `records`. */
  replaceGroup(group: string, records: readonly SearchRecord[]): void;
  /** Records indexed now. */
  readonly size: number;
  /** Gets the index ready for the next query now (new words sorted in), e.g. once a load has finished. */
  prepare(): void;
}

const OPTIONS: IFuseOptions<SearchRecord> = {
  keys: [
    { name: 'note', weight: 0.45 },
    { name: 'quote', weight: 0.35 },
    { name: 'tag', weight: 0.15 },
    { name: 'document', weight: 0.05 },
  ],
  threshold: 0.35,
  ignoreLocation: true,
  minMatchCharLength: 2,
};

/** Below this many records fuse.js alone is fast enough. */
const INDEX_FROM = 2_000;
/** A query word is looked up by prefixes down to this length. */
const MIN_PREFIX = 3;
/** At most this many candidates (or the limit, if more) are ranked by fuse.js (the rest score lower on the cheap score). */
const RANKED = 100;

const WORD = /[\p{L}\p{N}]+/gu;

/** 1 for the ASCII characters `WORD` matches (letters and digits). */
const IS_WORD_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) IS_WORD_ASCII[c] = /[\p{L}\p{N}]/u.test(String.fromCharCode(c)) ? 1 : 0;

/** The words of a text as the index keeps them: lower case, letters and digits. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * Words -> ids of the records holding them, with the words sorted for prefix lookups. New words
 * wait in `fresh` and are merged into the sorted list when it is next needed, so adding a
 * thousand sidecars one by one does not sort the whole vocabulary a thousand times.
 */
class WordIndex {
  private readonly postings = new Map<string, number[]>();
  private sorted: string[] = [];
  private fresh: string[] = [];

  /** Indexes record `id` by the words of `lowered`, its fields in lower case (ids come in rising order). */
  add(id: number, lowered: string): void {
    // ASCII text (nearly all of it) is cut into words by character codes, without the regex's
    // array of matches; the first character past ASCII hands the whole text to the regex (the
    // words already added are complete words, and a word is added to a record only once).
    const n = lowered.length;
    let start = -1;
    for (let i = 0; i < n; i++) {
      const c = lowered.charCodeAt(i);
      if (c >= 128) {
        for (const word of lowered.match(WORD) ?? []) this.addWord(id, word);
        return;
      }
      if (IS_WORD_ASCII[c] === 1) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        this.addWord(id, lowered.slice(start, i));
        start = -1;
      }
    }
    if (start >= 0) this.addWord(id, lowered.slice(start));
  }

  private addWord(id: number, word: string): void {
    const list = this.postings.get(word);
    if (!list) {
      this.postings.set(word, [id]);
      this.fresh.push(word);
    } else if (list[list.length - 1] !== id) list.push(id);
  }

  /** Calls `visit` with the ids of each word starting with `prefix` (removed ids included; the caller filters). */
  forPrefix(prefix: string, visit: (ids: readonly number[]) => void): void {
    const words = this.words();
    for (let i = this.lowerBound(prefix); i < words.length && words[i].startsWith(prefix); i++) visit(this.postings.get(words[i])!);
  }

  /** Ids of the records holding exactly `word`. */
  exactly(word: string): readonly number[] {
    return this.postings.get(word) ?? [];
  }

  /**
   * Indexed words spelt like `word`: within two characters of its length and sharing at least
   * half of the letter pairs of both (a Dice coefficient of 0.5 or more). What a misspelling,
   * even of a word's first letters, may have meant.
   */
  similar(word: string): string[] {
    const pairs = new Set<number>();
    for (let i = 0; i + 1 < word.length; i++) pairs.add(word.charCodeAt(i) * 65536 + word.charCodeAt(i + 1));
    const out: string[] = [];
    if (pairs.size === 0) return out;
    for (const w of this.words()) {
      const n = w.length;
      if (n < word.length - 2 || n > word.length + 2) continue;
      let shared = 0;
      for (let i = 0; i + 1 < n; i++) if (pairs.has(w.charCodeAt(i) * 65536 + w.charCodeAt(i + 1))) shared++;
      if (4 * shared >= pairs.size + n - 1) out.push(w);
    }
    return out;
  }

  /** True when some word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const words = this.words();
    const i = this.lowerBound(prefix);
    return i < words.length && words[i].startsWith(prefix);
  }

  /** The words in order (new words merged in first). */
  words(): string[] {
    if (this.fresh.length === 0) return this.sorted;
    const fresh = this.fresh.sort();
    this.fresh = [];
    if (this.sorted.length === 0) return (this.sorted = fresh);
    const merged: string[] = new Array(this.sorted.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.sorted.length && j < fresh.length) merged[k++] = this.sorted[i] < fresh[j] ? this.sorted[i++] : fresh[j++];
    while (i < this.sorted.length) merged[k++] = this.sorted[i++];
    while (j < fresh.length) merged[k++] = fresh[j++];
    return (this.sorted = merged);
  }

  private lowerBound(prefix: string): number {
    const words = this.words();
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (words[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}

export function createAnnotationIndex(initial: readonly SearchRecord[] = [], initialGroup = ''): AnnotationIndex {
  /** Every record ever added, by id; removed ones are undefined. */
  const records: (SearchRecord | undefined)[] = [];
  /** Each record's fields in lower case, for the phrase test of the cheap score. */
  const haystacks: (string | undefined)[] = [];
  const groups = new Map<string, number[]>();
  let alive = 0;
  let words = new WordIndex();

  const add = (group: string, list: readonly SearchRecord[]) => {
    const ids = groups.get(group) ?? [];
    for (const r of list) {
      const id = records.length;
      const lowered = `${r.note}\n${r.quote}\n${r.tag}\n${r.document}`.toLowerCase();
      records.push(r);
      haystacks.push(lowered);
      ids.push(id);
      words.add(id, lowered);
      alive++;
    }
    groups.set(group, ids);
  };

  const current = (): SearchRecord[] => records.filter((r): r is SearchRecord => r !== undefined);

  const replaceGroup = (group: string, list: readonly SearchRecord[]) => {
    for (const id of groups.get(group) ?? []) {
      if (records[id]) alive--;
      records[id] = undefined;
      haystacks[id] = undefined;
    }
    groups.delete(group);
    // Rebuild the word index once removed ids outnumber the live ones (it keeps them until then).
    if (records.length > 2 * alive + 1_000) {
      const kept = [...groups.entries()].map(([g, ids]) => [g, ids.map((id) => records[id]!)] as const);
      records.length = 0;
      haystacks.length = 0;
      groups.clear();
      words = new WordIndex();
      alive = 0;
      for (const [g, rs] of kept) add(g, rs);
    }
    add(group, list);
  };

  /** The longest prefix of `word` (at least MIN_PREFIX long, or the word itself if shorter) that starts an indexed word. */
  const usablePrefix = (word: string): string | undefined => {
    if (word.length <= MIN_PREFIX) return words.hasPrefix(word) ? word : undefined;
    for (let n = word.length; n >= MIN_PREFIX; n--) {
      const prefix = word.slice(0, n);
      if (words.hasPrefix(prefix)) return prefix;
    }
    return undefined;
  };

  const candidates = (query: string, ranked: number): SearchRecord[] => {
    const queryWords = [...new Set(searchWords(query).filter((w) => w.length >= 2))].slice(0, 255);
    if (queryWords.length === 0) return [];
    // matched[id]: how many query words (taken in order) the record has matched so far. The last
    // word's pass collects the records that matched them all (in id order once sorted).
    const matched = new Uint8Array(records.length);
    const full = queryWords.length;
    let found: number[] = [];
    for (let w = 0; w < full; w++) {
      const prefix = usablePrefix(queryWords[w]);
      if (!prefix) return [];
      const last = w === full - 1;
      let any = false;
      words.forPrefix(prefix, (list) => {
        for (let k = 0; k < list.length; k++) {
          const id = list[k];
          if (matched[id] !== w) continue;
          matched[id] = w + 1;
          any = true;
          if (last && records[id] !== undefined) found.push(id);
        }
      });
      if (!any) return [];
    }
    const ids = Int32Array.from(found).sort();
    found = [];
    if (ids.length <= ranked) return Array.from(ids, (id) => records[id]!);
    // Too many to rank: a cheap score first (the query as a phrase, then whole-word matches).
    const score = new Uint16Array(records.length);
    for (const word of queryWords) {
      const list = words.exactly(word);
      for (let k = 0; k < list.length; k++) if (matched[list[k]] === full) score[list[k]]++;
    }
    // One word: the candidates hold a word starting with its longest known prefix; the phrase test
    // would only tell those holding it inside another word, which says little: skipped.
    if (full > 1) {
      const phrase = queryWords.join(' ');
      for (const id of ids) if (haystacks[id]!.includes(phrase)) score[id] += full + 1;
    }
    const buckets: number[][] = [];
    for (const id of ids) (buckets[score[id]] ??= []).push(id);
    const kept: SearchRecord[] = [];
    for (let b = buckets.length - 1; b >= 0 && kept.length < ranked; b--) {
      for (const id of buckets[b] ?? []) {
        if (kept.length >= ranked) break;
        kept.push(records[id]!);
      }
    }
    return kept;
  };

  /**
   * Candidates for a query whose words' prefixes found nothing fuse.js accepts: the records
   * holding words spelt like the query's (`WordIndex.similar`), those matching more query words
   * first. (fuse.js over every record, the old fallback, took two seconds at 50,000.)
   */
  const spelledLike = (query: string, ranked: number): SearchRecord[] => {
    const queryWords = [...new Set(searchWords(query).filter((w) => w.length >= 2))].slice(0, 16);
    const hits = new Uint8Array(records.length);
    const stamp = new Uint8Array(records.length);
    const ids: number[] = [];
    queryWords.forEach((queryWord, w) => {
      for (const similar of words.similar(queryWord)) {
        for (const id of words.exactly(similar)) {
          if (stamp[id] === w + 1 || records[id] === undefined) continue;
          stamp[id] = w + 1;
          if (hits[id]++ === 0) ids.push(id);
        }
      }
    });
    ids.sort((a, b) => hits[b] - hits[a] || a - b);
    return ids.slice(0, ranked).map((id) => records[id]!);
  };

  const rank = (list: readonly SearchRecord[], q: string, limit: number): SearchRecord[] =>
    list.length > 0 ? new Fuse(list, OPTIONS).search(q, { limit }).map((r) => r.item) : [];

  const search = (query: string, limit = 50): SearchRecord[] => {
    const q = query.trim();
    if (!q) return current().slice(0, limit);
    if (alive < INDEX_FROM) return rank(current(), q, limit);
    const ranked = Math.max(RANKED, limit);
    const results = rank(candidates(q, ranked), q, limit);
    return results.length > 0 ? results : rank(spelledLike(q, ranked), q, limit);
  };

  add(initialGroup, initial);
  return { search, replaceGroup, prepare: () => void words.words(), get size() { return alive; } };
}
