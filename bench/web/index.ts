/**
 * The same editor figures in both extension hosts (`npm run bench`, after the Node host bench):
 * bundled for the browser by esbuild.mjs (out/web-tests/bench.js), so one build runs in the web
 * worker host (the `browser` bundle, as on vscode.dev and github.dev) and in the Node host.
 * Measures activation and edit -> decorations+diagnostics on `bench-1mb.md`, which
 * scripts/bench.mjs writes into the workspace. Prints one `BENCH_HOSTS {json}` line; asserts nothing.
 */
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../src/extension';

const DOCUMENT = 'bench-1mb.md';
const WARMUP = 3;
const EDITS = 30;
const WORDS = ['integrator ', 'ICB ', 'place ', 'funding ', 'the ', 'VCSE ', 'local authority '];

const now = (): number => performance.now();
const round = (x: number): number => Math.round(x * 10) / 10;

function stats(values: number[]): { n: number; p50: number; p95: number } {
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { n: s.length, p50: round(rank(50)), p95: round(rank(95)) };
}

function timeout<T>(p: Promise<T>, what: string, ms = 60_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p.finally(() => clearTimeout(timer)), new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms); })]);
}

/** Resolves once the renderer has handled every message sent before (decorations, diagnostics). */
let pings = 0;
const roundTrip = () => vscode.commands.executeCommand('setContext', 'policyLens.benchPing', ++pings);

async function update(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

/** One edit: until Policy Lens analysed the new version and the renderer has its decorations and diagnostics. */
async function edit(api: PolicyLensApi, editor: vscode.TextEditor, i: number): Promise<{ rendered: number; diagnostics: number }> {
  const doc = editor.document;
  const key = doc.uri.toString();
  const target = doc.version + 1;
  const subs: vscode.Disposable[] = [];
  const analysed = new Promise<void>((resolve) => subs.push(api.analyses.onDidAnalyze((e) => {
    if (e.document.uri.toString() === key && e.analysis && e.document.version >= target) resolve();
  })));
  const diagnosed = new Promise<number>((resolve) => subs.push(vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === key)) resolve(now());
  })));
  let line = Math.floor(doc.lineCount * (0.3 + (0.4 * (i % 50)) / 50));
  while (line < doc.lineCount - 1 && doc.lineAt(line).isEmptyOrWhitespace) line++;
  const t0 = now();
  try {
    await editor.edit((b) => b.insert(new vscode.Position(line, 0), WORDS[i % WORDS.length]));
    await timeout(analysed, 'the analysis');
    await roundTrip();
    const rendered = now() - t0;
    return { rendered, diagnostics: (await timeout(diagnosed, 'the diagnostics')) - t0 };
  } finally {
    for (const s of subs) s.dispose();
  }
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<PolicyLensApi>('policy-lens.policy-lens');
  if (!ext) throw new Error('Policy Lens is not loaded in this extension host');
  const wasActive = ext.isActive;
  const t0 = now();
  const api = await ext.activate();
  const activateWallMs = now() - t0;
  await api.engines.ready;
  const readyMs = now() - t0;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The benchmark needs a workspace folder');

  await update('files', 'autoSave', 'off');
  await update('policyLens', 'debounceMs', 0);
  await update('policyLens', 'liveAnalysisMaxSizeKB', 8192);
  const uri = vscode.Uri.joinPath(folder.uri, DOCUMENT);
  const key = uri.toString();
  const first = new Promise<void>((resolve) => { const sub = api.analyses.onDidAnalyze((e) => { if (e.document.uri.toString() === key && e.analysis) { sub.dispose(); resolve(); } }); });
  const opened = now();
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  await timeout(first, 'the first analysis');
  const openToAnalysedMs = now() - opened;

  for (let i = 0; i < WARMUP; i++) await edit(api, editor, 1000 + i);
  const samples = [];
  for (let i = 0; i < EDITS; i++) samples.push(await edit(api, editor, i));
  const result = {
    host: api.host,
    scheme: folder.uri.scheme,
    activation: { activationMs: round(api.activationMs), activateWallMs: wasActive ? null : round(activateWallMs), enginesReadyMs: round(readyMs) },
    chars: editor.document.getText().length,
    openToAnalysedMs: round(openToAnalysedMs),
    editToRendered: stats(samples.map((s) => s.rendered)),
    editToDiagnosticsEvent: stats(samples.map((s) => s.diagnostics)),
  };
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  console.log(`BENCH_HOSTS ${JSON.stringify(result)}`);
}
