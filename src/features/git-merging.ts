/**
 * Git and annotations: "Set Up Git Merging for Annotations" (asks first; never in Restricted
 * Mode) and "Resolve Merge Conflict in Annotation" for the conflicts the merge driver recorded.
 */
import * as vscode from 'vscode';
import { AnnotationStore } from '../adapters/annotation-store';
import { Log } from '../adapters/log';
import { gitConfigSet, gitTopLevel, localPath } from '../adapters/node-git';
import { CommandId } from '../constants';
import { Annotation, MergeConflictEntry } from '../core/annotations';
import { MERGE_ATTRIBUTE_LINE, MERGE_DRIVER_KEY, MERGE_DRIVER_NAME_KEY, mergeDriverCommand, withMergeAttribute } from '../core/git-merge-setup';
import type { AnnotationThreads } from './annotation-threads';
import type { Node } from './annotation-tree';
import { isAnnotationItem, isNonEmptyText, isTreeSelection, isUri, matchShape, optional, refuse } from './command-args';

const flat = (v: unknown, n = 80): string => {
  const s = (typeof v === 'string' ? v : v === undefined ? '(removed)' : JSON.stringify(v)).replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n - 1)}…` : s || '(empty)';
};

export function register(store: AnnotationStore, threads: AnnotationThreads, extensionUri: vscode.Uri, log: Log): vscode.Disposable {
  const setUp = async () => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Policy Lens: git merging is not set up in Restricted Mode (it changes the repository\'s configuration). Trust the workspace first.');
      return undefined;
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose annotations git should merge' });
    if (!folder) {
      if (folders.length === 0) void vscode.window.showInformationMessage('Policy Lens: open a folder in a git repository first.');
      return undefined;
    }
    const top = await gitTopLevel(localPath(folder.uri));
    if (!top) {
      void vscode.window.showWarningMessage(`Policy Lens: ${folder.name} is not in a git repository (or git is not installed).`);
      return undefined;
    }
    let script: string | undefined;
    const bundled = vscode.Uri.joinPath(extensionUri, 'dist', 'cli.js');
    try { await vscode.workspace.fs.stat(bundled); script = localPath(bundled); } catch { script = undefined; }
    const driver = mergeDriverCommand(script);
    const attributes = vscode.Uri.joinPath(folder.uri, '.gitattributes');
    const byHand = `${MERGE_ATTRIBUTE_LINE}   (in .gitattributes)\ngit config ${MERGE_DRIVER_KEY} "${mergeDriverCommand()}"`;
    type Item = vscode.QuickPickItem & { act: 'hand' | 'now' };
    const choice = await vscode.window.showQuickPick<Item>([
      { label: 'Show the two lines to do it by hand', detail: byHand.replace(/\n/g, '  ·  '), act: 'hand' },
      { label: '$(check) Set up git merging now', detail: `Adds "${MERGE_ATTRIBUTE_LINE}" to ${vscode.workspace.asRelativePath(attributes)} and sets ${MERGE_DRIVER_KEY} in ${top}/.git/config`, act: 'now' },
    ], { title: 'Policy Lens: merge annotation sidecars with git', placeHolder: 'Git will then merge two colleagues\' annotations of a document by annotation id' });
    if (!choice) return undefined;
    if (choice.act === 'hand') {
      void vscode.window.showInformationMessage(`Policy Lens: add this line to .gitattributes: ${MERGE_ATTRIBUTE_LINE} — and run: git config ${MERGE_DRIVER_KEY} "${mergeDriverCommand()}"`, 'Copy').then((c) => {
        if (c) void vscode.env.clipboard.writeText(`${MERGE_ATTRIBUTE_LINE}\ngit config ${MERGE_DRIVER_KEY} "${mergeDriverCommand()}"\n`);
      });
      return 'by hand';
    }
    try {
      let before = '';
      try { before = new TextDecoder().decode(await vscode.workspace.fs.readFile(attributes)); } catch { before = ''; }
      const after = withMergeAttribute(before);
      if (after !== undefined) await vscode.workspace.fs.writeFile(attributes, new TextEncoder().encode(after));
      const ok = await gitConfigSet(top, MERGE_DRIVER_NAME_KEY, 'Policy Lens annotation sidecars') && await gitConfigSet(top, MERGE_DRIVER_KEY, driver);
      if (!ok) throw new Error(`git config ${MERGE_DRIVER_KEY} failed`);
      log.info(`Git merging of annotation sidecars set up: ${vscode.workspace.asRelativePath(attributes)} and ${MERGE_DRIVER_KEY} = ${driver}`);
      void vscode.window.showInformationMessage(`Policy Lens: git now merges annotation sidecars in ${folder.name} by annotation id. Commit .gitattributes so colleagues get it too (each sets the driver once).`);
      return 'set up';
    } catch (err) {
      log.error('Could not set up git merging', err);
      void vscode.window.showErrorMessage(`Policy Lens: could not set up git merging: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };

  /** One recorded conflict: pick it (when several), then ours or theirs. */
  const resolve = async (uri: vscode.Uri, only?: string, index?: number, take?: 'ours' | 'theirs') => {
    const entry = await store.ensure(uri);
    const found: { a: Annotation; c: MergeConflictEntry; i: number }[] = [];
    for (const a of entry.annotations) if (!only || a.id === only) (a.conflicts ?? []).forEach((c, i) => found.push({ a, c, i }));
    if (found.length === 0) {
      void vscode.window.showInformationMessage('Policy Lens: no merge conflicts recorded in this document\'s annotations.');
      return undefined;
    }
    let target = index !== undefined ? found.find((f) => f.i === index && (!only || f.a.id === only)) : found.length === 1 ? found[0] : undefined;
    if (!target) {
      const picked = await vscode.window.showQuickPick(found.map((f) => ({ label: `${flat(f.a.quote, 50)} · ${f.c.field}`, detail: f.c.field === 'deleted' ? `deleted on ${f.c.side ?? 'one'} branch, changed on the other` : `theirs: ${flat(f.c.theirs)}`, f })), { title: 'Policy Lens: merge conflicts in annotations' });
      if (!picked) return undefined;
      target = picked.f;
    }
    const { a, c, i } = target;
    if (!take) {
      const ours = c.field === 'deleted' ? 'Keep the annotation' : `Keep ours: ${flat(c.field.startsWith('replies.') ? a.replies?.find((r) => `replies.${r.id}` === c.field)?.body : (a as unknown as Record<string, unknown>)[c.field] ?? a.extra?.[c.field])}`;
      const theirs = c.field === 'deleted' ? `Delete it (as the ${c.side ?? 'other'} branch did)` : `Take theirs: ${flat(c.field.startsWith('replies.') ? (c.theirs as { body?: string } | undefined)?.body : c.theirs)}`;
      const picked = await vscode.window.showQuickPick([{ label: ours, take: 'ours' as const }, { label: theirs, take: 'theirs' as const }], { title: `Policy Lens: ${c.field} of "${flat(a.quote, 40)}"` });
      if (!picked) return undefined;
      take = picked.take;
    }
    try {
      await store.resolveConflict(uri, a.id, i, take);
    } catch (err) {
      void vscode.window.showErrorMessage(`Policy Lens: could not resolve the conflict: ${err instanceof Error ? err.message : String(err)}`);
    }
    return take;
  };

  const isThreadArg = (v: unknown) => typeof v === 'object' && v !== null && threads.annotationOf(v as vscode.CommentThread) !== undefined;
  const isTake = (v: unknown) => v === 'ours' || v === 'theirs';
  const isIndex = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.setUpGitMerging, (...args: unknown[]) => {
      if (matchShape(args, [[]]) < 0) return refuse(log, 'Set Up Git Merging for Annotations', args, 'nothing (command palette)');
      return setUp();
    }),
    vscode.commands.registerCommand(CommandId.resolveMergeConflict, (...args: unknown[]) => {
      // Palette: the active document. A thread's title bar: the thread. Code: (uri, id, index, 'ours' | 'theirs').
      // The Annotations view's item menu: the item (and the selection).
      const shape = matchShape(args, [[], [isThreadArg], [isUri, isNonEmptyText, optional(isIndex), optional(isTake)], [isAnnotationItem, optional(isTreeSelection)]]);
      if (shape < 0) return refuse(log, 'Resolve Merge Conflict in Annotation', args, 'nothing (command palette), a comment thread, an annotation in the Annotations view, or a document URI and an annotation id');
      if (shape === 3) {
        const node = args[0] as Extract<Node, { kind: 'annotation' }>;
        return resolve(node.entry.docUri, node.annotation.id);
      }
      if (shape === 0) {
        const editor = vscode.window.activeTextEditor;
        if (!editor) { void vscode.window.showInformationMessage('Policy Lens: open the annotated document first.'); return undefined; }
        return resolve(editor.document.uri);
      }
      if (shape === 1) {
        const target = threads.annotationOf(args[0] as vscode.CommentThread)!;
        return resolve(target.docUri, target.id);
      }
      return resolve(args[0] as vscode.Uri, args[1] as string, args[2] as number | undefined, args[3] as 'ours' | 'theirs' | undefined);
    }),
  );
}
