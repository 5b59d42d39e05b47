/**
 * The same editor figures in both extension hosts (`npm run bench`, after the Node host bench):
 * bundled for the browser by esbuild.mjs (out/web-tests/bench.js), so one build runs in the web
 * worker host (the `browser` bundle, as on vscode.dev and github.dev) and in the Node host.
 * Measures activation and edit -> decorations+diagnostics on `bench-1mb.md`, which
 * scripts/bench.mjs writes into the workspace. Prints one `BENCH_HOSTS {json}` line; asserts nothing.
 */
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../src/extension';
import { editSeries, Stats, stats, withTimeout } from '../edit-timing';

const DOCUMENT = 'bench-1mb.md';
const WARMUP = 3;
const EDITS = 30;
const now = (): number => performance.now();
const round = (x: number): number => Math.round(x * 10) / 10;
const p50p95 = ({ n, p50, p95 }: Stats) => ({ n, p50, p95 });

async function update(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
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
  await withTimeout(first, 'the first analysis');
  const openToAnalysedMs = now() - opened;

  await editSeries(api, editor, WARMUP, 1000);
  const samples = await editSeries(api, editor, EDITS, 0);
  const result = {
    host: api.host,
    scheme: folder.uri.scheme,
    activation: { activationMs: round(api.activationMs), activateWallMs: wasActive ? null : round(activateWallMs), enginesReadyMs: round(readyMs) },
    chars: editor.document.getText().length,
    openToAnalysedMs: round(openToAnalysedMs),
    editToRendered: p50p95(stats(samples.map((s) => s.decorations))),
    editToDiagnosticsPublished: p50p95(stats(samples.map((s) => s.diagnostics))),
    diagnosticsSent: samples.filter((s) => s.diagnosticsSent).length,
  };
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  console.log(`BENCH_HOSTS ${JSON.stringify(result)}`);
}
