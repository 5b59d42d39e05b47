/**
 * Edits to `.policy-lens.yaml` that keep the analyst's comments and formatting
 * (the yaml library's Document API edits the parsed document in place).
 */
import { Document, isMap, isSeq, parseDocument } from 'yaml';
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
  // Refuse what a rewrite could damage: undecodable bytes, stray byte-order marks.
  const badByte = configText.indexOf('\ufffd');
  if (badByte >= 0) return { ok: false, error: `.policy-lens.yaml contains bytes that are not valid UTF-8 (line ${lineOf(configText, badByte)}): fix its encoding before adding to the lexicon.` };
  if (configText.charCodeAt(0) === 0xfeff) return { ok: false, error: '.policy-lens.yaml starts with extra byte-order marks: remove them before adding to the lexicon.' };
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    return { ok: false, error: `.policy-lens.yaml does not parse${where}: fix it before adding to the lexicon.` };
  }
  if (doc.contents !== null && !isMap(doc.contents)) return { ok: false, error: '.policy-lens.yaml must be a mapping of settings at its top level.' };
  let id = slugId(label);
  for (let n = 2; existingIds.has(id); n++) id = `${slugId(label)}-${n}`;
  const fields = { id, label, kind: entry.kind, aliases: [label], definition: 'Added from a document by Policy Lens; describe it here.' };
  const eol = configText.includes('\r\n') ? '\r\n' : '\n';
  const lexicon = doc.get('lexicon', true);
  let text: string;
  if (lexicon === undefined || lexicon === null) {
    // Append a new block at the end: every existing byte stays as it was.
    const block = new Document({ lexicon: [fields] }).toString({ lineWidth: 0 });
    const sep = configText === '' || configText.endsWith('\n') ? '' : eol;
    text = configText + sep + block.replace(/\n/g, eol);
  } else if (isSeq(lexicon) && lexicon.anchor) {
    // Other settings share this list through a YAML alias: an edit here would change them too.
    return { ok: false, error: `\`lexicon\` in .policy-lens.yaml is shared through the YAML anchor &${lexicon.anchor}: add the entry by hand.` };
  } else if (isSeq(lexicon) && !lexicon.flow && lexicon.range) {
    // Splice one item in after the last: the rest of the file is untouched.
    const insertAt = lineEndAfter(configText, lexicon.range[1]);
    const indent = ' '.repeat(columnOf(configText, lexicon.range[0]));
    const item = new Document([fields]).toString({ lineWidth: 0 }).trimEnd().split('\n').map((l) => indent + l).join(eol);
    const before = configText.slice(0, insertAt);
    text = before + (before.endsWith('\n') ? '' : eol) + item + eol + configText.slice(insertAt);
  } else if (isSeq(lexicon)) {
    lexicon.items.push(doc.createNode(fields));
    text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  } else {
    return { ok: false, error: '`lexicon` in .policy-lens.yaml must be a list; fix it before adding entries.' };
  }
  return { ok: true, text, id };
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
