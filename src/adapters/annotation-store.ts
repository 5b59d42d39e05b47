/**
 * The extension's view of annotation sidecars: loads `<doc>.annotations.yaml`,
 * anchors each annotation against the document's current text, watches sidecars
 * for changes made outside (git, another window), and writes through the
 * conflict-safe SidecarStore. The sidecar on disk is the single source of truth.
 */
import * as os from 'os';
import * as vscode from 'vscode';
import { SIDECAR_SCHEMES, SIDECAR_SUFFIX } from '../constants';
import {
  Annotation, AnchorResult, anchorAnnotations, CodebookTag, makeAnchor, newAnnotationId, resolveCodebook, Sidecar,
} from '../core/annotations';
import { parseSuppressions, Suppression } from '../core/suppressions';
import { FileProblem } from '../core/types';
import { EngineService } from './engine-service';
import { Log } from './log';
import { toDiagnostic } from './problems';
import { readSettings } from './settings';
import { SidecarConflictError, SidecarStore, WriteObserver } from './sidecar-store';
import { VscodeFileSystem } from './vscode-fs';

export type SidecarState = 'none' | 'ok' | 'invalid';

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
  suppressions: Suppression[];
}

/** What undoes one write of ours: the sidecar's exact text before (undefined: no file) and after. */
export interface SidecarUndo {
  docUri: vscode.Uri;
  before: string | undefined;
  after: string;
}

function sameSuppression(a: Suppression, b: Suppression): boolean {
  return a.rule === b.rule && a.quote === b.quote && a.party === b.party;
}

export function sidecarUriFor(docUri: vscode.Uri): vscode.Uri {
  return docUri.with({ path: docUri.path + SIDECAR_SUFFIX });
}

export function documentUriFor(sidecarUri: vscode.Uri): vscode.Uri {
  return sidecarUri.with({ path: sidecarUri.path.slice(0, -SIDECAR_SUFFIX.length) });
}

/** A document that can have annotations: a file (not a sidecar itself, not a virtual or output document). */
export function hasSidecar(uri: vscode.Uri): boolean {
  return SIDECAR_SCHEMES.has(uri.scheme) && !isSidecarUri(uri);
}

export function isSidecarUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(SIDECAR_SUFFIX);
}

export class AnnotationStore implements vscode.Disposable {
  private readonly entries = new Map<string, DocumentAnnotations>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with the document's URI (undefined: many may have changed). */
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('policy-lens-sidecars');
  /** One SidecarStore per workspace folder, so writes are confined to that folder. */
  private readonly stores = new Map<string, SidecarStore>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.diagnostics];
  private readonly reanchorTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly engines: EngineService, private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*${SIDECAR_SUFFIX}`);
    const reload = (uri: vscode.Uri) => void this.reload(documentUriFor(uri));
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidOpenTextDocument((d) => { if (hasSidecar(d.uri)) void this.ensure(d.uri); }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.entries.has(e.document.uri.toString())) this.scheduleReanchor(e.document);
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
      store = new SidecarStore(new VscodeFileSystem(folder?.uri ?? docUri), { workspaceRoot: folder?.uri.path });
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

  async ensure(docUri: vscode.Uri): Promise<DocumentAnnotations> {
    return this.entries.get(docUri.toString()) ?? this.reload(docUri);
  }

  /** Every sidecar in the workspace (for the workspace view and search). */
  async loadWorkspace(token?: vscode.CancellationToken): Promise<DocumentAnnotations[]> {
    const files = await vscode.workspace.findFiles(`**/*${SIDECAR_SUFFIX}`, '**/node_modules/**', undefined, token);
    const out: DocumentAnnotations[] = [];
    for (const f of files) {
      if (token?.isCancellationRequested) break;
      out.push(await this.ensure(documentUriFor(f)));
    }
    return out;
  }

  async reload(docUri: vscode.Uri): Promise<DocumentAnnotations> {
    const sidecarUri = sidecarUriFor(docUri);
    const entry: DocumentAnnotations = { docUri, sidecarUri, state: 'none', problems: [], annotations: [], anchors: new Map(), suppressions: [] };
    // A virtual, output or unsaved document has no sidecar beside it: nothing to read, nothing to report.
    if (!hasSidecar(docUri)) return entry;
    try {
      const loaded = await this.storeFor(docUri).load(docUri.path);
      if (loaded.state === 'ok') {
        entry.state = 'ok';
        entry.annotations = loaded.sidecar.annotations;
        entry.documentName = loaded.sidecar.document;
        entry.suppressions = parseSuppressions(loaded.sidecar.extra?.suppressions);
        entry.problems = loaded.problems;
      } else if (loaded.state === 'invalid') {
        entry.state = 'invalid';
        entry.problems = loaded.problems;
      }
    } catch (err) {
      entry.state = 'invalid';
      entry.problems = [{ message: `Could not read the sidecar: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 }];
    }
    entry.anchors = await this.anchor(docUri, entry.annotations);
    this.entries.set(docUri.toString(), entry);
    this.diagnostics.set(sidecarUri, entry.problems.map((p) => toDiagnostic(p)));
    if (entry.state === 'invalid') this.log.warn(`${vscode.workspace.asRelativePath(sidecarUri)} does not parse; it will not be written until it is fixed.`);
    this.changed.fire(docUri);
    return entry;
  }

  private async anchor(docUri: vscode.Uri, annotations: readonly Annotation[]): Promise<Map<string, AnchorResult>> {
    if (annotations.length === 0) return new Map();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === docUri.toString());
    let text: string | undefined = open?.getText();
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

  private scheduleReanchor(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.reanchorTimers.get(key));
    this.reanchorTimers.set(key, setTimeout(() => {
      this.reanchorTimers.delete(key);
      const entry = this.entries.get(key);
      if (!entry || entry.annotations.length === 0) return;
      entry.anchors = new Map(anchorAnnotations(document.getText(), entry.annotations).map((r) => [r.id, r]));
      this.changed.fire(document.uri);
    }, 50));
  }

  /** On save, re-anchored annotations get their `start` hint updated; nothing else changes. */
  private async saveStartHints(document: vscode.TextDocument): Promise<void> {
    const entry = this.entries.get(document.uri.toString());
    if (!entry || entry.state !== 'ok') return;
    const moved = entry.annotations.filter((a) => {
      const r = entry.anchors.get(a.id);
      return r?.status === 'anchored' && r.start !== a.start;
    });
    if (moved.length === 0) return;
    await this.write(document.uri, (sidecar) => ({
      ...sidecar,
      annotations: sidecar.annotations.map((a) => {
        const r = entry.anchors.get(a.id);
        return r?.status === 'anchored' ? { ...a, start: r.start } : a;
      }),
    }), { quiet: true });
  }

  async add(docUri: vscode.Uri, text: string, start: number, end: number, tag: string, note: string): Promise<Annotation> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    let created: Annotation | undefined;
    await this.write(docUri, (sidecar) => {
      created = {
        id: newAnnotationId(sidecar.annotations.map((a) => a.id)),
        tag,
        note,
        ...makeAnchor(text, start, end),
        author: this.author(docUri),
        created: now,
        updated: now,
      };
      return { ...sidecar, annotations: [...sidecar.annotations, created] };
    });
    return created!;
  }

  async update(docUri: vscode.Uri, id: string, changes: Partial<Omit<Annotation, 'id'>>): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await this.write(docUri, (sidecar) => ({
      ...sidecar,
      annotations: sidecar.annotations.map((a) => (a.id === id ? { ...a, ...changes, updated: now } : a)),
    }));
  }

  async remove(docUri: vscode.Uri, id: string): Promise<Annotation | undefined> {
    let removed: Annotation | undefined;
    await this.write(docUri, (sidecar) => {
      removed = sidecar.annotations.find((a) => a.id === id);
      return { ...sidecar, annotations: sidecar.annotations.filter((a) => a.id !== id) };
    });
    return removed;
  }

  /** Puts back an annotation exactly as it was (undo of a delete). */
  async restore(docUri: vscode.Uri, annotation: Annotation): Promise<void> {
    await this.write(docUri, (sidecar) => ({
      ...sidecar,
      annotations: [...sidecar.annotations.filter((a) => a.id !== annotation.id), annotation],
    }));
  }

  /**
   * Records a suppression. Resolves to what undoes it: the sidecar's exact text before and
   * after (undefined when nothing changed, e.g. it was already ignored).
   */
  async addSuppression(docUri: vscode.Uri, suppression: Suppression): Promise<SidecarUndo | undefined> {
    // The texts come from inside the store's queued save, so no other write can fall between.
    let undo: SidecarUndo | undefined;
    const observe: WriteObserver = (before, after) => { undo = before === after ? undefined : { docUri, before, after }; };
    await this.write(docUri, (sidecar) => {
      const list = parseSuppressions(sidecar.extra?.suppressions);
      if (list.some((s) => sameSuppression(s, suppression))) return sidecar;
      const raw = Array.isArray(sidecar.extra?.suppressions) ? (sidecar.extra!.suppressions as unknown[]) : [];
      return { ...sidecar, extra: { ...sidecar.extra, suppressions: [...raw, { ...suppression }] } };
    }, { observe });
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
    await this.write(docUri, (sidecar) => {
      const raw = Array.isArray(sidecar.extra?.suppressions) ? (sidecar.extra!.suppressions as unknown[]) : [];
      const kept = raw.filter((item) => {
        const [parsed] = parseSuppressions([item]);
        return !parsed || !remove.some((r) => sameSuppression(r, parsed));
      });
      const extra = { ...sidecar.extra };
      if (kept.length > 0) extra.suppressions = kept; else delete extra.suppressions;
      return { ...sidecar, extra: Object.keys(extra).length > 0 ? extra : undefined };
    });
  }

  private author(docUri: vscode.Uri): string {
    const configured = readSettings(docUri).annotationsAuthor.trim();
    if (configured) return configured;
    try {
      return os.userInfo().username || 'unknown';
    } catch {
      return 'unknown';
    }
  }

  private async write(docUri: vscode.Uri, update: (sidecar: Sidecar) => Sidecar, options: { quiet?: boolean; observe?: WriteObserver } = {}): Promise<void> {
    if (!hasSidecar(docUri)) {
      throw new Error(`Annotations are kept in a sidecar file beside the document, and ${docUri.scheme === 'untitled' ? 'this document is not saved yet: save it first' : `a ${docUri.scheme}: document has none`}.`);
    }
    const name = docUri.path.slice(docUri.path.lastIndexOf('/') + 1);
    const apply = (current: Sidecar) => update(current.document ? current : { ...current, document: name });
    try {
      try {
        await this.storeFor(docUri).save(docUri.path, apply, options.observe);
      } catch (err) {
        if (!(err instanceof SidecarConflictError) || options.quiet) throw err;
        // Both sides changed the same annotation: ask, never pick silently.
        const rel = vscode.workspace.asRelativePath(sidecarUriFor(docUri));
        const choice = await vscode.window.showWarningMessage(
          `${rel} changed on disk while you edited it, and both changed annotation ${err.ids.join(', ')}.`,
          { modal: true, detail: 'Apply your change on top of the version on disk, or keep the version on disk and drop your change.' },
          'Apply Mine on Top', 'Keep Disk Version',
        );
        if (choice !== 'Apply Mine on Top') return;
        await this.storeFor(docUri).load(docUri.path);
        await this.storeFor(docUri).save(docUri.path, apply, options.observe);
      }
    } catch (err) {
      if (!options.quiet) throw err;
      this.log.warn(`Could not update ${vscode.workspace.asRelativePath(sidecarUriFor(docUri))}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await this.reload(docUri);
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
        // Re-read first: the store may have seen the new path empty (the renamed document
        // opened before its sidecar arrived), and a stale view would merge the old name back.
        await this.storeFor(newUri).load(newUri.path);
        await this.write(newUri, (sidecar) => ({ ...sidecar, document: newName }));
        this.log.info(`Moved ${vscode.workspace.asRelativePath(from)} to ${vscode.workspace.asRelativePath(to)} with its document.`);
      } catch (err) {
        this.log.error(`Could not move ${vscode.workspace.asRelativePath(from)} with its document`, err);
        void vscode.window.showWarningMessage(`Policy Lens: ${vscode.workspace.asRelativePath(from)} was not moved with its document (${err instanceof Error ? err.message : String(err)}). Its annotations are kept where they are.`);
      }
    }
  }
}
