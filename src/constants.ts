/** One source of truth for the ids the manifest and the code share. */
import type { RuleCode, SeveritySetting } from './core/types';

export const OUTPUT_CHANNEL = 'Policy Lens';
export const DIAGNOSTIC_SOURCE = 'Policy Lens';
export const CONFIG_FILE = '.policy-lens.yaml';
/** Defined beside the sidecar format in core (the lowest layer that needs it). */
export { SIDECAR_SUFFIX } from './core/annotations/sidecar';
/** Documents Policy Lens analyses: files and unsaved editors (never the summary, output, diffs or other virtual documents). */
export const POLICY_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled']);
/** Documents that can have a sidecar beside them. */
export const SIDECAR_SCHEMES: ReadonlySet<string> = new Set(['file']);

export const CommandId = {
  showDocumentSummary: 'policyLens.showDocumentSummary',
  toggleHighlighting: 'policyLens.toggleHighlighting',
  addToLexicon: 'policyLens.addToLexicon',
  ignoreFindingHere: 'policyLens.ignoreFindingHere',
  ignoreRuleInDocument: 'policyLens.ignoreRuleInDocument',
  showIgnoredFindings: 'policyLens.showIgnoredFindings',
  undoIgnore: 'policyLens.undoIgnore',
  annotateSelection: 'policyLens.annotateSelection',
  annotateFinding: 'policyLens.annotateFinding',
  reattachAnnotation: 'policyLens.reattachAnnotation',
  revealAnnotation: 'policyLens.revealAnnotation',
  editAnnotationNote: 'policyLens.editAnnotationNote',
  saveNote: 'policyLens.saveNote',
  changeAnnotationTag: 'policyLens.changeAnnotationTag',
  deleteAnnotation: 'policyLens.deleteAnnotation',
  searchAnnotations: 'policyLens.searchAnnotations',
  refreshAnnotations: 'policyLens.refreshAnnotations',
  toggleAnnotationScope: 'policyLens.toggleAnnotationScope',
  showRule: 'policyLens.showRule',
  revealFinding: 'policyLens.revealFinding',
  ignoreFindingFromView: 'policyLens.ignoreFindingFromView',
  ignoreRuleFromView: 'policyLens.ignoreRuleFromView',
  annotateFindingFromView: 'policyLens.annotateFindingFromView',
  threadCreate: 'policyLens.threads.create',
  threadReply: 'policyLens.threads.reply',
  threadResolve: 'policyLens.threads.resolve',
  threadReopen: 'policyLens.threads.reopen',
  threadDelete: 'policyLens.threads.delete',
  threadChangeTag: 'policyLens.threads.changeTag',
  commentEdit: 'policyLens.threads.editComment',
  commentSave: 'policyLens.threads.saveComment',
  commentCancel: 'policyLens.threads.cancelEdit',
  commentDeleteReply: 'policyLens.threads.deleteReply',
  resolveMergeConflict: 'policyLens.resolveMergeConflict',
  setUpGitMerging: 'policyLens.setUpGitMerging',
  reviewAnnotationChanges: 'policyLens.reviewAnnotationChanges',
  toggleOpenThreadsOnly: 'policyLens.toggleOpenThreadsOnly',
  exportBrief: 'policyLens.exportBrief',
  exportBriefOfSelection: 'policyLens.exportBriefOfSelection',
  exportSelectedAnnotations: 'policyLens.exportSelectedAnnotations',
  exportAnnotations: 'policyLens.exportAnnotations',
  importAnnotations: 'policyLens.importAnnotations',
  undoImport: 'policyLens.undoImport',
  compareDocuments: 'policyLens.compareDocuments',
  compareTwoDocuments: 'policyLens.compareTwoDocuments',
  compareWithPreviousRevision: 'policyLens.compareWithPreviousRevision',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export const ViewId = {
  annotations: 'policyLens.annotations',
  findings: 'policyLens.findings',
} as const;

/** True when Policy Lens runs in a web worker extension host (vscode.dev, github.dev): hides what needs Node. */
export const IS_WEB_CONTEXT = 'policyLens.isWeb';

/** Set while the last Policy Lens action in the focused editor was an ignore: Ctrl+Z undoes it. */
export const CAN_UNDO_IGNORE_CONTEXT = 'policyLens.canUndoIgnore';

/** The settings section: every key below is `policyLens.<key>`. */
export const SETTINGS_SECTION = 'policyLens';

export const HIGHLIGHT_CATEGORIES = ['party', 'term', 'funding', 'money', 'pageRef'] as const;
export type HighlightCategory = (typeof HIGHLIGHT_CATEGORIES)[number];

/** Typed view of the `policyLens.*` settings; mirrors package.json (test/unit/manifest.test.ts keeps them in step). */
export interface Settings {
  languages: string[];
  highlightEnabled: boolean;
  highlightCategories: HighlightCategory[];
  rules: Partial<Record<RuleCode, SeveritySetting>>;
  debounceMs: number;
  liveAnalysisMaxSizeKB: number;
  annotationsAuthor: string;
  annotationsCommentThreads: boolean;
}

/** Setting keys, relative to the `policyLens` section, one per field of `Settings`. */
export const Setting = {
  languages: 'languages',
  highlightEnabled: 'highlight.enabled',
  highlightCategories: 'highlight.categories',
  rules: 'rules',
  debounceMs: 'debounceMs',
  liveAnalysisMaxSizeKB: 'liveAnalysisMaxSizeKB',
  annotationsAuthor: 'annotations.author',
  annotationsCommentThreads: 'annotations.commentThreads',
} as const satisfies Record<keyof Settings, string>;
export type Setting = (typeof Setting)[keyof typeof Setting];

/** The defaults package.json declares (a unit test holds them equal), used when a setting cannot be read. */
export const SETTING_DEFAULTS: Readonly<Settings> = {
  languages: ['markdown', 'plaintext'],
  highlightEnabled: true,
  highlightCategories: [...HIGHLIGHT_CATEGORIES],
  rules: {},
  debounceMs: 100,
  liveAnalysisMaxSizeKB: 4096,
  annotationsAuthor: '',
  annotationsCommentThreads: true,
};

/** The Comments API controller that shows annotations as threads (`commentController == ...` in menus). */
export const THREAD_CONTROLLER_ID = 'policyLens.annotationThreads';

/** The full id of a setting, as `affectsConfiguration` and package.json spell it. */
export function settingId(key: Setting): string {
  return `${SETTINGS_SECTION}.${key}`;
}
