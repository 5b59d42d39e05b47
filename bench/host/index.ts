/**
 * Editor benchmark, run inside a real VS Code extension host (extensionTestsPath), launched by
 * `scripts/bench.mjs` through scripts/run-server-tests.mjs. Measures what a person waits for:
 *
 * - activation: the API's `activationMs` and the wall time of `ext.activate()` from here;
 * - edit -> updated diagnostics and decorations on generated 1 MB and 5 MB policy-style Markdown,
 *   p50/p95 over 50 small edits, with `policyLens.debounceMs` 0 (the work itself), and with the
 *   default debounce for comparison; then the same text as a `.txt` file (VS Code's built-in
 *   Markdown language features re-parse a Markdown document in this host after every edit; plain
 *   text shows what Policy Lens itself costs); `POLICY_LENS_BENCH_PROFILE=1` writes a CPU profile
 *   of this host for each series;
 * - the 5 MB document at the default `policyLens.liveAnalysisMaxSizeKB` (analysed on save):
 *   save -> diagnostics;
 * - the cost of decorations: positionAt conversion, setDecorations, and the renderer's receipt.
 *
 * Prints lines prefixed `BENCH ` and writes test-output/bench-host.json. Asserts nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../src/extension';
import { generatePolicyDocument } from '../engine';
import { benchCompare } from './compare';
import { EditSample, editSeries, insertWord, measure, roundTrip, Stats, stats, withTimeout } from '../edit-timing';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUT_FILE = path.join(ROOT, 'test-output', 'bench-host.json');
const EDITS = Number(process.env.POLICY_LENS_BENCH_EDITS || 50);
const WARMUP_EDITS = 3;
const DEFAULT_DEBOUNCE_EDITS = Number(process.env.POLICY_LENS_BENCH_DEBOUNCE_EDITS || 10);
const SAVES = Number(process.env.POLICY_LENS_BENCH_SAVES || 5);
const DECORATION_RUNS = 10;
/** `POLICY_LENS_BENCH_SIZES_MB=none` skips the editing figures (e.g. to run the comparison alone). */
const SIZES_MB = (process.env.POLICY_LENS_BENCH_SIZES_MB || '1,5').split(',').filter((s) => s !== 'none').map(Number);

const log = (line = ''): void => console.log(`BENCH ${line}`);
const now = (): number => performance.now();

async function setSetting(key: string, value: unknown): Promise<void> {
  const config = () => vscode.workspace.getConfiguration('policyLens');
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`policyLens.${key}`)) { sub.dispose(); resolve(); }
    });
  });
  const before = config().get(key);
  await config().update(key, value, vscode.ConfigurationTarget.Global);
  if (before !== config().get(key)) return;
  await withTimeout(changed, `setting policyLens.${key}`, 10_000).catch(() => undefined);
}

/**
 * `POLICY_LENS_BENCH_PROFILE=1`: a CPU profile of this extension host (Policy Lens, VS Code's
 * extension host code, the garbage collector) while `work` runs, written to
 * test-output/bench-host-<name>.cpuprofile (open it in Chrome's or VS Code's profiler).
 */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!process.env.POLICY_LENS_BENCH_PROFILE) {
    const result = await work();
    // Every sample of the series, for a closer look (test-output/bench-host-<name>.samples.json).
    fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-output', `bench-host-${name}.samples.json`), JSON.stringify(result, null, 1));
    return result;
  }
  const { Session } = await import('inspector');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await post('Profiler.stop') as { profile: unknown };
    const file = path.join(ROOT, 'test-output', `bench-host-${name}.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    log(`  CPU profile of the extension host: ${path.relative(ROOT, file)}`);
    session.disconnect();
  }
}

type Timing = Exclude<keyof EditSample, 'diagnosticsSent' | 'diagnosticsCount'>;

function summarize(samples: EditSample[]): Record<Timing, Stats> & { changeToRendered: Stats; diagnosticsSent: number; diagnosticsPerSend: number; renderedWhenSent: Stats; renderedWhenNotSent: Stats } {
  const pick = (k: Timing) => stats(samples.map((s) => s[k]));
  const sends = samples.filter((s) => s.diagnosticsSent);
  return {
    diagnosticsSent: sends.length,
    diagnosticsPerSend: Math.round(sends.reduce((n, s) => n + s.diagnosticsCount, 0) / (sends.length || 1)),
    // What sending the document's diagnostics to the renderer costs: the same edits split by it.
    renderedWhenSent: stats(samples.filter((s) => s.diagnosticsSent).map((s) => s.decorations)),
    renderedWhenNotSent: stats(samples.filter((s) => !s.diagnosticsSent).map((s) => s.decorations)),
    applied: pick('applied'),
    changed: pick('changed'),
    analyzed: pick('analyzed'),
    diagnostics: pick('diagnostics'),
    decorations: pick('decorations'),
    // From the change reaching the extension host (as a keystroke does) to the renderer having both.
    changeToRendered: stats(samples.map((s) => s.decorations - (Number.isNaN(s.changed) ? 0 : s.changed))),
  };
}

interface DecorationCost { ranges: number; byCategory: Record<string, number>; toRangeMs: Stats; setDecorationsMs: Stats; rendererAckMs: Stats; roundTripBaselineMs: Stats }

/** Cost of painting the analysis's spans with fresh decoration types (replace N ranges with N). */
async function decorationCost(api: PolicyLensApi, editor: vscode.TextEditor): Promise<DecorationCost> {
  const doc = editor.document;
  const analysis = api.analyses.get(doc);
  if (!analysis) throw new Error('no analysis for the decoration benchmark');
  const entries = api.engines.engineFor(doc.uri).entries;
  const party = analysis.mentions.filter((m) => entries.get(m.entryId)?.kinds.includes('party'));
  const term = analysis.mentions.filter((m) => !entries.get(m.entryId)?.kinds.includes('party'));
  const spans = { party, term, funding: analysis.funding, money: analysis.money, pageRef: analysis.pageRefs };
  const types = Object.fromEntries(Object.keys(spans).map((k) => [k, vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor(`policyLens.${k === 'money' || k === 'pageRef' ? 'termBackground' : `${k}Background`}`),
    borderStyle: 'none none solid none', borderWidth: '0 0 1px 0',
  })])) as Record<keyof typeof spans, vscode.TextEditorDecorationType>;
  const toRange: number[] = [];
  const set: number[] = [];
  const ack: number[] = [];
  const baseline: number[] = [];
  try {
    for (let run = 0; run < DECORATION_RUNS; run++) {
      let t = now();
      await roundTrip();
      baseline.push(now() - t);
      t = now();
      const ranges = Object.fromEntries(Object.entries(spans).map(([k, list]) => [k, list.map((s) => new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end)))]));
      const t1 = now();
      for (const k of Object.keys(spans) as (keyof typeof spans)[]) editor.setDecorations(types[k], ranges[k]);
      const t2 = now();
      await roundTrip();
      const t3 = now();
      toRange.push(t1 - t);
      set.push(t2 - t1);
      ack.push(t3 - t1);
    }
  } finally {
    for (const t of Object.values(types)) t.dispose();
  }
  const byCategory = Object.fromEntries(Object.entries(spans).map(([k, v]) => [k, v.length]));
  return { ranges: Object.values(byCategory).reduce((a, b) => a + b, 0), byCategory, toRangeMs: stats(toRange), setDecorationsMs: stats(set), rendererAckMs: stats(ack), roundTripBaselineMs: stats(baseline) };
}

async function openAndWait(api: PolicyLensApi, uri: vscode.Uri): Promise<{ editor: vscode.TextEditor; openToAnalyzedMs: number; openToDiagnosticsMs: number }> {
  const key = uri.toString();
  const t0 = now();
  let analyzedAt = NaN;
  const subs: vscode.Disposable[] = [];
  const analyzed = new Promise<void>((resolve) => subs.push(api.analyses.onDidAnalyze((e) => {
    if (e.document.uri.toString() === key && e.analysis) { if (Number.isNaN(analyzedAt)) analyzedAt = now() - t0; resolve(); }
  })));
  const diagnosed = new Promise<number>((resolve) => subs.push(vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === key)) resolve(now() - t0);
  })));
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    // Already analysed before we subscribed? (Cannot happen for a fresh URI, but be safe.)
    await withTimeout(analyzed, `first analysis of ${path.basename(uri.fsPath)}`);
    const diagnosticsAt = await withTimeout(diagnosed, `first diagnostics of ${path.basename(uri.fsPath)}`);
    return { editor, openToAnalyzedMs: Math.round(analyzedAt), openToDiagnosticsMs: Math.round(diagnosticsAt) };
  } finally {
    for (const s of subs) s.dispose();
  }
}

function row(label: string, s: Stats): string {
  return `  ${label.padEnd(44)} p50 ${s.p50.toFixed(1).padStart(8)} ms   p95 ${s.p95.toFixed(1).padStart(8)} ms   max ${s.max.toFixed(1).padStart(8)} ms   (n=${s.n})`;
}

function printEdits(title: string, sum: ReturnType<typeof summarize>): void {
  log(title);
  log(row('edit -> decorations+diagnostics in renderer', sum.decorations));
  log(row('edit -> diagnostics published', sum.diagnostics) + `   sent on ${sum.diagnosticsSent} of ${sum.diagnostics.n} edits, ${sum.diagnosticsPerSend} diagnostics a time`);
  log(row('  ... in renderer, edits that sent diagnostics', sum.renderedWhenSent));
  log(row('  ... in renderer, edits that did not', sum.renderedWhenNotSent));
  log(row('edit -> analysed+painted (onDidAnalyze)', sum.analyzed));
  log(row('edit -> applied by renderer (edit() resolved)', sum.applied));
  log(row('edit -> change event in extension host', sum.changed));
  log(row('change event -> both in renderer', sum.changeToRendered));
}

export async function run(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    vscode: vscode.version,
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cpus: os.cpus().length,
    edits: EDITS,
  };
  log(`Policy Lens editor benchmark in the VS Code ${vscode.version} extension host (Node ${process.version}, ${os.cpus().length}x ${os.cpus()[0]?.model ?? 'cpu'})`);

  const openAtStart = vscode.workspace.textDocuments.map((d) => `${d.uri.scheme}:${path.basename(d.uri.path)} (${d.languageId})`);
  // Activation: the workspace holds no document yet, so unless the workbench opened a plain-text
  // model of its own (onLanguage:plaintext), this activates the extension.
  const ext = vscode.extensions.getExtension<PolicyLensApi>('policy-lens.policy-lens');
  if (!ext) throw new Error('Policy Lens is not loaded in this extension host');
  const wasActive = ext.isActive;
  const t0 = now();
  const api = await ext.activate();
  const activateWallMs = now() - t0;
  await api.engines.ready;
  const readyMs = now() - t0;
  results.activation = { alreadyActive: wasActive, openAtStart, activationMs: round(api.activationMs), activateWallMs: round(activateWallMs), enginesReadyMs: round(readyMs) };
  log(`activation: activate() body ${api.activationMs.toFixed(1)} ms; ext.activate() wall ${wasActive ? `n/a (already active when the benchmark started; open documents: ${openAtStart.join(', ') || 'none'})` : `${activateWallMs.toFixed(1)} ms (load + activate)`}; engines ready ${readyMs.toFixed(1)} ms after`);

  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The host benchmark needs a workspace folder');

  const maxLiveKB = Math.max(0, ...SIZES_MB) * 1024 + 1024;
  // The web workbench auto-saves after 1 s by default (desktop VS Code does not); saves of a
  // multi-MB document would run between the edits. Turn it off, as on the desktop.
  const autoSave = vscode.workspace.getConfiguration('files').inspect('autoSave')?.globalValue;
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  await setSetting('debounceMs', 0);
  await setSetting('liveAnalysisMaxSizeKB', maxLiveKB);
  const docs: Record<string, unknown> = {};
  results.documents = docs;
  try {
    for (const mb of SIZES_MB) {
      const text = generatePolicyDocument(mb * 1024 * 1024, 2026 + mb);
      // The same text as a .txt file first: VS Code's built-in Markdown language features (in this
      // extension host) re-parse a Markdown document with markdown-it after edits and send the
      // tokens to their language server; a plain-text document shows what Policy Lens itself costs.
      // (First, because after a Markdown document closes its language server goes on for seconds:
      // two 1 s stretches of it landed in the middle of the 5 MB plain-text series.)
      const txt = vscode.Uri.joinPath(folder.uri, `bench-${mb}mb.txt`);
      await vscode.workspace.fs.writeFile(txt, new TextEncoder().encode(text));
      const plain = await openAndWait(api, txt);
      await editSeries(api, plain.editor, WARMUP_EDITS, 1000);
      const plainLive = summarize(await profiled(`edits-${mb}mb-txt`, () => editSeries(api, plain.editor, EDITS, 0)));
      log('');
      printEdits(`${mb} MB as plain text (.txt, no Markdown language features), ${EDITS} edits, debounceMs 0:`, plainLive);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(txt).then(undefined, () => undefined);
      const uri = vscode.Uri.joinPath(folder.uri, `bench-${mb}mb.md`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      const { editor, openToAnalyzedMs, openToDiagnosticsMs } = await openAndWait(api, uri);
      const a = api.analyses.get(editor.document)!;
      const r: Record<string, unknown> = {
        chars: text.length, lines: editor.document.lineCount, mentions: a.mentions.length, findings: a.findings.length,
        openToAnalyzedMs, openToDiagnosticsMs, plainText: plainLive,
      };
      docs[`${mb}MB`] = r;
      log('');
      log(`${mb} MB document: ${text.length.toLocaleString('en-GB')} chars, ${editor.document.lineCount.toLocaleString('en-GB')} lines, ${a.mentions.length.toLocaleString('en-GB')} mentions, ${a.findings.length.toLocaleString('en-GB')} findings; open -> analysed ${openToAnalyzedMs} ms, -> diagnostics ${openToDiagnosticsMs} ms`);

      // The engine alone in this process: what each analysis costs before VS Code is involved.
      const engine = api.engines.engineFor(uri);
      const engineMs: number[] = [];
      for (let i = 0; i < 6; i++) {
        const t = now();
        engine.analyze(editor.document.getText());
        if (i > 0) engineMs.push(now() - t);
      }
      r.engineAnalyzeMs = stats(engineMs);
      log(row('engine.analyze(getText()) in the host', r.engineAnalyzeMs as Stats));

      await editSeries(api, editor, WARMUP_EDITS, 1000);
      const live = summarize(await profiled(`edits-${mb}mb`, () => editSeries(api, editor, EDITS, 0)));
      r.liveDebounce0 = live;
      printEdits(`${mb} MB, ${EDITS} edits, debounceMs 0, analysed on every edit (liveAnalysisMaxSizeKB ${maxLiveKB}):`, live);

      const deco = await decorationCost(api, editor);
      r.decorations = deco;
      log(`  decorations: ${deco.ranges.toLocaleString('en-GB')} ranges (${Object.entries(deco.byCategory).map(([k, v]) => `${k} ${v}`).join(', ')}), ${DECORATION_RUNS} repaints:`);
      log(row('offsets -> vscode.Range (positionAt)', deco.toRangeMs));
      log(row('setDecorations x5 types (extension host)', deco.setDecorationsMs));
      log(row('setDecorations -> renderer has them', deco.rendererAckMs));
      log(row('(main-thread round trip alone)', deco.roundTripBaselineMs));

      if (mb * 1024 <= 4096) {
        // The default debounce: what a person sees while typing.
        await setSetting('debounceMs', undefined);
        const debounced = summarize(await editSeries(api, editor, DEFAULT_DEBOUNCE_EDITS, 500));
        r.defaultDebounce = debounced;
        printEdits(`${mb} MB, ${DEFAULT_DEBOUNCE_EDITS} edits, default debounceMs (${vscode.workspace.getConfiguration('policyLens').get('debounceMs')}):`, debounced);
        await setSetting('debounceMs', 0);
      } else {
        // Above the default live-analysis size the document is analysed on save: save -> diagnostics.
        const reanalysed = new Promise<void>((resolve) => {
          const sub = api.analyses.onDidAnalyze((e) => { if (e.document === editor.document) { sub.dispose(); resolve(); } });
        });
        await setSetting('liveAnalysisMaxSizeKB', undefined);
        await withTimeout(reanalysed, 're-analysis after the size setting changed').catch(() => undefined);
        const saves: EditSample[] = [];
        for (let i = 0; i < SAVES; i++) {
          await insertWord(editor, 700 + i)();
          const target = editor.document.version;
          saves.push(await measure(api, editor.document, () => target, () => editor.document.save()));
        }
        const s = summarize(saves);
        r.onSaveDefaultLimit = s;
        log(`${mb} MB at the default liveAnalysisMaxSizeKB (4096): analysed on save, ${SAVES} saves:`);
        log(row('save -> decorations+diagnostics in renderer', s.decorations));
        log(row('save -> diagnostics published', s.diagnostics));
        await setSetting('liveAnalysisMaxSizeKB', maxLiveKB);
      }
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);

    }
    results.compare = await benchCompare(api, folder.uri, log);
  } finally {
    await setSetting('debounceMs', undefined);
    await setSetting('liveAnalysisMaxSizeKB', undefined);
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    fs.writeFileSync(OUT_FILE, JSON.stringify(results, null, 2) + '\n');
    log('');
    log(`wrote ${path.relative(ROOT, OUT_FILE)}`);
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
