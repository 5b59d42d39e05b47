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
import { bannerText, partyPicture } from '../core/report';

export function register(analyses: AnalysisService, engines: EngineService, selector: vscode.DocumentSelector): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      // The last analysis (never a fresh one per request); onDidAnalyze asks again when it changes.
      const analysis = analyses.peek(document) ?? analyses.get(document);
      if (!analysis) return [];
      const title = bannerText(partyPicture(analysis, engines.engineFor(document.uri).entries));
      if (!title) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      return [new vscode.CodeLens(top, { title: `$(book) ${title}`, tooltip: 'Policy Lens: open the document summary', command: CommandId.showDocumentSummary, arguments: [document.uri] })];
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(selector, provider),
    analyses.onDidAnalyze(() => changed.fire()),
  );
}
