/**
 * `Policy Lens: Compare Documents`: the matrix of parties and terms across documents in a
 * webview (palette: the whole workspace; explorer: the folder or the selected files; the
 * Findings view's title bar). Clicking a count selects that entry's mentions in the document;
 * clicking a document name opens it; two selected columns open their difference.
 * `Policy Lens: Compare Two Documents` (explorer, two files) opens the difference directly.
 * `Policy Lens: Compare with Previous Revision` (a file's tab or Explorer menu, the palette for the
 * active file) opens the difference between the file and its previous committed revision, read
 * through VS Code's Git extension (src/adapters/git-history.ts).
 */
import * as vscode from 'vscode';
import { CompareRun, CompareStore, ComparedDocument } from '../adapters/compare-store';
import { EngineService } from '../adapters/engine-service';
import { GitHistory, isUnavailable, Unavailable } from '../adapters/git-history';
import { HtmlView, renderMarkdown } from '../adapters/html-view';
import { Log } from '../adapters/log';
import { CommandId } from '../constants';
import { documentDate } from '../core/compare/dating';
import { diffDocuments, DiffSide } from '../core/compare/diff';
import { diffMarkdown } from '../core/compare/format';
import { buildMatrix, Matrix } from '../core/compare/matrix';
import { countWords } from '../core/text/words';
import { CompareMessage, comparePage, isCompareMessage, viewData } from '../core/compare/view-page';
import { Engine } from '../core/engine';
import { isFocusedOrNothing, isUri, matchShape, optional, refuse, Shape } from './command-args';

/** Files the matrix takes from folders and the workspace (a file named explicitly is always taken). */
const DOCUMENT_GLOB = '**/*.{md,markdown,txt}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/.vscode-test/**,**/out/**,**/dist/**}';
/** The default difference factor for rises and falls. */
export const DIFF_FACTOR = 2;

const isUriList = (v: unknown) => Array.isArray(v) && v.every((x) => x instanceof vscode.Uri);
/** Palette / keys: nothing; the view's title bar: the focused item or nothing; the explorer: (uri, uris[]). */
const COMPARE_SHAPES: Shape[] = [[], [isFocusedOrNothing], [isUri, optional(isUriList)]];
const TAKES_COMPARE = 'nothing (the whole workspace), or a folder or files from the Explorer';
const TWO_SHAPES: Shape[] = [[], [isUri, optional(isUriList)], [isUri, isUri]];
const TAKES_TWO = 'two documents selected in the Explorer';
/** An editor tab's context menu passes (uri, { groupId, editorIndex }). */
const isEditorIdentifier = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { groupId?: unknown }).groupId === 'number';
/** Palette: the active editor; a tab or the editor: (uri[, editor]); the Explorer: (uri, uris[]). */
const PREVIOUS_SHAPES: Shape[] = [[], [isUri], [isUri, isEditorIdentifier], [isUri, optional(isUriList)]];
const TAKES_PREVIOUS = 'nothing (the active document), or one document from its tab or the Explorer';

/** What the page reports once its table is drawn. */
export type RenderReport = Omit<Extract<CompareMessage, { type: 'rendered' }>, 'type'>;

/** What the integration tests and the screenshot script read. */
export interface ComparisonState {
  matrix: Matrix;
  documents: ComparedDocument[];
  run: CompareRun;
}

export class CompareView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly diffView = new HtmlView('policyLens.compareTwo');
  private readonly disposables: vscode.Disposable[] = [this.diffView];
  /** The matrix on screen. */
  state: ComparisonState | undefined;
  /** Settles when the page last shown reports its table drawn (the bench and the tests wait on it). */
  rendered: Promise<RenderReport> = Promise.resolve({ ms: 0, columns: 0, rows: 0 });
  private onRendered: ((r: RenderReport) => void) | undefined;
  private engine: Engine | undefined;

  constructor(private readonly engines: EngineService, private readonly store: CompareStore, private readonly git: GitHistory, private readonly log: Log) {
    this.disposables.push(
      store,
      vscode.commands.registerCommand(CommandId.compareWithPreviousRevision, (...args: unknown[]) => this.compareWithPreviousCommand(args)),
      vscode.commands.registerCommand(CommandId.compareDocuments, (...args: unknown[]) => this.compareCommand(args)),
      vscode.commands.registerCommand(CommandId.compareTwoDocuments, (...args: unknown[]) => this.compareTwoCommand(args)),
    );
  }

  get webview(): vscode.Webview | undefined {
    return this.panel?.webview;
  }

  private async compareCommand(args: unknown[]): Promise<ComparisonState | undefined> {
    const shape = matchShape(args, COMPARE_SHAPES);
    if (shape < 0) return refuse(this.log, 'Compare Documents', args, TAKES_COMPARE);
    let targets: vscode.Uri[];
    if (shape === 2) {
      const list = (args[1] as vscode.Uri[] | undefined)?.length ? (args[1] as vscode.Uri[]) : [args[0] as vscode.Uri];
      targets = await expand(list);
    } else {
      targets = await vscode.workspace.findFiles(DOCUMENT_GLOB, EXCLUDE_GLOB);
    }
    if (targets.length === 0) {
      void vscode.window.showInformationMessage('Policy Lens: no Markdown or plain-text documents to compare here.');
      return undefined;
    }
    return this.open(targets);
  }

  /** Analyses `uris` (cancellable, with progress) and shows the matrix. */
  async open(uris: readonly vscode.Uri[]): Promise<ComparisonState | undefined> {
    await this.engines.ready;
    const engine = this.engines.engineFor(uris[0]);
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Policy Lens: comparing documents', cancellable: true },
      (progress, token) => {
        let reported = 0;
        return this.store.summarise(uris, engine, (done, total) => {
          const pct = (done / total) * 100;
          if (pct - reported >= 1 || done === total) {
            progress.report({ increment: pct - reported, message: `${done} of ${total}` });
            reported = pct;
          }
        }, token);
      },
    );
    if (!run) {
      void vscode.window.showInformationMessage('Policy Lens: comparison cancelled.');
      return undefined;
    }
    const config = engine.config;
    const expected = new Set([...config.expectedParties, ...(config.expectedTerms ?? [])]);
    const by = run.documents.some((d) => d.date) ? 'date' : 'name';
    const inputs = run.documents.map((d) => ({ path: d.path, date: d.date, summary: d.summary, error: d.error }));
    const matrix = buildMatrix(engine.entries.values(), inputs, { terms: true, expected, by });
    const byPath = new Map(run.documents.map((d) => [d.path, d]));
    const ordered = matrix.documents.map((col) => byPath.get(col.path)!);
    this.engine = engine;
    this.state = { matrix, documents: ordered, run };
    this.log.info(`Compare Documents: ${uris.length} documents, ${run.analysed} analysed, ${run.unread} unchanged since last time.`);
    this.show(matrix, by);
    return this.state;
  }

  private show(matrix: Matrix, by: 'date' | 'name'): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('policyLens.compare', 'Compare Documents', vscode.ViewColumn.Active,
        { enableScripts: true, enableCommandUris: false, localResourceRoots: [], retainContextWhenHidden: true });
      this.panel.onDidDispose(() => { this.panel = undefined; this.state = undefined; }, null, this.disposables);
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m), null, this.disposables);
    } else {
      this.panel.reveal();
    }
    this.panel.title = `Compare Documents (${matrix.documents.length})`;
    this.rendered = new Promise((resolve) => { this.onRendered = resolve; });
    this.panel.webview.html = comparePage(viewData(matrix, by), nonce(), this.panel.webview.cspSource);
  }

  /** What the webview posts: the path a click in the page takes (the integration tests call it the same way). */
  async handleMessage(message: unknown): Promise<vscode.TextEditor | undefined> {
    if (!isCompareMessage(message)) return undefined;
    if (message.type === 'rendered') {
      this.onRendered?.({ ms: message.ms, columns: message.columns, rows: message.rows });
      return undefined;
    }
    if (!this.state) return undefined;
    try {
      return await this.act(message, this.state);
    } catch (err) {
      this.log.error('Compare Documents', err);
      void vscode.window.showErrorMessage(`Policy Lens: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private async act(message: CompareMessage, state: ComparisonState): Promise<vscode.TextEditor | undefined> {
    switch (message.type) {
      case 'openDocument': {
        const doc = state.documents[message.column];
        return doc ? vscode.window.showTextDocument(doc.uri, { viewColumn: vscode.ViewColumn.Beside, preview: true }) : undefined;
      }
      case 'openCell': {
        const doc = state.documents[message.column];
        if (!doc || !this.engine) return undefined;
        return this.selectMentions(doc, message.row, this.engine);
      }
      case 'compareTwo': {
        const [a, b] = message.columns.map((c) => state.documents[c]);
        if (a && b) await this.showDifference(a.uri, b.uri);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Opens the document with every mention of `entryId` selected, the first revealed. */
  private async selectMentions(doc: ComparedDocument, entryId: string, engine: Engine): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(doc.uri);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    const mentions = engine.mentions(document.getText()).filter((m) => m.entryId === entryId);
    const label = engine.entries.get(entryId)?.label ?? entryId;
    if (mentions.length === 0) {
      void vscode.window.showInformationMessage(`Policy Lens: ${label} is never mentioned in ${doc.path}.`);
      return editor;
    }
    editor.selections = mentions.map((m) => new vscode.Selection(document.positionAt(m.start), document.positionAt(m.end)));
    editor.revealRange(editor.selections[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    vscode.window.setStatusBarMessage(`Policy Lens: ${mentions.length} mention${mentions.length === 1 ? '' : 's'} of ${label} selected`, 5000);
    return editor;
  }

  private async compareTwoCommand(args: unknown[]): Promise<string | undefined> {
    const shape = matchShape(args, TWO_SHAPES);
    if (shape < 0) return refuse(this.log, 'Compare Two Documents', args, TAKES_TWO);
    const list = shape === 1 ? ((args[1] as vscode.Uri[] | undefined) ?? [args[0] as vscode.Uri]) : shape === 2 ? [args[0] as vscode.Uri, args[1] as vscode.Uri] : [];
    if (list.length !== 2) {
      void vscode.window.showInformationMessage('Policy Lens: select two documents in the Explorer (Ctrl+click) and choose "Compare Two Documents", or tick two columns in Compare Documents.');
      return undefined;
    }
    return this.showDifference(list[0], list[1]);
  }

  /** The difference between two documents, earlier (by date, else as given) first, rendered beside. */
  async showDifference(first: vscode.Uri, second: vscode.Uri): Promise<string | undefined> {
    await this.engines.ready;
    const engine = this.engines.engineFor(first);
    const sides: DiffSide[] = [];
    for (const uri of [first, second]) {
      const document = await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined);
      if (!document) {
        void vscode.window.showErrorMessage(`Policy Lens: cannot read ${vscode.workspace.asRelativePath(uri)} as text.`);
        return undefined;
      }
      sides.push(side(engine, vscode.workspace.asRelativePath(uri, false), document.getText()));
    }
    // Earlier first when both carry a date (front matter or file name).
    const dateOf = (s: DiffSide) => documentDate(s.path, s.text)?.date;
    const [da, db] = sides.map(dateOf);
    const [before, after] = da && db && db < da ? [sides[1], sides[0]] : sides;
    return this.renderDifference(engine, before, after);
  }

  private async renderDifference(engine: Engine, before: DiffSide, after: DiffSide): Promise<string> {
    const markdown = diffMarkdown(before.path, after.path, diffDocuments(engine.entries.values(), before, after, { factor: DIFF_FACTOR }), DIFF_FACTOR);
    this.diffView.show(`${before.path.slice(before.path.lastIndexOf('/') + 1)} → ${after.path.slice(after.path.lastIndexOf('/') + 1)}`, await renderMarkdown(markdown), false);
    return markdown;
  }

  private async compareWithPreviousCommand(args: unknown[]): Promise<string | Unavailable | undefined> {
    const shape = matchShape(args, PREVIOUS_SHAPES);
    if (shape < 0) return refuse(this.log, 'Compare with Previous Revision', args, TAKES_PREVIOUS);
    const uri = shape === 0 ? vscode.window.activeTextEditor?.document.uri : (args[0] as vscode.Uri);
    if (!uri) {
      void vscode.window.showInformationMessage('Policy Lens: open a document first, or choose "Compare with Previous Revision" on a file in the Explorer.');
      return undefined;
    }
    return this.compareWithPrevious(uri);
  }

  /**
   * The difference between `uri` as it is now (as open in the editor, else on disk) and its
   * previous committed revision; the reason when git history is not available.
   */
  async compareWithPrevious(uri: vscode.Uri): Promise<string | Unavailable | undefined> {
    const document = await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined);
    const name = vscode.workspace.asRelativePath(uri, false);
    if (!document) {
      void vscode.window.showErrorMessage(`Policy Lens: cannot read ${name} as text.`);
      return undefined;
    }
    const text = document.getText();
    const revision = await this.git.previousRevision(uri, text);
    if (isUnavailable(revision)) {
      void vscode.window.showInformationMessage(`Policy Lens: cannot compare with the previous revision: ${revision.unavailable}.`);
      this.log.info(`Compare with Previous Revision: ${revision.unavailable}`);
      return revision;
    }
    await this.engines.ready;
    const engine = this.engines.engineFor(uri);
    const label = `${name} @ ${revision.commit}${revision.date ? ` (${revision.date})` : ''}`;
    return this.renderDifference(engine, side(engine, label, revision.text), side(engine, name, text));
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function side(engine: Engine, path: string, text: string): DiffSide {
  return { path, text, words: countWords(text), mentions: engine.mentions(text), sentences: engine.sentences(text) };
}

/** Folders become the documents under them; files stay as they are. */
async function expand(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const seen = new Set<string>();
  const add = (u: vscode.Uri) => { if (!seen.has(u.toString())) { seen.add(u.toString()); out.push(u); } };
  for (const uri of uris) {
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      add(uri); // shown as a column marked "not analysed", with the reason
      continue;
    }
    if (type & vscode.FileType.Directory) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, DOCUMENT_GLOB), EXCLUDE_GLOB);
      found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).forEach(add);
    } else add(uri);
  }
  return out;
}

function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function register(engines: EngineService, storage: vscode.Uri | undefined, log: Log): CompareView {
  const git = new GitHistory();
  return new CompareView(engines, new CompareStore(storage, log, (uri) => git.addedDate(uri)), git, log);
}
