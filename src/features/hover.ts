/**
 * Explains a lexicon match on hover: label, definition, source, other names,
 * mentions in this document and related entries. Text from the lexicon or a
 * workspace config is data: it is escaped and the Markdown is untrusted (no
 * command links, no HTML).
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { EngineService } from '../adapters/engine-service';
import { toRange } from '../adapters/problems';
import { Analysis } from '../core/engine';
import { LexiconEntry, Mention } from '../core/types';

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

export function hoverMarkdown(entry: LexiconEntry, analysis: Analysis, entries: ReadonlyMap<string, LexiconEntry>): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  const kinds = entry.kinds.join(' and ');
  md.appendMarkdown('**').appendText(entry.label).appendMarkdown(`** _(${kinds})_\n\n`);
  md.appendText(entry.definition).appendMarkdown('\n\n');
  if (entry.source) md.appendMarkdown('_Source:_ ').appendText(entry.source).appendMarkdown('\n\n');
  const others = entry.aliases.filter((a) => a.toLowerCase() !== entry.label.toLowerCase());
  if (others.length) md.appendMarkdown('_Also:_ ').appendText(others.join(', ')).appendMarkdown('\n\n');
  const count = analysis.counts[entry.id] ?? 0;
  md.appendMarkdown(`Mentioned **${count}×** in this document.`);
  const related = entry.related.map((id) => entries.get(id)).filter((e): e is LexiconEntry => !!e);
  if (related.length) {
    md.appendMarkdown('\n\n_Related:_ ');
    md.appendText(related.map((r) => `${r.label} (${analysis.counts[r.id] ?? 0}×)`).join(', '));
  }
  return md;
}

export function register(analyses: AnalysisService, engines: EngineService, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    provideHover(document, position) {
      const analysis = analyses.get(document);
      if (!analysis) return undefined;
      const mention = mentionAt(analysis.mentions, document.offsetAt(position));
      if (!mention) return undefined;
      const entries = engines.engineFor(document.uri).entries;
      const entry = entries.get(mention.entryId);
      return entry && new vscode.Hover(hoverMarkdown(entry, analysis, entries), toRange(document, mention));
    },
  });
}
