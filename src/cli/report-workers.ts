/**
 * `policy-lens report`'s cold analysis spread over worker threads (Node-only). Each worker builds
 * the same engine from the lexicon and configuration texts, then reads, checks and summarises the
 * files it is sent. Anything that stops a worker from starting or answering falls back to
 * analysing in this thread: the results are the same, only slower.
 */
import { createHash } from 'crypto';
import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { documentDate } from '../core/compare/dating';
import { DocumentSummary } from '../core/compare/matrix';
import { binaryReason, summarize } from '../core/compare/summary';
import { createEngine, defaultConfig, Engine, parseConfig, parseLexicon } from '../core/engine';
import { describeError, readText } from './node-files';
import { SummaryCache } from './report-cache';

const ROLE = 'policy-lens-report-worker';

export interface EngineSource {
  lexiconText: string;
  configText: string | null;
  /** Names the engine in cache keys. */
  fingerprint: string;
  /** The --cache folder: a text already summarised there is not analysed again. */
  cacheDir?: string;
}

export interface FileResult {
  /** Cache key of the text (engine fingerprint + text), when it was read. */
  key?: string;
  summary?: DocumentSummary;
  date?: string;
  error?: string;
}

export function engineFrom(source: EngineSource): Engine {
  const config = source.configText === null ? defaultConfig() : parseConfig(source.configText).config;
  return createEngine(parseLexicon(source.lexiconText).entries, config);
}

export function textKey(fingerprint: string, text: string): string {
  return createHash('sha256').update(fingerprint).update('\0').update(text).digest('hex');
}

/** Reads, refuses binary text, summarises and dates one file (the date from front matter or file name). */
export async function analyseOne(engine: Engine, source: EngineSource, cwd: string, file: string, shown: string): Promise<FileResult> {
  let text: string;
  try {
    text = await readText(cwd, file);
  } catch (err) {
    return { error: `cannot read: ${describeError(err)}` };
  }
  const binary = binaryReason(text);
  if (binary) return { error: binary };
  const date = documentDate(shown, text)?.date;
  const key = textKey(source.fingerprint, text);
  const cached = source.cacheDir ? await new SummaryCache(source.cacheDir, source.fingerprint).get(key) : undefined;
  const out: FileResult = { key, summary: cached ?? summarize(engine, text) };
  if (date) out.date = date;
  return out;
}

interface Job { id: number; cwd: string; file: string; shown: string }

/** How many workers: one per core up to 4, none for a handful of files or one core; POLICY_LENS_REPORT_WORKERS overrides (0: none). */
export function workerCount(files: number): number {
  const forced = Number(process.env.POLICY_LENS_REPORT_WORKERS);
  if (process.env.POLICY_LENS_REPORT_WORKERS && Number.isInteger(forced) && forced >= 0) return files === 0 ? 0 : forced;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return files < 16 || cores < 2 ? 0 : Math.min(4, cores);
}

/**
 * Analyses `jobs` on `count` workers; results in job order. Jobs a worker could not take are
 * analysed here (with `fallback`).
 */
export async function analyseInWorkers(source: EngineSource, jobs: Omit<Job, 'id'>[], count: number, fallback: () => Engine): Promise<FileResult[]> {
  const results: (FileResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  const runWorker = (): Promise<void> => new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(__filename, { workerData: { role: ROLE, source }, argv: [], stdout: false, stderr: false });
    } catch {
      resolve();
      return;
    }
    let current: number | undefined;
    const send = () => {
      if (next >= jobs.length) { current = undefined; void worker.terminate(); return; }
      current = next++;
      worker.postMessage({ id: current, ...jobs[current] } satisfies Job);
    };
    worker.on('message', (m: { id: number; result: FileResult }) => { results[m.id] = m.result; send(); });
    worker.on('online', send);
    // A worker that fails leaves its job to the fallback below.
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
  });
  await Promise.all(Array.from({ length: count }, runWorker));
  let engine: Engine | undefined;
  for (let k = 0; k < jobs.length; k++) {
    if (!results[k]) results[k] = await analyseOne((engine ??= fallback()), source, jobs[k].cwd, jobs[k].file, jobs[k].shown);
  }
  return results as FileResult[];
}

// Inside a worker started by analyseInWorkers: build the engine, answer jobs until terminated.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE && parentPort) {
  const port = parentPort;
  const { source } = workerData as { source: EngineSource };
  const engine = engineFrom(source);
  port.on('message', (job: Job) => {
    void analyseOne(engine, source, job.cwd, job.file, job.shown).then(
      (result) => port.postMessage({ id: job.id, result }),
      (err: unknown) => port.postMessage({ id: job.id, result: { error: `cannot analyse: ${describeError(err)}` } }),
    );
  });
}
