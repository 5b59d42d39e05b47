/**
 * Edits to `.policy-lens.yaml` that keep the analyst's comments and formatting
 * (the yaml library's Document API edits the parsed document in place).
 */
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { PolicyConfig, parseConfig } from './config/config';
import { MAX_YAML_CHARS, tooLargeMessage } from './config/yaml-source';
import { EntryKind } from './types';

export interface NewLexiconEntry {
  label: string;
  kind: EntryKind;
}

/** A stable id from a label: `Integrated Care Partnership` -> `integrated-care-partnership`. */
export function slugId(label: string): string {
  const slug = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'entry';
}

export type ConfigEditResult = { ok: true; text: string; id: string } | { ok: false; error: string };

/**
 * Appends an entry to the `lexicon:` list (creating the list, or the file's
 * content, when absent). Refuses to touch a file that does not parse.
 */
export function addLexiconEntry(configText: string, entry: NewLexiconEntry, existingIds: ReadonlySet<string>): ConfigEditResult {
  const label = entry.label.replace(/\s+/g, ' ').trim();
  if (!label) return { ok: false, error: 'Select the words to add first.' };
  if (label.length > 200) return { ok: false, error: 'The selection is too long for a lexicon entry (200 characters at most).' };
  let id = slugId(label);
  for (let n = 2; existingIds.has(id); n++) id = `${slugId(label)}-${n}`;
  const fields = { id, label, kind: entry.kind, aliases: [label], definition: 'Added from a document by Policy Lens; describe it here.' };
  const opened = openConfig(configText, 'adding to the lexicon');
  if (!opened.ok) return opened;
  const text = appendListItem(configText, opened.doc, 'lexicon', fields);
  if (typeof text !== 'string') return text;
  return verified(configText, text, id, (c) => c.lexicon.some((e) => e.id === id && e.label === label && e.aliases.includes(label)));
}

/**
 * Records `alias` as another name of lexicon entry `id`. `currentAliases` are the entry's
 * names now (built-in and workspace): an override's `aliases` replaces the built-in list, so
 * a new override carries them all. An entry already in the file gets the alias appended.
 */
export function addLexiconAlias(configText: string, id: string, alias: string, currentAliases: readonly string[]): ConfigEditResult {
  const name = alias.replace(/\s+/g, ' ').trim();
  if (!name) return { ok: false, error: 'Select the words to add first.' };
  if (name.length > 200) return { ok: false, error: 'The selection is too long for a lexicon name (200 characters at most).' };
  const opened = openConfig(configText, 'adding to the lexicon');
  if (!opened.ok) return opened;
  const { doc } = opened;
  const lexicon = doc.get('lexicon', true);
  const existing = isSeq(lexicon) ? lexicon.items.find((item) => isMap(item) && String(item.get('id')) === id) : undefined;
  let text: string | ConfigEditResult;
  if (existing && isMap(existing)) {
    if (isSeq(lexicon) && lexicon.anchor) return sharedThroughAnchor(lexicon.anchor);
    const aliases = existing.get('aliases', true);
    if (isSeq(aliases)) aliases.items.push(doc.createNode(name));
    else existing.set('aliases', doc.createNode([...currentAliases, name]));
    text = withEol(configText, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  } else {
    text = appendListItem(configText, doc, 'lexicon', { id, aliases: [...currentAliases.filter((a) => a !== name), name] });
  }
  if (typeof text !== 'string') return text;
  return verified(configText, text, id, (c) => c.lexicon.some((e) => e.id === id && e.aliases.includes(name)));
}

export interface NewCodebookTag {
  id: string;
  label: string;
  /** `#rrggbb` */
  color: string;
}

/** Appends a tag to the `codebook:` list, keeping the rest of the file as it was. */
export function addCodebookTag(configText: string, tag: NewCodebookTag): ConfigEditResult {
  const opened = openConfig(configText, 'adding a tag');
  if (!opened.ok) return opened;
  const text = appendListItem(configText, opened.doc, 'codebook', { id: tag.id, label: tag.label, color: tag.color });
  if (typeof text !== 'string') return text;
  return verified(configText, text, tag.id, (c) => (c.codebook ?? []).some((t) => t.id === tag.id && t.color === tag.color));
}

/** Parses the file for an edit; refuses what a rewrite could damage. */
function openConfig(configText: string, doing: string): { ok: true; doc: Document.Parsed } | { ok: false; error: string } {
  if (configText.length > MAX_YAML_CHARS) return { ok: false, error: `.policy-lens.yaml: ${tooLargeMessage(configText.length)}.` };
  const badByte = configText.indexOf('\ufffd');
  if (badByte >= 0) return { ok: false, error: `.policy-lens.yaml contains bytes that are not valid UTF-8 (line ${lineOf(configText, badByte)}): fix its encoding before ${doing}.` };
  if (configText.charCodeAt(0) === 0xfeff) return { ok: false, error: `.policy-lens.yaml starts with extra byte-order marks: remove them before ${doing}.` };
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    return { ok: false, error: `.policy-lens.yaml does not parse${where}: fix it before ${doing}.` };
  }
  if (doc.contents !== null && !isMap(doc.contents)) return { ok: false, error: '.policy-lens.yaml must be a mapping of settings at its top level.' };
  return { ok: true, doc };
}

/** The file's text with one more item in the top-level list `key` (created when absent). */
function appendListItem(configText: string, doc: Document.Parsed, key: 'lexicon' | 'codebook', fields: Record<string, unknown>): string | { ok: false; error: string } {
  const eol = configText.includes('\r\n') ? '\r\n' : '\n';
  const list = doc.get(key, true);
  if (list === undefined || list === null) {
    // Append a new block at the end: every existing byte stays as it was.
    const block = new Document({ [key]: [fields] }).toString({ lineWidth: 0 });
    const sep = configText === '' || configText.endsWith('\n') ? '' : eol;
    return configText + sep + block.replace(/\n/g, eol);
  }
  if (isSeq(list) && list.anchor) return sharedThroughAnchor(list.anchor, key);
  if (isSeq(list) && !list.flow && list.range) {
    // Splice one item in after the last: the rest of the file is untouched.
    const insertAt = lineEndAfter(configText, list.range[1]);
    const indent = ' '.repeat(columnOf(configText, list.range[0]));
    const item = new Document([fields]).toString({ lineWidth: 0 }).trimEnd().split('\n').map((l) => indent + l).join(eol);
    const before = configText.slice(0, insertAt);
    return before + (before.endsWith('\n') ? '' : eol) + item + eol + configText.slice(insertAt);
  }
  if (isSeq(list)) {
    list.items.push(doc.createNode(fields));
    return withEol(configText, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  }
  return { ok: false, error: `\`${key}\` in .policy-lens.yaml must be a list; fix it before adding entries.` };
}

function sharedThroughAnchor(anchor: string, key = 'lexicon'): { ok: false; error: string } {
  // Other settings share this list through a YAML alias: an edit here would change them too.
  return { ok: false, error: `\`${key}\` in .policy-lens.yaml is shared through the YAML anchor &${anchor}: add the entry by hand.` };
}

function withEol(configText: string, text: string): string {
  return configText.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
}

/**
 * Load-after-serialise for the config: the new text must read back with no problem the old
 * text did not have, and with the change in it. Otherwise nothing is written.
 */
export function verifyConfigEdit(before: string, after: string, expect: (config: PolicyConfig) => boolean): string | undefined {
  const errors = (text: string) => parseConfig(text).problems.filter((p) => p.severity !== 'warning').map((p) => p.message);
  const old = new Set(errors(before));
  const added = errors(after).filter((m) => !old.has(m));
  if (added.length > 0) return `the edited .policy-lens.yaml would not read back (${added.slice(0, 2).join('; ')}); nothing was written.`;
  if (!expect(parseConfig(after).config)) return 'the edited .policy-lens.yaml would not read back with the change in it; nothing was written.';
  return undefined;
}

function verified(before: string, after: string, id: string, expect: (config: PolicyConfig) => boolean): ConfigEditResult {
  const problem = verifyConfigEdit(before, after, expect);
  return problem ? { ok: false, error: problem } : { ok: true, text: after, id };
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Offset just past the line holding `offset - 1` (a node's range ends after its last content). */
function lineEndAfter(text: string, offset: number): number {
  const back = text.slice(0, offset).replace(/[ \t]*(\r?\n[ \t]*)*$/, '');
  const nl = text.indexOf('\n', back.length);
  return nl === -1 ? text.length : nl + 1;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
