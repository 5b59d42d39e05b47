/**
 * Runs the engine over open policy documents and caches the result per document
 * version. Edits are debounced; documents above the live-analysis size are
 * analysed when opened and saved instead, with a notice (never silently skipped).
 * Features subscribe to onDidAnalyze and read results through get().
 */
import * as vscode from 'vscode';
import { Analysis, AnalysisCache, Engine } from '../core/engine';
import { Suppression, withoutSuppressed } from '../core/suppressions';
import { isPolicyUri } from './document-uris';
import { EngineService } from './engine-service';
import { Log } from './log';
import { readSettings } from './settings';

export interface AnalysisEvent {
  document: vscode.TextDocument;
  /** Undefined when the document closed or stopped being a policy document. */
  analysis: Analysis | undefined;
  /** The document version the analysis's offsets belong to. */
  version?: number;
}

/** Where suppressions come from (the annotations sidecar); injected to keep this adapter small. */
export interface SuppressionSource {
  suppressionsFor(uri: vscode.Uri): readonly Suppression[];
  readonly onDidChange: vscode.Event<vscode.Uri | undefined>;
}

/**
 * Policy texts are files, unsaved (untitled) documents and documents in a workspace folder
 * of any scheme (github.dev's, a server's seen from a web worker; see document-uris.ts).
 * Anything else (our own reports, output panes, git's diff sides, other extensions'
 * virtual documents) is never analysed.
 */

interface Entry {
  version: number;
  /** The text analysed (suppressions are matched against it, never against a newer version). */
  text: string;
  analysis: Analysis;
  /** Findings before suppressions, so a changed suppression list needs no re-analysis. */
  rawFindings: Analysis['findings'];
}

export class AnalysisService implements vscode.Disposable {
  private readonly cache = new Map<string, Entry>();
  /**
   * Per document, the engine's block cache (core/engine.ts): an edit re-analyses only the blocks
   * of the reading text it touched. Tied to the engine that made it (a settings change makes a new one).
   */
  private readonly blocks = new Map<string, { engine: Engine; cache: AnalysisCache }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly noticed = new Set<string>();
  private readonly analyzed = new vscode.EventEmitter<AnalysisEvent>();
  readonly onDidAnalyze = this.analyzed.event;
  private readonly disposables: vscode.Disposable[] = [this.analyzed];
  private suppressions: SuppressionSource | undefined;

  constructor(private readonly engines: EngineService, private readonly log: Log) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length > 0) this.schedule(e.document); }),
      vscode.workspace.onDidSaveTextDocument((d) => { if (this.isLarge(d)) this.refresh(d, true); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      engines.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('policyLens.languages') || e.affectsConfiguration('policyLens.liveAnalysisMaxSizeKB')) this.refreshAll();
      }),
    );
    void engines.ready.then(() => this.refreshAll());
  }

  setSuppressionSource(source: SuppressionSource): void {
    this.suppressions = source;
    this.disposables.push(source.onDidChange((uri) => {
      for (const d of vscode.workspace.textDocuments) {
        if (!uri || d.uri.toString() === uri.toString()) this.reapplySuppressions(d);
      }
    }));
  }

  isPolicyDocument(document: vscode.TextDocument): boolean {
    return isPolicyUri(document.uri) && readSettings(document.uri).languages.includes(document.languageId);
  }

  /** The current analysis, computing it now if the cache is stale (e.g. for a hover mid-debounce). */
  get(document: vscode.TextDocument): Analysis | undefined {
    if (!this.isPolicyDocument(document)) return undefined;
    const cached = this.cache.get(document.uri.toString());
    if (cached && (cached.version === document.version || this.isLarge(document))) return cached.analysis;
    return this.analyze(document);
  }

  /**
   * The last analysis, even if the document has changed since (undefined before the
   * first). For providers VS Code calls on every keystroke (code actions), which must
   * not bypass the debounce by analysing again.
   */
  peek(document: vscode.TextDocument): Analysis | undefined {
    return this.isPolicyDocument(document) ? this.cache.get(document.uri.toString())?.analysis : undefined;
  }

  /** Re-analyses every open document (the engine or settings changed). */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.refresh(d, true);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!this.isPolicyDocument(document)) return;
    if (this.isLarge(document)) {
      this.notifyLarge(document);
      return;
    }
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.refresh(document);
    }, readSettings(document.uri).debounceMs));
  }

  private refresh(document: vscode.TextDocument, force = false): void {
    if (document.isClosed) return;
    if (!this.isPolicyDocument(document)) {
      this.blocks.delete(document.uri.toString());
      if (this.cache.delete(document.uri.toString())) this.analyzed.fire({ document, analysis: undefined });
      return;
    }
    if (this.isLarge(document)) this.notifyLarge(document);
    // A hover may already have analysed this version: do not do it twice.
    if (!force && this.cache.get(document.uri.toString())?.version === document.version) return;
    this.analyze(document);
  }

  private analyze(document: vscode.TextDocument): Analysis {
    const text = document.getText();
    const engine = this.engines.engineFor(document.uri);
    const key = document.uri.toString();
    let blocks = this.blocks.get(key);
    if (blocks?.engine !== engine) {
      blocks = { engine, cache: engine.createCache() };
      this.blocks.set(key, blocks);
    }
    const analysis = engine.analyze(text, blocks.cache);
    const entry: Entry = { version: document.version, text, rawFindings: analysis.findings, analysis };
    entry.analysis = { ...analysis, findings: this.filter(document, text, analysis.findings) };
    this.cache.set(document.uri.toString(), entry);
    this.analyzed.fire({ document, analysis: entry.analysis, version: entry.version });
    return entry.analysis;
  }

  /**
   * The sidecar's suppressions changed: re-filter the findings of the current analysis. When
   * the document has been edited since (an analysis is pending), nothing is repainted from the
   * old offsets: the pending analysis applies the new list. Documents analysed on save only
   * keep their analysed version by design, so they are re-filtered against the text analysed.
   */
  private reapplySuppressions(document: vscode.TextDocument): void {
    const entry = this.cache.get(document.uri.toString());
    if (!entry) return;
    const current = entry.version === document.version;
    if (!current && !this.isLarge(document)) return;
    entry.analysis = { ...entry.analysis, findings: this.filter(document, entry.text, entry.rawFindings) };
    this.analyzed.fire({ document, analysis: entry.analysis, version: entry.version });
  }

  private filter(document: vscode.TextDocument, text: string, findings: Analysis['findings']): Analysis['findings'] {
    const list = this.suppressions?.suppressionsFor(document.uri) ?? [];
    return withoutSuppressed(findings, text, list);
  }

  private isLarge(document: vscode.TextDocument): boolean {
    return documentLength(document) > readSettings(document.uri).liveAnalysisMaxSizeKB * 1024;
  }

  private notifyLarge(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    const name = vscode.workspace.asRelativePath(document.uri);
    const kb = Math.round(documentLength(document) / 1024);
    const message = `Policy Lens: ${name} is ${kb} KB, above policyLens.liveAnalysisMaxSizeKB; it is analysed when opened and saved rather than on every edit.`;
    this.log.info(message);
    void vscode.window.showInformationMessage(message, 'Open Setting').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'policyLens.liveAnalysisMaxSizeKB');
    });
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.noticed.delete(key);
    this.blocks.delete(key);
    if (this.cache.delete(key)) this.analyzed.fire({ document, analysis: undefined });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The document's length in UTF-16 units without copying its text (getText() on a
 * large document costs a full copy per keystroke). Close enough to bytes for a threshold.
 */
function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}
