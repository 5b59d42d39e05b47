/**
 * Edit Note: where the note is written. With comment threads on, the annotation's thread opens
 * with its note in the multi-line comment editor. Otherwise (threads off, or an orphan, which has
 * no thread) the note opens in an untitled Markdown editor beside the document and goes back to
 * the sidecar only on an explicit **Save Note** (the editor's title bar, the command palette): the text is
 * taken as it is in the editor, byte for byte, with no save participants (trim whitespace, final
 * newline, format on save) in between. Closing the editor without Save Note drops the edit.
 */
import * as vscode from 'vscode';
import { AnnotationStore } from '../adapters/annotation-store';
import { Log } from '../adapters/log';
import { CommandId } from '../constants';
import { Annotation } from '../core/annotations';
import type { AnnotationThreads } from './annotation-threads';
import { isUri, matchShape, optional, refuse } from './command-args';
import { writeAskingOnConflict } from './sidecar-conflicts';

/** Set while the active editor is a note being edited (drives Save Note's menus). */
export const EDITING_NOTE_CONTEXT = 'policyLens.editingNote';

interface Draft { docUri: vscode.Uri; id: string; original: string }

export interface NoteEditor extends vscode.Disposable {
  /** Opens the annotation's note for editing (its thread, or an untitled Markdown editor). */
  edit(docUri: vscode.Uri, annotation: Annotation): Promise<void>;
  /** The annotation an open note editor belongs to (for tests). */
  draftOf(document: vscode.TextDocument): { docUri: vscode.Uri; id: string } | undefined;
}

const baseName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

export function register(store: AnnotationStore, threads: () => AnnotationThreads | undefined, log: Log): NoteEditor {
  const drafts = new Map<string, Draft>();
  const fail = (what: string, err: unknown) => {
    log.error(what, err);
    void vscode.window.showErrorMessage(`Policy Lens: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };
  const setContext = (editor: vscode.TextEditor | undefined) => {
    void vscode.commands.executeCommand('setContext', EDITING_NOTE_CONTEXT, !!editor && drafts.has(editor.document.uri.toString()));
  };

  /** Closes a note editor without the "save this untitled file?" prompt. */
  const close = async (document: vscode.TextDocument) => {
    const editor = await vscode.window.showTextDocument(document);
    if (vscode.window.activeTextEditor === editor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  };

  /** The document where it is shown already (else in the active group); nothing if it cannot be opened (the note still can). */
  const showDocument = async (docUri: vscode.Uri) => {
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === docUri.toString());
    await vscode.window.showTextDocument(docUri, { viewColumn: shown?.viewColumn, preview: false }).then(undefined, () => undefined);
  };

  /**
   * Once, within a moment of opening: when the focus goes back to the document (a reveal or a
   * closing comment widget that was still under way when the note editor opened), the note
   * editor takes it again. Later, or after any other change of editor, the analyst decides.
   */
  const keepFocus = (note: vscode.TextEditor, docUri: vscode.Uri, ms = 1500) => {
    const until = Date.now() + ms;
    const stop = () => { listener.dispose(); clearTimeout(timer); };
    const listener = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e?.document === note.document) return;
      stop();
      if (Date.now() > until || e?.document.uri.toString() !== docUri.toString() || !drafts.has(note.document.uri.toString())) return;
      log.info(`Edit Note: the document took the focus back; giving it to the note editor again`);
      void vscode.window.showTextDocument(note.document, { viewColumn: note.viewColumn, preview: false }).then(undefined, () => undefined);
    });
    const timer = setTimeout(stop, ms);
  };

  const openUntitled = async (docUri: vscode.Uri, a: Annotation) => {
    for (const [key, d] of drafts) {
      if (d.docUri.toString() === docUri.toString() && d.id === a.id) {
        const open = vscode.workspace.textDocuments.find((t) => t.uri.toString() === key);
        if (open) { await vscode.window.showTextDocument(open, vscode.ViewColumn.Beside); return; }
      }
    }
    const note = a.note;
    if (note.includes('\r')) {
      // The editor would turn these into plain line breaks: never change a note behind the analyst's back.
      const choice = await vscode.window.showWarningMessage('Policy Lens: this note has carriage returns, which the editor would change. Edit it in the sidecar file instead.', 'Open Sidecar');
      if (choice) await vscode.window.showTextDocument(store.peek(docUri)?.sidecarUri ?? docUri);
      return;
    }
    let n = 1;
    const nameOf = (i: number) => `Note ${a.id}${i > 1 ? ` (${i})` : ''} - ${baseName(docUri)}.md`;
    while (vscode.workspace.textDocuments.some((t) => t.uri.scheme === 'untitled' && t.uri.path === nameOf(n))) n++;
    const uri = vscode.Uri.from({ scheme: 'untitled', path: nameOf(n) });
    const document = await vscode.workspace.openTextDocument(uri);
    drafts.set(uri.toString(), { docUri, id: a.id, original: note });
    // The document first, and awaited: the note then opens beside it, and no reveal of the
    // document can land after the note editor and take the focus from it (Save Note from the
    // palette acts on the active editor).
    await showDocument(docUri);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    keepFocus(editor, docUri);
    // Line feeds whatever files.eol says, so Enter types what the sidecar keeps.
    await editor.edit((b) => { b.setEndOfLine(vscode.EndOfLine.LF); b.insert(new vscode.Position(0, 0), note); });
    if (document.getText() !== note) {
      drafts.delete(uri.toString());
      await close(document);
      throw new Error('the note editor could not hold the note exactly; edit it in the sidecar file');
    }
    setContext(vscode.window.activeTextEditor);
    void vscode.window.setStatusBarMessage('Policy Lens: edit the note, then Save Note (the check mark in the title bar); close without saving to drop the edit.', 8000);
  };

  const edit = async (docUri: vscode.Uri, a: Annotation) => {
    try {
      if (await threads()?.editNote(docUri, a.id)) return;
      await openUntitled(docUri, a);
    } catch (err) {
      fail('could not open the note for editing', err);
    }
  };

  const save = async (document: vscode.TextDocument | undefined) => {
    const draft = document && drafts.get(document.uri.toString());
    if (!document || !draft) {
      void vscode.window.showInformationMessage('Policy Lens: Save Note saves a note opened with "Edit Note" (from the Annotations view). Open one first.');
      return undefined;
    }
    const note = document.getText();
    const entry = await store.ensure(draft.docUri);
    const current = entry.annotations.find((x) => x.id === draft.id);
    if (!current) {
      void vscode.window.showErrorMessage('Policy Lens: this annotation was deleted meanwhile; the note was not saved. Copy it from this editor if you need it.');
      return undefined;
    }
    if (current.note !== draft.original && current.note !== note) {
      const choice = await vscode.window.showWarningMessage('Policy Lens: this note was changed elsewhere since you opened it.', { modal: true, detail: 'Save replaces that change with the text in this editor.' }, 'Save Anyway');
      if (choice !== 'Save Anyway') return undefined;
    }
    try {
      // (The version on disk kept after a conflict: the note stays open in this editor.)
      if (note !== current.note && !(await writeAskingOnConflict(draft.docUri, () => store.update(draft.docUri, draft.id, { note }).then(() => true)))) return undefined;
    } catch (err) {
      fail('could not save the note', err);
      return undefined;
    }
    drafts.delete(document.uri.toString());
    await close(document);
    return note;
  };

  const subscriptions = [
    vscode.commands.registerCommand(CommandId.saveNote, (...args: unknown[]) => {
      // Title bar: the editor's URI (and its group); palette and key: nothing (the active editor).
      const shape = matchShape(args, [[], [isUri, optional((v) => typeof v === 'object')]]);
      if (shape < 0) return refuse(log, 'Save Note', args, 'nothing (an open note editor is active) or the note editor\'s URI');
      const uri = shape === 1 ? (args[0] as vscode.Uri).toString() : vscode.window.activeTextEditor?.document.uri.toString();
      return save(vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri));
    }),
    vscode.window.onDidChangeActiveTextEditor(setContext),
    vscode.workspace.onDidCloseTextDocument((d) => { if (drafts.delete(d.uri.toString())) setContext(vscode.window.activeTextEditor); }),
  ];

  return {
    edit,
    draftOf: (document) => { const d = drafts.get(document.uri.toString()); return d && { docUri: d.docUri, id: d.id }; },
    dispose: () => { for (const s of subscriptions) s.dispose(); drafts.clear(); },
  };
}
