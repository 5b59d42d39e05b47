/**
 * The one owner of annotation state in the editor: loads `<doc>.annotations.yaml`, anchors
 * each annotation against the document's current text, watches sidecars for changes made
 * outside (git, another window), and writes through the conflict-safe SidecarStore. Writes
 * flow one way: command -> here -> `SidecarStore.save` -> the Sidecar it returns becomes the
 * state (no re-read); the watcher's echo of our own write is ignored.
 *
 * Two events: `onDidChange` when the sidecar or its suppressions changed (findings are
 * re-filtered, the tree rebuilt), `onDidMoveAnchors` when an edit moved the anchors (only the
 * annotation highlights repaint).
 */
import * as vscode from 'vscode';
import { SIDECAR_SUFFIX } from '../constants';
import {
  addAnnotation, addSuppression, Annotation, AnchorResult, anchorAnnotations, CodebookTag, makeAnchor, newAnnotationId, removeAnnotation,
  removeSuppressions, renameDocument, resolveCodebook, restoreAnnotation, Sidecar, updateAnnotation, updateStartHints,
  addReply, AnnotationStatus, removeReply, Reply, resolveConflict, setStatus, updateReply,
} from '../core/annotations';
import { hintsToRefresh } from '../core/annotations/hints';
import { AnchorEdit, moveAnchors } from '../core/annotations/move';
import { parseSuppressions, Suppression } from '../core/suppressions';
import { FileProblem } from '../core/types';
import { canHaveSidecarUri } from './document-uris';
import { EngineService } from './engine-service';
import { Log } from './log';
import { gitUserName, localPath } from './node-git';
import { osUserName } from './node-user';
import { toDiagnostic } from './problems';
import { readSettings } from './settings';
import { LoadedSidecar, SidecarStore, WriteObserver } from './sidecar-store';
import { VscodeFileSystem } from './vscode-fs';

export type SidecarState = 'none' | 'ok' | 'invalid';

export interface AnchorsMoved {
  uri: vscode.Uri;
  /** Some annotation became orphaned or found its text again (the tree shows that). */
  orphansChanged: boolean;
}

export interface DocumentAnnotations {
  docUri: vscode.Uri;
  sidecarUri: vscode.Uri;
  state: SidecarState;
  /** The sidecar's `document:` field. */
  documentName?: string;
  problems: FileProblem[];
  annotations: Annotation[];
  /** Anchors against the document's current text, by annotation id. */
  anchors: Map<string, AnchorResult>;
  /** The version of the open document `anchors` were computed on (undefined: the file on disk). */
  version?: number;
  /**
   * True while `anchors` is not computed yet: a workspace load reads every sidecar but anchors a
   * document only when it is needed (`ensure`: its tree node expanded, the document opened, an
   * annotation revealed) or in the background (`anchorPending`).
   */
  anchorsPending?: boolean;
  suppressions: Suppression[];
}

/** What undoes one write of ours: the sidecar's exact text before (undefined: no file) and after. */
export interface SidecarUndo {
  docUri: vscode.Uri;
  before: string | undefined;
  after: string;
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

export function sidecarUriFor(docUri: vscode.Uri): vscode.Uri {
  return docUri.with({ path: docUri.path + SIDECAR_SUFFIX });
}

export function documentUriFor(sidecarUri: vscode.Uri): vscode.Uri {
  return sidecarUri.with({ path: sidecarUri.path.slice(0, -SIDECAR_SUFFIX.length) });
}

/** A document that can have annotations: a file (not a sidecar itself, not a virtual or output document). */
export function hasSidecar(uri: vscode.Uri): boolean {
  return canHaveSidecarUri(uri) && !isSidecarUri(uri);
}

export function isSidecarUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(SIDECAR_SUFFIX);
}

export class AnnotationStore implements vscode.Disposable {
  private readonly entries = new Map<string, DocumentAnnotations>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** The sidecar or its suppressions changed: fires with the document's URI (undefined: many may have). */
  readonly onDidChange = this.changed.event;
  private readonly moved = new vscode.EventEmitter<AnchorsMoved>();
  /** An edit of the document moved its anchors (the sidecar did not change). */
  readonly onDidMoveAnchors = this.moved.event;
  private readonly loaded = new vscode.EventEmitter<readonly DocumentAnnotations[]>();
  /** Sidecars a workspace load read for the first time (nothing changed: they were not known before), a batch at a time. */
  readonly onDidLoad = this.loaded.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('policy-lens-sidecars');
  /** One SidecarStore per workspace folder, so writes are confined to that folder. */
  private readonly stores = new Map<string, SidecarStore>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.moved, this.loaded, this.diagnostics];
  private readonly reanchorTimers = new Map<string, NodeJS.Timeout>();
  /** Edits since each entry's anchors were computed, with the version each one produced. */
  private readonly pendingEdits = new Map<string, { version: number; edits: AnchorEdit[] }[]>();
  /** git's user.name per folder, asked once. */
  private readonly gitNames = new Map<string, Promise<string | undefined>>();

  constructor(private readonly engines: EngineService, private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*${SIDECAR_SUFFIX}`);
    const reload = (uri: vscode.Uri) => void this.reloadUnlessOurs(documentUriFor(uri));
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidOpenTextDocument((d) => { if (hasSidecar(d.uri)) void this.ensure(d.uri); }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.entries.has(e.document.uri.toString())) this.scheduleReanchor(e);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => void this.saveStartHints(d)),
      vscode.workspace.onDidRenameFiles((e) => void this.followRenames(e.files)),
    );
    for (const d of vscode.workspace.textDocuments) if (hasSidecar(d.uri)) void this.ensure(d.uri);
  }

  private storeFor(docUri: vscode.Uri): SidecarStore {
    const folder = vscode.workspace.getWorkspaceFolder(docUri);
    const key = folder ? folder.uri.toString() : `${docUri.scheme}://${docUri.authority}`;
    let store = this.stores.get(key);
    if (!store) {
      store = new SidecarStore(new VscodeFileSystem(folder?.uri ?? docUri), { workspaceRoot: folder?.uri.path, log: (line) => this.log.warn(line) });
      this.stores.set(key, store);
    }
    return store;
  }

  codebook(uri?: vscode.Uri): CodebookTag[] {
    const config = uri ? this.engines.configFor(uri) : undefined;
    return resolveCodebook(config?.codebook ?? []);
  }

  /** What is known now (undefined until first loaded). */
  peek(docUri: vscode.Uri): DocumentAnnotations | undefined {
    return this.entries.get(docUri.toString());
  }

  suppressionsFor(uri: vscode.Uri): readonly Suppression[] {
    return this.entries.get(uri.toString())?.suppressions ?? [];
  }

  /** The document's annotations, loaded and anchored (against the open text when it is open). */
  async ensure(docUri: vscode.Uri): Promise<DocumentAnnotations> {
    const entry = this.entries.get(docUri.toString());
    if (!entry) return this.reload(docUri);
    // Anchored on the file on disk (the workspace view) or an older version: anchor on the open text.
    const open = openDocument(docUri);
    if (open && entry.version !== open.version && !this.reanchorTimers.has(docUri.toString())) this.reanchorNow(open);
    else if (entry.anchorsPending) await this.anchorLoaded(entry);
    return entry;
  }

  /** Anchors a workspace-loaded entry against the file on disk (it is not open); tells the tree when some are orphaned. */
  private async anchorLoaded(entry: DocumentAnnotations): Promise<void> {
    const anchors = await this.anchor(entry.docUri, entry.annotations, undefined);
    // Still the state, and not anchored meanwhile (opened, written, reloaded)?
    if (this.entries.get(entry.docUri.toString()) !== entry || !entry.anchorsPending) return;
    entry.anchors = anchors;
    entry.anchorsPending = false;
    const orphansChanged = entry.annotations.some((a) => anchors.get(a.id)?.status !== 'anchored');
    if (orphansChanged) this.moved.fire({ uri: entry.docUri, orphansChanged });
  }

  /**
   * Anchors, one document at a time and yielding between them, every workspace-loaded entry not
   * anchored yet (the workspace view's Orphaned group). Resolves to how many were anchored.
   */
  async anchorPending(token?: vscode.CancellationToken): Promise<number> {
    let count = 0;
    for (const entry of [...this.entries.values()]) {
      if (token?.isCancellationRequested) break;
      if (!entry.anchorsPending) continue;
      await this.ensure(entry.docUri);
      count++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return count;
  }

  /**
   * A watcher event: reload, unless the file is still what our own last write left. A sidecar
   * nobody has asked for yet (a checkout, a copy) is only read, like a workspace load does: not
   * anchored, announced on `onDidLoad` (search follows it).
   */
  private async reloadUnlessOurs(docUri: vscode.Uri): Promise<void> {
    if (!this.entries.has(docUri.toString()) && hasSidecar(docUri) && !openDocument(docUri)) {
      const entry = await this.readUnanchored(docUri);
      if (entry) this.loaded.fire([entry]);
      return;
    }
    if (this.entries.has(docUri.toString()) && hasSidecar(docUri)) {
      try {
        if (await this.storeFor(docUri).isUnchangedSinceKnown(docUri.path)) return;
      } catch {
        // Could not tell: reload.
      }
    }
    await this.reload(docUri);
  }

  /**
   * Every sidecar in the workspace (for the workspace view, search and export). Read in
   * parallel, parsed by the quick reader where the layout allows; documents that are not open
   * are not anchored here (`anchorsPending`): the view shows counts at once and anchors a
   * document when it is expanded. Sidecars read for the first time are announced in batches
   * (`onDidLoad`), so the search index grows while the rest are read.
   */
  async loadWorkspace(token?: vscode.CancellationToken): Promise<DocumentAnnotations[]> {
    const files = await vscode.workspace.findFiles(`**/*${SIDECAR_SUFFIX}`, '**/node_modules/**', undefined, token);
    // Each read waits on the file system (in the extension host, a round trip), not the CPU.
    const out: (DocumentAnnotations | undefined)[] = new Array(files.length);
    let batch: DocumentAnnotations[] = [];
    let next = 0;
    const worker = async () => {
      while (next < files.length && !token?.isCancellationRequested) {
        const i = next++;
        const docUri = documentUriFor(files[i]);
        const known = this.entries.get(docUri.toString());
        if (known) { out[i] = known; continue; }
        if (openDocument(docUri)) { out[i] = await this.ensure(docUri); continue; }
        const entry = await this.readUnanchored(docUri);
        out[i] = entry;
        if (!entry) continue;
        batch.push(entry);
        if (batch.length >= 50) { this.loaded.fire(batch); batch = []; }
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, files.length) }, worker));
    if (batch.length > 0) this.loaded.fire(batch);
    return out.filter((e): e is DocumentAnnotations => e !== undefined);
  }

  /** A sidecar read (quickly where it can be) and kept without anchors; undefined when another load got there first. */
  private async readUnanchored(docUri: vscode.Uri): Promise<DocumentAnnotations | undefined> {
    const entry: DocumentAnnotations = {
      docUri, sidecarUri: sidecarUriFor(docUri), state: 'none', problems: [], annotations: [], anchors: new Map(), suppressions: [], anchorsPending: true,
    };
    if (!hasSidecar(docUri)) return undefined;
    this.fill(entry, await this.loadSidecar(docUri, true));
    if (this.entries.has(docUri.toString())) return this.entries.get(docUri.toString());
    if (entry.annotations.length === 0) entry.anchorsPending = false;
    this.entries.set(docUri.toString(), entry);
    if (entry.problems.length > 0) this.diagnostics.set(entry.sidecarUri, entry.problems.map((p) => toDiagnostic(p)));
    return entry;
  }

  private async loadSidecar(docUri: vscode.Uri, quick: boolean): Promise<LoadedSidecar | Error> {
    try {
      return await this.storeFor(docUri).load(docUri.path, { quick });
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  /** The entry's fields from what the SidecarStore read. */
  private fill(entry: DocumentAnnotations, loaded: LoadedSidecar | Error): void {
    if (loaded instanceof Error) {
      entry.state = 'invalid';
      entry.problems = [{ message: `Could not read the sidecar: ${loaded.message}`, line: 1, column: 1 }];
    } else if (loaded.state === 'ok') {
      entry.state = 'ok';
      entry.annotations = loaded.sidecar.annotations;
      entry.documentName = loaded.sidecar.document;
      entry.suppressions = parseSuppressions(loaded.sidecar.extra?.suppressions);
      entry.problems = loaded.problems;
    } else if (loaded.state === 'invalid') {
      entry.state = 'invalid';
      entry.problems = loaded.problems;
    }
  }

  async reload(docUri: vscode.Uri): Promise<DocumentAnnotations> {
    const sidecarUri = sidecarUriFor(docUri);
    const entry: DocumentAnnotations = { docUri, sidecarUri, state: 'none', problems: [], annotations: [], anchors: new Map(), suppressions: [] };
    // A virtual, output or unsaved document has no sidecar beside it: nothing to read, nothing to report.
    if (!hasSidecar(docUri)) return entry;
    this.fill(entry, await this.loadSidecar(docUri, false));
    await this.anchorInto(entry);
    this.settle(entry);
    if (entry.state === 'invalid') this.log.warn(`${vscode.workspace.asRelativePath(sidecarUri)} does not parse; it will not be written until it is fixed.`);
    return entry;
  }

  /** Makes `entry` the state of its document and tells the listeners the sidecar changed. */
  private settle(entry: DocumentAnnotations): void {
    this.entries.set(entry.docUri.toString(), entry);
    // Edited while the file was read: bring the anchors to the version on screen first.
    const open = openDocument(entry.docUri);
    if (open && entry.version !== undefined && entry.version !== open.version) this.reanchorNow(open);
    this.diagnostics.set(entry.sidecarUri, entry.problems.map((p) => toDiagnostic(p)));
    this.changed.fire(entry.docUri);
  }

  /**
   * What our own save wrote becomes the state, without reading the file again. Annotations
   * whose anchor fields did not change keep their anchors when those belong to the open text.
   */
  private async adopt(docUri: vscode.Uri, sidecar: Sidecar): Promise<void> {
    const previous = this.entries.get(docUri.toString());
    const entry: DocumentAnnotations = {
      docUri,
      sidecarUri: sidecarUriFor(docUri),
      state: 'ok',
      documentName: sidecar.document,
      problems: this.storeFor(docUri).problemsFor(docUri.path),
      annotations: sidecar.annotations,
      anchors: new Map(),
      suppressions: parseSuppressions(sidecar.extra?.suppressions),
    };
    const open = openDocument(docUri);
    const reusable = previous && open && previous.version === open.version && !this.reanchorTimers.has(docUri.toString());
    if (reusable) {
      const before = new Map(previous.annotations.map((a) => [a.id, a]));
      const stale = entry.annotations.filter((a) => {
        const old = before.get(a.id);
        const kept = old && previous.anchors.get(a.id);
        if (!old || !kept || old.quote !== a.quote || old.prefix !== a.prefix || old.suffix !== a.suffix) return true;
        entry.anchors.set(a.id, kept);
        return false;
      });
      if (stale.length > 0) for (const r of anchorAnnotations(open.getText(), stale)) entry.anchors.set(r.id, r);
      entry.version = open.version;
      this.settle(entry);
      return;
    }
    if (open) {
      entry.anchors = new Map(anchorAnnotations(open.getText(), entry.annotations).map((r) => [r.id, r]));
      entry.version = open.version;
      this.pendingEdits.delete(docUri.toString());
      clearTimeout(this.reanchorTimers.get(docUri.toString()));
      this.reanchorTimers.delete(docUri.toString());
      this.settle(entry);
      return;
    }
    // Not open: anchor against the file on disk.
    await this.anchorInto(entry);
    this.settle(entry);
  }

  private async anchorInto(entry: DocumentAnnotations): Promise<void> {
    const open = openDocument(entry.docUri);
    if (open) {
      // Text and version read together: later edits are replayed from here.
      entry.version = open.version;
      this.pendingEdits.delete(entry.docUri.toString());
    }
    entry.anchors = await this.anchor(entry.docUri, entry.annotations, open?.getText());
  }

  private async anchor(docUri: vscode.Uri, annotations: readonly Annotation[], openText: string | undefined): Promise<Map<string, AnchorResult>> {
    if (annotations.length === 0) return new Map();
    let text: string | undefined = openText;
    if (text === undefined) {
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(docUri));
      } catch {
        text = undefined; // The document is gone: every annotation is kept, orphaned.
      }
    }
    const results: AnchorResult[] = text === undefined
      ? annotations.map((a) => ({ id: a.id, status: 'orphaned', reason: 'no-document' }))
      : anchorAnnotations(text, annotations);
    return new Map(results.map((r) => [r.id, r]));
  }

  private scheduleReanchor(e: vscode.TextDocumentChangeEvent): void {
    const document = e.document;
    const key = document.uri.toString();
    const list = this.pendingEdits.get(key) ?? [];
    list.push({ version: document.version, edits: e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text.length })) });
    this.pendingEdits.set(key, list);
    clearTimeout(this.reanchorTimers.get(key));
    this.reanchorTimers.set(key, setTimeout(() => {
      this.reanchorTimers.delete(key);
      if (!document.isClosed) this.reanchorNow(document);
    }, 50));
  }

  /**
   * Brings the anchors to the document's current version: annotations no edit came near are
   * shifted; only those an edit touched (span or context) and the orphans are anchored again.
   */
  private reanchorNow(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const entry = this.entries.get(key);
    const pending = (this.pendingEdits.get(key) ?? []).filter((p) => entry?.version !== undefined && p.version > entry.version);
    this.pendingEdits.delete(key);
    if (!entry) return;
    if (entry.version === document.version) return;
    const before = entry.anchors;
    const text = document.getText();
    const contiguous = entry.version !== undefined && pending.length > 0 && pending.every((p, i) => p.version === entry.version! + i + 1)
      && pending[pending.length - 1].version === document.version;
    if (contiguous) {
      const { anchors, stale } = moveAnchors(entry.anchors, pending.map((p) => p.edits));
      const toAnchor = entry.annotations.filter((a) => stale.has(a.id) || !anchors.has(a.id));
      for (const r of toAnchor.length > 0 ? anchorAnnotations(text, toAnchor) : []) anchors.set(r.id, r);
      entry.anchors = anchors;
    } else {
      entry.anchors = new Map(entry.annotations.length > 0 ? anchorAnnotations(text, entry.annotations).map((r) => [r.id, r]) : []);
    }
    entry.anchorsPending = false;
    entry.version = document.version;
    if (entry.annotations.length === 0) return;
    const orphansChanged = entry.annotations.some((a) => (before.get(a.id)?.status === 'anchored') !== (entry.anchors.get(a.id)?.status === 'anchored'));
    this.moved.fire({ uri: document.uri, orphansChanged });
  }

  /**
   * On save, a `start` hint is updated only where the exact-quote search from the stored hint
   * would no longer find the annotation (quiet diffs: typing above annotations rewrites nothing).
   */
  private async saveStartHints(document: vscode.TextDocument): Promise<void> {
    const entry = this.entries.get(document.uri.toString());
    if (!entry || entry.state !== 'ok') return;
    if (entry.version !== document.version) {
      clearTimeout(this.reanchorTimers.get(document.uri.toString()));
      this.reanchorTimers.delete(document.uri.toString());
      this.reanchorNow(document);
    }
    const results = hintsToRefresh(document.getText(), entry.annotations, entry.anchors);
    if (results.length === 0) return;
    await this.write(document.uri, (sidecar) => updateStartHints(sidecar, results), { quiet: true });
  }

  async add(docUri: vscode.Uri, text: string, start: number, end: number, tag: string, note: string): Promise<Annotation> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const author = await this.author(docUri);
    let created: Annotation | undefined;
    await this.write(docUri, (sidecar) => {
      created = {
        id: newAnnotationId(sidecar.annotations.map((a) => a.id)),
        tag,
        note,
        ...makeAnchor(text, start, end),
        author,
        created: now,
        updated: now,
      };
      return addAnnotation(sidecar, created);
    });
    return created!;
  }

  async update(docUri: vscode.Uri, id: string, changes: Partial<Omit<Annotation, 'id'>>): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await this.write(docUri, (sidecar) => updateAnnotation(sidecar, id, { ...changes, updated: now }));
  }

  async remove(docUri: vscode.Uri, id: string): Promise<Annotation | undefined> {
    let removed: Annotation | undefined;
    await this.write(docUri, (sidecar) => {
      removed = sidecar.annotations.find((a) => a.id === id);
      return removeAnnotation(sidecar, id);
    });
    return removed;
  }

  /** Puts back an annotation exactly as it was (undo of a delete). */
  async restore(docUri: vscode.Uri, annotation: Annotation): Promise<void> {
    await this.write(docUri, (sidecar) => restoreAnnotation(sidecar, annotation));
  }

  /** Removes these annotations of one document in one write; resolves to those that were there. */
  async removeAll(docUri: vscode.Uri, ids: readonly string[]): Promise<Annotation[]> {
    let removed: Annotation[] = [];
    await this.write(docUri, (sidecar) => {
      const wanted = new Set(ids);
      removed = sidecar.annotations.filter((a) => wanted.has(a.id));
      return removed.reduce((s, a) => removeAnnotation(s, a.id), sidecar);
    });
    return removed;
  }

  /** Puts back annotations of one document exactly as they were, in one write (undo of `removeAll`). */
  async restoreAll(docUri: vscode.Uri, annotations: readonly Annotation[]): Promise<void> {
    await this.write(docUri, (sidecar) => annotations.reduce((s, a) => restoreAnnotation(s, a), sidecar));
  }

  /**
   * Records a suppression. Resolves to what undoes it: the sidecar's exact text before and
   * after (undefined when nothing changed, e.g. it was already ignored).
   */
  async addSuppression(docUri: vscode.Uri, suppression: Suppression): Promise<SidecarUndo | undefined> {
    // The texts come from inside the store's queued save, so no other write can fall between.
    let undo: SidecarUndo | undefined;
    const observe: WriteObserver = (before, after) => { undo = before === after ? undefined : { docUri, before, after }; };
    await this.write(docUri, (sidecar) => addSuppression(sidecar, suppression), { observe });
    return undo;
  }

  /**
   * Writes an import's changes to one sidecar (merged by id through the SidecarStore, like every
   * write) and returns what undoes it (undefined when nothing changed).
   */
  async writeImported(docUri: vscode.Uri, update: (sidecar: Sidecar) => Sidecar): Promise<SidecarUndo | undefined> {
    let undo: SidecarUndo | undefined;
    const observe: WriteObserver = (before, after) => { undo = before === after ? undefined : { docUri, before, after }; };
    await this.write(docUri, update, { observe });
    return undo;
  }

  /** Puts the sidecar back exactly as it was before `undo`'s write, if nothing changed it since. */
  async undoWrite(undo: SidecarUndo): Promise<boolean> {
    try {
      return await this.storeFor(undo.docUri).restoreText(undo.docUri.path, undo.after, undo.before);
    } finally {
      await this.reload(undo.docUri);
    }
  }

  /** Removes these suppressions (the findings come back); other keys and entries are kept. */
  async removeSuppressions(docUri: vscode.Uri, remove: readonly Suppression[]): Promise<void> {
    await this.write(docUri, (sidecar) => removeSuppressions(sidecar, remove));
  }

  /** Adds a reply to an annotation's thread (its anchor, note and `updated` are untouched). */
  async addReply(docUri: vscode.Uri, id: string, body: string): Promise<Reply> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const author = await this.author(docUri);
    let reply: Reply | undefined;
    await this.write(docUri, (sidecar) => {
      const taken = sidecar.annotations.find((a) => a.id === id)?.replies?.map((r) => r.id) ?? [];
      reply = { id: newAnnotationId(taken), author, created: now, body };
      return addReply(sidecar, id, reply);
    });
    return reply!;
  }

  async updateReply(docUri: vscode.Uri, id: string, replyId: string, body: string): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await this.write(docUri, (sidecar) => updateReply(sidecar, id, replyId, body, now));
  }

  async removeReply(docUri: vscode.Uri, id: string, replyId: string): Promise<void> {
    await this.write(docUri, (sidecar) => removeReply(sidecar, id, replyId));
  }

  /** Resolves or reopens an annotation's thread. */
  async setStatus(docUri: vscode.Uri, id: string, status: AnnotationStatus): Promise<void> {
    await this.write(docUri, (sidecar) => setStatus(sidecar, id, status));
  }

  /** Settles one merge conflict the git merge driver recorded (see `resolveConflict`). */
  async resolveConflict(docUri: vscode.Uri, id: string, index: number, take: 'ours' | 'theirs'): Promise<void> {
    await this.write(docUri, (sidecar) => resolveConflict(sidecar, id, index, take));
  }

  /**
   * Who is writing: the `policyLens.annotations.author` setting when set, else git's `user.name`
   * for the document's folder (trusted workspaces), else the operating-system user.
   */
  async author(docUri: vscode.Uri): Promise<string> {
    const configured = readSettings(docUri).annotationsAuthor.trim();
    if (configured) return configured;
    const folder = vscode.workspace.getWorkspaceFolder(docUri)?.uri ?? docUri.with({ path: docUri.path.slice(0, docUri.path.lastIndexOf('/')) || '/' });
    // git reads the repository's own configuration: not in Restricted Mode.
    if (folder.scheme === 'file' && vscode.workspace.isTrusted) {
      const key = localPath(folder);
      let name = this.gitNames.get(key);
      if (!name) { name = gitUserName(key); this.gitNames.set(key, name); }
      const git = await name;
      if (git) return git;
    }
    return osUserName() ?? 'unknown';
  }

  private async write(docUri: vscode.Uri, update: (sidecar: Sidecar) => Sidecar, options: { quiet?: boolean; observe?: WriteObserver } = {}): Promise<void> {
    if (!hasSidecar(docUri)) {
      throw new Error(`Annotations are kept in a sidecar file beside the document, and ${docUri.scheme === 'untitled' ? 'this document is not saved yet: save it first' : `a ${docUri.scheme}: document has none`}.`);
    }
    const name = docUri.path.slice(docUri.path.lastIndexOf('/') + 1);
    const apply = (current: Sidecar) => update(current.document ? current : { ...current, document: name });
    let saved: Sidecar | undefined;
    try {
      // Both sides changed the same annotation: SidecarConflictError reaches the caller (the
      // feature asks the person; `features/sidecar-conflicts.ts`). The store then holds the
      // version on disk, so the same write again applies the change on top of it.
      saved = await this.storeFor(docUri).save(docUri.path, apply, options.observe);
    } catch (err) {
      if (!options.quiet) throw err;
      this.log.warn(`Could not update ${vscode.workspace.asRelativePath(sidecarUriFor(docUri))}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      // What we wrote is the new state; after a failure or a declined conflict, what is on disk.
      if (saved) await this.adopt(docUri, saved); else await this.reload(docUri);
    }
  }

  dispose(): void {
    for (const t of this.reanchorTimers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  private async followRenames(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): Promise<void> {
    for (const { oldUri, newUri } of files) {
      if (isSidecarUri(oldUri)) continue;
      const from = sidecarUriFor(oldUri);
      const to = sidecarUriFor(newUri);
      try {
        await vscode.workspace.fs.stat(from);
      } catch {
        continue; // No sidecar to move.
      }
      try {
        await vscode.workspace.fs.rename(from, to, { overwrite: false });
        const newName = newUri.path.slice(newUri.path.lastIndexOf('/') + 1);
        this.entries.delete(oldUri.toString());
        this.changed.fire(oldUri); // Nothing is annotated at the old name any more (search, tree).
        // Re-read first: the store may have seen the new path empty (the renamed document
        // opened before its sidecar arrived), and a stale view would merge the old name back.
        await this.storeFor(newUri).load(newUri.path);
        await this.write(newUri, (sidecar) => renameDocument(sidecar, newName));
        this.log.info(`Moved ${vscode.workspace.asRelativePath(from)} to ${vscode.workspace.asRelativePath(to)} with its document.`);
      } catch (err) {
        this.log.error(`Could not move ${vscode.workspace.asRelativePath(from)} with its document`, err);
        void vscode.window.showWarningMessage(`Policy Lens: ${vscode.workspace.asRelativePath(from)} was not moved with its document (${err instanceof Error ? err.message : String(err)}). Its annotations are kept where they are.`);
      }
    }
  }
}
