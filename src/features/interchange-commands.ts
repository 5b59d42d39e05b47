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
import { currentText } from '../adapters/files';
import { Log } from '../adapters/log';
import { CommandId } from '../constants';
import type { CodebookTag } from '../core/annotations/types';
import {
  applyPlannedDocument, describePlan, documentFindings, EXPORT_EXTENSIONS, exportAs, ExportDocument, ExportFormat,
  ImportPlan, InterchangeError, planImport, planIsEmpty, readImport, TargetDocument,
} from '../core/interchange';
import { Check, isFocusedOrNothing, isUri, matchShape, optional, refuse, isTreeSelection, Shape } from './command-args';

/** The Explorer passes the clicked file's URI and the selected URIs. */
const isUriList: Check = (v) => Array.isArray(v) && v.every((x) => x instanceof vscode.Uri);
/** Nothing (palette, keys), the view title bar's focused item, or a document URI (with a selection). */
const SHAPES: Shape[] = [[], [isFocusedOrNothing], [isUri, optional(isTreeSelection)], [isUri, isUriList]];

type Scope = { kind: 'document'; uri: vscode.Uri } | { kind: 'workspace' };

const FORMATS: { format: ExportFormat; label: string; detail: string }[] = [
  { format: 'qdpx', label: 'REFI-QDA project (.qdpx)', detail: 'NVivo, ATLAS.ti, MAXQDA, QualCoder: texts, codebook, codings and notes' },
  { format: 'w3c', label: 'W3C Web Annotation (.jsonld)', detail: 'An AnnotationCollection with quote and position selectors' },
  { format: 'csv', label: 'CSV (.csv)', detail: 'One row per annotation, for spreadsheets' },
  { format: 'qdc', label: 'REFI-QDA codebook (.qdc)', detail: 'The tags only' },
  { format: 'brief', label: 'Brief (.md)', detail: 'Quotes grouped by tag with page or line, notes, authors' },
];

export interface InterchangeCommands extends vscode.Disposable {
  /** The undo of the last import, for tests. */
  readonly lastImport: readonly SidecarUndo[];
}

export function register(
  store: AnnotationStore, engines: EngineService, analyses: AnalysisService, log: Log,
  viewScope: () => 'document' | 'workspace',
): InterchangeCommands {
  let lastImport: SidecarUndo[] = [];

  /** Nothing passed (palette, the view's title bar): the Annotations view's scope; a URI: that document. */
  const scopeOf = (args: readonly unknown[]): Scope | undefined => {
    if (args[0] instanceof vscode.Uri) return { kind: 'document', uri: args[0] };
    const active = vscode.window.activeTextEditor?.document;
    if (viewScope() === 'document' && active && hasSidecar(active.uri) && analyses.isPolicyDocument(active)) return { kind: 'document', uri: active.uri };
    return vscode.workspace.workspaceFolders?.length ? { kind: 'workspace' } : undefined;
  };

  const collect = async (scope: Scope, withFindings: boolean, token?: vscode.CancellationToken, progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<ExportDocument[]> => {
    const entries: DocumentAnnotations[] = scope.kind === 'document'
      ? [await store.ensure(scope.uri)]
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
      const doc: ExportDocument = {
        path: vscode.workspace.asRelativePath(entry.docUri, false),
        text,
        sidecar: { version: 1, document: entry.documentName ?? name, annotations: entry.annotations },
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
    scope.kind === 'document' ? work() : vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => work(token, progress));

  const codebookFor = (scope: Scope): CodebookTag[] => store.codebook(scope.kind === 'document' ? scope.uri : vscode.workspace.workspaceFolders?.[0]?.uri);
  const projectName = (scope: Scope): string => (scope.kind === 'document' ? vscode.workspace.asRelativePath(scope.uri, false) : vscode.workspace.name ?? 'Workspace');

  const exportBrief = async (...args: unknown[]): Promise<vscode.TextDocument | undefined> => {
    if (matchShape(args, SHAPES) < 0) {
      return refuse(log, 'Export Brief', args, 'nothing (the Annotations view\'s document or workspace) or a document URI');
    }
    const scope = scopeOf(args);
    if (!scope) { void vscode.window.showInformationMessage('Policy Lens: open a folder or a document to export a brief.'); return undefined; }
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

  const exportAnnotations = async (...args: unknown[]): Promise<vscode.Uri | undefined> => {
    if (matchShape(args, SHAPES) < 0) {
      return refuse(log, 'Export Annotations', args, 'nothing (the Annotations view\'s document or workspace) or a document URI');
    }
    const scope = scopeOf(args);
    if (!scope) { void vscode.window.showInformationMessage('Policy Lens: open a folder or a document to export annotations.'); return undefined; }
    const picked = await vscode.window.showQuickPick(FORMATS.map((f) => ({ ...f, description: '' })), { title: `Export annotations of ${scope.kind === 'document' ? vscode.workspace.asRelativePath(scope.uri) : 'the workspace'} as` });
    if (!picked) return undefined;
    const folder = scope.kind === 'document' ? vscode.workspace.getWorkspaceFolder(scope.uri)?.uri : vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = scope.kind === 'document' ? scope.uri.path.slice(scope.uri.path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '') : 'annotations';
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
        return { ...exportAs(picked.format, { name: projectName(scope), documents: docs, codebook: codebookFor(scope) }), count: docs.reduce((n, d) => n + d.sidecar.annotations.length, 0) };
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
      const bundle = readImport(shown, await vscode.workspace.fs.readFile(file));
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
    const choice = await vscode.window.showQuickPick([
      { label: go, detail: `into ${plan.documents.length} document${plan.documents.length === 1 ? '' : 's'} of ${folder.name}; Undo Import takes it back` },
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
    lastImport = undos;
    if (plan.newTags.length > 0) log.info(`Import: tags not in the codebook: ${plan.newTags.map((t) => t.id).join(', ')} (add them to .policy-lens.yaml to give them labels and colours).`);
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

  const undoImport = async (...args: unknown[]): Promise<boolean | undefined> => {
    if (matchShape(args, [[], [isFocusedOrNothing]]) < 0) return refuse(log, 'Undo Import', args, 'nothing');
    if (lastImport.length === 0) { void vscode.window.showInformationMessage('Policy Lens: there is no import to undo.'); return false; }
    const undos = lastImport;
    lastImport = [];
    const kept: string[] = [];
    for (const u of [...undos].reverse()) if (!(await store.undoWrite(u))) kept.push(vscode.workspace.asRelativePath(u.docUri));
    if (kept.length > 0) void vscode.window.showWarningMessage(`Policy Lens: changed since the import, so left as they are: ${kept.join(', ')}.`);
    else void vscode.window.showInformationMessage(`Policy Lens: import undone (${undos.length} sidecar${undos.length === 1 ? '' : 's'} restored).`);
    return kept.length === 0;
  };

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.exportBrief, exportBrief),
    vscode.commands.registerCommand(CommandId.exportAnnotations, exportAnnotations),
    vscode.commands.registerCommand(CommandId.importAnnotations, importAnnotations),
    vscode.commands.registerCommand(CommandId.undoImport, undoImport),
  );
  return { get lastImport() { return lastImport; }, dispose: () => disposable.dispose() };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
