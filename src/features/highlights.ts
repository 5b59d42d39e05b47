/**
 * Colours parties, jargon, funding language, money amounts and page references
 * with decorations whose colours are themable (contributes.colors). Decoration
 * types are created once; each analysis replaces the ranges around what each
 * visible editor shows.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { EngineService } from '../adapters/engine-service';
import { toRange } from '../adapters/problems';
import { HighlightCategory, readSettings, updateSetting } from '../adapters/settings';
import { CommandId, Setting, settingId } from '../constants';
import { EditedLines } from '../core/edited-lines';
import { Analysis } from '../core/engine';
import { spansInWindow } from '../core/spans';
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

/**
 * The spans of each highlight category between two offsets; a mention of an entry that is both
 * party and term shows as a party. Only the window is looked at (24,000 mentions in 1 MB).
 */
function spansInWindowByCategory(analysis: Analysis, from: number, to: number, isParty: (entryId: string) => boolean): Record<HighlightCategory, Span[]> {
  const party: Span[] = [];
  const term: Span[] = [];
  for (const m of spansInWindow(analysis.mentions, from, to)) (isParty(m.entryId) ? party : term).push(m);
  return { party, term, funding: spansInWindow(analysis.funding, from, to), money: spansInWindow(analysis.money, from, to), pageRef: spansInWindow(analysis.pageRefs, from, to) };
}

/** What was last painted per document: lets tests (through the extension's API) see the highlights. */
export type HighlightSnapshot = Partial<Record<HighlightCategory, vscode.Range[]>>;

export interface Highlights extends vscode.Disposable {
  snapshot(uri: vscode.Uri): HighlightSnapshot | undefined;
}

/**
 * Lines painted above and below the visible ones. Only this window is decorated:
 * the renderer's cost grows with the number of ranges (a 1 MB document has ~35,000
 * matches), so a whole-document paint made every edit slow.
 */
const MARGIN_LINES = 150;

export function register(analyses: AnalysisService, engines: EngineService): Highlights {
  const types = createTypes();
  const categories = Object.keys(types) as HighlightCategory[];
  const painted = new Map<string, HighlightSnapshot>();
  /** The painted line window per editor, to repaint only when scrolling leaves it. */
  const windows = new WeakMap<vscode.TextEditor, { first: number; last: number }>();
  /** What each visible editor was last sent per category, and the lines edited since (core/edited-lines.ts). */
  const sent = new Map<vscode.TextEditor, { ranges: HighlightSnapshot; edited: EditedLines }>();

  const paint = (editor: vscode.TextEditor, analysis: Analysis | undefined) => {
    const { document } = editor;
    const settings = readSettings(document.uri);
    const shown = new Set(settings.highlightEnabled ? settings.highlightCategories : []);
    const entries = engines.engineFor(document.uri).entries;
    const visible = editor.visibleRanges;
    const first = Math.max(0, (visible[0]?.start.line ?? 0) - MARGIN_LINES);
    const last = Math.min(document.lineCount - 1, (visible.at(-1)?.end.line ?? 0) + MARGIN_LINES);
    const from = document.offsetAt(new vscode.Position(first, 0));
    const to = document.offsetAt(document.lineAt(last).range.end);
    windows.set(editor, { first, last });
    const spans = analysis && shown.size > 0
      ? spansInWindowByCategory(analysis, from, to, (id) => entries.get(id)?.kinds.includes('party') ?? false)
      : undefined;
    const snapshot: HighlightSnapshot = {};
    let prior = sent.get(editor);
    if (prior === undefined) sent.set(editor, prior = { ranges: {}, edited: new EditedLines() });
    for (const category of categories) {
      const ranges = spans && shown.has(category) ? spans[category].map((s) => toRange(document, s)) : [];
      // A category the renderer already shows exactly (typing elsewhere) is not sent again.
      if (prior.edited.unchanged(prior.ranges[category], ranges, (r) => r)) snapshot[category] = prior.ranges[category];
      else {
        editor.setDecorations(types[category], ranges);
        snapshot[category] = ranges;
      }
    }
    prior.ranges = snapshot;
    prior.edited.clear();
    painted.set(document.uri.toString(), snapshot);
  };
  const paintVisible = () => {
    for (const editor of vscode.window.visibleTextEditors) paint(editor, analyses.peek(editor.document) ?? analyses.get(editor.document));
  };

  const disposable = vscode.Disposable.from(
    ...Object.values(types),
    analyses.onDidAnalyze(({ document, analysis }) => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) paint(editor, analysis);
    }),
    vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor, visibleRanges }) => {
      const w = windows.get(textEditor);
      const top = visibleRanges[0]?.start.line ?? 0;
      const bottom = visibleRanges.at(-1)?.end.line ?? 0;
      if (w && top >= w.first && bottom <= w.last) return;
      paint(textEditor, analyses.peek(textEditor.document));
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const editor of sent.keys()) if (!editors.includes(editor)) sent.delete(editor);
      paintVisible();
    }),
    vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      for (const [editor, prior] of sent) {
        if (editor.document === document) for (const c of contentChanges) prior.edited.note(c.range.start.line, c.range.end.line, c.text);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(settingId(Setting.highlightEnabled)) || e.affectsConfiguration(settingId(Setting.highlightCategories))) paintVisible(); }),
    vscode.commands.registerCommand(CommandId.toggleHighlighting, async () => {
      const enabled = !readSettings().highlightEnabled;
      await updateSetting(Setting.highlightEnabled, enabled);
      void vscode.window.setStatusBarMessage(`Policy Lens: highlighting ${enabled ? 'on' : 'off'}`, 3000);
      return enabled;
    }),
  );
  return { dispose: () => disposable.dispose(), snapshot: (uri) => painted.get(uri.toString()) };
}
