/**
 * The status bar item for the active policy document and the
 * `Policy Lens: Show Document Summary` report it opens.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { EngineService } from '../adapters/engine-service';
import { CommandId, SUMMARY_SCHEME } from '../constants';
import { documentStats } from '../core/engine';
import { statusText, summaryCounts, summaryReport } from '../core/report';

export interface DocumentSummary {
  uri: string;
  words: number;
  sentences: number;
  counts: Record<string, number>;
  findingsByRule: Record<string, number>;
  report: string;
}

export function register(analyses: AnalysisService, engines: EngineService): vscode.Disposable {
  // Reports are read-only virtual documents, so they are never analysed or saved by mistake.
  const reports = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider = vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? '',
  });
  const item = vscode.window.createStatusBarItem('policyLens.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Policy Lens';
  item.command = CommandId.showDocumentSummary;
  item.tooltip = 'Policy Lens: show the document summary';

  const update = () => {
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && analyses.get(editor.document);
    if (!analysis) {
      item.hide();
      return;
    }
    item.text = `$(book) Policy Lens: ${statusText(summaryCounts(analysis))}`;
    item.show();
  };

  const command = vscode.commands.registerCommand(CommandId.showDocumentSummary, async (): Promise<DocumentSummary | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && analyses.get(editor.document);
    if (!editor || !analysis) {
      void vscode.window.showInformationMessage('Policy Lens: open a Markdown or plain-text document to see its summary.');
      return undefined;
    }
    const { document } = editor;
    const text = document.getText();
    const stats = documentStats(text);
    const engine = engines.engineFor(document.uri);
    const report = summaryReport(vscode.workspace.asRelativePath(document.uri), analysis, engine.entries, stats, engine.config.expectedParties);
    const reportUri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${vscode.workspace.asRelativePath(document.uri)} (summary).md` });
    reports.set(reportUri.toString(), report);
    changed.fire(reportUri);
    const reportDoc = await vscode.workspace.openTextDocument(reportUri);
    await vscode.window.showTextDocument(reportDoc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return {
      uri: document.uri.toString(),
      ...stats,
      counts: analysis.counts,
      findingsByRule: summaryCounts(analysis).byRule,
      report,
    };
  });

  return vscode.Disposable.from(
    provider,
    changed,
    item,
    command,
    vscode.window.onDidChangeActiveTextEditor(update),
    analyses.onDidAnalyze(({ document }) => { if (vscode.window.activeTextEditor?.document === document) update(); }),
  );
}
