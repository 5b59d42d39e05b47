/**
 * Annotations as comment threads (Comments API) on their passages: the note is the first comment
 * (Markdown, edited in place with the multi-line comment editor), replies follow, and the thread
 * can be resolved and reopened. The sidecar stays the only source of truth: every action writes
 * through the AnnotationStore and the threads are rebuilt from its changes, never the other way.
 * `policyLens.annotations.commentThreads` turns them off (the sidebar and hovers remain).
 */
import * as vscode from 'vscode';
import { AnnotationStore, hasSidecar } from '../adapters/annotation-store';
import { EngineService } from '../adapters/engine-service';
import { Log } from '../adapters/log';
import { untrustedMarkdown } from '../adapters/problems';
import { readSettings } from '../adapters/settings';
import { CommandId, settingId, Setting, THREAD_CONTROLLER_ID } from '../constants';
import { Annotation, Reply } from '../core/annotations';
import { jsonEqual } from '../core/annotations/sidecar';
import { readableDate } from '../core/dates';
import { tagPicker } from './annotation-commands';
import { matchShape, refuse } from './command-args';
import { writeAskingOnConflict } from './sidecar-conflicts';

/** A comment in one of our threads: the note (no replyId) or a reply. */
export class AnnotationComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  body: string | vscode.MarkdownString;
  author: vscode.CommentAuthorInformation;
  label?: string;
  contextValue: string;
  timestamp?: Date;

  constructor(
    readonly docUri: vscode.Uri,
    readonly annotationId: string,
    /** The raw Markdown, as in the sidecar. */
    readonly text: string,
    author: string | undefined,
    created: string | undefined,
    updated: string | undefined,
    readonly replyId?: string,
    label?: string,
  ) {
    this.body = preview(text, replyId === undefined);
    this.author = { name: author || 'unknown' };
    const edited = updated && updated !== created ? `edited ${readableDate(updated)}` : undefined;
    this.label = [label, created ? readableDate(created) : undefined, edited].filter(Boolean).join(' · ') || undefined;
    this.contextValue = replyId === undefined ? 'policyLens.note' : 'policyLens.reply';
    const time = created ? Date.parse(created) : NaN;
    if (!Number.isNaN(time)) this.timestamp = new Date(time);
  }
}

function preview(text: string, isNote: boolean): vscode.MarkdownString {
  return untrustedMarkdown(text.trim() === '' ? (isNote ? '_No note yet: Edit to write one._' : '_Empty reply._') : text);
}

/** What VS Code hands a thread's reply actions. */
function isCommentReply(v: unknown): v is vscode.CommentReply {
  return typeof v === 'object' && v !== null && typeof (v as vscode.CommentReply).text === 'string' && isThread((v as vscode.CommentReply).thread);
}

function isThread(v: unknown): v is vscode.CommentThread {
  return typeof v === 'object' && v !== null && (v as vscode.CommentThread).uri instanceof vscode.Uri && Array.isArray((v as vscode.CommentThread).comments);
}

function isOurComment(v: unknown): v is AnnotationComment {
  return v instanceof AnnotationComment;
}

interface ThreadState {
  thread: vscode.CommentThread;
  docUri: vscode.Uri;
  annotationId: string;
  /** The annotation as last rendered (comments are rebuilt only when it changed). */
  rendered?: Annotation;
  tagLabel?: string;
}

export interface AnnotationThreads extends vscode.Disposable {
  /** The thread showing an annotation (for tests). */
  threadFor(docUri: vscode.Uri, id: string): vscode.CommentThread | undefined;
  /** The annotation a thread of ours shows. */
  annotationOf(thread: vscode.CommentThread): { docUri: vscode.Uri; id: string } | undefined;
  /** A new, empty thread on `range` whose first comment will become an annotation tagged `tag`. */
  openNewThread(docUri: vscode.Uri, range: vscode.Range, tag: string): vscode.CommentThread | undefined;
  /**
   * Shows the annotation's passage and opens its thread with the note in edit mode; false when
   * threads are off or the annotation has no thread (orphaned, or the sidecar does not load).
   */
  editNote(docUri: vscode.Uri, id: string): Promise<boolean>;
}

export function register(store: AnnotationStore, engines: EngineService, log: Log, selector: vscode.DocumentSelector): AnnotationThreads {
  const controller = vscode.comments.createCommentController(THREAD_CONTROLLER_ID, 'Policy Lens annotations');
  const pickTag = tagPicker(store, engines, log);
  const threads = new Map<string, ThreadState>();
  /** Threads opened for a new annotation, with the tag picked for it. */
  const drafts = new Map<vscode.CommentThread, string>();
  const byThread = new Map<vscode.CommentThread, ThreadState>();
  const keyOf = (uri: vscode.Uri, id: string) => `${uri.toString()}#${id}`;
  const enabled = (uri?: vscode.Uri): boolean => readSettings(uri).annotationsCommentThreads;

  controller.options = { prompt: 'Reply (Markdown)', placeHolder: 'Write a reply, or the note of a new annotation' };
  controller.commentingRangeProvider = {
    provideCommentingRanges(document) {
      if (!enabled(document.uri) || !hasSidecar(document.uri) || !vscode.languages.match(selector, document)) return [];
      const last = document.lineAt(document.lineCount - 1);
      return [new vscode.Range(0, 0, last.lineNumber, last.text.length)];
    },
  };

  const fail = (what: string, err: unknown) => {
    log.error(what, err);
    void vscode.window.showErrorMessage(`Policy Lens: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };

  const dispose = (state: ThreadState) => {
    threads.delete(keyOf(state.docUri, state.annotationId));
    byThread.delete(state.thread);
    state.thread.dispose();
  };

  const render = (state: ThreadState, a: Annotation, tagLabel: string) => {
    const { thread } = state;
    const resolved = a.status === 'resolved';
    const conflicts = a.conflicts?.length ?? 0;
    thread.label = [tagLabel, a.author, resolved ? 'resolved' : undefined, conflicts ? `${conflicts} merge conflict${conflicts === 1 ? '' : 's'}` : undefined].filter(Boolean).join(' · ');
    thread.contextValue = `policyLens.thread.${resolved ? 'resolved' : 'open'}${conflicts ? '.conflict' : ''}`;
    thread.state = resolved ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    if (state.rendered && jsonEqual(state.rendered, a) && state.tagLabel === tagLabel) return;
    thread.comments = [
      new AnnotationComment(state.docUri, a.id, a.note, a.author, a.created, a.updated, undefined, tagLabel),
      ...(a.replies ?? []).map((r: Reply) => new AnnotationComment(state.docUri, a.id, r.body, r.author, r.created, r.updated, r.id)),
    ];
    state.rendered = a;
    state.tagLabel = tagLabel;
  };

  /** Brings one document's threads in line with the store (created, updated, moved, disposed). */
  const sync = (docUri: vscode.Uri) => {
    const key = docUri.toString();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const entry = store.peek(docUri);
    const mine = [...threads.values()].filter((s) => s.docUri.toString() === key);
    if (!document || !entry || entry.state !== 'ok' || !enabled(docUri) || !vscode.languages.match(selector, document)) {
      for (const s of mine) dispose(s);
      return;
    }
    // Never place threads from anchors of another version of the text.
    if (entry.version !== undefined && entry.version !== document.version) return;
    const codebook = store.codebook(docUri);
    const seen = new Set<string>();
    for (const a of entry.annotations) {
      const anchor = entry.anchors.get(a.id);
      if (anchor?.status !== 'anchored') continue;
      seen.add(a.id);
      const range = new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end));
      let state = threads.get(keyOf(docUri, a.id));
      if (!state) {
        const thread = controller.createCommentThread(docUri, range, []);
        thread.canReply = true;
        thread.collapsibleState = vscode.CommentThreadCollapsibleState.Collapsed;
        state = { thread, docUri, annotationId: a.id };
        threads.set(keyOf(docUri, a.id), state);
        byThread.set(thread, state);
      } else if (!state.thread.range || !state.thread.range.isEqual(range)) {
        state.thread.range = range;
      }
      render(state, a, codebook.find((t) => t.id === a.tag)?.label ?? a.tag);
    }
    for (const s of mine) if (!seen.has(s.annotationId)) dispose(s);
  };

  const syncAll = () => {
    const uris = new Map<string, vscode.Uri>();
    for (const d of vscode.workspace.textDocuments) uris.set(d.uri.toString(), d.uri);
    for (const s of threads.values()) uris.set(s.docUri.toString(), s.docUri);
    for (const uri of uris.values()) sync(uri);
  };

  const stateOf = (thread: vscode.CommentThread): ThreadState | undefined => byThread.get(thread);

  /** Puts a comment of ours into edit mode (the raw Markdown in the multi-line comment editor). */
  const startEditing = (state: ThreadState, comment: AnnotationComment) => {
    comment.mode = vscode.CommentMode.Editing;
    comment.body = comment.text;
    state.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    state.thread.comments = [...state.thread.comments];
  };

  const editNote = async (docUri: vscode.Uri, id: string): Promise<boolean> => {
    if (!enabled(docUri)) return false;
    if ((await store.ensure(docUri)).anchors.get(id)?.status !== 'anchored') return false;
    const editor = await vscode.window.showTextDocument(docUri, { preview: false });
    // Opening the document anchors on its text; the thread follows from those anchors.
    await store.ensure(docUri);
    sync(docUri);
    const state = threads.get(keyOf(docUri, id));
    const note = state?.thread.comments[0];
    if (!state || !state.thread.range || !isOurComment(note) || note.replyId !== undefined) return false;
    editor.selection = new vscode.Selection(state.thread.range.start, state.thread.range.end);
    editor.revealRange(state.thread.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (note.mode !== vscode.CommentMode.Editing) startEditing(state, note);
    return true;
  };

  const refreshThread = (state: ThreadState) => {
    state.rendered = undefined;
    sync(state.docUri);
  };

  /** The note or reply being edited: text back into the sidecar. */
  const saveComment = async (comment: AnnotationComment) => {
    const text = typeof comment.body === 'string' ? comment.body : comment.body.value;
    const state = threads.get(keyOf(comment.docUri, comment.annotationId));
    try {
      if (comment.replyId === undefined) {
        if (text !== comment.text) await writeAskingOnConflict(comment.docUri, () => store.update(comment.docUri, comment.annotationId, { note: text }));
      } else if (text !== comment.text) {
        await writeAskingOnConflict(comment.docUri, () => store.updateReply(comment.docUri, comment.annotationId, comment.replyId!, text));
      }
    } catch (err) {
      fail('could not save the edit', err);
    } finally {
      if (state) refreshThread(state);
    }
  };

  const setThreadStatus = async (status: 'resolved' | 'open', args: unknown[]) => {
    const title = status === 'resolved' ? 'Resolve' : 'Reopen';
    if (matchShape(args, [[isThread]]) < 0) return refuse(log, title, args, 'a Policy Lens comment thread (its title bar)');
    const state = stateOf(args[0] as vscode.CommentThread);
    if (!state) return undefined;
    try { await writeAskingOnConflict(state.docUri, () => store.setStatus(state.docUri, state.annotationId, status)); } catch (err) { fail(`could not ${title.toLowerCase()} the thread`, err); }
    return undefined;
  };

  const commands = [
    vscode.commands.registerCommand(CommandId.threadCreate, async (...args: unknown[]) => {
      if (matchShape(args, [[isCommentReply]]) < 0) return refuse(log, 'Add Annotation', args, 'a new comment thread and its text (the thread\'s Add Annotation button)');
      const { thread, text } = args[0] as vscode.CommentReply;
      if (stateOf(thread)) return vscode.commands.executeCommand(CommandId.threadReply, args[0]);
      const range = thread.range;
      const document = await vscode.workspace.openTextDocument(thread.uri);
      if (!range || range.isEmpty) {
        void vscode.window.showInformationMessage('Policy Lens: an annotation needs a passage: select the text, then run "Annotate Selection".');
        return undefined;
      }
      const tag = drafts.get(thread) ?? await pickTag(thread.uri);
      if (!tag) return undefined;
      try {
        const created = await store.add(thread.uri, document.getText(), document.offsetAt(range.start), document.offsetAt(range.end), tag, text);
        drafts.delete(thread);
        thread.dispose();
        const state = threads.get(keyOf(thread.uri, created.id));
        if (state) state.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
        return created;
      } catch (err) {
        fail('could not save the annotation', err);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(CommandId.threadReply, async (...args: unknown[]) => {
      if (matchShape(args, [[isCommentReply]]) < 0) return refuse(log, 'Reply', args, 'a comment thread and the reply text (the thread\'s Reply button)');
      const { thread, text } = args[0] as vscode.CommentReply;
      const state = stateOf(thread);
      if (!state) return vscode.commands.executeCommand(CommandId.threadCreate, args[0]);
      if (text.trim() === '') { void vscode.window.showInformationMessage('Policy Lens: write the reply first.'); return undefined; }
      try { return await writeAskingOnConflict(state.docUri, () => store.addReply(state.docUri, state.annotationId, text)); } catch (err) { fail('could not save the reply', err); return undefined; }
    }),
    vscode.commands.registerCommand(CommandId.threadResolve, (...args: unknown[]) => setThreadStatus('resolved', args)),
    vscode.commands.registerCommand(CommandId.threadReopen, (...args: unknown[]) => setThreadStatus('open', args)),
    vscode.commands.registerCommand(CommandId.threadDelete, async (...args: unknown[]) => {
      if (matchShape(args, [[isThread]]) < 0) return refuse(log, 'Delete Annotation', args, 'a Policy Lens comment thread (its title bar)');
      const thread = args[0] as vscode.CommentThread;
      const state = stateOf(thread);
      if (!state) { drafts.delete(thread); thread.dispose(); return undefined; }
      return vscode.commands.executeCommand(CommandId.deleteAnnotation, state.docUri, state.annotationId);
    }),
    vscode.commands.registerCommand(CommandId.threadChangeTag, async (...args: unknown[]) => {
      if (matchShape(args, [[isThread]]) < 0) return refuse(log, 'Change Tag', args, 'a Policy Lens comment thread (its title bar)');
      const state = stateOf(args[0] as vscode.CommentThread);
      if (!state) return undefined;
      return vscode.commands.executeCommand(CommandId.changeAnnotationTag, state.docUri, state.annotationId);
    }),
    vscode.commands.registerCommand(CommandId.commentEdit, (...args: unknown[]) => {
      if (matchShape(args, [[isOurComment]]) < 0) return refuse(log, 'Edit', args, 'a note or reply in a Policy Lens comment thread');
      const comment = args[0] as AnnotationComment;
      const state = threads.get(keyOf(comment.docUri, comment.annotationId));
      if (state) startEditing(state, comment);
      return undefined;
    }),
    vscode.commands.registerCommand(CommandId.commentSave, async (...args: unknown[]) => {
      if (matchShape(args, [[isOurComment]]) < 0) return refuse(log, 'Save', args, 'a note or reply being edited in a Policy Lens comment thread');
      await saveComment(args[0] as AnnotationComment);
      return undefined;
    }),
    vscode.commands.registerCommand(CommandId.commentCancel, (...args: unknown[]) => {
      if (matchShape(args, [[isOurComment]]) < 0) return refuse(log, 'Cancel', args, 'a note or reply being edited in a Policy Lens comment thread');
      const comment = args[0] as AnnotationComment;
      const state = threads.get(keyOf(comment.docUri, comment.annotationId));
      if (state) refreshThread(state);
      return undefined;
    }),
    vscode.commands.registerCommand(CommandId.commentDeleteReply, async (...args: unknown[]) => {
      if (matchShape(args, [[isOurComment]]) < 0 || (args[0] as AnnotationComment).replyId === undefined) return refuse(log, 'Delete Reply', args, 'a reply in a Policy Lens comment thread');
      const comment = args[0] as AnnotationComment;
      try { await writeAskingOnConflict(comment.docUri, () => store.removeReply(comment.docUri, comment.annotationId, comment.replyId!)); } catch (err) { fail('could not delete the reply', err); }
      return undefined;
    }),
  ];

  const api: AnnotationThreads = {
    threadFor: (docUri, id) => threads.get(keyOf(docUri, id))?.thread,
    annotationOf: (thread) => { const state = byThread.get(thread); return state && { docUri: state.docUri, id: state.annotationId }; },
    openNewThread: (docUri, range, tag) => {
      if (!enabled(docUri) || !hasSidecar(docUri)) return undefined;
      const thread = controller.createCommentThread(docUri, range, []);
      thread.canReply = true;
      thread.label = `New annotation: ${store.codebook(docUri).find((t) => t.id === tag)?.label ?? tag}`;
      thread.contextValue = 'policyLens.thread.draft';
      thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
      drafts.set(thread, tag);
      return thread;
    },
    editNote,
    dispose: () => {
      for (const d of subscriptions) d.dispose();
      for (const t of drafts.keys()) t.dispose();
      for (const s of [...threads.values()]) dispose(s);
      controller.dispose();
    },
  };

  const subscriptions: vscode.Disposable[] = [
    ...commands,
    store.onDidChange((uri) => { if (uri) sync(uri); else syncAll(); }),
    store.onDidMoveAnchors((e) => sync(e.uri)),
    vscode.workspace.onDidCloseTextDocument((d) => sync(d.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(settingId(Setting.annotationsCommentThreads))) syncAll(); }),
  ];
  syncAll();
  return api;
}
