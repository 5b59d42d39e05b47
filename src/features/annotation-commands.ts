/**
 * Commands that create, edit, move, delete and find annotations. Every write goes through the
 * AnnotationStore, and a conflict it reports is put to the person (`sidecar-conflicts.ts`).
 * `register` is a table: one line per command, each handler a named function below.
 */
import * as vscode from 'vscode';
import { AnnotationStore } from '../adapters/annotation-store';
import { editConfig } from '../adapters/config-writer';
import { EngineService } from '../adapters/engine-service';
import { Log } from '../adapters/log';
import { CommandId } from '../constants';
import { Annotation, makeAnchor, newTagColor } from '../core/annotations';
import { addCodebookTag, ConfigEditResult, slugId } from '../core/config-edit';
import { RuleCode } from '../core/types';
import { registerSearch } from './annotation-search';
import {
  isAnnotationItem, isAnnotationNode, isNonEmptyText, isRange, isRule, isText, isTreeSelection, isUri,
  matchShape, optional, refuse, Shape,
} from './command-args';
import { writeAskingOnConflict } from './sidecar-conflicts';

/** Tag suggested when annotating a finding of each rule. */
const TAG_FOR_RULE: Record<RuleCode, string> = {
  'party.unmentioned': 'omission',
  'term.unmentioned': 'omission',
  'funding.unquantified': 'funding',
  'funding.existing-resources': 'funding',
};

type Target = { uri: vscode.Uri; annotation: Annotation };

/** From a view item's menu: the item (and the selection); from code: (uri, id). */
const TARGET_SHAPES: Shape[] = [[isAnnotationItem, optional(isTreeSelection)], [isUri, isNonEmptyText]];
const TAKES_TARGET = 'an annotation from the Annotations view (or a document URI and an annotation id)';

/**
 * Opens a new comment thread on the editor's selection for `tag` (the note is then typed in the
 * thread); false when comment threads are off. Given by the threads feature.
 */
export type OpenThread = (editor: vscode.TextEditor, tag: string) => boolean;

/** Opens a note for editing in a multi-line editor (its comment thread, or a Markdown editor). Given by the note editor feature. */
export type EditNote = (uri: vscode.Uri, annotation: Annotation) => Promise<void>;

type PickTag = (uri: vscode.Uri, current?: string) => Promise<string | undefined>;

/** What every command handler here works with. */
interface Commands {
  store: AnnotationStore;
  log: Log;
  pickTag: PickTag;
  openThread?: OpenThread;
  editNote?: EditNote;
}

function fail(log: Log, what: string, err: unknown): void {
  log.error(what, err);
  void vscode.window.showErrorMessage(`Policy Lens: ${what}: ${err instanceof Error ? err.message : String(err)}`);
}

function resolveTarget(store: AnnotationStore, args: readonly unknown[]): Target | undefined {
  const [first, id] = args;
  if (isAnnotationNode(first)) return { uri: first.entry.docUri, annotation: first.annotation };
  if (first instanceof vscode.Uri && typeof id === 'string') {
    const annotation = store.peek(first)?.annotations.find((a) => a.id === id);
    return annotation && { uri: first, annotation };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The tag picker and new tags

/** Resolves once the engine service has re-read the config and the codebook has tag `id` (or after 5 s). */
function tagKnown(store: AnnotationStore, engines: EngineService, uri: vscode.Uri, id: string): { done: Promise<void>; cancel: () => void } {
  let cancel = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    const finish = () => { clearTimeout(timer); sub.dispose(); resolve(); };
    const timer = setTimeout(finish, 5000);
    const sub = engines.onDidChange(() => { if (store.codebook(uri).some((t) => t.id === id)) finish(); });
    cancel = finish;
  });
  return { done, cancel };
}

/** Adds a tag to the workspace codebook in .policy-lens.yaml (with a colour of its own), through the config writer; resolves to its id. */
async function createTag(store: AnnotationStore, engines: EngineService, log: Log, uri: vscode.Uri, name: string): Promise<string | undefined> {
  const id = slugId(name);
  const codebook = store.codebook(uri);
  if (codebook.some((t) => t.id === id)) return id;
  const configUri = engines.configUriFor(uri);
  if (!configUri || !/[\p{L}\p{N}]/u.test(name)) {
    void vscode.window.showErrorMessage(configUri ? 'Policy Lens: a tag name needs letters or digits.' : 'Policy Lens: open a folder to keep a workspace codebook (.policy-lens.yaml).');
    return undefined;
  }
  // The engine service re-reads the file on change; wait for it so the new colour is used at once.
  const known = tagKnown(store, engines, uri, id);
  let result: ConfigEditResult;
  try {
    result = await editConfig(configUri, (before) => addCodebookTag(before, { id, label: name, color: newTagColor(codebook.map((t) => t.color)) }));
  } catch (err) {
    known.cancel();
    fail(log, `could not add the tag to ${vscode.workspace.asRelativePath(configUri)}`, err);
    return undefined;
  }
  if (!result.ok) {
    known.cancel();
    void vscode.window.showErrorMessage(`Policy Lens: ${result.error}`, 'Open .policy-lens.yaml').then((c) => { if (c) void vscode.window.showTextDocument(configUri); });
    return undefined;
  }
  await known.done;
  log.info(`Created the tag '${name}' (${id}) in ${vscode.workspace.asRelativePath(configUri)}.`);
  return id;
}

/** The tag picker: the codebook's tags; typing a name that is not one of them offers to create it. */
export function tagPicker(store: AnnotationStore, engines: EngineService, log: Log): PickTag {
  return (uri, current) => new Promise((resolve) => {
    type Item = vscode.QuickPickItem & { id?: string; create?: string };
    const tags = store.codebook(uri);
    const existing: Item[] = tags.map((t) => ({ label: t.label, description: t.id === current ? `${t.id} (current)` : t.id, detail: t.description, id: t.id }));
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = 'Policy Lens: tag';
    pick.placeholder = 'Choose a tag from the codebook, or type a new one to create it';
    pick.matchOnDescription = true;
    pick.items = existing;
    pick.onDidChangeValue((value) => {
      const name = value.replace(/\s+/g, ' ').trim();
      const known = !name || tags.some((t) => t.id === slugId(name) || t.label.toLowerCase() === name.toLowerCase());
      pick.items = known ? existing : [...existing, {
        // The typed name is in the detail, not the label, so a tag it prefixes ("omi": Omission)
        // still ranks first; the create item is always shown, after the matches.
        label: '$(add) Create a new tag', detail: `"${name}": added to the workspace codebook in .policy-lens.yaml, with a colour of its own`, alwaysShow: true, create: name,
      }];
    });
    let accepted = false;
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!item) return; // nothing matches what was typed: keep the picker open
      accepted = true;
      pick.hide();
      resolve(item.create !== undefined ? createTag(store, engines, log, uri, item.create) : item.id);
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!accepted) resolve(undefined);
    });
    pick.show();
  });
}

// ---------------------------------------------------------------------------------------------
// Shared steps

/** Refuses, with a way forward, when the sidecar does not parse: it must never be overwritten. */
async function writable(store: AnnotationStore, uri: vscode.Uri): Promise<boolean> {
  const entry = await store.ensure(uri);
  if (entry.state !== 'invalid') return true;
  const first = entry.problems[0];
  const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : '';
  void vscode.window.showErrorMessage(
    `Policy Lens: ${vscode.workspace.asRelativePath(entry.sidecarUri)} does not parse${where}. Fix it before annotating; it will not be overwritten.`,
    'Open Sidecar',
  ).then((c) => { if (c) void vscode.window.showTextDocument(entry.sidecarUri); });
  return false;
}

/** A write of one command: a conflict is asked about; any other failure is shown as `what`. */
async function write<T>(c: Commands, uri: vscode.Uri, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await writeAskingOnConflict(uri, run);
  } catch (err) {
    fail(c.log, what, err);
    return undefined;
  }
}

async function annotateSelection(c: Commands, tag?: string, note?: string): Promise<Annotation | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Policy Lens: select the passage to annotate first.');
    return undefined;
  }
  const { document, selection } = editor;
  if (!(await writable(c.store, document.uri))) return undefined;
  const given = note !== undefined;
  tag ??= await c.pickTag(document.uri);
  if (!tag) return undefined;
  // The note is written where it is read: in a comment thread on the passage (multi-line).
  if (!given && c.openThread?.(editor, tag)) return undefined;
  note ??= await vscode.window.showInputBox({ title: `Policy Lens: note (${tag})`, prompt: 'Markdown. Leave empty to add the note later.', ignoreFocusOut: true });
  if (note === undefined) return undefined;
  const [start, end, text, chosenTag, chosenNote] = [document.offsetAt(selection.start), document.offsetAt(selection.end), document.getText(), tag, note];
  return write(c, document.uri, 'could not save the annotation', () => c.store.add(document.uri, text, start, end, chosenTag, chosenNote));
}

async function reveal(store: AnnotationStore, uri: vscode.Uri, id: string): Promise<void> {
  const entry = await store.ensure(uri);
  const anchor = entry.anchors.get(id);
  const editor = await vscode.window.showTextDocument(uri, { preview: true });
  if (anchor?.status === 'anchored') {
    const range = new vscode.Range(editor.document.positionAt(anchor.start), editor.document.positionAt(anchor.end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } else {
    const a = entry.annotations.find((x) => x.id === id);
    void vscode.window.showWarningMessage(`Policy Lens: this annotation is orphaned: its text ("${(a?.quote ?? '').slice(0, 80)}") was not found. Select the passage it belongs to and run "Re-attach Annotation to Selection".`);
  }
}

// ---------------------------------------------------------------------------------------------
// The commands, one function each (`args` as VS Code passes them)

function annotateSelectionCommand(c: Commands, args: unknown[]): Promise<Annotation | undefined> | undefined {
  // Palette, keybinding, welcome link: nothing. Editor context menu: the document's URI.
  // Code and tests: a tag and a note.
  switch (matchShape(args, [[], [isUri], [isNonEmptyText, optional(isText)]])) {
    case 0: return annotateSelection(c);
    case 1: {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.uri.toString() !== (args[0] as vscode.Uri).toString()) {
        void vscode.window.showInformationMessage('Policy Lens: select the passage to annotate in that document first.');
        return undefined;
      }
      return annotateSelection(c);
    }
    case 2: return annotateSelection(c, args[0] as string, args[1] as string | undefined);
    default: return refuse(c.log, 'Annotate Selection', args, 'nothing (command palette, keyboard), the document (editor context menu), or a tag and a note');
  }
}

async function annotateFindingCommand(c: Commands, args: unknown[]): Promise<Annotation | undefined> {
  if (matchShape(args, [[isUri, isRange, isRule, optional(isText)]]) < 0) {
    return refuse(c.log, 'Annotate This Finding', args, 'a finding (use the quick fix on a Policy Lens problem)');
  }
  const [uri, range, rule, note] = args as [vscode.Uri, vscode.Range, RuleCode, string | undefined];
  const editor = await vscode.window.showTextDocument(uri);
  editor.selection = new vscode.Selection(range.start, range.end);
  return annotateSelection(c, TAG_FOR_RULE[rule], note);
}

function revealCommand(c: Commands, args: unknown[]): Promise<void> | undefined {
  if (matchShape(args, [[isUri, isNonEmptyText]]) < 0) return refuse(c.log, 'Reveal Annotation', args, 'a document URI and an annotation id (click an annotation in the Annotations view)');
  return reveal(c.store, args[0] as vscode.Uri, args[1] as string);
}

async function reattachCommand(c: Commands, args: unknown[]): Promise<void> {
  if (matchShape(args, TARGET_SHAPES) < 0) return refuse(c.log, 'Re-attach Annotation to Selection', args, TAKES_TARGET);
  const target = resolveTarget(c.store, args);
  const editor = vscode.window.activeTextEditor;
  if (!target) return;
  if (!editor || editor.document.uri.toString() !== target.uri.toString() || editor.selection.isEmpty) {
    await vscode.window.showTextDocument(target.uri);
    void vscode.window.showInformationMessage('Policy Lens: select the passage this annotation belongs to, then run "Re-attach Annotation to Selection" again.');
    return;
  }
  if (!(await writable(c.store, target.uri))) return;
  const { document, selection } = editor;
  const anchor = makeAnchor(document.getText(), document.offsetAt(selection.start), document.offsetAt(selection.end));
  await write(c, target.uri, 'could not re-attach the annotation', () => c.store.update(target.uri, target.annotation.id, anchor));
}

async function editNoteCommand(c: Commands, args: unknown[]): Promise<void> {
  const shape = matchShape(args, [...TARGET_SHAPES, [isUri, isNonEmptyText, isText]]);
  if (shape < 0) return refuse(c.log, 'Edit Note', args, `${TAKES_TARGET}, and the new note from code`);
  if (shape === 2) args = [args[0], args[1], args[2]]; else if (isAnnotationNode(args[0])) args = [args[0]];
  const target = resolveTarget(c.store, args);
  if (!target || !(await writable(c.store, target.uri))) return;
  // Never a single-line input box: it would flatten paragraphs and lists (issue 15).
  if (shape !== 2 && c.editNote) return c.editNote(target.uri, target.annotation);
  const note = args[2] as string | undefined;
  if (note === undefined || note === target.annotation.note) return;
  await write(c, target.uri, 'could not save the note', () => c.store.update(target.uri, target.annotation.id, { note }));
}

async function changeTagCommand(c: Commands, args: unknown[]): Promise<void> {
  const shape = matchShape(args, [...TARGET_SHAPES, [isUri, isNonEmptyText, isNonEmptyText]]);
  if (shape < 0) return refuse(c.log, 'Change Tag', args, `${TAKES_TARGET}, and the new tag from code`);
  if (isAnnotationNode(args[0])) args = [args[0]];
  const target = resolveTarget(c.store, args);
  if (!target || !(await writable(c.store, target.uri))) return;
  const tag = (args[2] as string | undefined) ?? await c.pickTag(target.uri, target.annotation.tag);
  if (!tag || tag === target.annotation.tag) return;
  await write(c, target.uri, 'could not change the tag', () => c.store.update(target.uri, target.annotation.id, { tag }));
}

/**
 * What Delete acts on: from the view, every annotation selected (the clicked item first, alone
 * when it is not part of the selection); from code, the one named. Grouped by document.
 */
function deleteTargets(store: AnnotationStore, args: readonly unknown[]): Map<string, Target[]> {
  const [clicked, selection] = args;
  const chosen = isAnnotationNode(clicked) && Array.isArray(selection) && selection.includes(clicked)
    ? selection.filter(isAnnotationNode).map((n) => ({ uri: n.entry.docUri, annotation: n.annotation }))
    : [resolveTarget(store, args)].filter((t): t is Target => t !== undefined);
  const byDocument = new Map<string, Target[]>();
  const seen = new Set<string>();
  for (const t of chosen) {
    const key = `${t.uri.toString()}#${t.annotation.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byDocument.set(t.uri.toString(), [...(byDocument.get(t.uri.toString()) ?? []), t]);
  }
  return byDocument;
}

async function deleteCommand(c: Commands, args: unknown[]): Promise<void> {
  if (matchShape(args, TARGET_SHAPES) < 0) return refuse(c.log, 'Delete Annotation', args, TAKES_TARGET);
  const byDocument = deleteTargets(c.store, args);
  const count = [...byDocument.values()].reduce((n, list) => n + list.length, 0);
  if (count === 0) return;
  if (count > 1) {
    const documents = byDocument.size === 1 ? '' : ` in ${byDocument.size} documents`;
    // A notification, not a modal dialog: the deletion can be undone anyway (and VS Code refuses modal dialogs in extension tests).
    const choice = await vscode.window.showWarningMessage(`Policy Lens: delete ${count} annotations${documents}? You can undo it afterwards.`, 'Delete');
    if (choice !== 'Delete') return;
  }
  const removed: { uri: vscode.Uri; annotations: Annotation[] }[] = [];
  for (const targets of byDocument.values()) {
    const uri = targets[0].uri;
    if (!(await writable(c.store, uri))) continue;
    const ids = targets.map((t) => t.annotation.id);
    const gone = await write(c, uri, 'could not delete the annotation', () => c.store.removeAll(uri, ids));
    if (gone && gone.length > 0) removed.push({ uri, annotations: gone });
  }
  const total = removed.reduce((n, r) => n + r.annotations.length, 0);
  if (total === 0) return;
  // Undo instead of a confirmation dialog for one: quicker, and the annotations are kept exactly.
  const what = total === 1 ? `the annotation on "${removed[0].annotations[0].quote.slice(0, 50)}"` : `${total} annotations`;
  void vscode.window.showInformationMessage(`Policy Lens: deleted ${what}.`, 'Undo').then(async (choice) => {
    if (choice !== 'Undo') return;
    for (const r of removed) await write(c, r.uri, 'could not restore the annotation', () => c.store.restoreAll(r.uri, r.annotations));
  });
}

export function register(store: AnnotationStore, engines: EngineService, log: Log, openThread?: OpenThread, editNote?: EditNote): vscode.Disposable {
  const c: Commands = { store, log, pickTag: tagPicker(store, engines, log), openThread, editNote };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.annotateSelection, (...args: unknown[]) => annotateSelectionCommand(c, args)),
    vscode.commands.registerCommand(CommandId.annotateFinding, (...args: unknown[]) => annotateFindingCommand(c, args)),
    vscode.commands.registerCommand(CommandId.revealAnnotation, (...args: unknown[]) => revealCommand(c, args)),
    vscode.commands.registerCommand(CommandId.reattachAnnotation, (...args: unknown[]) => reattachCommand(c, args)),
    vscode.commands.registerCommand(CommandId.editAnnotationNote, (...args: unknown[]) => editNoteCommand(c, args)),
    vscode.commands.registerCommand(CommandId.changeAnnotationTag, (...args: unknown[]) => changeTagCommand(c, args)),
    vscode.commands.registerCommand(CommandId.deleteAnnotation, (...args: unknown[]) => deleteCommand(c, args)),
    registerSearch(store, log, (uri, id) => reveal(store, uri, id)),
  );
}
