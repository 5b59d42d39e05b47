/** Findings in the Problems panel: rule code linked to its explanation, severity, related places. */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { readmeUri } from '../adapters/files';
import { toRange, toSeverity } from '../adapters/problems';
import { DIAGNOSTIC_SOURCE } from '../constants';
import { Finding } from '../core/types';

export function register(analyses: AnalysisService, extensionUri: vscode.Uri): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('policy-lens');
  let readme = vscode.Uri.joinPath(extensionUri, 'README.md');
  void readmeUri(extensionUri).then((uri) => { readme = uri; });
  const sub = analyses.onDidAnalyze(({ document, analysis }) => {
    if (!analysis) collection.delete(document.uri);
    else collection.set(document.uri, analysis.findings.map((f) => toFindingDiagnostic(document, f, readme)));
  });
  return vscode.Disposable.from(collection, sub);
}

export function toFindingDiagnostic(document: vscode.TextDocument, finding: Finding, readme: vscode.Uri): vscode.Diagnostic {
  // A document-level finding (start = end = 0) sits on the first line, where the reader starts.
  const range = finding.start === finding.end && finding.start === 0
    ? document.lineAt(0).range
    : toRange(document, finding);
  const d = new vscode.Diagnostic(range, finding.message, toSeverity(finding.severity));
  d.source = DIAGNOSTIC_SOURCE;
  // The code links to the rule's section in the README shipped with the extension.
  d.code = { value: finding.rule, target: readme.with({ fragment: ruleAnchor(finding.rule) }) };
  if (finding.related?.length) {
    d.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(document, r)), r.message));
  }
  return d;
}

/** GitHub-style heading anchor of a rule's README section (`### party.unmentioned` -> `partyunmentioned`). */
export function ruleAnchor(rule: string): string {
  return rule.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}
