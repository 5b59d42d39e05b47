/**
 * Explains a lexicon match on hover: label, definition, source, other names,
 * mentions in this document (and the page, where the document has page numbers)
 * and related entries; inside a finding, the finding's page. Text from the lexicon
 * or a workspace config is data: it is escaped with ordinary spaces kept (so the
 * hover wraps between words) and the Markdown is untrusted (no command links, no HTML).
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { EngineService } from '../adapters/engine-service';
import { toRange, untrustedMarkdown } from '../adapters/problems';
import { Analysis } from '../core/engine';
import { findingHoverMarkdown, termHoverMarkdown } from '../core/hover-text';
import { Finding, LexiconEntry, Mention } from '../core/types';

/** The mention covering `offset` (mentions are sorted by start and do not overlap). */
export function mentionAt(mentions: readonly Mention[], offset: number): Mention | undefined {
  let lo = 0;
  let hi = mentions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = mentions[mid];
    if (offset < m.start) hi = mid - 1;
    else if (offset > m.end) lo = mid + 1;
    else return m;
  }
  return undefined;
}

export function hoverMarkdown(entry: LexiconEntry, analysis: Analysis, entries: ReadonlyMap<string, LexiconEntry>, mention?: Mention): vscode.MarkdownString {
  return untrustedMarkdown(termHoverMarkdown(entry, analysis, entries, mention));
}

/** The non-document-level finding whose span covers `offset`, if any. */
function findingAt(findings: readonly Finding[], offset: number): Finding | undefined {
  return findings.find((f) => f.end > f.start && offset >= f.start && offset <= f.end);
}

export function register(analyses: AnalysisService, engines: EngineService, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    provideHover(document, position) {
      const analysis = analyses.get(document);
      if (!analysis) return undefined;
      const offset = document.offsetAt(position);
      // A finding's page (the Problems panel's own hover shows its message).
      const finding = findingAt(analysis.findings, offset);
      const pageLine = finding && findingHoverMarkdown(finding, analysis);
      const mention = mentionAt(analysis.mentions, offset);
      const entries = engines.engineFor(document.uri).entries;
      const entry = mention && entries.get(mention.entryId);
      if (mention && entry) {
        const contents = [hoverMarkdown(entry, analysis, entries, mention)];
        if (pageLine) contents.push(untrustedMarkdown(pageLine));
        return new vscode.Hover(contents, toRange(document, mention));
      }
      return finding && pageLine ? new vscode.Hover(untrustedMarkdown(pageLine), toRange(document, finding)) : undefined;
    },
  });
}
