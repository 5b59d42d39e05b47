/**
 * `policy-lens report <files or folders...> [--format md|csv|html|json] [--terms] [--by date|name] [--out FILE] [--cache DIR]`:
 * the comparison matrix of parties (and terms) across documents.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { CONFIG_FILE } from '../constants';
import { matrixCsv, matrixHtml, matrixMarkdown } from '../core/compare/format';
import { buildMatrix, CompareInput, matrixJson, Matrix } from '../core/compare/matrix';
import { parseLexicon } from '../core/engine';
import { ANALYZE_EXTENSIONS, Engines, findBuiltinLexicon } from './analyze';
import { CommandSpec, parseCommand, VERSION } from './args';
import { CliIo, EXIT_OK, EXIT_USAGE } from './io';
import { describeError, expandInputs, readText, toPosix } from './node-files';
import { fingerprintOf, SummaryCache } from './report-cache';
import { analyseInWorkers, analyseOne, EngineSource, workerCount } from './report-workers';

export const REPORT: CommandSpec = {
  name: 'report',
  operands: '<files or folders...>',
  summary: `The comparison matrix: parties (and terms) down, documents across, mentions and mentions per 10,000 words in each cell; zero is marked as never mentioned.\nOne lexicon for every column: the built-in one and the ${CONFIG_FILE} nearest the first input (its expectedParties and expectedTerms are marked, expected terms always shown).\nPrints to standard output; writes a file only with --out. Exit code 0 when it ran, 2 on bad usage or unreadable input (the column is marked "not analysed").`,
  options: {
    format: { type: 'string', short: 'f', value: 'md|csv|html|json', choices: ['md', 'csv', 'html', 'json'], description: 'Markdown table (default), CSV, a self-contained HTML heat map, or JSON.' },
    terms: { type: 'boolean', description: 'Rows for every term as well as every party.' },
    by: { type: 'string', value: 'date|name', choices: ['date', 'name'], description: 'Column order: by name (default) or by date (front matter date:, else a date or year in the file name; undated last).' },
    out: { type: 'string', short: 'o', value: 'file', description: 'Write the report to this file instead of standard output.' },
    cache: { type: 'string', value: 'dir', description: 'Keep each document\'s analysis in this folder, keyed by its content: a second run analyses only what changed.' },
  },
};

type Format = 'md' | 'csv' | 'html' | 'json';

export async function runReport(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(REPORT, args, io);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const format = (typeof v.format === 'string' ? v.format : 'md') as Format;
  const by = v.by === 'date' ? 'date' : 'name';
  let exit = EXIT_OK;

  const lexiconPath = await findBuiltinLexicon();
  if (!lexiconPath) {
    io.stderr('policy-lens report: cannot find the builtin lexicon (lexicon/nhs-england.yaml next to the program)\n');
    return EXIT_USAGE;
  }
  const lexiconText = await readText('/', lexiconPath);
  const lexicon = parseLexicon(lexiconText);
  const engines = new Engines(io, lexicon.entries, 'report');
  const first = path.resolve(io.cwd, parsed.positionals[0]);
  const firstFolder = await isFolder(first) ? first : path.dirname(first);
  const configPath = await engines.configPath(firstFolder);
  const engine = await engines.load(configPath);
  if (!engine) return EXIT_USAGE;

  const { files, errors } = await expandInputs(parsed.positionals, io.cwd, ANALYZE_EXTENSIONS);
  for (const e of errors) io.stderr(`policy-lens report: ${e}\n`);
  if (errors.length) exit = EXIT_USAGE;
  if (files.length === 0 && errors.length === 0) io.stderr('policy-lens report: no .md, .markdown or .txt files found\n');

  const configText = configPath ? await readText('/', configPath).catch(() => null) : null;
  const source: EngineSource = { lexiconText, configText, fingerprint: fingerprintOf(VERSION, lexiconText, configText ?? '') };
  let cache: SummaryCache | undefined;
  if (typeof v.cache === 'string') {
    source.cacheDir = path.resolve(io.cwd, v.cache);
    cache = new SummaryCache(source.cacheDir, source.fingerprint);
  }

  // Files the cache knows unchanged (same size and time) are not read; the rest are analysed,
  // on worker threads when there are many.
  const inputs: (CompareInput | undefined)[] = new Array(files.length);
  const misses: { k: number; abs: string; stat?: { size: number; mtimeMs: number } }[] = [];
  for (let k = 0; k < files.length; k++) {
    const abs = path.resolve(io.cwd, files[k]);
    const shown = toPosix(files[k]);
    let stat: { size: number; mtimeMs: number } | undefined;
    if (cache) {
      stat = await fs.stat(abs).catch(() => undefined);
      const known = stat && (await cache.lookup(abs, stat));
      if (known) {
        inputs[k] = known.date ? { path: shown, date: known.date, summary: known.summary } : { path: shown, summary: known.summary };
        continue;
      }
    }
    misses.push({ k, abs, stat });
  }
  const jobs = misses.map((m) => ({ cwd: io.cwd, file: files[m.k], shown: toPosix(files[m.k]) }));
  const workers = workerCount(jobs.length);
  const results = workers > 0
    ? await analyseInWorkers(source, jobs, workers, () => engine)
    : await sequentially(jobs, (j) => analyseOne(engine, source, j.cwd, j.file, j.shown));
  for (let m = 0; m < misses.length; m++) {
    const { k, abs, stat } = misses[m];
    const r = results[m];
    const shown = toPosix(files[k]);
    if (cache && r.key && r.summary) {
      await cache.set(r.key, r.summary);
      if (stat) await cache.remember(abs, stat, r.key, r.date ?? null);
    }
    const date = r.date;
    inputs[k] = r.error ? { path: shown, error: r.error } : date ? { path: shown, date, summary: r.summary } : { path: shown, summary: r.summary };
  }
  await cache?.flush();
  for (const input of inputs as CompareInput[]) {
    if (input.error) {
      io.stderr(`policy-lens report: ${input.path}: not analysed (${input.error})\n`);
      exit = EXIT_USAGE;
    }
  }
  const config = engine.config;
  const expected = new Set([...config.expectedParties, ...(config.expectedTerms ?? [])]);
  const matrix = buildMatrix(engine.entries.values(), inputs as CompareInput[], { terms: v.terms === true, expected, by });
  const text = render(matrix, format);
  if (typeof v.out === 'string') {
    try {
      await fs.writeFile(path.resolve(io.cwd, v.out), text);
    } catch (err) {
      io.stderr(`policy-lens report: ${toPosix(v.out)}: cannot write (${describeError(err)})\n`);
      return EXIT_USAGE;
    }
    io.stderr(`policy-lens report: wrote ${toPosix(v.out)} (${matrix.documents.length} documents, ${matrix.rows.length} rows)\n`);
  } else io.stdout(text);
  return exit;
}

export function render(matrix: Matrix, format: Format): string {
  switch (format) {
    case 'csv': return matrixCsv(matrix);
    case 'html': return matrixHtml(matrix);
    case 'json': return JSON.stringify(matrixJson(matrix), null, 2) + '\n';
    default: return matrixMarkdown(matrix);
  }
}

async function sequentially<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
