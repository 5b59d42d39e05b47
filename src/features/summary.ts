/**
 * The status bar item for the active policy document and the
 * `Policy Lens: Show Document Summary` report it opens, rendered in a webview.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { EngineService } from '../adapters/engine-service';
import { HtmlView, renderMarkdown } from '../adapters/html-view';
import { untrustedMarkdown } from '../adapters/problems';
import { CommandId } from '../constants';
import { documentStats } from '../core/engine';
import { partyPicture, statusText, statusTooltip, summaryCounts, summaryReport } from '../core/report';

export interface DocumentSummary {
  uri: string;
  words: number;
  sentences: number;
  counts: Record<string, number>;
  findingsByRule: Record<string, number>;
  /** The report's Markdown source. */
  report: string;
  /** What the summary panel shows (the report rendered). */
  html: string;
}

/** The status bar item and the summary panel as a person sees them (for the integration tests). */
export interface SummaryStatus extends vscode.Disposable {
  status(): { text: string; tooltip: string; visible: boolean };
  /** The HTML the summary panel shows ('' when closed). */
  html(): string;
  /** Fires each time the summary panel is (re-)rendered. */
  readonly onDidRender: vscode.Event<vscode.Uri>;
}

export function register(analyses: AnalysisService, engines: EngineService): SummaryStatus {
  // A webview, not a virtual text document: nothing treats the report as a policy document.
  const view = new HtmlView('policyLens.summary');
  const rendered = new vscode.EventEmitter<vscode.Uri>();
  view.onDidClose(() => { shown = undefined; });
  const item = vscode.window.createStatusBarItem('policyLens.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Policy Lens';
  item.command = CommandId.showDocumentSummary;
  let visible = false;

  const update = () => {
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && analyses.get(editor.document);
    visible = !!analysis;
    if (!editor || !analysis) {
      item.hide();
      return;
    }
    const counts = summaryCounts(analysis);
    const tooltip = untrustedMarkdown(statusTooltip(partyPicture(analysis, engines.engineFor(editor.document.uri).entries), counts, analysis.fundingStatements));
    item.text = `$(book) Policy Lens: ${statusText(counts)}`;
    item.tooltip = tooltip;
    item.show();
  };

  /** The document the summary panel shows, re-rendered when it is analysed again. */
  let shown: vscode.Uri | undefined;
  const render = async (document: vscode.TextDocument, reveal: boolean): Promise<DocumentSummary | undefined> => {
    const analysis = analyses.get(document);
    if (!analysis) return undefined;
    const stats = documentStats(document.getText());
    const engine = engines.engineFor(document.uri);
    const name = vscode.workspace.asRelativePath(document.uri);
    const report = summaryReport(name, analysis, engine.entries, stats, engine.config.expectedParties);
    view.show(`Summary: ${name.split('/').pop()}`, await renderMarkdown(report), true, reveal);
    shown = document.uri;
    rendered.fire(document.uri);
    return {
      uri: document.uri.toString(),
      ...stats,
      counts: analysis.counts,
      findingsByRule: summaryCounts(analysis).byRule,
      report,
      html: view.html,
    };
  };

  // From the palette and the status bar: no argument (the active editor); from the banner: the document's URI.
  const command = vscode.commands.registerCommand(CommandId.showDocumentSummary, async (target?: unknown): Promise<DocumentSummary | undefined> => {
    const uri = target instanceof vscode.Uri ? target : undefined;
    const document = uri
      ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? await vscode.workspace.openTextDocument(uri).then((d) => d, () => undefined)
      : vscode.window.activeTextEditor?.document;
    const summary = document && await render(document, true);
    if (!summary) void vscode.window.showInformationMessage('Policy Lens: open a Markdown or plain-text document to see its summary.');
    return summary;
  });

  const disposable = vscode.Disposable.from(
    view,
    rendered,
    item,
    command,
    vscode.window.onDidChangeActiveTextEditor(update),
    analyses.onDidAnalyze(({ document, analysis }) => {
      if (vscode.window.activeTextEditor?.document === document) update();
      // Keep an open summary in step with its document (edits, ignored findings, config changes).
      if (analysis && view.visible && shown?.toString() === document.uri.toString()) void render(document, false);
    }),
  );
  return {
    dispose: () => disposable.dispose(),
    html: () => (view.visible ? view.html : ''),
    onDidRender: rendered.event,
    status: () => ({ text: item.text, tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '', visible }),
  };
}
