/**
 * The banner at the top of a policy document: a CodeLens on the first line naming the
 * expected parties the document never mentions and the parties it names most
 * ("Never mentioned: general practice · named: ICBs 41×, local authorities 6×, ..."),
 * which opens the document summary. Turned off with VS Code's `editor.codeLens`.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { EngineService } from '../adapters/engine-service';
import { CommandId } from '../constants';
import { Analysis } from '../core/engine';
import { bannerText, partyPicture } from '../core/report';

export function register(analyses: AnalysisService, engines: EngineService, selector: vscode.DocumentSelector): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const titleOf = (document: vscode.TextDocument, analysis: Analysis | undefined): string =>
    (analysis ? bannerText(partyPicture(analysis, engines.engineFor(document.uri).entries)) : undefined) ?? '';
  /** The banner each document shows: an analysis that leaves it unchanged asks VS Code for nothing. */
  const shown = new Map<string, string>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      // The last analysis (never a fresh one per request); onDidAnalyze asks again when it changes.
      const title = titleOf(document, analyses.peek(document) ?? analyses.get(document));
      shown.set(document.uri.toString(), title);
      if (!title) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      return [new vscode.CodeLens(top, { title: `$(book) ${title}`, tooltip: 'Policy Lens: open the document summary', command: CommandId.showDocumentSummary, arguments: [document.uri] })];
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(selector, provider),
    analyses.onDidAnalyze(({ document, analysis }) => {
      // (Every keystroke is analysed: the code lenses of every editor were asked for again each time.)
      const key = document.uri.toString();
      if (!shown.has(key) || shown.get(key) !== titleOf(document, analysis)) changed.fire();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => shown.delete(d.uri.toString())),
  );
}
