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

/** The status bar item as a person sees it (for the integration tests). */
export interface SummaryStatus extends vscode.Disposable {
  status(): { text: string; tooltip: string; visible: boolean };
}

export function register(analyses: AnalysisService, engines: EngineService): SummaryStatus {
  // A webview, not a virtual text document: nothing treats the report as a policy document.
  const view = new HtmlView('policyLens.summary');
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
    const tooltip = untrustedMarkdown(statusTooltip(partyPicture(analysis, engines.engineFor(editor.document.uri).entries), counts));
    item.text = `$(book) Policy Lens: ${statusText(counts)}`;
    item.tooltip = tooltip;
    item.show();
  };

  // From the palette and the status bar: no argument (the active editor); from the banner: the document's URI.
  const command = vscode.commands.registerCommand(CommandId.showDocumentSummary, async (target?: unknown): Promise<DocumentSummary | undefined> => {
    const uri = target instanceof vscode.Uri ? target : undefined;
    const document = uri
      ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
      : vscode.window.activeTextEditor?.document;
    const analysis = document && analyses.get(document);
    if (!document || !analysis) {
      void vscode.window.showInformationMessage('Policy Lens: open a Markdown or plain-text document to see its summary.');
      return undefined;
    }
    const stats = documentStats(document.getText());
    const engine = engines.engineFor(document.uri);
    const name = vscode.workspace.asRelativePath(document.uri);
    const report = summaryReport(name, analysis, engine.entries, stats, engine.config.expectedParties);
    view.show(`Summary: ${name.split('/').pop()}`, await renderMarkdown(report));
    return {
      uri: document.uri.toString(),
      ...stats,
      counts: analysis.counts,
      findingsByRule: summaryCounts(analysis).byRule,
      report,
      html: view.html,
    };
  });

  const disposable = vscode.Disposable.from(
    view,
    item,
    command,
    vscode.window.onDidChangeActiveTextEditor(update),
    analyses.onDidAnalyze(({ document }) => { if (vscode.window.activeTextEditor?.document === document) update(); }),
  );
  return {
    dispose: () => disposable.dispose(),
    status: () => ({ text: item.text, tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '', visible }),
  };
}
