/** Annotations core: sidecar files, anchoring, merging and the codebook. Pure: text in, data out. */
export * from './types';
export { parseSidecar, serializeSidecar, checkSerialized, emptySidecar, sortAnnotations, sidecarsEqual, annotationsEqual, SIDECAR_SUFFIX, SIDECAR_VERSION } from './sidecar';
export type { ParseResult, SidecarHandle } from './sidecar';
export { anchorAnnotations, anchorAnnotation, makeAnchor, newAnnotationId, ANCHOR_THRESHOLDS, CONTEXT_LENGTH } from './anchor';
export type { AnchorTarget } from './anchor';
export { mergeSidecars } from './merge';
export type { MergeConflict, MergeResult } from './merge';
export { addAnnotation, updateAnnotation, removeAnnotation, updateStartHints, restoreAnnotation, renameDocument, addSuppression, removeSuppressions, addReply, updateReply, removeReply, setStatus, resolveConflict } from './edits';
export { DEFAULT_CODEBOOK, resolveCodebook, newTagColor } from './codebook';
