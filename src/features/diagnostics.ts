/** Findings in the Problems panel: rule code linked to its explanation, severity, related places. */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { toRange, toSeverity } from '../adapters/problems';
import { CommandId, DIAGNOSTIC_SOURCE } from '../constants';
import { EditedLines } from '../core/edited-lines';
import { Finding } from '../core/types';

/** The diagnostics feature as the extension's API shows it (tests and the editor benchmark). */
export interface Diagnostics extends vscode.Disposable {
  /**
   * Fires once per analysis with the document version its diagnostics belong to; `sent` is false
   * when the Problems panel already showed exactly these and nothing was sent to the renderer.
   */
  readonly onDidPublish: vscode.Event<{ uri: vscode.Uri; version: number; sent: boolean }>;
}

export function register(analyses: AnalysisService): Diagnostics {
  const collection = vscode.languages.createDiagnosticCollection('policy-lens');
  const published = new vscode.EventEmitter<{ uri: vscode.Uri; version: number; sent: boolean }>();
  /** What was last sent per document, and the lines edited since (see core/edited-lines.ts). */
  const sent = new Map<string, { diagnostics: vscode.Diagnostic[]; edited: EditedLines }>();
  const subs = [
    analyses.onDidAnalyze(({ document, analysis }) => {
      const key = document.uri.toString();
      if (!analysis) {
        sent.delete(key);
        collection.delete(document.uri);
        published.fire({ uri: document.uri, version: document.version, sent: true });
        return;
      }
      const next = analysis.findings.map((f) => toFindingDiagnostic(document, f));
      const last = sent.get(key);
      // Typing on a line with no finding leaves every diagnostic where it was: re-sending all of
      // them (2,000 on a 1 MB document) cost the renderer more than the analysis did.
      const unchanged = last !== undefined && last.edited.unchanged(last.diagnostics, next, (d) => d.range, sameDiagnostic);
      if (!unchanged) {
        collection.set(document.uri, next);
        sent.set(key, { diagnostics: next, edited: last?.edited ?? new EditedLines() });
      }
      sent.get(key)!.edited.clear();
      published.fire({ uri: document.uri, version: document.version, sent: !unchanged });
    }),
    vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      const edited = sent.get(document.uri.toString())?.edited;
      if (edited) for (const c of contentChanges) edited.note(c.range.start.line, c.range.end.line, c.text);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => { sent.delete(document.uri.toString()); }),
  ];
  return { onDidPublish: published.event, dispose: () => vscode.Disposable.from(collection, published, ...subs).dispose() };
}

/** Two diagnostics at equal ranges show the same (message, severity, rule, related places). */
function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  if (a.message !== b.message || a.severity !== b.severity || codeValue(a) !== codeValue(b)) return false;
  const ra = a.relatedInformation ?? [];
  const rb = b.relatedInformation ?? [];
  if (ra.length !== rb.length) return false;
  for (let i = 0; i < ra.length; i++) {
    if (ra[i].message !== rb[i].message || !ra[i].location.range.isEqual(rb[i].location.range)) return false;
  }
  return true;
}

const codeValue = (d: vscode.Diagnostic): unknown => (typeof d.code === 'object' ? d.code.value : d.code);

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
