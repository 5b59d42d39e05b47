/**
 * Search Annotations: the inverted word index (`core/search.ts`) kept in step with the store.
 * Sidecars a workspace load reads (`onDidLoad`, whoever started the load: this command or the
 * Annotations view) and each sidecar change (`onDidChange`) are queued, and indexed once loading
 * has gone quiet, a slice at a time, so the load (and the view's counts and anchors) does not
 * wait for the index; a search indexes whatever is still queued first. The index is complete once
 * one workspace load has finished; a change of many sidecars at once starts it again.
 */
import * as vscode from 'vscode';
import { AnnotationStore, DocumentAnnotations } from '../adapters/annotation-store';
import { Log } from '../adapters/log';
import { CommandId } from '../constants';
import { AnnotationIndex, createAnnotationIndex, SearchRecord } from '../core/search';
import { isFocusedOrNothing, isText, matchShape, refuse } from './command-args';

export type Reveal = (uri: vscode.Uri, id: string) => Promise<void>;

function recordsOf(entry: DocumentAnnotations): SearchRecord[] {
  const docUri = entry.docUri;
  const document = vscode.workspace.asRelativePath(docUri);
  const prefix = `${docUri.toString()}#`;
  return entry.annotations.map((a) => ({ key: prefix + a.id, note: a.note, quote: a.quote, tag: a.tag, document }));
}

/** Quiet time after the last queued sidecar before indexing starts (a load announces batches faster). */
const QUIET_MS = 250;
/** Indexing runs in slices of about this long, yielding between them. */
const SLICE_MS = 15;

/** The index over every annotation in the workspace, built from queued sidecars on idle and updated per sidecar. */
export class AnnotationSearch implements vscode.Disposable {
  private index: AnnotationIndex = createAnnotationIndex();
  /** Documents whose records are in `index` or queued for it. */
  private readonly indexed = new Set<string>();
  /** Entries waiting to be indexed, by document URI (a later change replaces an earlier one). */
  private readonly queue = new Map<string, DocumentAnnotations>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private complete = false;
  private loading: Promise<AnnotationIndex> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: AnnotationStore) {
    this.subscriptions = [
      store.onDidLoad((entries) => { for (const e of entries) this.put(e); }),
      store.onDidChange((uri) => {
        if (!uri) { this.reset(); return; } // Many may have changed: index again at the next search.
        const entry = store.peek(uri);
        if (entry) this.put(entry);
        else {
          this.queue.delete(uri.toString());
          this.index.replaceGroup(uri.toString(), []);
          this.indexed.delete(uri.toString());
        }
      }),
    ];
  }

  /** The complete index (the workspace's sidecars loaded first if they never were), with nothing left queued. */
  ready(): Promise<AnnotationIndex> {
    if (this.complete) return Promise.resolve(this.flush());
    this.loading ??= (async () => {
      const load = () => this.store.loadWorkspace();
      const entries = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Policy Lens: loading annotations' }, load);
      // Those the store knew already were not announced: index them now (the rest are in or queued).
      for (const e of entries) if (!this.indexed.has(e.docUri.toString())) this.put(this.store.peek(e.docUri) ?? e);
      this.complete = true;
      return this.flush();
    })().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  /** Documents queued and not indexed yet (for tests). */
  get queued(): number {
    return this.queue.size;
  }

  /** Indexes everything queued now; the index, ready for a query. */
  flush(): AnnotationIndex {
    this.cancelTimer();
    for (const [key, entry] of this.queue) this.index.replaceGroup(key, recordsOf(entry));
    this.queue.clear();
    this.index.prepare();
    return this.index;
  }

  private put(entry: DocumentAnnotations): void {
    const key = entry.docUri.toString();
    this.queue.delete(key); // re-inserted last: the newest state is indexed after older ones
    this.queue.set(key, entry);
    this.indexed.add(key);
    this.cancelTimer();
    this.timer = setTimeout(() => this.drain(), QUIET_MS);
  }

  /** Indexes queued entries for about SLICE_MS, then yields and goes on, until the queue is empty. */
  private drain(): void {
    this.timer = undefined;
    const until = Date.now() + SLICE_MS;
    for (const [key, entry] of this.queue) {
      this.queue.delete(key);
      this.index.replaceGroup(key, recordsOf(entry));
      if (Date.now() >= until) break;
    }
    if (this.queue.size > 0) this.timer = setTimeout(() => this.drain(), 0);
    else this.index.prepare();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private reset(): void {
    this.cancelTimer();
    this.queue.clear();
    this.index = createAnnotationIndex();
    this.indexed.clear();
    this.complete = false;
  }

  dispose(): void {
    this.cancelTimer();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** A quick pick over the index: each keystroke searches it; accepting an item reveals the annotation. */
function showSearchPick(search: AnnotationSearch, reveal: Reveal): void {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { key: string }>();
  pick.title = `Policy Lens: search ${search.flush().size} annotations`;
  pick.placeholder = 'Search notes, quotes and tags';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const show = (q: string) => {
    pick.items = search.flush().search(q).map((r) => ({
      label: r.quote.replace(/\s+/g, ' ').slice(0, 80), description: `${r.tag} · ${r.document}`,
      detail: r.note.replace(/\s+/g, ' ').slice(0, 120), alwaysShow: true, key: r.key,
    }));
  };
  show('');
  pick.onDidChangeValue(show);
  pick.onDidAccept(() => {
    const key = pick.selectedItems[0]?.key;
    pick.hide();
    if (!key) return;
    const hash = key.lastIndexOf('#');
    void reveal(vscode.Uri.parse(key.slice(0, hash)), key.slice(hash + 1));
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

/** `Search Annotations`: from the palette or the view's title bar a quick pick; from code, the records matching a query. */
export function registerSearch(store: AnnotationStore, log: Log, reveal: Reveal): vscode.Disposable {
  const search = new AnnotationSearch(store);
  return vscode.Disposable.from(
    search,
    vscode.commands.registerCommand(CommandId.searchAnnotations, async (...args: unknown[]) => {
      // Palette: nothing. The view's title bar: the focused tree item or nothing. Code: a query.
      const shape = matchShape(args, [[isFocusedOrNothing], [isText]]);
      if (shape < 0) return refuse(log, 'Search Annotations', args, 'nothing (command palette, the Annotations view) or a search text');
      const index = await search.ready();
      if (shape === 1) return index.search(args[0] as string);
      showSearchPick(search, reveal);
      return undefined;
    }),
  );
}
