import * as vscode from 'vscode';
import { IS_WEB_CONTEXT } from './constants';
import { AnalysisService } from './adapters/analysis-service';
import { AnnotationStore } from './adapters/annotation-store';
import { cacheSettings } from './adapters/settings';
import { EngineService } from './adapters/engine-service';
import { Log } from './adapters/log';
import { extensionHost } from './adapters/node-host';
import * as annotationCommands from './features/annotation-commands';
import * as annotationHighlights from './features/annotation-highlights';
import * as annotationThreads from './features/annotation-threads';
import * as annotationTree from './features/annotation-tree';
import * as banner from './features/banner';
import * as commandArgs from './features/command-args';
import * as compareView from './features/compare-view';
import * as diagnostics from './features/diagnostics';
import * as findingsView from './features/findings-view';
import * as gitMerging from './features/git-merging';
import * as noteEditor from './features/note-editor';
import * as reviewSince from './features/review-since';
import * as highlights from './features/highlights';
import * as interchange from './features/interchange-commands';
import * as hover from './features/hover';
import * as quickFixes from './features/quick-fixes';
import * as ruleExplanation from './features/rule-explanation';
import * as summary from './features/summary';

/** Documents Policy Lens works on (the policyLens.languages setting narrows analysis further). */
const POLICY_DOCUMENTS: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'plaintext' }];

/** What activate() returns: lets the integration tests see what a person sees. */
export interface PolicyLensApi {
  activationMs: number;
  /** The extension host running this build: 'web' for the browser bundle (vscode.dev, github.dev). */
  host: 'node' | 'web';
  highlights: highlights.Highlights;
  /** Findings in the Problems panel; onDidPublish tells when an analysis's diagnostics are in place. */
  diagnostics: diagnostics.Diagnostics;
  annotationHighlights: annotationHighlights.AnnotationHighlights;
  annotationThreads: annotationThreads.AnnotationThreads;
  noteEditor: noteEditor.NoteEditor;
  analyses: AnalysisService;
  annotations: AnnotationStore;
  annotationView: annotationTree.AnnotationView;
  engines: EngineService;
  findingsView: findingsView.FindingsView;
  interchange: interchange.InterchangeCommands;
  summary: summary.SummaryStatus;
  compare: compareView.CompareView;
  /** Fires with a command's title each time it refuses the arguments it was given. */
  onDidRefuse: vscode.Event<string>;
}

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  const started = performance.now();
  // First: its configuration listener must clear the cache before other listeners read settings.
  context.subscriptions.push(cacheSettings());
  // Menus of features that need Node are hidden under `!policyLens.isWeb` (ARCHITECTURE.md, "Node-only adapters").
  void vscode.commands.executeCommand('setContext', IS_WEB_CONTEXT, extensionHost === 'web');
  const log = new Log();
  const engines = new EngineService(context.extensionUri, log);
  const analyses = new AnalysisService(engines, log);
  const annotations = new AnnotationStore(engines, log);
  analyses.setSuppressionSource(annotations);
  context.subscriptions.push(log, engines, analyses, annotations);

  const api: PolicyLensApi = {
    activationMs: 0,
    host: extensionHost,
    highlights: highlights.register(analyses, engines), //                     parties, jargon, funding, money, page refs
    diagnostics: diagnostics.register(analyses), //                              findings in the Problems panel
    annotationHighlights: annotationHighlights.register(annotations, POLICY_DOCUMENTS, (d) => analyses.get(d)?.pages ?? []), // annotated spans + their hover
    annotationView: annotationTree.register(annotations, log), //                  sidebar: Annotations view
    annotationThreads: annotationThreads.register(annotations, engines, log, POLICY_DOCUMENTS), // notes as comment threads
    noteEditor: noteEditor.register(annotations, () => api.annotationThreads, log), // Edit Note: its thread, or a Markdown editor
    analyses,
    annotations,
    engines,
    findingsView: findingsView.register(analyses), //                          sidebar: Findings view
    summary: summary.register(analyses, engines), //                           status bar + document summary
    interchange: interchange.register(annotations, engines, analyses, log, () => api.annotationView.tree.scope), // brief, export, import, undo import
    compare: compareView.register(engines, context.storageUri, log), //       Compare Documents: the matrix across documents
    onDidRefuse: commandArgs.onDidRefuse, //                                  commands refusing what a menu passed
  };
  context.subscriptions.push(
    api.highlights,
    api.diagnostics,
    api.annotationHighlights,
    api.annotationView,
    api.annotationThreads,
    api.noteEditor,
    api.findingsView,
    api.summary,
    api.interchange,
    api.compare,
    ruleExplanation.register(context.extensionUri), //                        rule links open the rule's explanation
    banner.register(analyses, engines, POLICY_DOCUMENTS), //                  missing parties at the top of the document
    hover.register(analyses, engines, POLICY_DOCUMENTS), //                   jargon explained on hover
    quickFixes.register(analyses, engines, annotations, log, POLICY_DOCUMENTS), // ignore / annotate / add to lexicon
    gitMerging.register(annotations, api.annotationThreads, context.extensionUri, log), // git merge driver set-up, merge conflicts
    reviewSince.register(log), //                                              Review Annotation Changes Since... (check --since in the editor)
    annotationCommands.register(annotations, engines, log, (editor, tag) => api.annotationThreads.openNewThread(editor.document.uri, editor.selection, tag) !== undefined, api.noteEditor.edit), // annotate, edit, delete, search
  );

  api.activationMs = performance.now() - started;
  log.info(`Policy Lens ${context.extension.packageJSON.version} activated in ${api.activationMs.toFixed(1)} ms (${extensionHost === 'web' ? 'web worker' : 'Node'} extension host, workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'}).`);
  return api;
}

export function deactivate(): void {
  // Every registration is disposed through context.subscriptions.
}
