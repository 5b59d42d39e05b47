/**
 * The Annotations view in the Policy Lens sidebar: for the active document or
 * the whole workspace, grouped by document and by tag with counts, plus an
 * Orphaned group. Items carry a contextValue that drives their menus.
 */
import * as vscode from 'vscode';
import { AnnotationStore, DocumentAnnotations, hasSidecar } from '../adapters/annotation-store';
import { isPolicyUri } from '../adapters/document-uris';
import { CommandId, ViewId } from '../constants';
import { Log } from '../adapters/log';
import { Annotation } from '../core/annotations';
import { annotationTooltipMarkdown } from '../core/hover-text';
import { untrustedMarkdown } from '../adapters/problems';
import { isFocusedOrNothing, matchShape, refuse } from './command-args';

export type Scope = 'document' | 'workspace';

export type Node =
  | { kind: 'document'; entry: DocumentAnnotations }
  | { kind: 'tag'; entry: DocumentAnnotations; tag: string; items: Annotation[] }
  | { kind: 'orphans'; entries: DocumentAnnotations[] }
  | { kind: 'annotation'; entry: DocumentAnnotations; annotation: Annotation; orphaned: boolean }
  | { kind: 'problem'; entry: DocumentAnnotations };

const short = (s: string, n = 60) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

const annotationCount = (n: number) => `${n} ${n === 1 ? 'annotation' : 'annotations'}`;

/** Orphaned as far as is known: a workspace-loaded document not anchored yet has none known. */
const isOrphan = (entry: DocumentAnnotations, a: Annotation) => !entry.anchorsPending && entry.anchors.get(a.id)?.status !== 'anchored';

export class AnnotationTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private shownScope: Scope = 'document';
  private openThreadsOnly = false;
  private workspaceEntries: DocumentAnnotations[] | undefined;
  /** Anchoring the workspace's documents in the background, for the Orphaned group. */
  private anchoring: vscode.CancellationTokenSource | undefined;

  /** The document "This document" last showed (see shownDocument). */
  private lastDocument: vscode.Uri | undefined;

  constructor(private readonly store: AnnotationStore) {}

  /**
   * The document "This document" lists: the active editor's, unless that editor holds no document
   * Policy Lens works on (a comment's reply box, the output, a git diff): then the document shown
   * before it, while it is still open. Typing a reply no longer empties the view.
   */
  private shownDocument(): vscode.Uri | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.lastDocument = undefined;
    if (isPolicyUri(editor.document.uri)) return this.lastDocument = editor.document.uri;
    const last = this.lastDocument?.toString();
    if (last === undefined || !vscode.workspace.textDocuments.some((d) => d.uri.toString() === last)) return this.lastDocument = undefined;
    return this.lastDocument;
  }

  /** The active document's annotations, or the whole workspace's (read again from disk on each switch to it). */
  get scope(): Scope { return this.shownScope; }
  set scope(scope: Scope) {
    if (scope === this.shownScope) return;
    this.shownScope = scope;
    this.refresh(true);
  }

  /** Only annotations whose thread is open (not resolved). */
  get openOnly(): boolean { return this.openThreadsOnly; }
  set openOnly(openOnly: boolean) {
    if (openOnly === this.openThreadsOnly) return;
    this.openThreadsOnly = openOnly;
    this.refresh();
  }

  refresh(resetWorkspace = false): void {
    if (resetWorkspace) {
      this.workspaceEntries = undefined;
      this.anchoring?.cancel();
      this.anchoring = undefined;
    }
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.anchoring?.cancel();
    this.changed.dispose();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      // A workspace-loaded document is anchored when its node is expanded.
      case 'document': return this.groups(await this.store.ensure(node.entry.docUri), this.scope === 'document');
      case 'tag': return node.items.map((annotation) => ({ kind: 'annotation', entry: node.entry, annotation, orphaned: false }) as Node);
      case 'orphans': return node.entries.flatMap((entry) => entry.annotations.filter((a) => isOrphan(entry, a))
        .map((annotation) => ({ kind: 'annotation', entry, annotation, orphaned: true }) as Node));
      default: return [];
    }
  }

  private async roots(): Promise<Node[]> {
    if (this.scope === 'document') {
      const uri = this.shownDocument();
      if (!uri) return [];
      const entry = await this.store.ensure(uri);
      return this.groups(entry, true);
    }
    if (!this.workspaceEntries) {
      this.workspaceEntries = await vscode.window.withProgress(
        { location: { viewId: ViewId.annotations }, title: 'Loading annotations' },
        (_p, token) => this.store.loadWorkspace(token),
      );
      this.anchorInBackground();
    }
    const entries = this.workspaceEntries.map((e) => this.store.peek(e.docUri) ?? e)
      .filter((e) => e.state === 'invalid' || e.annotations.length > 0)
      .sort((a, b) => a.docUri.path.localeCompare(b.docUri.path));
    const nodes: Node[] = entries.map((entry) => ({ kind: 'document', entry }));
    const withOrphans = entries.filter((e) => e.annotations.some((a) => isOrphan(e, a)));
    if (withOrphans.length) nodes.push({ kind: 'orphans', entries: withOrphans });
    return nodes;
  }

  /** The counts are shown from the parse; the Orphaned group fills in once every document is anchored. */
  private anchorInBackground(): void {
    this.anchoring?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.anchoring = source;
    void this.store.anchorPending(source.token).then((count) => {
      if (source.token.isCancellationRequested) return;
      this.anchoring = undefined;
      if (count > 0) this.refresh();
    }, () => undefined);
  }

  private groups(entry: DocumentAnnotations, includeOrphans: boolean): Node[] {
    if (entry.state === 'invalid') return [{ kind: 'problem', entry }];
    const byTag = new Map<string, Annotation[]>();
    for (const a of entry.annotations) {
      if (isOrphan(entry, a) || (this.openOnly && a.status === 'resolved')) continue;
      byTag.set(a.tag, [...(byTag.get(a.tag) ?? []), a]);
    }
    const nodes: Node[] = [...byTag].sort(([a], [b]) => a.localeCompare(b)).map(([tag, items]) => ({ kind: 'tag', entry, tag, items }));
    if (includeOrphans && entry.annotations.some((a) => isOrphan(entry, a))) nodes.push({ kind: 'orphans', entries: [entry] });
    return nodes;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'document': {
        // The file name as the label and the count first in the description: the row's right
        // end carries VS Code's problem count, and a long path there used to push the
        // annotation count out of sight.
        const relative = vscode.workspace.asRelativePath(node.entry.docUri);
        const slash = relative.lastIndexOf('/');
        const item = new vscode.TreeItem(relative.slice(slash + 1), vscode.TreeItemCollapsibleState.Collapsed);
        const count = annotationCount(node.entry.annotations.length);
        const folder = slash > 0 ? ` · ${relative.slice(0, slash)}` : '';
        item.description = node.entry.state === 'invalid' ? `unreadable sidecar${folder}` : `${count}${folder}`;
        item.tooltip = node.entry.state === 'invalid' ? `${relative}: the sidecar does not parse` : `${relative}: ${count}`;
        item.resourceUri = node.entry.docUri;
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'document';
        return item;
      }
      case 'tag': {
        const tag = this.store.codebook(node.entry.docUri).find((t) => t.id === node.tag);
        const item = new vscode.TreeItem(tag?.label ?? node.tag, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.items.length}`;
        item.iconPath = new vscode.ThemeIcon('tag');
        item.tooltip = tag?.description;
        item.contextValue = 'tag';
        return item;
      }
      case 'orphans': {
        const count = node.entries.reduce((n, e) => n + e.annotations.filter((a) => isOrphan(e, a)).length, 0);
        const item = new vscode.TreeItem('Orphaned', vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${count}`;
        item.iconPath = new vscode.ThemeIcon('warning');
        item.tooltip = 'Annotations whose text was not found in the document. They are kept in the sidecar untouched; select the passage and use "Re-attach Annotation to Selection".';
        item.contextValue = 'orphans';
        return item;
      }
      case 'annotation': {
        const { annotation: a, entry } = node;
        const item = new vscode.TreeItem(short(a.quote) || '(empty quote)', vscode.TreeItemCollapsibleState.None);
        const replies = a.replies?.length ?? 0;
        const badges = [
          a.conflicts?.length ? 'merge conflict' : undefined,
          a.status === 'resolved' ? 'resolved' : undefined,
          replies ? `${replies} ${replies === 1 ? 'reply' : 'replies'}` : undefined,
        ].filter(Boolean);
        item.description = [...badges, short(a.note, 50)].filter(Boolean).join(' · ');
        item.tooltip = untrustedMarkdown(annotationTooltipMarkdown(a));
        item.iconPath = new vscode.ThemeIcon(node.orphaned ? 'debug-disconnect' : a.conflicts?.length ? 'git-merge' : a.status === 'resolved' ? 'pass' : replies ? 'comment-discussion' : 'note');
        // '.conflict' adds Resolve Merge Conflict to the item's menu.
        item.contextValue = `${node.orphaned ? 'annotation.orphaned' : 'annotation'}${a.conflicts?.length ? '.conflict' : ''}`;
        item.command = { title: 'Reveal', command: CommandId.revealAnnotation, arguments: [entry.docUri, a.id] };
        item.id = `${entry.docUri.toString()}#${a.id}${node.orphaned ? '#orphan' : ''}`;
        return item;
      }
      case 'problem': {
        const first = node.entry.problems[0];
        const item = new vscode.TreeItem('Sidecar unreadable: fix it to annotate this document', vscode.TreeItemCollapsibleState.None);
        item.description = first ? `line ${first.line}, column ${first.column}: ${first.message}` : '';
        item.iconPath = new vscode.ThemeIcon('error');
        item.tooltip = node.entry.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n');
        item.command = { title: 'Open', command: 'vscode.open', arguments: [node.entry.sidecarUri] };
        item.contextValue = 'problem';
        return item;
      }
    }
  }
}

export interface AnnotationView extends vscode.Disposable {
  tree: AnnotationTree;
  view: vscode.TreeView<Node>;
}

export function register(store: AnnotationStore, log: Log): AnnotationView {
  const tree = new AnnotationTree(store);
  const view = vscode.window.createTreeView(ViewId.annotations, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  // The description names what the tree shows, however scope or filter were changed.
  const updateTitle = () => { view.description = `${tree.scope === 'document' ? 'This document' : 'Workspace'}${tree.openOnly ? ' · open threads' : ''}`; };
  updateTitle();
  const disposable = vscode.Disposable.from(
    tree,
    view,
    tree.onDidChangeTreeData(updateTitle),
    store.onDidChange(() => tree.refresh()),
    // An edit rebuilds the tree only when it orphaned an annotation or let one find its text again.
    store.onDidMoveAnchors(({ orphansChanged }) => { if (orphansChanged) tree.refresh(); }),
    vscode.window.onDidChangeActiveTextEditor(() => { if (tree.scope === 'document') tree.refresh(); }),
    vscode.commands.registerCommand(CommandId.toggleAnnotationScope, (...args: unknown[]) => {
      // The view's title bar passes the focused item (or nothing); the palette nothing.
      if (matchShape(args, [[isFocusedOrNothing]]) < 0) return refuse(log, 'Toggle Annotations: This Document / Workspace', args, 'nothing');
      tree.scope = tree.scope === 'document' ? 'workspace' : 'document';
      return tree.scope;
    }),
    vscode.commands.registerCommand(CommandId.toggleOpenThreadsOnly, (...args: unknown[]) => {
      if (matchShape(args, [[isFocusedOrNothing]]) < 0) return refuse(log, 'Show Only Open Threads', args, 'nothing');
      tree.openOnly = !tree.openOnly;
      return tree.openOnly;
    }),
    vscode.commands.registerCommand(CommandId.refreshAnnotations, async (...args: unknown[]) => {
      if (matchShape(args, [[isFocusedOrNothing]]) < 0) return refuse(log, 'Refresh Annotations', args, 'nothing');
      await Promise.all(vscode.workspace.textDocuments.filter((d) => hasSidecar(d.uri)).map((d) => store.reload(d.uri)));
      tree.refresh(true);
    }),
  );
  return { tree, view, dispose: () => disposable.dispose() };
}
