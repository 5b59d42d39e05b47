/**
 * Colours parties, jargon, funding language, money amounts and page references
 * with decorations whose colours are themable (contributes.colors). Decoration
 * types are created once; each analysis replaces the ranges of visible editors.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { EngineService } from '../adapters/engine-service';
import { toRange } from '../adapters/problems';
import { HighlightCategory, readSettings, updateSetting } from '../adapters/settings';
import { CommandId, Setting } from '../constants';
import { Analysis } from '../core/engine';
import { Span } from '../core/types';

const color = (id: string) => new vscode.ThemeColor(`policyLens.${id}`);

function createTypes(): Record<HighlightCategory, vscode.TextEditorDecorationType> {
  const underlined = (bg: string, border: string) => vscode.window.createTextEditorDecorationType({
    backgroundColor: color(bg),
    borderColor: color(border),
    borderStyle: 'none none solid none',
    borderWidth: '0 0 1px 0',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  return {
    party: underlined('partyBackground', 'partyBorder'),
    term: underlined('termBackground', 'termBorder'),
    funding: underlined('fundingBackground', 'fundingBorder'),
    money: vscode.window.createTextEditorDecorationType({ color: color('moneyForeground'), fontWeight: 'bold' }),
    pageRef: vscode.window.createTextEditorDecorationType({ color: color('pageRefForeground'), fontStyle: 'italic' }),
  };
}

/** Spans per highlight category; a mention of an entry that is both party and term shows as a party. */
export function spansByCategory(analysis: Analysis, isParty: (entryId: string) => boolean): Record<HighlightCategory, Span[]> {
  const party: Span[] = [];
  const term: Span[] = [];
  for (const m of analysis.mentions) (isParty(m.entryId) ? party : term).push(m);
  return { party, term, funding: analysis.funding, money: analysis.money, pageRef: analysis.pageRefs };
}

/** What was last painted per document: lets tests (through the extension's API) see the highlights. */
export type HighlightSnapshot = Partial<Record<HighlightCategory, vscode.Range[]>>;

export interface Highlights extends vscode.Disposable {
  snapshot(uri: vscode.Uri): HighlightSnapshot | undefined;
}

export function register(analyses: AnalysisService, engines: EngineService): Highlights {
  const types = createTypes();
  const categories = Object.keys(types) as HighlightCategory[];
  const painted = new Map<string, HighlightSnapshot>();

  const paint = (editor: vscode.TextEditor, analysis: Analysis | undefined) => {
    const settings = readSettings(editor.document.uri);
    const shown = new Set(settings.highlightEnabled ? settings.highlightCategories : []);
    const entries = engines.engineFor(editor.document.uri).entries;
    const spans = analysis && shown.size > 0
      ? spansByCategory(analysis, (id) => entries.get(id)?.kinds.includes('party') ?? false)
      : undefined;
    const snapshot: HighlightSnapshot = {};
    for (const category of categories) {
      const ranges = spans && shown.has(category) ? spans[category].map((s) => toRange(editor.document, s)) : [];
      editor.setDecorations(types[category], ranges);
      snapshot[category] = ranges;
    }
    painted.set(editor.document.uri.toString(), snapshot);
  };
  const paintVisible = () => {
    for (const editor of vscode.window.visibleTextEditors) paint(editor, analyses.get(editor.document));
  };

  const disposable = vscode.Disposable.from(
    ...Object.values(types),
    analyses.onDidAnalyze(({ document, analysis }) => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) paint(editor, analysis);
    }),
    vscode.window.onDidChangeVisibleTextEditors(paintVisible),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('policyLens.highlight')) paintVisible(); }),
    vscode.commands.registerCommand(CommandId.toggleHighlighting, async () => {
      const enabled = !readSettings().highlightEnabled;
      await updateSetting(Setting.highlightEnabled, enabled);
      void vscode.window.setStatusBarMessage(`Policy Lens: highlighting ${enabled ? 'on' : 'off'}`, 3000);
      return enabled;
    }),
  );
  return { dispose: () => disposable.dispose(), snapshot: (uri) => painted.get(uri.toString()) };
}
