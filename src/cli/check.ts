/**
 * `policy-lens check <files or folders...> [--format text|json]`: resolve every sidecar
 * against its document and report each annotation as anchored or orphaned, and each sidecar
 * that does not parse. Exit 1 on any orphan or invalid sidecar (a CI gate), 0 when all is well,
 * 2 on bad usage. Reads only: it never writes to any file.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { anchorAnnotations } from '../core/annotations/anchor';
import { parseSidecar, SIDECAR_SUFFIX } from '../core/annotations/sidecar';
import type { Annotation, AnchorResult } from '../core/annotations/types';
import type { FileProblem } from '../core/types';
import { LineIndex } from '../core/text/lines';
import { CommandSpec, parseCommand, usageError } from './args';
import { CliIo, EXIT_FINDINGS, EXIT_OK } from './io';
import { walkFolder } from './node-files';
import { runCheckSince } from './check-since';
import { displayPath } from './display';
import { shortQuote } from '../core/annotations/since';

export const CHECK: CommandSpec = {
  name: 'check',
  operands: '<files or folders...>',
  summary: 'Resolves every annotation sidecar (folders recursively; a document stands for its sidecar) against its document.\nExit code 1 on an orphaned annotation or an invalid sidecar, 0 when all is well, 2 on bad usage. Writes nothing.',
  options: {
    format: { type: 'string', short: 'f', value: 'text|json', choices: ['text', 'json'], description: 'A line per problem and a tally (default), or one JSON object.' },
    since: { type: 'string', value: 'rev', description: 'Instead: which annotations were added, edited, re-anchored, orphaned or deleted since this git revision (read through git; no checkout).' },
  },
};

export interface CheckedAnnotation {
  id: string;
  status: 'anchored' | 'orphaned';
  start?: number;
  end?: number;
  /** 1-based line of `start` in the document. */
  line?: number;
  reason?: string;
}

export interface CheckedSidecar {
  path: string;
  document: string;
  valid: boolean;
  errors: { message: string; line: number; column: number }[];
  annotations: CheckedAnnotation[];
}

export interface CheckReport {
  version: 1;
  sidecars: CheckedSidecar[];
}

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(CHECK, args, io);
  if (typeof parsed === 'number') return parsed;
  const format = parsed.values.format === 'json' ? 'json' : 'text';
  const inputs = parsed.positionals;
  if (typeof parsed.values.since === 'string') return runCheckSince(parsed.values.since, inputs, format, io);

  const sidecars = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(io.cwd, input);
    const stat = await fsp.stat(absolute).catch(() => undefined);
    if (!stat) return usageError(CHECK, io, `no such file or folder: ${input}`);
    if (stat.isDirectory()) for (const f of await walkFolder(io.cwd, absolute, (name) => name.endsWith(SIDECAR_SUFFIX), [])) sidecars.add(f);
    else if (absolute.endsWith(SIDECAR_SUFFIX)) sidecars.add(absolute);
    else if (await isFile(absolute + SIDECAR_SUFFIX)) sidecars.add(absolute + SIDECAR_SUFFIX);
  }

  const report: CheckReport = { version: 1, sidecars: [] };
  const details: { sidecar: CheckedSidecar; annotations: Annotation[]; warnings: FileProblem[] }[] = [];
  for (const file of [...sidecars].sort()) {
    const checked = await checkSidecar(file, io.cwd);
    report.sidecars.push(checked.sidecar);
    details.push(checked);
  }

  const orphans = report.sidecars.reduce((n, s) => n + s.annotations.filter((a) => a.status === 'orphaned').length, 0);
  const invalid = report.sidecars.filter((s) => !s.valid).length;
  if (format === 'json') {
    io.stdout(JSON.stringify(report, null, 2) + '\n');
  } else {
    io.stdout(textReport(details));
  }
  return orphans > 0 || invalid > 0 ? EXIT_FINDINGS : EXIT_OK;
}

async function checkSidecar(file: string, cwd: string): Promise<{ sidecar: CheckedSidecar; annotations: Annotation[]; warnings: FileProblem[] }> {
  const folder = path.dirname(file);
  const fallbackName = path.basename(file).slice(0, -SIDECAR_SUFFIX.length);
  const result: CheckedSidecar = { path: displayPath(file, cwd), document: displayPath(path.join(folder, fallbackName), cwd), valid: true, errors: [], annotations: [] };
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await fsp.readFile(file));
  } catch (err) {
    result.valid = false;
    result.errors.push({ message: `cannot read the sidecar: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 });
    return { sidecar: result, annotations: [], warnings: [] };
  }
  const parsed = parseSidecar(text);
  if (!parsed.ok) {
    result.valid = false;
    result.errors = parsed.problems.filter((p) => p.severity !== 'warning').map(({ message, line, column }) => ({ message, line, column }));
    return { sidecar: result, annotations: [], warnings: [] };
  }
  const { sidecar } = parsed;
  const warnings = parsed.problems;
  const name = sidecar.document || fallbackName;
  const unsafe = unsafeDocumentName(name);
  if (unsafe) {
    result.valid = false;
    result.errors.push({ message: `document '${name}' ${unsafe}`, ...lineOfKey(text, 'document') });
    return { sidecar: result, annotations: sidecar.annotations, warnings };
  }
  const documentPath = path.join(folder, name);
  result.document = displayPath(documentPath, cwd);

  const documentText = await readInside(documentPath, folder);
  if (documentText === 'outside') {
    result.valid = false;
    result.errors.push({ message: `document '${name}' resolves outside the sidecar's folder (a symbolic link?)`, ...lineOfKey(text, 'document') });
    return { sidecar: result, annotations: sidecar.annotations, warnings };
  }
  const anchors: AnchorResult[] = documentText === undefined
    ? sidecar.annotations.map((a) => ({ id: a.id, status: 'orphaned', reason: 'no-document' }))
    : anchorAnnotations(documentText, sidecar.annotations);
  const lines = documentText === undefined ? undefined : new LineIndex(documentText);
  result.annotations = anchors.map((r): CheckedAnnotation => r.status === 'anchored'
    ? { id: r.id, status: 'anchored', start: r.start, end: r.end, line: (lines?.positionAt(r.start).line ?? 0) + 1 }
    : { id: r.id, status: 'orphaned', reason: r.reason });
  return { sidecar: result, annotations: sidecar.annotations, warnings };
}

function textReport(details: { sidecar: CheckedSidecar; annotations: Annotation[]; warnings: FileProblem[] }[]): string {
  const lines: string[] = [];
  let anchored = 0;
  let orphaned = 0;
  let invalid = 0;
  for (const { sidecar, annotations, warnings } of details) {
    for (const e of sidecar.errors) lines.push(`${sidecar.path}:${e.line}:${e.column}: error: ${e.message}`);
    for (const w of warnings) lines.push(`${sidecar.path}:${w.line}:${w.column}: warning: ${w.message}`);
    if (!sidecar.valid) invalid++;
    const byId = new Map(annotations.map((a) => [a.id, a]));
    for (const a of sidecar.annotations) {
      if (a.status === 'anchored') { anchored++; continue; }
      orphaned++;
      const source = byId.get(a.id);
      const why = a.reason === 'no-document' ? ' (document not found)' : a.reason === 'ambiguous' ? ' (several equally likely places)' : '';
      lines.push(`${sidecar.path}: orphaned annotation ${a.id} (${source?.tag ?? '?'}): "${shortQuote(source?.quote ?? '')}"${why}`);
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(details.length === 0
    ? 'policy-lens check: no annotation sidecars found'
    : `policy-lens check: ${plural(details.length, 'sidecar')}, ${plural(anchored, 'annotation')} anchored, ${orphaned} orphaned, ${invalid} invalid`);
  return lines.join('\n') + '\n';
}

/** Why a `document:` value may not be followed, or undefined when it is a plain relative name. */
function unsafeDocumentName(name: string): string | undefined {
  if (path.isAbsolute(name) || /^[a-zA-Z]:/.test(name) || name.startsWith('/') || name.startsWith('\\')) return 'must be relative to the sidecar\'s folder, not an absolute path';
  if (name.split(/[\\/]/).includes('..')) return "must not leave the sidecar's folder ('..')";
  if (name.includes('\0')) return 'is not a valid file name';
  return undefined;
}

/** The document's text; undefined when missing; 'outside' when a link leads out of `folder`. */
async function readInside(file: string, folder: string): Promise<string | undefined | 'outside'> {
  let real: string;
  let realFolder: string;
  try {
    real = await fsp.realpath(file);
    realFolder = await fsp.realpath(folder);
  } catch {
    return undefined;
  }
  if (!real.startsWith(realFolder + path.sep)) return 'outside';
  try {
    return new TextDecoder('utf-8').decode(await fsp.readFile(real));
  } catch {
    return undefined;
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await fsp.stat(file).catch(() => undefined))?.isFile() ?? false;
}

function lineOfKey(text: string, key: string): { line: number; column: number } {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const index = lines.findIndex((l) => l.startsWith(`${key}:`));
  return { line: index < 0 ? 1 : index + 1, column: 1 };
}
