/** One source of truth for the ids the manifest and the code share. */

export const EXTENSION_ID = 'policy-lens.policy-lens';
export const OUTPUT_CHANNEL = 'Policy Lens';
export const DIAGNOSTIC_SOURCE = 'Policy Lens';
export const CONFIG_FILE = '.policy-lens.yaml';
export const SIDECAR_SUFFIX = '.annotations.yaml';
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
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export const ViewId = {
  annotations: 'policyLens.annotations',
  findings: 'policyLens.findings',
} as const;

/** Set while the last Policy Lens action in the focused editor was an ignore: Ctrl+Z undoes it. */
export const CAN_UNDO_IGNORE_CONTEXT = 'policyLens.canUndoIgnore';

/** Setting keys, relative to the `policyLens` section. */
export const Setting = {
  languages: 'languages',
  highlightEnabled: 'highlight.enabled',
  highlightCategories: 'highlight.categories',
  rules: 'rules',
  debounceMs: 'debounceMs',
  liveAnalysisMaxSizeKB: 'liveAnalysisMaxSizeKB',
  annotationsAuthor: 'annotations.author',
} as const;
export type Setting = (typeof Setting)[keyof typeof Setting];
