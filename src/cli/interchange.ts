/**
 * `policy-lens export <files or folders...> --format brief|qdpx|qdc|w3c|csv [--out FILE]` and
 * `policy-lens import FILE --into FOLDER [--dry-run]`. Import prints its plan (added, changed,
 * orphaned), then writes sidecars through the SidecarStore (atomic, merged by id, verified
 * before writing); bad input writes nothing.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { CONFIG_FILE } from '../constants';
import { resolveCodebook } from '../core/annotations/codebook';
import type { CodebookTag } from '../core/annotations/types';
import { addImportedTags } from '../core/interchange/codebook-additions';
import { Engine, parseLexicon } from '../core/engine';
import {
  applyPlannedDocument, describePlan, documentFindings, EXPORT_FORMATS, exportAs, ExportDocument, ExportFormat,
  InterchangeError, planImport, readImport, selectAnnotations, TargetDocument,
} from '../core/interchange';
import type { AnnotationSelection } from '../core/interchange';
import { nodeFileSystem } from '../adapters/node-fs';
import { zipCodec } from '../adapters/node-zlib';
import { SidecarStore } from '../adapters/sidecar-store';
import { Engines, findBuiltinLexicon, ANALYZE_EXTENSIONS } from './analyze';
import { CommandSpec, parseCommand, usageError } from './args';
import { CliIo, EXIT_OK, EXIT_USAGE } from './io';
import { describeError, expandInputs, fileExists, readText, toPosix, walkFolder } from './node-files';

export const EXPORT: CommandSpec = {
  name: 'export',
  operands: '<files or folders...>',
  summary: 'Exports the annotations of documents (folders: every document with a sidecar) as a Markdown brief, a REFI-QDA project (.qdpx) or codebook (.qdc), W3C Web Annotation JSON-LD or CSV.\nExit code 0 when written, 2 on bad usage or unreadable input (nothing written).',
  options: {
    format: { type: 'string', short: 'f', value: EXPORT_FORMATS.join('|'), choices: EXPORT_FORMATS, description: 'What to write (required).' },
    out: { type: 'string', short: 'o', value: 'file', description: 'Where to write it (default: standard output; required for qdpx).' },
    findings: { type: 'boolean', description: "brief: add each document's findings (unmentioned parties, money statements by class)." },
    title: { type: 'string', value: 'text', description: 'The project name or the brief\'s title (default: the folder\'s name).' },
    ids: { type: 'string', value: 'a,b,c', description: 'Only the annotations with these ids (comma-separated).' },
    tag: { type: 'string', short: 't', value: 'tags', description: 'Only the annotations with these tags (comma-separated; a tag takes the tags nested under it).' },
  },
};

export const IMPORT: CommandSpec = {
  name: 'import',
  operands: '<file>',
  summary: 'Imports annotations from a REFI-QDA project (.qdpx) or codebook (.qdc), W3C Web Annotation JSON(-LD) or a Hypothesis export into the sidecars of the documents in a folder.\nAnnotations are anchored by their quote; a quote not found is kept as an orphan. Merges by id, never drops an annotation.\nExit code 0 when imported, 2 on bad usage or bad input (nothing written).',
  options: {
    into: { type: 'string', short: 'i', value: 'folder', description: 'The folder whose documents receive the annotations (required).' },
    'dry-run': { type: 'boolean', short: 'n', description: 'Print the plan, write nothing.' },
  },
};

async function loadEngines(io: CliIo): Promise<Engines | number> {
  const lexiconPath = await findBuiltinLexicon();
  if (!lexiconPath) {
    io.stderr('policy-lens: cannot find the builtin lexicon (lexicon/nhs-england.yaml next to the program)\n');
    return EXIT_USAGE;
  }
  return new Engines(io, parseLexicon(await readText('/', lexiconPath)).entries);
}

function codebookOf(engine: Engine): CodebookTag[] {
  return resolveCodebook((engine.config.codebook ?? []).map((t) => ({ id: t.id, label: t.label, color: t.color, description: t.description })));
}

export async function runExport(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(EXPORT, args, io);
  if (typeof parsed === 'number') return parsed;
  const format = parsed.values.format as ExportFormat | undefined;
  if (!format) return usageError(EXPORT, io, `--format is required (${EXPORT_FORMATS.join(', ')})`);
  const out = parsed.values.out as string | undefined;
  if (format === 'qdpx' && !out) return usageError(EXPORT, io, '--out is required for qdpx (a ZIP archive)');
  const selection = selectionOf(parsed.values.ids as string | undefined, parsed.values.tag as string | undefined);
  if (typeof selection === 'string') return usageError(EXPORT, io, selection);
  const engines = await loadEngines(io);
  if (typeof engines === 'number') return engines;

  // Folders give the documents that have a sidecar; a document named explicitly is always included.
  const explicit = new Set<string>();
  for (const input of parsed.positionals) {
    const stat = await fsp.stat(path.resolve(io.cwd, input)).catch(() => undefined);
    if (stat?.isFile()) explicit.add(path.resolve(io.cwd, input));
  }
  const { files, errors } = await expandInputs(parsed.positionals, io.cwd, ANALYZE_EXTENSIONS);
  for (const e of errors) io.stderr(`policy-lens export: ${e}\n`);
  if (errors.length > 0) return EXIT_USAGE;
  const store = new SidecarStore(nodeFileSystem);
  const absolute = files.map((f) => path.resolve(io.cwd, f));
  const root = commonRoot(io.cwd, absolute);
  const documents: ExportDocument[] = [];
  let engine: Engine | undefined;
  for (const file of absolute) {
    const loaded = await store.load(file);
    if (loaded.state === 'missing' && !explicit.has(file)) continue;
    if (loaded.state === 'invalid') {
      io.stderr(`policy-lens export: ${toPosix(path.relative(io.cwd, loaded.path))} cannot be read (${loaded.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}); nothing written\n`);
      return EXIT_USAGE;
    }
    const docEngine = await engines.nearest(path.dirname(file));
    if (!docEngine) return EXIT_USAGE;
    engine ??= docEngine;
    let text: string;
    try { text = await readText('/', file); } catch (err) {
      io.stderr(`policy-lens export: ${toPosix(path.relative(io.cwd, file))}: cannot read (${describeError(err)}); nothing written\n`);
      return EXIT_USAGE;
    }
    const doc: ExportDocument = { path: toPosix(path.relative(root, file)), text, sidecar: loaded.sidecar };
    if (format === 'brief' || format === 'csv') {
      const analysis = docEngine.analyze(text);
      doc.pages = analysis.pages;
      if (parsed.values.findings) doc.findings = documentFindings(analysis, docEngine.entries);
    }
    documents.push(doc);
  }
  engine ??= await engines.nearest(io.cwd);
  if (!engine) return EXIT_USAGE;
  const selected = selectAnnotations(documents, selection);
  if (selected.length === 0 && format !== 'qdc') io.stderr(`policy-lens export: no ${selection.ids || selection.tags ? 'selected annotations' : 'annotated documents'} found\n`);
  if (selection.ids) {
    const found = new Set(selected.flatMap((d) => d.sidecar.annotations.map((a) => a.id)));
    const missing = [...selection.ids].filter((id) => !found.has(id));
    if (missing.length > 0) io.stderr(`policy-lens export: no annotation with id ${missing.join(', ')}${selection.tags ? ' and one of the tags given' : ''} in these documents\n`);
  }
  const name = (parsed.values.title as string | undefined) ?? path.basename(root);
  const result = exportAs(format, { name, documents: selected, codebook: codebookOf(engine) }, { findings: !!parsed.values.findings }, zipCodec);
  for (const w of result.warnings) io.stderr(`policy-lens export: ${w}\n`);
  if (!out) {
    io.stdout(new TextDecoder().decode(result.bytes));
    return EXIT_OK;
  }
  const target = path.resolve(io.cwd, out);
  try {
    await writeAtomically(target, result.bytes);
  } catch (err) {
    io.stderr(`policy-lens export: ${out}: cannot write (${describeError(err)})\n`);
    return EXIT_USAGE;
  }
  const count = documents.reduce((n, d) => n + d.sidecar.annotations.length, 0);
  io.stderr(`policy-lens export: wrote ${toPosix(out)} (${format}, ${documents.length} document${documents.length === 1 ? '' : 's'}, ${count} annotation${count === 1 ? '' : 's'})\n`);
  return EXIT_OK;
}

export async function runImport(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(IMPORT, args, io);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) return usageError(IMPORT, io, 'give exactly one file to import');
  const into = parsed.values.into as string | undefined;
  if (!into) return usageError(IMPORT, io, '--into FOLDER is required');
  const folder = path.resolve(io.cwd, into);
  if (!(await fsp.stat(folder).catch(() => undefined))?.isDirectory()) return usageError(IMPORT, io, `no such folder: ${into}`);
  const fileShown = toPosix(parsed.positionals[0]);
  let bytes: Uint8Array;
  try { bytes = new Uint8Array(await fsp.readFile(path.resolve(io.cwd, parsed.positionals[0]))); } catch (err) {
    io.stderr(`policy-lens import: ${fileShown}: cannot read (${describeError(err)})\n`);
    return EXIT_USAGE;
  }
  const engines = await loadEngines(io);
  if (typeof engines === 'number') return engines;
  const engine = await engines.nearest(folder);
  if (!engine) return EXIT_USAGE;
  const codebook = codebookOf(engine);

  let plan;
  const store = new SidecarStore(nodeFileSystem, { workspaceRoot: folder });
  try {
    const bundle = readImport(fileShown, bytes, zipCodec);
    const errors: string[] = [];
    const docs = await walkFolder(folder, '.', (n) => ANALYZE_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e)) && !n.endsWith('.annotations.yaml'), errors);
    const targets: TargetDocument[] = [];
    const invalid = new Map<string, string>();
    for (const rel of docs) {
      const abs = path.join(folder, rel);
      const loaded = await store.load(abs);
      if (loaded.state === 'invalid') invalid.set(rel, loaded.problems.map((p) => `line ${p.line}: ${p.message}`).join('; '));
      const sidecar = loaded.state === 'invalid' ? { version: 1 as const, document: path.basename(rel), annotations: [] } : loaded.sidecar;
      targets.push({ path: rel, text: await readText('/', abs), sidecar });
    }
    plan = planImport(bundle, targets, codebook);
    const blocked = plan.documents.filter((d) => invalid.has(d.path));
    if (blocked.length > 0) throw new InterchangeError(fileShown, `the sidecar of ${blocked[0].path} cannot be read (${invalid.get(blocked[0].path)}); fix it first`);
  } catch (err) {
    if (err instanceof InterchangeError) {
      io.stderr(`policy-lens import: ${err.message}\nNothing was written.\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  for (const line of describePlan(plan)) io.stdout(line + '\n');
  if (parsed.values['dry-run']) {
    io.stdout('dry run: nothing written\n');
    return EXIT_OK;
  }
  let written = 0;
  for (const d of plan.documents) {
    if (d.added.length + d.changed.length + d.orphaned.length === 0) continue;
    await store.save(path.join(folder, d.path), (current) => applyPlannedDocument(current, d));
    written++;
  }
  if (plan.newTags.length > 0) await addTags(io, folder, plan.newTags, codebook);
  io.stdout(`imported into ${written} sidecar${written === 1 ? '' : 's'}\n`);
  return EXIT_OK;
}

/** New tags go to the folder's `.policy-lens.yaml` codebook (created when absent); a tag that cannot be added is reported. */
async function addTags(io: CliIo, folder: string, tags: { id: string; label: string; color?: string }[], codebook: CodebookTag[]): Promise<void> {
  const file = path.join(folder, CONFIG_FILE);
  const before = (await fileExists(file)) ? await fsp.readFile(file, 'utf8') : '';
  const result = addImportedTags(before, tags, codebook);
  for (const f of result.failed) io.stderr(`policy-lens import: tag '${f.id}' not added to ${CONFIG_FILE}: ${f.error}\n`);
  if (result.text !== before) {
    await writeAtomically(file, new TextEncoder().encode(result.text));
    io.stdout(`added to the codebook in ${CONFIG_FILE}: ${result.added.join(', ')}\n`);
  }
}

/** `--ids a,b` and `--tag x,y` as a selection, or what is wrong with them. */
function selectionOf(ids: string | undefined, tags: string | undefined): AnnotationSelection | string {
  const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
  const selection: AnnotationSelection = {};
  if (ids !== undefined) {
    if (list(ids).length === 0) return '--ids needs annotation ids, comma-separated';
    selection.ids = new Set(list(ids));
  }
  if (tags !== undefined) {
    if (list(tags).length === 0) return '--tag needs tag ids, comma-separated';
    selection.tags = new Set(list(tags));
  }
  return selection;
}

async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const temp = `${target}.${process.pid}-${Date.now()}.tmp`;
  try {
    await fsp.writeFile(temp, bytes);
    await fsp.rename(temp, target);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
}

/** The working folder when every file is inside it, else the files' common folder. */
function commonRoot(cwd: string, files: string[]): string {
  if (files.every((f) => !path.relative(cwd, f).startsWith('..'))) return cwd;
  let root = path.dirname(files[0]);
  for (const f of files) while (path.relative(root, f).startsWith('..')) root = path.dirname(root);
  return root;
}
