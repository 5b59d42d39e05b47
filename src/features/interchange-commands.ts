/**
 * Export Brief, Export Annotations, Import Annotations and Undo Import. Exports read what the
 * AnnotationStore holds and write through `vscode.workspace.fs`; an import is planned first
 * (shown in a quick pick), then written through the AnnotationStore (so the sidebar follows) and
 * can be undone sidecar by sidecar while each still holds what the import wrote.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { AnnotationStore, DocumentAnnotations, hasSidecar, SidecarUndo } from '../adapters/annotation-store';
import { EngineService } from '../adapters/engine-service';
import { ConfigChangedError, writeConfig } from '../adapters/config-writer';
import { currentText } from '../adapters/files';
import { zipCodec } from '../adapters/node-zlib';
import { Log } from '../adapters/log';
import { CommandId } from '../constants';
import type { CodebookTag } from '../core/annotations/types';
import {
  applyPlannedDocument, describePlan, documentFindings, EXPORT_EXTENSIONS, exportAs, ExportDocument, ExportFormat,
  ImportPlan, InterchangeError, planImport, planIsEmpty, readImport, TargetDocument,
} from '../core/interchange';
import { addImportedTags } from '../core/interchange/codebook-additions';
import type { Node } from './annotation-tree';
import { Check, isFocusedOrNothing, isTreeNode, isUri, matchShape, optional, refuse, isTreeSelection, Shape } from './command-args';

/** The Explorer passes the clicked file's URI and the selected URIs. */
const isUriList: Check = (v) => Array.isArray(v) && v.every((x) => x instanceof vscode.Uri);
/** Nothing (palette, keys), the view title bar's focused item, or a document URI (with a selection). */
const SHAPES: Shape[] = [[isFocusedOrNothing], [isUri, optional(isTreeSelection)], [isUri, isUriList]];
const DOCUMENT_OR_VIEW = 'nothing (the Annotations view\'s document or workspace) or a document URI';

/** A view item's menu: the clicked item and the selected items (annotations, tags, documents). */
const SELECTION_SHAPES: Shape[] = [[isTreeNode, optional(isTreeSelection)]];
const VIEW_SELECTION = 'the Annotations view\'s clicked item and selected items';

/** The annotations picked in the Annotations view, by document (URI string -> ids). */
type Picks = Map<string, { uri: vscode.Uri; ids: Set<string> }>;
type Scope = { kind: 'document'; uri: vscode.Uri } | { kind: 'workspace' } | { kind: 'selection'; picks: Picks };

/**
 * The annotations under the clicked item, or under every selected item when the clicked one is
 * part of the selection (as the Explorer does): an annotation, a tag group, a document, orphans.
 */
export function picksOf(clicked: Node, selected: readonly Node[] | undefined): Picks {
  const nodes = selected && selected.includes(clicked) ? selected : [clicked];
  const picks: Picks = new Map();
  const add = (entry: DocumentAnnotations, ids: Iterable<string>) => {
    const key = entry.docUri.toString();
    let pick = picks.get(key);
    if (!pick) { pick = { uri: entry.docUri, ids: new Set() }; picks.set(key, pick); }
    for (const id of ids) pick.ids.add(id);
  };
  for (const node of nodes) {
    switch (node.kind) {
      case 'annotation': add(node.entry, [node.annotation.id]); break;
      case 'tag': add(node.entry, node.items.map((a) => a.id)); break;
      case 'document': add(node.entry, node.entry.annotations.map((a) => a.id)); break;
      case 'orphans':
        for (const entry of node.entries) add(entry, entry.annotations.filter((a) => entry.anchors.get(a.id)?.status !== 'anchored').map((a) => a.id));
        break;
      default: break;
    }
  }
  for (const [key, pick] of picks) if (pick.ids.size === 0) picks.delete(key);
  return picks;
}

const FORMATS: { format: ExportFormat; label: string; detail: string }[] = [
  { format: 'qdpx', label: 'REFI-QDA project (.qdpx)', detail: 'NVivo, ATLAS.ti, MAXQDA, QualCoder: texts, codebook, codings and notes' },
  { format: 'w3c', label: 'W3C Web Annotation (.jsonld)', detail: 'An AnnotationCollection with quote and position selectors' },
  { format: 'csv', label: 'CSV (.csv)', detail: 'One row per annotation, for spreadsheets' },
  { format: 'qdc', label: 'REFI-QDA codebook (.qdc)', detail: 'The tags only' },
  { format: 'brief', label: 'Brief (.md)', detail: 'Quotes grouped by tag with page or line, notes, authors' },
];

/** What undoes the codebook change of an import: the config's text before (undefined: no file) and after. */
interface ConfigUndo { uri: vscode.Uri; before: string | undefined; after: string }

interface ImportUndo { sidecars: SidecarUndo[]; config?: ConfigUndo }

export interface InterchangeCommands extends vscode.Disposable {
  /** The undo of the last import, for tests. */
  readonly lastImport: readonly SidecarUndo[];
}

export function register(
  store: AnnotationStore, engines: EngineService, analyses: AnalysisService, log: Log,
  viewScope: () => 'document' | 'workspace',
): InterchangeCommands {
  let lastImport: ImportUndo = { sidecars: [] };

  /** Nothing passed (palette, the view's title bar): the Annotations view's scope; a URI: that document. */
  const scopeOf = (args: readonly unknown[]): Scope | undefined => {
    if (args[0] instanceof vscode.Uri) return { kind: 'document', uri: args[0] };
    const active = vscode.window.activeTextEditor?.document;
    if (viewScope() === 'document' && active && hasSidecar(active.uri) && analyses.isPolicyDocument(active)) return { kind: 'document', uri: active.uri };
    return vscode.workspace.workspaceFolders?.length ? { kind: 'workspace' } : undefined;
  };

  const collect = async (scope: Scope, withFindings: boolean, token?: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<ExportDocument[]> => {
    const entries: DocumentAnnotations[] = scope.kind === 'document' ? [await store.ensure(scope.uri)]
      : scope.kind === 'selection' ? await Promise.all([...scope.picks.values()].map((p) => store.ensure(p.uri)))
        : (await store.loadWorkspace(token)).filter((e) => e.state === 'ok' && e.annotations.length > 0);
    const docs: ExportDocument[] = [];
    for (const [i, entry] of entries.entries()) {
      if (token?.isCancellationRequested) break;
      if (entry.state === 'invalid') throw new Error(`${vscode.workspace.asRelativePath(entry.sidecarUri)} cannot be read: ${entry.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
      const text = await currentText(entry.docUri);
      if (text === undefined) { log.warn(`Export: ${vscode.workspace.asRelativePath(entry.docUri)} is missing; its annotations are left out.`); continue; }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === entry.docUri.toString());
      const analysis = (open && analyses.get(open)) || engines.engineFor(entry.docUri).analyze(text);
      const name = entry.docUri.path.slice(entry.docUri.path.lastIndexOf('/') + 1);
      // A selection takes the picked annotations as the store holds them now (a deleted one is left out).
      const ids = scope.kind === 'selection' ? scope.picks.get(entry.docUri.toString())?.ids : undefined;
      const annotations = ids ? entry.annotations.filter((a) => ids.has(a.id)) : entry.annotations;
      if (annotations.length === 0) continue;
      const doc: ExportDocument = {
        path: vscode.workspace.asRelativePath(entry.docUri, false),
        text,
        sidecar: { version: 1, document: entry.documentName ?? name, annotations },
        pages: analysis.pages,
      };
      if (withFindings) doc.findings = documentFindings(analysis, engines.engineFor(entry.docUri).entries);
      docs.push(doc);
      progress?.report({ message: `${i + 1} of ${entries.length}`, increment: 100 / entries.length });
    }
    return docs;
  };

  /** Runs `work` with a progress notification for a workspace, directly for one document. */
  const withProgress = <T>(scope: Scope, title: string, work: (token?: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Thenable<T> =>
    scope.kind !== 'workspace' ? work() : vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => work(token, progress));

  const firstUri = (scope: Scope): vscode.Uri | undefined => (scope.kind === 'document' ? scope.uri
    : scope.kind === 'selection' ? scope.picks.values().next().value?.uri : vscode.workspace.workspaceFolders?.[0]?.uri);
  const codebookFor = (scope: Scope): CodebookTag[] => store.codebook(firstUri(scope));
  const projectName = (scope: Scope): string => (scope.kind === 'document' ? vscode.workspace.asRelativePath(scope.uri, false)
    : scope.kind === 'selection' && scope.picks.size === 1 ? vscode.workspace.asRelativePath(firstUri(scope)!, false)
      : vscode.workspace.name ?? 'Workspace');
  const describeScope = (scope: Scope): string => (scope.kind === 'document' ? vscode.workspace.asRelativePath(scope.uri)
    : scope.kind === 'workspace' ? 'the workspace' : selectionCount(scope.picks));

  /** The scope of a command run from a view item's menu; undefined (and a message) when nothing exportable is selected. */
  const selectionScope = (args: readonly unknown[]): Scope | undefined => {
    const picks = picksOf(args[0] as Node, args[1] as Node[] | undefined);
    if (picks.size > 0) return { kind: 'selection', picks };
    void vscode.window.showInformationMessage('Policy Lens: select annotations, tags or documents in the Annotations view to export them.');
    return undefined;
  };

  const briefOf = async (scope: Scope): Promise<vscode.TextDocument | undefined> => {
    try {
      const content = await withProgress(scope, 'Policy Lens: writing the brief', async (token, progress) => {
        const docs = await collect(scope, true, token, progress);
        return new TextDecoder().decode(exportAs('brief', { name: projectName(scope), documents: docs, codebook: codebookFor(scope) }, { findings: true }).bytes);
      });
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(document, { preview: false });
      return document;
    } catch (err) {
      void vscode.window.showErrorMessage(`Policy Lens: the brief could not be written: ${message(err)}`);
      return undefined;
    }
  };

  const exportTo = async (scope: Scope): Promise<vscode.Uri | undefined> => {
    const picked = await vscode.window.showQuickPick(FORMATS.map((f) => ({ ...f, description: '' })), { title: `Export annotations of ${describeScope(scope)} as` });
    if (!picked) return undefined;
    const at = firstUri(scope);
    const folder = scope.kind === 'workspace' ? at : at && vscode.workspace.getWorkspaceFolder(at)?.uri;
    const base = scope.kind === 'document' ? scope.uri.path.slice(scope.uri.path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')
      : scope.kind === 'selection' ? 'selected-annotations' : 'annotations';
    const ext = EXPORT_EXTENSIONS[picked.format];
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${ext}`) : undefined,
      filters: { [picked.label]: [ext] },
      title: 'Export Annotations',
    });
    if (!target) return undefined;
    try {
      const result = await withProgress(scope, 'Policy Lens: exporting annotations', async (token, progress) => {
        const docs = await collect(scope, false, token, progress);
        return { ...exportAs(picked.format, { name: projectName(scope), documents: docs, codebook: codebookFor(scope) }, {}, zipCodec), count: docs.reduce((n, d) => n + d.sidecar.annotations.length, 0) };
      });
      await vscode.workspace.fs.writeFile(target, result.bytes);
      for (const w of result.warnings) log.warn(`Export: ${w}`);
      void vscode.window.showInformationMessage(`Policy Lens: exported ${result.count} annotation${result.count === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}${result.warnings.length ? ` (${result.warnings.length} left out: see the Policy Lens output)` : ''}.`);
      return target;
    } catch (err) {
      void vscode.window.showErrorMessage(`Policy Lens: the export failed: ${message(err)}. Nothing was written.`);
      return undefined;
    }
  };

  /** Nothing or a document URI: that document, else the Annotations view's scope; undefined (and a message) when there is none. */
  const documentOrView = (what: string) => (args: readonly unknown[]): Scope | undefined => {
    const scope = scopeOf(args);
    if (!scope) void vscode.window.showInformationMessage(`Policy Lens: open a folder or a document to ${what}.`);
    return scope;
  };

  /** The four exports, each run the same way: refuse arguments it does not take, find its scope, act on it. */
  const exportCommands: Record<string, { title: string; shapes: readonly Shape[]; takes: string; scope: (args: readonly unknown[]) => Scope | undefined; act: (scope: Scope) => Promise<unknown> }> = {
    [CommandId.exportBrief]: { title: 'Export Brief', shapes: SHAPES, takes: DOCUMENT_OR_VIEW, scope: documentOrView('export a brief'), act: briefOf },
    [CommandId.exportAnnotations]: { title: 'Export Annotations', shapes: SHAPES, takes: DOCUMENT_OR_VIEW, scope: documentOrView('export annotations'), act: exportTo },
    [CommandId.exportBriefOfSelection]: { title: 'Export Brief of Selection', shapes: SELECTION_SHAPES, takes: VIEW_SELECTION, scope: selectionScope, act: briefOf },
    [CommandId.exportSelectedAnnotations]: { title: 'Export Selected Annotations', shapes: SELECTION_SHAPES, takes: VIEW_SELECTION, scope: selectionScope, act: exportTo },
  };
  const runExport = (id: string) => async (...args: unknown[]): Promise<unknown> => {
    const command = exportCommands[id];
    if (matchShape(args, command.shapes) < 0) return refuse(log, command.title, args, command.takes);
    const scope = command.scope(args);
    return scope && command.act(scope);
  };

  const importAnnotations = async (...args: unknown[]): Promise<ImportPlan | undefined> => {
    if (matchShape(args, SHAPES) < 0) {
      return refuse(log, 'Import Annotations', args, 'nothing (then a file to import is asked for) or the URI of the file to import');
    }
    let file = args[0] instanceof vscode.Uri ? args[0] : undefined;
    if (!file) file = await pickImportFile();
    if (!file) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(file) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) { void vscode.window.showInformationMessage('Policy Lens: open the folder of the documents to import into first.'); return undefined; }
    const shown = vscode.workspace.asRelativePath(file);
    let plan: ImportPlan;
    try {
      const bundle = readImport(shown, await vscode.workspace.fs.readFile(file), zipCodec);
      plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Policy Lens: matching ${shown} to the documents` }, () => planFor(bundle, folder));
    } catch (err) {
      void vscode.window.showErrorMessage(`Policy Lens: cannot import ${err instanceof InterchangeError ? err.message : `${shown}: ${message(err)}`}. Nothing was written.`);
      return undefined;
    }
    const lines = describePlan(plan);
    if (planIsEmpty(plan)) {
      void vscode.window.showInformationMessage(`Policy Lens: nothing to import from ${shown}: ${lines.length ? lines.join('; ') : 'no annotations'}.`);
      return plan;
    }
    const totals = plan.documents.reduce((t, d) => ({ added: t.added + d.added.length, changed: t.changed + d.changed.length, orphaned: t.orphaned + d.orphaned.length }), { added: 0, changed: 0, orphaned: 0 });
    const go = `$(check) Import: ${totals.added} added, ${totals.changed} changed, ${totals.orphaned} orphaned`;
    const configUri = engines.configUriFor(folder.uri)!;
    const newTags = plan.newTags.length === 0 ? ''
      : `; adds ${plan.newTags.length === 1 ? 'the tag' : 'the tags'} ${plan.newTags.map((t) => t.id).join(', ')} to ${vscode.workspace.asRelativePath(configUri)}`;
    const choice = await vscode.window.showQuickPick([
      { label: go, detail: `into ${plan.documents.length} document${plan.documents.length === 1 ? '' : 's'} of ${folder.name}${newTags}; Undo Import takes it back` },
      { label: 'Plan', kind: vscode.QuickPickItemKind.Separator },
      ...lines.map((l) => ({ label: l.trim(), description: '' })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(close) Cancel' },
    ], { title: `Import ${shown}`, placeHolder: 'Review the plan; choose Import to write it' });
    if (choice?.label !== go) return undefined;
    const undos: SidecarUndo[] = [];
    try {
      for (const d of plan.documents) {
        if (d.added.length + d.changed.length + d.orphaned.length === 0) continue;
        const undo = await store.writeImported(vscode.Uri.joinPath(folder.uri, d.path), (current) => applyPlannedDocument(current, d));
        if (undo) undos.push(undo);
      }
    } catch (err) {
      void vscode.window.showErrorMessage(`Policy Lens: the import stopped: ${message(err)}. ${undos.length} sidecar${undos.length === 1 ? ' was' : 's were'} written; Undo Import takes ${undos.length === 1 ? 'it' : 'them'} back.`);
    }
    let config: ConfigUndo | undefined;
    if (plan.newTags.length > 0) config = await addTags(configUri, plan.newTags, store.codebook(folder.uri));
    lastImport = { sidecars: undos, config };
    void vscode.window.showInformationMessage(
      `Policy Lens: imported ${shown}: ${totals.added} added, ${totals.changed} changed, ${totals.orphaned} orphaned.`, 'Undo Import',
    ).then((c) => { if (c === 'Undo Import') void undoImport(); });
    return plan;
  };

  const browse = async (): Promise<vscode.Uri | undefined> => (await vscode.window.showOpenDialog({
    canSelectMany: false, canSelectFolders: false, title: 'Import Annotations',
    filters: { 'Annotations (REFI-QDA, W3C, Hypothesis)': ['qdpx', 'qdc', 'json', 'jsonld'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  }))?.[0];

  /** The importable files in the workspace, then Browse... for one elsewhere. */
  const pickImportFile = async (): Promise<vscode.Uri | undefined> => {
    const found = (await vscode.workspace.findFiles('**/*.{qdpx,qdc,json,jsonld}', '{**/node_modules/**,**/.vscode/**,**/package*.json,**/tsconfig*.json}', 200))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    if (found.length === 0) {
      void vscode.window.showInformationMessage('Policy Lens: no .qdpx, .qdc, .json or .jsonld file in the workspace to import.', 'Browse...')
        .then(async (c) => { if (c) { const f = await browse(); if (f) await vscode.commands.executeCommand(CommandId.importAnnotations, f); } });
      return undefined;
    }
    const BROWSE = '$(folder-opened) Browse...';
    const choice = await vscode.window.showQuickPick(
      [...found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { label: BROWSE, uri: undefined }],
      { title: 'Import Annotations', placeHolder: 'A REFI-QDA project or codebook, W3C Web Annotation JSON or a Hypothesis export' },
    );
    if (!choice) return undefined;
    return choice.uri ?? browse();
  };

  const planFor = async (bundle: ReturnType<typeof readImport>, folder: vscode.WorkspaceFolder): Promise<ImportPlan> => {
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{md,markdown,txt}'), '**/node_modules/**');
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    const targets: TargetDocument[] = [];
    const invalid = new Map<string, string>();
    for (const uri of files) {
      const text = await currentText(uri);
      if (text === undefined) continue;
      const entry = await store.ensure(uri);
      const path = uri.path.startsWith(base) ? uri.path.slice(base.length) : vscode.workspace.asRelativePath(uri, false);
      if (entry.state === 'invalid') invalid.set(path, entry.problems.map((p) => `line ${p.line}: ${p.message}`).join('; '));
      targets.push({ path, text, sidecar: { version: 1, document: entry.documentName ?? path.slice(path.lastIndexOf('/') + 1), annotations: entry.state === 'invalid' ? [] : entry.annotations } });
    }
    const plan = planImport(bundle, targets, store.codebook(folder.uri));
    const blocked = plan.documents.find((d) => invalid.has(d.path));
    if (blocked) throw new Error(`the sidecar of ${blocked.path} cannot be read (${invalid.get(blocked.path)}); fix it first`);
    return plan;
  };

  /** Adds the import's new tags to the folder's codebook through the config writer; what undoes it, or undefined when nothing was written. */
  const addTags = async (configUri: vscode.Uri, tags: ImportPlan['newTags'], codebook: CodebookTag[]): Promise<ConfigUndo | undefined> => {
    const before = await currentText(configUri);
    const result = addImportedTags(before ?? '', tags, codebook);
    const shown = vscode.workspace.asRelativePath(configUri);
    for (const f of result.failed) log.warn(`Import: the tag '${f.id}' was not added to ${shown}: ${f.error}`);
    if (result.failed.length > 0) void vscode.window.showWarningMessage(`Policy Lens: ${result.failed.map((f) => f.id).join(', ')} not added to ${shown}: ${result.failed[0].error}`);
    if (result.text === (before ?? '')) return undefined;
    try {
      await writeConfig(configUri, before ?? '', result.text);
    } catch (err) {
      log.error(`Import: could not add the tags to ${shown}`, err);
      void vscode.window.showWarningMessage(`Policy Lens: the annotations were imported, but the tags ${result.added.join(', ')} could not be added to ${shown}: ${message(err)}`);
      return undefined;
    }
    log.info(`Import: added to the codebook in ${shown}: ${result.added.join(', ')}.`);
    return { uri: configUri, before, after: result.text };
  };

  /** Puts the config back as it was before the import, if nobody changed it since; false when left alone. */
  const undoConfig = async (u: ConfigUndo): Promise<boolean> => {
    const now = await currentText(u.uri);
    if (now !== u.after) return false;
    try {
      if (u.before === undefined) await vscode.workspace.fs.delete(u.uri);
      else await writeConfig(u.uri, u.after, u.before);
      return true;
    } catch (err) {
      if (!(err instanceof ConfigChangedError)) log.error(`Undo Import: ${vscode.workspace.asRelativePath(u.uri)}`, err);
      return false;
    }
  };

  const undoImport = async (...args: unknown[]): Promise<boolean | undefined> => {
    if (matchShape(args, [[isFocusedOrNothing]]) < 0) return refuse(log, 'Undo Import', args, 'nothing');
    if (lastImport.sidecars.length === 0 && !lastImport.config) { void vscode.window.showInformationMessage('Policy Lens: there is no import to undo.'); return false; }
    const { sidecars: undos, config } = lastImport;
    lastImport = { sidecars: [] };
    const kept: string[] = [];
    for (const u of [...undos].reverse()) if (!(await store.undoWrite(u))) kept.push(vscode.workspace.asRelativePath(u.docUri));
    if (config && !(await undoConfig(config))) kept.push(vscode.workspace.asRelativePath(config.uri));
    if (kept.length > 0) void vscode.window.showWarningMessage(`Policy Lens: changed since the import, so left as they are: ${kept.join(', ')}.`);
    else void vscode.window.showInformationMessage(`Policy Lens: import undone (${undos.length} sidecar${undos.length === 1 ? '' : 's'}${config ? ` and ${vscode.workspace.asRelativePath(config.uri)}` : ''} restored).`);
    return kept.length === 0;
  };

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.exportBrief, runExport(CommandId.exportBrief)),
    vscode.commands.registerCommand(CommandId.exportAnnotations, runExport(CommandId.exportAnnotations)),
    vscode.commands.registerCommand(CommandId.exportBriefOfSelection, runExport(CommandId.exportBriefOfSelection)),
    vscode.commands.registerCommand(CommandId.exportSelectedAnnotations, runExport(CommandId.exportSelectedAnnotations)),
    vscode.commands.registerCommand(CommandId.importAnnotations, importAnnotations),
    vscode.commands.registerCommand(CommandId.undoImport, undoImport),
  );
  return { get lastImport() { return lastImport.sidecars; }, dispose: () => disposable.dispose() };
}

function selectionCount(picks: Picks): string {
  let n = 0;
  for (const p of picks.values()) n += p.ids.size;
  return `${n} selected annotation${n === 1 ? '' : 's'}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
