/** Findings in the Problems panel: rule code linked to its explanation, severity, related places. */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { toRange, toSeverity } from '../adapters/problems';
import { CommandId, DIAGNOSTIC_SOURCE } from '../constants';
import { Finding } from '../core/types';

export function register(analyses: AnalysisService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('policy-lens');
  const sub = analyses.onDidAnalyze(({ document, analysis }) => {
    if (!analysis) collection.delete(document.uri);
    else collection.set(document.uri, analysis.findings.map((f) => toFindingDiagnostic(document, f)));
  });
  return vscode.Disposable.from(collection, sub);
}

export function toFindingDiagnostic(document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
  // A document-level finding (start = end = 0, e.g. a party never mentioned) is about no text
  // in particular: an empty range at the end of the first line, so it underlines none of the
  // title's words (VS Code draws an empty range past the line's end as a one-character mark)
  // and the Problems panel still takes the reader to the top, where the banner names the party.
  const range = finding.start === finding.end && finding.start === 0
    ? new vscode.Range(document.lineAt(0).range.end, document.lineAt(0).range.end)
    : toRange(document, finding);
  const d = new vscode.Diagnostic(range, finding.message, toSeverity(finding.severity));
  d.source = DIAGNOSTIC_SOURCE;
  // The code opens the rule's explanation, rendered (Policy Lens: Explain Rule).
  d.code = { value: finding.rule, target: ruleLink(finding.rule) };
  if (finding.related?.length) {
    d.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(document, r)), r.message));
  }
  return d;
}

/** A command link that opens a rule's explanation (the Problems panel and hovers follow command links from extensions). */
export function ruleLink(rule: string): vscode.Uri {
  return vscode.Uri.from({ scheme: 'command', path: CommandId.showRule, query: JSON.stringify([rule]) });
}
