/** Lexicon YAML (`version: 1`, `entries: [...]`) -> validated entries with positioned problems. */
import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { EntryKind, FileProblem } from '../types';
import { describeNode, keyName, readStringList, scalarString, YamlSource } from '../config/yaml-source';
import { EngineLexiconEntry, EntryContext } from './entry';

const ENTRY_KEYS = new Set([
  'id', 'label', 'kind', 'aliases', 'abbreviations', 'definition', 'source', 'related',
  'broader', 'narrower', 'context', 'exclude', 'fundingSource',
]);
const CONTEXT_KEYS = new Set(['before', 'after', 'near', 'capitalised', 'capitalized']);
const ID_CHARS = /^[a-z0-9][a-z0-9-]*$/;

export function parseLexicon(yamlText: string): { entries: EngineLexiconEntry[]; problems: FileProblem[] } {
  const src = new YamlSource(yamlText);
  const entries: EngineLexiconEntry[] = [];
  const root = src.resolve(src.root);
  if (root === null) {
    if (src.problems.length === 0) src.add('The lexicon is empty: expected `version: 1` and `entries:`', 0);
    return { entries, problems: src.problems };
  }
  if (!isMap(root)) {
    src.at(root, `The lexicon must be a mapping with \`version\` and \`entries\`, not ${describeNode(root)}`);
    return { entries, problems: src.problems };
  }
  for (const pair of root.items) {
    const key = keyName(pair.key);
    if (key === 'version') {
      const v = src.resolve(pair.value);
      if (!isScalar(v) || v.value !== 1) src.at(v ?? pair.key, 'Only lexicon `version: 1` is understood');
    } else if (key === 'entries') {
      entries.push(...readEntries(src, pair.value, 'entries', false));
    } else {
      src.at(pair.key, `Unknown key \`${key}\` (expected version, entries)`, 'warning');
    }
  }
  return { entries, problems: src.problems };
}

/**
 * Reads a list of lexicon entries. With `partial` (config overrides) only `id` is
 * required and `specified` records the fields given.
 */
export function readEntries(src: YamlSource, node: unknown, where: string, partial: boolean): EngineLexiconEntry[] {
  const list = src.resolve(node);
  if (!isSeq(list)) {
    src.at(list ?? node, `\`${where}\` must be a list of entries, not ${describeNode(list)}`);
    return [];
  }
  const out: EngineLexiconEntry[] = [];
  const seen = new Set<string>();
  for (const item of list.items) {
    if (src.exhausted) break;
    const map = src.resolve(item);
    if (!isMap(map)) {
      src.at(map ?? list, `Each lexicon entry must be a mapping with at least \`id\`, not ${describeNode(map)}`);
      continue;
    }
    const entry = readEntry(src, map, partial);
    if (!entry) continue;
    if (seen.has(entry.id)) {
      src.at(map, `Duplicate lexicon id \`${entry.id}\`: the later entry wins`, 'warning');
      const at = out.findIndex((e) => e.id === entry.id);
      out.splice(at, 1);
    }
    seen.add(entry.id);
    out.push(entry);
  }
  return out;
}

function readEntry(src: YamlSource, map: YAMLMap, partial: boolean): EngineLexiconEntry | null {
  const given = new Map<string, Node>();
  for (const pair of map.items) {
    const key = keyName(pair.key);
    if (!ENTRY_KEYS.has(key)) {
      src.at(pair.key, `Unknown lexicon entry key \`${key}\``, 'warning');
      continue;
    }
    given.set(key, pair.value as Node);
  }
  const id = scalarString(src.resolve(given.get('id')))?.trim();
  if (!id) {
    src.at(map, 'A lexicon entry needs an `id` (lowercase words joined by hyphens)');
    return null;
  }
  if (!ID_CHARS.test(id)) src.at(given.get('id'), `Lexicon id \`${id}\` should be lowercase letters, digits and hyphens`, 'warning');

  const entry: EngineLexiconEntry = { id, label: id, kinds: ['term'], aliases: [], definition: '', related: [] };
  const specified: string[] = [];
  const str = (key: 'label' | 'definition' | 'source'): void => {
    if (!given.has(key)) return;
    const node = src.resolve(given.get(key));
    const s = scalarString(node);
    if (s === undefined) src.at(node ?? map, `\`${key}\` must be text, not ${describeNode(node)}`);
    else { entry[key] = s.trim(); specified.push(key); }
  };
  const list = (key: 'aliases' | 'abbreviations' | 'related' | 'broader' | 'narrower' | 'exclude'): void => {
    if (!given.has(key)) return;
    const values = readStringList(src, given.get(key), `\`${key}\` of \`${id}\``);
    if (values) { entry[key] = values; specified.push(key); }
  };
  str('label');
  str('definition');
  str('source');
  if (!given.has('label') && !partial) src.at(map, `Lexicon entry \`${id}\` has no \`label\``, 'warning');
  if (given.has('kind')) {
    const kinds = readKinds(src, given.get('kind'));
    if (kinds) { entry.kinds = kinds; specified.push('kinds'); }
  } else if (!partial) {
    src.at(map, `Lexicon entry \`${id}\` has no \`kind\` (party, term or both): assuming term`, 'warning');
  }
  list('aliases');
  list('abbreviations');
  list('related');
  list('broader');
  list('narrower');
  list('exclude');
  if (given.has('fundingSource')) {
    const node = src.resolve(given.get('fundingSource'));
    if (isScalar(node) && typeof node.value === 'boolean') { entry.fundingSource = node.value; specified.push('fundingSource'); }
    else src.at(node ?? map, `\`fundingSource\` must be true or false, not ${describeNode(node)}`);
  }
  if (given.has('context')) {
    const ctx = readContext(src, given.get('context'));
    if (ctx) { entry.context = ctx; specified.push('context'); }
  }
  // `related` lists every neighbour; broader/narrower are the directed ones.
  for (const extra of [...(entry.broader ?? []), ...(entry.narrower ?? [])]) {
    if (!entry.related.includes(extra)) entry.related.push(extra);
  }
  if ((entry.broader || entry.narrower) && !specified.includes('related')) specified.push('related');
  if (partial) entry.specified = specified;
  return entry;
}

function readKinds(src: YamlSource, node: unknown): EntryKind[] | undefined {
  const n = src.resolve(node);
  const raw = isSeq(n) ? n.items.map((i) => src.resolve(i)) : [n];
  const kinds: EntryKind[] = [];
  for (const item of raw) {
    const s = scalarString(item);
    if (s === 'party' || s === 'term') { if (!kinds.includes(s)) kinds.push(s); }
    else src.at(item ?? n, `\`kind\` must be party, term or [party, term], not ${s === undefined ? describeNode(item) : `\`${s}\``}`);
  }
  return kinds.length ? kinds : undefined;
}

function readContext(src: YamlSource, node: unknown): EntryContext | undefined {
  const map = src.resolve(node);
  if (!isMap(map)) {
    src.at(map ?? node, `\`context\` must be a mapping (before, after, near, capitalised), not ${describeNode(map)}`);
    return undefined;
  }
  const ctx: EntryContext = { before: [], after: [], near: [], capitalised: false };
  for (const pair of map.items) {
    const key = keyName(pair.key);
    if (!CONTEXT_KEYS.has(key)) { src.at(pair.key, `Unknown context key \`${key}\``, 'warning'); continue; }
    if (key === 'capitalised' || key === 'capitalized') {
      const v = src.resolve(pair.value);
      if (isScalar(v) && typeof v.value === 'boolean') ctx.capitalised = v.value;
      else src.at(v ?? pair.key, '`capitalised` must be true or false');
      continue;
    }
    const words = readStringList(src, pair.value, `context \`${key}\``);
    if (words) ctx[key as 'before' | 'after' | 'near'] = words;
  }
  return ctx;
}
