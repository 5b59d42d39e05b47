/** `policy-lens analyze <files or folders...> [--format text|json] [--config FILE]` */
import * as path from 'path';
import { CONFIG_FILE } from '../constants';
import { createEngine, defaultConfig, Engine, LineIndex, parseConfig, parseLexicon, PolicyConfig } from '../core/engine';
import { isParty, isTerm } from '../core/lexicon/entry';
import { FileProblem, LexiconEntry } from '../core/types';
import { CliIo, EXIT_OK, EXIT_USAGE } from './io';
import { describeError, expandInputs, fileExists, readText, toPosix } from './node-files';

export const ANALYZE_EXTENSIONS = ['.md', '.markdown', '.txt'];
const ANALYZE_USAGE = 'Usage: policy-lens analyze <files or folders...> [--format text|json] [--config FILE]';

interface AnalyzeArgs {
  inputs: string[];
  format: 'text' | 'json';
  config?: string;
}

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

function parseArgs(args: string[]): AnalyzeArgs | string {
  const out: AnalyzeArgs = { inputs: [], format: 'text' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? args[++i];
    if (name === '--format' || name === '-f') {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json${v === undefined ? '' : `, not '${v}'`}`;
      out.format = v;
    } else if (name === '--config' || name === '-c') {
      const v = value();
      if (!v) return '--config needs a file';
      out.config = v;
    } else if (a === '--') {
      out.inputs.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option '${a}'`;
    } else {
      out.inputs.push(a);
    }
  }
  if (out.inputs.length === 0) return 'no files or folders given';
  return out;
}

/** The builtin lexicon next to the bundle (dist/cli.js) or the tsc output (out/src/cli/analyze.js). */
async function findBuiltinLexicon(): Promise<string | null> {
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
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`policy-lens analyze: ${parsed}\n${ANALYZE_USAGE}\n`);
    return EXIT_USAGE;
  }
  let exit = EXIT_OK;

  const lexiconPath = await findBuiltinLexicon();
  if (!lexiconPath) {
    io.stderr('policy-lens analyze: cannot find the builtin lexicon (lexicon/nhs-england.yaml next to the program)\n');
    return EXIT_USAGE;
  }
  const lexicon = parseLexicon(await readText('/', lexiconPath));
  if (printProblems(io, lexiconPath, lexicon.problems)) exit = EXIT_USAGE;

  let config: PolicyConfig = defaultConfig();
  const configPath = parsed.config ?? ((await fileExists(path.resolve(io.cwd, CONFIG_FILE))) ? CONFIG_FILE : undefined);
  if (configPath) {
    try {
      const result = parseConfig(await readText(io.cwd, configPath));
      config = result.config;
      printProblems(io, toPosix(configPath), result.problems);
    } catch (err) {
      io.stderr(`policy-lens analyze: ${toPosix(configPath)}: cannot read configuration (${describeError(err)})\n`);
      return EXIT_USAGE;
    }
  }

  const engine = createEngine(lexicon.entries, config);
  for (const id of config.expectedParties) {
    if (!engine.entries.has(id)) io.stderr(`policy-lens analyze: expectedParties: unknown party id '${id}'\n`);
  }

  const { files, errors } = await expandInputs(parsed.inputs, io.cwd, ANALYZE_EXTENSIONS);
  for (const e of errors) io.stderr(`policy-lens analyze: ${e}\n`);
  if (errors.length) exit = EXIT_USAGE;
  if (files.length === 0 && errors.length === 0) io.stderr('policy-lens analyze: no .md, .markdown or .txt files found\n');

  const documents: JsonDocument[] = [];
  for (const file of files) {
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
    if (parsed.format === 'text') io.stdout(formatText(doc));
  }
  if (parsed.format === 'json') io.stdout(JSON.stringify({ version: 1, documents }, null, 2) + '\n');
  return exit;
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
