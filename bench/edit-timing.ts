/**
 * The edit timing both editor benchmarks use (bench/host in the Node extension host, bench/web in
 * both hosts): insert a word, then wait until Policy Lens analysed the new version, the renderer
 * has its decorations and diagnostics, and note when each stage was seen. No Node modules here:
 * bench/web is bundled for the web worker host.
 */
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../src/extension';

export const STEP_TIMEOUT_MS = 60_000;
const WORDS = ['integrator ', 'ICB ', 'place ', 'funding ', 'the ', 'VCSE ', 'local authority '];

const now = (): number => performance.now();
const fileName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);

export interface Stats { n: number; p50: number; p95: number; mean: number; min: number; max: number }

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(rank(50)), p95: r(rank(95)), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)), min: r(s[0] ?? NaN), max: r(s[s.length - 1] ?? NaN) };
}

export function withTimeout<T>(p: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms); }),
  ]);
}

/**
 * A main-thread round trip: resolves once the renderer has handled every message sent before it
 * (setDecorations, DiagnosticCollection.set). `setContext` is a workbench command, so it cannot
 * be answered inside the extension host (unlike getLanguages(), which is cached here).
 */
let pings = 0;
export function roundTrip(): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', 'policyLens.benchPing', ++pings);
}

/** One measured change: times (ms from the edit request) at which each stage was seen. */
export interface EditSample {
  /** editor.edit() resolved (the renderer applied the edit). */
  applied: number;
  /** onDidChangeTextDocument reached the extension host (what a keystroke does). */
  changed: number;
  /** Policy Lens's onDidAnalyze fired for the new version: decorations and diagnostics handed to VS Code. */
  analyzed: number;
  /**
   * Policy Lens published the diagnostics of the new version (diagnostics.onDidPublish): sent to
   * the renderer, or found unchanged and not sent (typing on a line with no finding).
   */
  diagnostics: number;
  /** Whether the diagnostics were sent to the renderer (false: the Problems panel already showed them). */
  diagnosticsSent: boolean;
  /** How many diagnostics were sent (only the bands of lines that changed are). */
  diagnosticsCount: number;
  /**
   * The renderer (main thread) has received the new decorations and diagnostics: a main-thread
   * round trip after setDecorations and DiagnosticCollection.set, which send their messages at once.
   */
  decorations: number;
}

/**
 * Runs `act` (an edit or a save) and waits until the document's analysis, diagnostics and
 * decorations have been updated for a version at least `minVersion`.
 */
export async function measure(api: PolicyLensApi, doc: vscode.TextDocument, minVersion: () => number, act: () => Thenable<unknown>): Promise<EditSample> {
  const key = doc.uri.toString();
  const before = api.highlights.snapshot(doc.uri);
  const subs: vscode.Disposable[] = [];
  let changed = NaN;
  let applied = NaN;
  const t0 = now();
  subs.push(vscode.workspace.onDidChangeTextDocument((e) => {
    if (Number.isNaN(changed) && e.document.uri.toString() === key && e.contentChanges.length > 0) changed = now() - t0;
  }));
  const analyzed = new Promise<number>((resolve) => {
    subs.push(api.analyses.onDidAnalyze((e) => {
      if (e.document.uri.toString() === key && e.analysis && e.document.version >= minVersion()) resolve(now() - t0);
    }));
  });
  let diagnosticsSent = false;
  let diagnosticsCount = 0;
  const diagnostics = new Promise<number>((resolve) => {
    subs.push(api.diagnostics.onDidPublish((e) => {
      if (e.uri.toString() === key && e.version >= minVersion()) { diagnosticsSent = e.sent; diagnosticsCount = e.diagnostics; resolve(now() - t0); }
    }));
  });
  try {
    await act();
    applied = now() - t0;
    const analyzedAt = await withTimeout(analyzed, `analysis of ${fileName(doc.uri)}`);
    await roundTrip();
    const decorations = now() - t0;
    if (api.highlights.snapshot(doc.uri) === before) throw new Error('highlights were not repainted after the analysis');
    const diagnosticsAt = await withTimeout(diagnostics, `diagnostics of ${fileName(doc.uri)}`);
    return { applied, changed, analyzed: analyzedAt, diagnostics: diagnosticsAt, diagnosticsSent, diagnosticsCount, decorations };
  } finally {
    for (const s of subs) s.dispose();
  }
}

/** Inserts a word at the start of a non-empty line between 30% and 70% of the document. */
export function insertWord(editor: vscode.TextEditor, i: number): () => Thenable<boolean> {
  const doc = editor.document;
  let line = Math.floor(doc.lineCount * (0.3 + (0.4 * (i % 50)) / 50));
  while (line < doc.lineCount - 1 && doc.lineAt(line).isEmptyOrWhitespace) line++;
  const word = WORDS[i % WORDS.length];
  return () => editor.edit((b) => b.insert(new vscode.Position(line, 0), word));
}

export async function editSeries(api: PolicyLensApi, editor: vscode.TextEditor, count: number, offset: number): Promise<EditSample[]> {
  const samples: EditSample[] = [];
  for (let i = 0; i < count; i++) {
    const doc = editor.document;
    const target = doc.version + 1;
    samples.push(await measure(api, doc, () => target, insertWord(editor, offset + i)));
  }
  return samples;
}
