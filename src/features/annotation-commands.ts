/** Commands that create, edit, move and find annotations. Every write goes through the AnnotationStore. */
import * as vscode from 'vscode';
import { AnnotationStore, DocumentAnnotations } from '../adapters/annotation-store';
import { writeConfig } from '../adapters/config-writer';
import { EngineService } from '../adapters/engine-service';
import { currentText } from '../adapters/files';
import { Log } from '../adapters/log';
import { CommandId } from '../constants';
import { Annotation, makeAnchor, newTagColor } from '../core/annotations';
import { addCodebookTag, slugId } from '../core/config-edit';
import { AnnotationIndex, createAnnotationIndex, SearchRecord } from '../core/search';
import { RuleCode } from '../core/types';
import {
  isAnnotationItem, isAnnotationNode, isFocusedOrNothing, isNonEmptyText, isRange, isRule, isText, isTreeSelection, isUri,
  matchShape, optional, refuse, Shape,
} from './command-args';

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

function resolveTarget(store: AnnotationStore, args: readonly unknown[]): Target | undefined {
  const [first, id] = args;
  if (isAnnotationNode(first)) return { uri: first.entry.docUri, annotation: first.annotation };
  if (first instanceof vscode.Uri && typeof id === 'string') {
    const annotation = store.peek(first)?.annotations.find((a) => a.id === id);
    return annotation && { uri: first, annotation };
  }
  return undefined;
}

/** The tag picker: the codebook's tags; typing a name that is not one of them offers to create it. */
export function tagPicker(store: AnnotationStore, engines: EngineService, log: Log): (uri: vscode.Uri, current?: string) => Promise<string | undefined> {
  const fail = (what: string, err: unknown) => {
    log.error(what, err);
    void vscode.window.showErrorMessage(`Policy Lens: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };
  /** Adds a tag to the workspace codebook in .policy-lens.yaml (with a colour of its own); resolves to its id. */
  const createTag = async (uri: vscode.Uri, name: string): Promise<string | undefined> => {
    const id = slugId(name);
    const codebook = store.codebook(uri);
    if (codebook.some((t) => t.id === id)) return id;
    const configUri = engines.configUriFor(uri);
    if (!configUri || !/[\p{L}\p{N}]/u.test(name)) {
      void vscode.window.showErrorMessage(configUri ? 'Policy Lens: a tag name needs letters or digits.' : 'Policy Lens: open a folder to keep a workspace codebook (.policy-lens.yaml).');
      return undefined;
    }
    const before = (await currentText(configUri)) ?? '';
    const result = addCodebookTag(before, { id, label: name, color: newTagColor(codebook.map((t) => t.color)) });
    if (!result.ok) {
      void vscode.window.showErrorMessage(`Policy Lens: ${result.error}`, 'Open .policy-lens.yaml').then((c) => { if (c) void vscode.window.showTextDocument(configUri); });
      return undefined;
    }
    // The engine service re-reads the file on change; wait for it so the new colour is used at once.
    const known = new Promise<void>((resolve) => {
      const timer = setTimeout(() => { sub.dispose(); resolve(); }, 5000);
      const sub = engines.onDidChange(() => { if (store.codebook(uri).some((t) => t.id === id)) { clearTimeout(timer); sub.dispose(); resolve(); } });
    });
    try {
      await writeConfig(configUri, before, result.text);
    } catch (err) {
      fail(`could not add the tag to ${vscode.workspace.asRelativePath(configUri)}`, err);
      return undefined;
    }
    await known;
    log.info(`Created the tag '${name}' (${id}) in ${vscode.workspace.asRelativePath(configUri)}.`);
    return id;
  };

  /** The codebook's tags; typing a name that is not one of them offers to create it. */
  const pickTag = (uri: vscode.Uri, current?: string): Promise<string | undefined> => new Promise((resolve) => {
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
      resolve(item.create !== undefined ? createTag(uri, item.create) : item.id);
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!accepted) resolve(undefined);
    });
    pick.show();
  });
  return pickTag;
}

/**
 * Opens a new comment thread on the editor's selection for `tag` (the note is then typed in the
 * thread); false when comment threads are off. Given by the threads feature.
 */
export type OpenThread = (editor: vscode.TextEditor, tag: string) => boolean;

/** Opens a note for editing in a multi-line editor (its comment thread, or a Markdown editor). Given by the note editor feature. */
export type EditNote = (uri: vscode.Uri, annotation: Annotation) => Promise<void>;

export function register(store: AnnotationStore, engines: EngineService, log: Log, openThread?: OpenThread, editNote?: EditNote): vscode.Disposable {
  const fail = (what: string, err: unknown) => {
    log.error(what, err);
    void vscode.window.showErrorMessage(`Policy Lens: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };

  /** Refuses, with a way forward, when the sidecar does not parse: it must never be overwritten. */
  const writable = async (uri: vscode.Uri): Promise<boolean> => {
    const entry = await store.ensure(uri);
    if (entry.state !== 'invalid') return true;
    const first = entry.problems[0];
    const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : '';
    void vscode.window.showErrorMessage(
      `Policy Lens: ${vscode.workspace.asRelativePath(entry.sidecarUri)} does not parse${where}. Fix it before annotating; it will not be overwritten.`,
      'Open Sidecar',
    ).then((c) => { if (c) void vscode.window.showTextDocument(entry.sidecarUri); });
    return false;
  };

  const pickTag = tagPicker(store, engines, log);

  const annotateSelection = async (tag?: string, note?: string): Promise<Annotation | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('Policy Lens: select the passage to annotate first.');
      return undefined;
    }
    const { document, selection } = editor;
    if (!(await writable(document.uri))) return undefined;
    const given = note !== undefined;
    tag ??= await pickTag(document.uri);
    if (!tag) return undefined;
    // The note is written where it is read: in a comment thread on the passage (multi-line).
    if (!given && openThread?.(editor, tag)) return undefined;
    note ??= await vscode.window.showInputBox({ title: `Policy Lens: note (${tag})`, prompt: 'Markdown. Leave empty to add the note later.', ignoreFocusOut: true });
    if (note === undefined) return undefined;
    try {
      return await store.add(document.uri, document.getText(), document.offsetAt(selection.start), document.offsetAt(selection.end), tag, note);
    } catch (err) {
      fail('could not save the annotation', err);
      return undefined;
    }
  };

  const reveal = async (uri: vscode.Uri, id: string) => {
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
  };

  // The search index: built from every sidecar at the first search, then updated one sidecar at a time.
  let index: AnnotationIndex | undefined;
  let building: Promise<AnnotationIndex> | undefined;
  const changedWhileBuilding = new Set<string>();
  const recordsOf = (docUri: vscode.Uri, entry: DocumentAnnotations | undefined): SearchRecord[] => (entry?.annotations ?? []).map((a) => ({
    key: `${docUri.toString()}#${a.id}`, note: a.note, quote: a.quote, tag: a.tag, document: vscode.workspace.asRelativePath(docUri),
  }));
  const searchIndex = (): Promise<AnnotationIndex> => {
    if (index) return Promise.resolve(index);
    if (building) return building;
    const loading = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Policy Lens: loading annotations' }, () => store.loadWorkspace()));
    const built = loading
      .then((entries) => {
        const fresh = createAnnotationIndex();
        for (const e of entries) fresh.replaceGroup(e.docUri.toString(), recordsOf(e.docUri, e));
        for (const key of changedWhileBuilding) {
          const uri = vscode.Uri.parse(key);
          fresh.replaceGroup(key, recordsOf(uri, store.peek(uri)));
        }
        changedWhileBuilding.clear();
        index = fresh;
        return fresh;
      })
      .finally(() => { building = undefined; });
    building = built;
    return built;
  };
  const followStore = store.onDidChange((uri) => {
    if (!uri) { index = undefined; return; } // Many changed: build again at the next search.
    if (building) changedWhileBuilding.add(uri.toString());
    index?.replaceGroup(uri.toString(), recordsOf(uri, store.peek(uri)));
  });

  return vscode.Disposable.from(
    followStore,
    vscode.commands.registerCommand(CommandId.annotateSelection, async (...args: unknown[]) => {
      // Palette, keybinding, welcome link: nothing. Editor context menu: the document's URI.
      // Code and tests: a tag and a note.
      switch (matchShape(args, [[], [isUri], [isNonEmptyText, optional(isText)]])) {
        case 0: return annotateSelection();
        case 1: {
          const editor = vscode.window.activeTextEditor;
          if (editor?.document.uri.toString() !== (args[0] as vscode.Uri).toString()) {
            void vscode.window.showInformationMessage('Policy Lens: select the passage to annotate in that document first.');
            return undefined;
          }
          return annotateSelection();
        }
        case 2: return annotateSelection(args[0] as string, args[1] as string | undefined);
        default: return refuse(log, 'Annotate Selection', args, 'nothing (command palette, keyboard), the document (editor context menu), or a tag and a note');
      }
    }),
    vscode.commands.registerCommand(CommandId.annotateFinding, async (...args: unknown[]) => {
      if (matchShape(args, [[isUri, isRange, isRule, optional(isText)]]) < 0) {
        return refuse(log, 'Annotate This Finding', args, 'a finding (use the quick fix on a Policy Lens problem)');
      }
      const [uri, range, rule, note] = args as [vscode.Uri, vscode.Range, RuleCode, string | undefined];
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(range.start, range.end);
      return annotateSelection(TAG_FOR_RULE[rule], note);
    }),
    vscode.commands.registerCommand(CommandId.revealAnnotation, (...args: unknown[]) => {
      if (matchShape(args, [[isUri, isNonEmptyText]]) < 0) return refuse(log, 'Reveal Annotation', args, 'a document URI and an annotation id (click an annotation in the Annotations view)');
      return reveal(args[0] as vscode.Uri, args[1] as string);
    }),
    vscode.commands.registerCommand(CommandId.reattachAnnotation, async (...args: unknown[]) => {
      if (matchShape(args, TARGET_SHAPES) < 0) return refuse(log, 'Re-attach Annotation to Selection', args, TAKES_TARGET);
      const target = resolveTarget(store, args);
      const editor = vscode.window.activeTextEditor;
      if (!target) return;
      if (!editor || editor.document.uri.toString() !== target.uri.toString() || editor.selection.isEmpty) {
        await vscode.window.showTextDocument(target.uri);
        void vscode.window.showInformationMessage('Policy Lens: select the passage this annotation belongs to, then run "Re-attach Annotation to Selection" again.');
        return;
      }
      if (!(await writable(target.uri))) return;
      const { document, selection } = editor;
      const anchor = makeAnchor(document.getText(), document.offsetAt(selection.start), document.offsetAt(selection.end));
      try {
        await store.update(target.uri, target.annotation.id, anchor);
      } catch (err) {
        fail('could not re-attach the annotation', err);
      }
    }),
    vscode.commands.registerCommand(CommandId.editAnnotationNote, async (...args: unknown[]) => {
      const shape = matchShape(args, [...TARGET_SHAPES, [isUri, isNonEmptyText, isText]]);
      if (shape < 0) return refuse(log, 'Edit Note', args, `${TAKES_TARGET}, and the new note from code`);
      if (shape === 2) args = [args[0], args[1], args[2]]; else if (isAnnotationNode(args[0])) args = [args[0]];
      const target = resolveTarget(store, args);
      if (!target || !(await writable(target.uri))) return;
      // Never a single-line input box: it would flatten paragraphs and lists (issue 15).
      if (shape !== 2 && editNote) return editNote(target.uri, target.annotation);
      const note = args[2] as string | undefined;
      if (note === undefined || note === target.annotation.note) return;
      try { await store.update(target.uri, target.annotation.id, { note }); } catch (err) { fail('could not save the note', err); }
    }),
    vscode.commands.registerCommand(CommandId.changeAnnotationTag, async (...args: unknown[]) => {
      const shape = matchShape(args, [...TARGET_SHAPES, [isUri, isNonEmptyText, isNonEmptyText]]);
      if (shape < 0) return refuse(log, 'Change Tag', args, `${TAKES_TARGET}, and the new tag from code`);
      if (isAnnotationNode(args[0])) args = [args[0]];
      const target = resolveTarget(store, args);
      if (!target || !(await writable(target.uri))) return;
      const tag = (args[2] as string | undefined) ?? await pickTag(target.uri, target.annotation.tag);
      if (!tag || tag === target.annotation.tag) return;
      try { await store.update(target.uri, target.annotation.id, { tag }); } catch (err) { fail('could not change the tag', err); }
    }),
    vscode.commands.registerCommand(CommandId.deleteAnnotation, async (...args: unknown[]) => {
      if (matchShape(args, TARGET_SHAPES) < 0) return refuse(log, 'Delete Annotation', args, TAKES_TARGET);
      const target = resolveTarget(store, args);
      if (!target || !(await writable(target.uri))) return;
      try {
        const removed = await store.remove(target.uri, target.annotation.id);
        if (!removed) return;
        // Undo instead of a confirmation dialog: quicker, and the annotation is kept exactly.
        void vscode.window.showInformationMessage(`Policy Lens: deleted the annotation on "${removed.quote.slice(0, 50)}".`, 'Undo').then(async (choice) => {
          if (choice === 'Undo') await store.restore(target.uri, removed);
        });
      } catch (err) {
        fail('could not delete the annotation', err);
      }
    }),
    vscode.commands.registerCommand(CommandId.searchAnnotations, async (...args: unknown[]) => {
      // Palette: nothing. The view's title bar: the focused tree item or nothing. Code: a query.
      const shape = matchShape(args, [[isFocusedOrNothing], [isText]]);
      if (shape < 0) return refuse(log, 'Search Annotations', args, 'nothing (command palette, the Annotations view) or a search text');
      const query = shape === 1 ? args[0] as string : undefined;
      const index = await searchIndex();
      if (query !== undefined) return index.search(query);
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { key: string }>();
      pick.title = `Policy Lens: search ${index.size} annotations`;
      pick.placeholder = 'Search notes, quotes and tags';
      pick.matchOnDescription = true;
      pick.matchOnDetail = true;
      const show = (q: string) => {
        pick.items = index.search(q).map((r) => ({ label: r.quote.replace(/\s+/g, ' ').slice(0, 80), description: `${r.tag} · ${r.document}`, detail: r.note.replace(/\s+/g, ' ').slice(0, 120), alwaysShow: true, key: r.key }));
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
      return undefined;
    }),
  );
}
