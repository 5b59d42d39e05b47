/** `policy-lens analyze <files or folders...> [--format text|json] [--config FILE]`: findings per document, with the nearest configuration. */
import * as path from 'path';
import { CONFIG_FILE } from '../constants';
import { createEngine, defaultConfig, Engine, LineIndex, parseConfig, parseLexicon, PolicyConfig } from '../core/engine';
import { isParty, isTerm } from '../core/lexicon/entry';
import { FileProblem, LexiconEntry } from '../core/types';
import { CommandSpec, parseCommand } from './args';
import { CliIo, EXIT_OK, EXIT_USAGE } from './io';
import { describeError, expandInputs, fileExists, readText, toPosix } from './node-files';

export const ANALYZE_EXTENSIONS = ['.md', '.markdown', '.txt'];

export const ANALYZE: CommandSpec = {
  name: 'analyze',
  operands: '<files or folders...>',
  summary: `Analyses .md, .markdown and .txt files (folders recursively) with the built-in lexicon and the nearest ${CONFIG_FILE} above each file.\nExit code 0 when it ran, 2 on bad usage or unreadable input.`,
  options: {
    format: { type: 'string', short: 'f', value: 'text|json', choices: ['text', 'json'], description: 'Compiler-style lines (default) or one JSON object.' },
    config: { type: 'string', short: 'c', value: 'file', description: `Use this configuration for every file instead of the nearest ${CONFIG_FILE}.` },
  },
};

export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  party?: string;
  start: number;
  end: number;
  line: number;
  column: number;
  text: string;
  /** The printed page, where the document carries page numbers. */
  page?: number;
}

/** A money statement: every sentence that makes one, backed ones included. */
export interface JsonFundingStatement {
  class: 'unfunded' | 'existing' | 'backed';
  start: number;
  end: number;
  line: number;
  page?: number;
  cue: string;
  /** The sentence as a reader reads it (escapes read, PDF line breaks joined). */
  text: string;
}

export interface JsonDocument {
  path: string;
  parties: { id: string; label: string; mentions: number }[];
  terms: { id: string; label: string; mentions: number }[];
  findings: JsonFinding[];
  fundingStatements: JsonFundingStatement[];
}

/** The builtin lexicon next to the bundle (dist/cli.js) or the tsc output (out/src/cli/analyze.js). */
export async function findBuiltinLexicon(): Promise<string | null> {
  const candidates = [
    path.join(__dirname, '..', 'lexicon', 'nhs-england.yaml'),
    path.join(__dirname, '..', '..', 'lexicon', 'nhs-england.yaml'),
    path.join(__dirname, '..', '..', '..', 'lexicon', 'nhs-england.yaml'),
  ];
  for (const c of candidates) if (await fileExists(c)) return c;
  return null;
}

function printProblems(io: CliIo, file: string, problems: FileProblem[]): boolean {
  let errors = false;
  for (const p of problems) {
    const sev = p.severity ?? 'error';
    if (sev === 'error') errors = true;
    io.stderr(`${file}:${p.line}:${p.column}: ${sev}: ${p.message}\n`);
  }
  return errors;
}

export async function runAnalyze(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(ANALYZE, args, io);
  if (typeof parsed === 'number') return parsed;
  const format = parsed.values.format === 'json' ? 'json' : 'text';
  let exit = EXIT_OK;

  const lexiconPath = await findBuiltinLexicon();
  if (!lexiconPath) {
    io.stderr('policy-lens analyze: cannot find the builtin lexicon (lexicon/nhs-england.yaml next to the program)\n');
    return EXIT_USAGE;
  }
  const lexicon = parseLexicon(await readText('/', lexiconPath));
  if (printProblems(io, lexiconPath, lexicon.problems)) exit = EXIT_USAGE;

  const engines = new Engines(io, lexicon.entries);
  const explicit = typeof parsed.values.config === 'string' ? path.resolve(io.cwd, parsed.values.config) : undefined;
  if (explicit && !(await engines.load(explicit, parsed.values.config as string))) return EXIT_USAGE;

  const { files, errors } = await expandInputs(parsed.positionals, io.cwd, ANALYZE_EXTENSIONS);
  for (const e of errors) io.stderr(`policy-lens analyze: ${e}\n`);
  if (errors.length) exit = EXIT_USAGE;
  if (files.length === 0 && errors.length === 0) io.stderr('policy-lens analyze: no .md, .markdown or .txt files found\n');

  const documents: JsonDocument[] = [];
  for (const file of files) {
    const engine = explicit ? await engines.load(explicit) : await engines.nearest(path.dirname(path.resolve(io.cwd, file)));
    if (!engine) {
      exit = EXIT_USAGE;
      continue;
    }
    let text: string;
    try {
      text = await readText(io.cwd, file);
    } catch (err) {
      io.stderr(`policy-lens analyze: ${file}: cannot read (${describeError(err)})\n`);
      exit = EXIT_USAGE;
      continue;
    }
    const doc = analyzeDocument(engine, file, text);
    documents.push(doc);
    if (format === 'text') io.stdout(formatText(doc));
  }
  if (format === 'json') io.stdout(JSON.stringify({ version: 1, documents }, null, 2) + '\n');
  return exit;
}

/** One engine per configuration file (null: none found, the defaults), each read and reported once. */
export class Engines {
  private readonly byConfig = new Map<string | null, Engine | undefined>();
  private readonly configOfFolder = new Map<string, string | null>();

  constructor(private readonly io: CliIo, private readonly entries: LexiconEntry[], private readonly command = 'analyze') {}

  /** The nearest CONFIG_FILE in `folder` or above it (null: none, the defaults). */
  async configPath(folder: string): Promise<string | null> {
    return this.configFor(folder);
  }

  /** The engine for the nearest CONFIG_FILE in `folder` or above it. */
  async nearest(folder: string): Promise<Engine | undefined> {
    return this.load(await this.configFor(folder));
  }

  /** The engine for `config` (null: defaults); undefined, after a message, when it cannot be read. */
  async load(config: string | null, shown?: string): Promise<Engine | undefined> {
    if (this.byConfig.has(config)) return this.byConfig.get(config);
    let settings: PolicyConfig = defaultConfig();
    const name = shown !== undefined ? toPosix(shown) : config && this.display(config);
    if (config) {
      try {
        const result = parseConfig(await readText(this.io.cwd, config));
        settings = result.config;
        printProblems(this.io, name ?? config, result.problems);
      } catch (err) {
        this.io.stderr(`policy-lens ${this.command}: ${name}: cannot read configuration (${describeError(err)})\n`);
        this.byConfig.set(config, undefined);
        return undefined;
      }
    }
    const engine = createEngine(this.entries, settings);
    for (const id of settings.expectedParties) {
      if (!engine.entries.has(id)) this.io.stderr(`policy-lens ${this.command}: ${name ? `${name}: ` : ''}expectedParties: unknown party id '${id}'\n`);
    }
    this.byConfig.set(config, engine);
    return engine;
  }

  private async configFor(folder: string): Promise<string | null> {
    const known = this.configOfFolder.get(folder);
    if (known !== undefined) return known;
    const candidate = path.join(folder, CONFIG_FILE);
    const parent = path.dirname(folder);
    const found = (await fileExists(candidate)) ? candidate : parent === folder ? null : await this.configFor(parent);
    this.configOfFolder.set(folder, found);
    return found;
  }

  /** Relative to the working folder when inside it, as the other paths are printed. */
  private display(file: string): string {
    const relative = path.relative(this.io.cwd, file);
    return toPosix(relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file);
  }
}

export function analyzeDocument(engine: Engine, file: string, text: string): JsonDocument {
  const analysis = engine.analyze(text);
  const lines = new LineIndex(text);
  const entries: LexiconEntry[] = [...engine.entries.values()];
  const row = (e: LexiconEntry): { id: string; label: string; mentions: number } => ({ id: e.id, label: e.label, mentions: analysis.counts[e.id] ?? 0 });
  return {
    path: toPosix(file),
    parties: entries.filter(isParty).map(row),
    terms: entries.filter(isTerm).map(row),
    findings: analysis.findings.map((f) => {
      const pos = lines.positionAt(f.start);
      const out: JsonFinding = { rule: f.rule, severity: f.severity, message: f.message, start: f.start, end: f.end, line: pos.line + 1, column: pos.character + 1, text: text.slice(f.start, f.end) };
      if (f.party) {
        // Keep the documented key order: party right after message.
        return { rule: out.rule, severity: out.severity, message: out.message, party: f.party, start: out.start, end: out.end, line: out.line, column: out.column, text: out.text };
      }
      if (f.page !== undefined) out.page = f.page;
      return out;
    }),
    fundingStatements: analysis.fundingStatements.map((st) => {
      const out: JsonFundingStatement = { class: st.class, start: st.start, end: st.end, line: lines.positionAt(st.start).line + 1, cue: st.cue, text: st.text };
      if (st.page !== undefined) out.page = st.page;
      return out;
    }),
  };
}

export function formatText(doc: JsonDocument): string {
  let out = '';
  for (const f of doc.findings) out += `${doc.path}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}\n`;
  const named = doc.parties.filter((p) => p.mentions > 0).map((p) => `${p.label} ${p.mentions}×`);
  out += `${doc.path}: ${doc.findings.length} finding${doc.findings.length === 1 ? '' : 's'}; parties named: ${named.length ? named.join(', ') : 'none'}\n`;
  return out;
}
