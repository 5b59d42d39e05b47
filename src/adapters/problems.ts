/** Conversions between core's plain data and VS Code's types. */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../constants';
import { FileProblem, Severity, Span } from '../core/types';

export function toSeverity(severity: Severity | 'error' | 'warning' | undefined): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    case 'info': return vscode.DiagnosticSeverity.Information;
    case 'hint': return vscode.DiagnosticSeverity.Hint;
    default: return vscode.DiagnosticSeverity.Error;
  }
}

/** A problem in a YAML file (1-based line and column) as a Diagnostic spanning the rest of that line. */
export function toDiagnostic(problem: FileProblem): vscode.Diagnostic {
  const line = Math.max(0, problem.line - 1);
  const col = Math.max(0, problem.column - 1);
  const d = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1), problem.message, toSeverity(problem.severity ?? 'error'));
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

/**
 * Untrusted Markdown (no HTML, no command links, no theme icons) around text built in core,
 * where workspace text is escaped with ordinary spaces (never MarkdownString.appendText,
 * whose non-breaking spaces make hovers wrap inside words).
 */
export function untrustedMarkdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}
