/**
 * `policy-lens check --since <rev> <paths...>`: which annotations were added, edited,
 * re-anchored, orphaned or deleted between a revision and the working tree. The old sidecars are
 * read through git (`ls-tree` + one `cat-file --batch`): no checkout, nothing written.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { gitListFiles, gitReadFiles, gitResolve, gitTopLevel } from '../adapters/node-git';
import { anchorAnnotations } from '../core/annotations/anchor';
import { AnnotationChange, diffAnnotations } from '../core/annotations/diff';
import { parseSidecar, SIDECAR_SUFFIX } from '../core/annotations/sidecar';
import type { Annotation } from '../core/annotations/types';
import { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './io';
import { walkFolder } from './node-files';

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

export async function runCheckSince(rev: string, inputs: string[], format: 'text' | 'json', io: CliIo): Promise<number> {
  const top = await gitTopLevel(io.cwd);
  if (!top) { io.stderr('policy-lens check --since: not in a git repository (or git is not installed)\n'); return EXIT_USAGE; }
  const commit = await gitResolve(io.cwd, rev);
  if (!commit) { io.stderr(`policy-lens check --since: '${rev}' is not a commit, branch or tag here\n`); return EXIT_USAGE; }
  const realTop = await fsp.realpath(top);
  const cwd = await fsp.realpath(io.cwd).catch(() => io.cwd);

  const roots: string[] = [];
  const current = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(io.cwd, input);
    const stat = await fsp.stat(absolute).catch(() => undefined);
    const real = stat ? await fsp.realpath(absolute) : absolute;
    roots.push(real);
    if (stat?.isDirectory()) for (const f of await walkFolder(io.cwd, absolute, (name) => name.endsWith(SIDECAR_SUFFIX), [])) current.add(await fsp.realpath(f));
    else if (stat && real.endsWith(SIDECAR_SUFFIX)) current.add(real);
    else if (stat && await fsp.stat(real + SIDECAR_SUFFIX).catch(() => undefined)) current.add(real + SIDECAR_SUFFIX);
  }
  const under = (file: string) => roots.some((r) => file === r || file === r + SIDECAR_SUFFIX || file.startsWith(r + path.sep));
  const oldPaths = ((await gitListFiles(top, commit, SIDECAR_SUFFIX)) ?? []).filter((p) => under(path.join(realTop, p)));
  const oldTexts = (await gitReadFiles(top, commit, oldPaths)) ?? new Map<string, string | undefined>();

  const all = new Set<string>([...oldPaths.map((p) => path.join(realTop, p)), ...current]);
  const report: SinceReport = { version: 1, since: rev, commit, sidecars: [] };
  for (const file of [...all].sort()) {
    const relToTop = path.relative(realTop, file).split(path.sep).join('/');
    const entry: SinceSidecar = { path: display(file, cwd), errors: [], changes: [] };
    let documentName: string | undefined;
    const read = (text: string | undefined, which: string): Annotation[] | undefined => {
      if (text === undefined) return [];
      const parsed = parseSidecar(text);
      if (parsed.ok) { documentName = parsed.sidecar.document; return parsed.sidecar.annotations; }
      entry.errors.push(`${which} does not parse (line ${parsed.problems[0]?.line ?? 1}: ${parsed.problems[0]?.message ?? '?'})`);
      return undefined;
    };
    const oldText = oldTexts.get(relToTop);
    const nowText = current.has(file) ? await fsp.readFile(file, 'utf8').catch(() => undefined) : undefined;
    const before = read(oldText, `the version at ${rev}`);
    // Unchanged since the revision: one parse serves both (only the anchors can have changed).
    const after = nowText !== undefined && nowText === oldText ? before : read(nowText, 'the working-tree version');
    if (before && after) {
      let anchors;
      if (after.length > 0) {
        const name = documentName;
        const documentPath = path.join(path.dirname(file), name || path.basename(file).slice(0, -SIDECAR_SUFFIX.length));
        const documentText = documentPath.startsWith(path.dirname(file) + path.sep) ? await fsp.readFile(documentPath, 'utf8').catch(() => undefined) : undefined;
        anchors = new Map((documentText === undefined
          ? after.map((a) => ({ id: a.id, status: 'orphaned' as const, reason: 'no-document' as const }))
          : anchorAnnotations(documentText, after)).map((r) => [r.id, r]));
      }
      entry.changes = diffAnnotations(before, after, anchors);
    }
    if (entry.errors.length > 0 || entry.changes.length > 0) report.sidecars.push(entry);
  }

  if (format === 'json') io.stdout(JSON.stringify(report, null, 2) + '\n');
  else io.stdout(textReport(report));
  const orphaned = report.sidecars.some((s) => s.errors.length > 0 || s.changes.some((c) => c.kinds.includes('orphaned')));
  return orphaned ? EXIT_FINDINGS : EXIT_OK;
}

function textReport(report: SinceReport): string {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const s of report.sidecars) {
    for (const e of s.errors) lines.push(`${s.path}: error: ${e}`);
    for (const c of s.changes) {
      for (const k of c.kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
      const fields = c.fields?.length ? ` (${c.fields.join(', ')})` : '';
      lines.push(`${s.path}: ${c.kinds.join(', ')}${fields}: ${c.id} (${c.tag}) "${shorten(c.quote)}"`);
    }
  }
  const tally = ['added', 'edited', 're-anchored', 'orphaned', 'deleted'].map((k) => `${counts.get(k) ?? 0} ${k}`).join(', ');
  lines.push(`policy-lens check --since ${report.since} (${report.commit.slice(0, 12)}): ${tally}`);
  return lines.join('\n') + '\n';
}

function shorten(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? flat.slice(0, 59) + '…' : flat;
}

function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file).split(path.sep).join('/');
}
