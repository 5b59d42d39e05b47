/**
 * "What changed in the annotations since a revision", shared by `policy-lens check --since` and
 * the editor's **Review Annotation Changes Since...**: each caller gathers, per sidecar, its text
 * at the revision and now (through git, however it reaches git) and the document's text now;
 * this module diffs them (`diffAnnotations`) and writes the report as text or Markdown.
 */
import { anchorAnnotations } from './anchor';
import { AnnotationChange, diffAnnotations } from './diff';
import { parseSidecar } from './sidecar';
import type { Annotation } from './types';

export interface SinceSidecar {
  path: string;
  /** Problems reading either version (a sidecar that does not parse is reported, not diffed). */
  errors: string[];
  changes: AnnotationChange[];
}

export interface SinceReport {
  version: 1;
  since: string;
  commit: string;
  sidecars: SinceSidecar[];
}

export interface SincePair {
  /** How the sidecar is named in the report. */
  path: string;
  /** Its text at the revision; undefined when it was not there. */
  oldText: string | undefined;
  /** Its text now; undefined when it is gone. */
  nowText: string | undefined;
  /** The annotated document's text now, by the sidecar's `document:` name; undefined when not found. */
  documentText: (name: string) => Promise<string | undefined>;
}

/** One sidecar's changes since the revision (`rev` names it in messages). */
export async function sinceEntry(pair: SincePair, rev: string): Promise<SinceSidecar> {
  const entry: SinceSidecar = { path: pair.path, errors: [], changes: [] };
  let documentName = '';
  const read = (text: string | undefined, which: string): Annotation[] | undefined => {
    if (text === undefined) return [];
    const parsed = parseSidecar(text);
    if (parsed.ok) { documentName = parsed.sidecar.document; return parsed.sidecar.annotations; }
    entry.errors.push(`${which} does not parse (line ${parsed.problems[0]?.line ?? 1}: ${parsed.problems[0]?.message ?? '?'})`);
    return undefined;
  };
  const before = read(pair.oldText, `the version at ${rev}`);
  // Unchanged since the revision: one parse serves both (only the anchors can have changed).
  const after = pair.nowText !== undefined && pair.nowText === pair.oldText ? before : read(pair.nowText, 'the working-tree version');
  if (!before || !after) return entry;
  let anchors;
  if (after.length > 0) {
    const documentText = await pair.documentText(documentName);
    anchors = new Map((documentText === undefined
      ? after.map((a) => ({ id: a.id, status: 'orphaned' as const, reason: 'no-document' as const }))
      : anchorAnnotations(documentText, after)).map((r) => [r.id, r]));
  }
  entry.changes = diffAnnotations(before, after, anchors);
  return entry;
}

/** True when the report names an orphan or a sidecar it could not read (the CLI's exit code 1). */
export function sinceHasProblems(report: SinceReport): boolean {
  return report.sidecars.some((s) => s.errors.length > 0 || s.changes.some((c) => c.kinds.includes('orphaned')));
}

const KINDS = ['added', 'edited', 're-anchored', 'orphaned', 'deleted'] as const;

function tally(report: SinceReport): string {
  const counts = new Map<string, number>();
  for (const s of report.sidecars) for (const c of s.changes) for (const k of c.kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return KINDS.map((k) => `${counts.get(k) ?? 0} ${k}`).join(', ');
}

/** The command line's report: one line per change, then the tally. */
export function sinceText(report: SinceReport): string {
  const lines: string[] = [];
  for (const s of report.sidecars) {
    for (const e of s.errors) lines.push(`${s.path}: error: ${e}`);
    for (const c of s.changes) {
      const fields = c.fields?.length ? ` (${c.fields.join(', ')})` : '';
      lines.push(`${s.path}: ${c.kinds.join(', ')}${fields}: ${c.id} (${c.tag}) "${shortQuote(c.quote)}"`);
    }
  }
  lines.push(`policy-lens check --since ${report.since} (${report.commit.slice(0, 12)}): ${tally(report)}`);
  return lines.join('\n') + '\n';
}

/** The same report for reading in the editor: a heading per sidecar, a list of changes. */
export function sinceMarkdown(report: SinceReport): string {
  const esc = (s: string) => s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
  const out = [`# Annotation changes since ${esc(report.since)}`, '', `Commit \`${report.commit.slice(0, 12)}\` to the working tree: ${tally(report)}.`, ''];
  if (report.sidecars.length === 0) out.push('No annotation changed.', '');
  for (const s of report.sidecars) {
    out.push(`## ${esc(s.path)}`, '');
    for (const e of s.errors) out.push(`- **error**: ${esc(e)}`);
    for (const c of s.changes) {
      const fields = c.fields?.length ? ` (${c.fields.join(', ')})` : '';
      out.push(`- **${c.kinds.join(', ')}**${fields}: \`${c.id}\` (${esc(c.tag)}) "${esc(shortQuote(c.quote))}"`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** A quote on one line, at most 60 characters. */
export function shortQuote(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? flat.slice(0, 59) + '…' : flat;
}
