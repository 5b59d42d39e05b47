/**
 * Findings in the Problems panel: rule code linked to its explanation, severity, related places.
 * Sent in bands of lines, and only the bands that changed (core/line-bands.ts).
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { toRange, toSeverity } from '../adapters/problems';
import { CommandId, DIAGNOSTIC_SOURCE } from '../constants';
import { LineBands } from '../core/line-bands';
import { Finding } from '../core/types';

/** The diagnostics feature as the extension's API shows it (tests and the editor benchmark). */
export interface Diagnostics extends vscode.Disposable {
  /**
   * Fires once per analysis with the document version its diagnostics belong to; `sent` is false
   * when the Problems panel already showed exactly these and nothing was sent to the renderer.
   */
  readonly onDidPublish: vscode.Event<DiagnosticsPublished>;
}

export interface DiagnosticsPublished {
  uri: vscode.Uri;
  version: number;
  /** Whether anything was sent to the renderer. */
  sent: boolean;
  /** How many diagnostics were sent (only the bands of lines that changed are; core/line-bands.ts). */
  diagnostics: number;
}

export function register(analyses: AnalysisService): Diagnostics {
  /** One collection per band of lines (core/line-bands.ts), created in band order as needed. */
  const collections: vscode.DiagnosticCollection[] = [];
  const collectionFor = (band: number): vscode.DiagnosticCollection => {
    // In band order, so vscode.languages.getDiagnostics lists a document's diagnostics top down.
    while (collections.length <= band) collections.push(vscode.languages.createDiagnosticCollection(collections.length === 0 ? 'policy-lens' : `policy-lens-${collections.length}`));
    return collections[band];
  };
  const published = new vscode.EventEmitter<DiagnosticsPublished>();
  /** What each document's bands were last sent, and the lines edited since. */
  const sent = new Map<string, LineBands<Shown>>();
  /** Removes a document's diagnostics from every band (also what a closed document left). */
  const clear = (uri: vscode.Uri) => {
    for (const c of collections) c.delete(uri);
  };
  const subs = [
    analyses.onDidAnalyze(({ document, analysis }) => {
      const key = document.uri.toString();
      if (!analysis) {
        clear(document.uri);
        sent.delete(key);
        published.fire({ uri: document.uri, version: document.version, sent: true, diagnostics: 0 });
        return;
      }
      let bands = sent.get(key);
      if (!bands) {
        // Nothing known about what is shown (first analysis, or reopened): start from nothing.
        clear(document.uri);
        sent.set(key, bands = new LineBands<Shown>((s) => s.range, sameShown));
      }
      // Ranges first; a finding becomes a vscode.Diagnostic only when its band is sent. Typing on
      // a line with no finding leaves every band as the renderer shows it: nothing is sent.
      const changes = bands.update(analysis.findings.map((f) => shownOf(document, f)));
      let count = 0;
      for (const { band, items } of changes) {
        count += items.length;
        if (items.length === 0) collectionFor(band).delete(document.uri);
        else collectionFor(band).set(document.uri, items.map((s) => toDiagnostic(document, s)));
      }
      published.fire({ uri: document.uri, version: document.version, sent: changes.length > 0, diagnostics: count });
    }),
    vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      const edited = sent.get(document.uri.toString())?.edited;
      if (edited) for (const c of contentChanges) edited.note(c.range.start.line, c.range.end.line, c.text);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => { sent.delete(document.uri.toString()); }),
  ];
  return {
    onDidPublish: published.event,
    dispose: () => vscode.Disposable.from(...collections, published, ...subs).dispose(),
  };
}

/** A finding with the ranges the renderer shows it at (the lines and characters VS Code compares). */
interface Shown {
  finding: Finding;
  range: vscode.Range;
  related: vscode.Range[] | undefined;
}

function shownOf(document: vscode.TextDocument, finding: Finding): Shown {
  // A document-level finding (start = end = 0, e.g. a party never mentioned) is about no text
  // in particular: an empty range at the end of the first line, so it underlines none of the
  // title's words (VS Code draws an empty range past the line's end as a one-character mark)
  // and the Problems panel still takes the reader to the top, where the banner names the party.
  const range = finding.start === finding.end && finding.start === 0
    ? new vscode.Range(document.lineAt(0).range.end, document.lineAt(0).range.end)
    : toRange(document, finding);
  return { finding, range, related: finding.related?.length ? finding.related.map((r) => toRange(document, r)) : undefined };
}

/** Two findings at equal ranges show the same (message, severity, rule, related places). */
function sameShown(a: Shown, b: Shown): boolean {
  const fa = a.finding;
  const fb = b.finding;
  if (fa.message !== fb.message || fa.severity !== fb.severity || fa.rule !== fb.rule) return false;
  const ra = a.related ?? [];
  const rb = b.related ?? [];
  if (ra.length !== rb.length) return false;
  for (let i = 0; i < ra.length; i++) {
    if (fa.related![i].message !== fb.related![i].message || !ra[i].isEqual(rb[i])) return false;
  }
  return true;
}

function toDiagnostic(document: vscode.TextDocument, { finding, range, related }: Shown): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, finding.message, toSeverity(finding.severity));
  d.source = DIAGNOSTIC_SOURCE;
  // The code opens the rule's explanation, rendered (Policy Lens: Explain Rule).
  d.code = { value: finding.rule, target: ruleLink(finding.rule) };
  if (related) {
    d.relatedInformation = related.map((r, i) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, r), finding.related![i].message));
  }
  return d;
}

/** A command link that opens a rule's explanation (the Problems panel and hovers follow command links from extensions). */
export function ruleLink(rule: string): vscode.Uri {
  let link = ruleLinks.get(rule);
  if (!link) ruleLinks.set(rule, link = vscode.Uri.from({ scheme: 'command', path: CommandId.showRule, query: JSON.stringify([rule]) }));
  return link;
}

/** One Uri per rule (a Uri is immutable): 2,000 findings used to build 2,000. */
const ruleLinks = new Map<string, vscode.Uri>();
