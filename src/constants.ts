/** One source of truth for the ids the manifest and the code share. */

export const EXTENSION_ID = 'policy-lens.policy-lens';
export const OUTPUT_CHANNEL = 'Policy Lens';
export const DIAGNOSTIC_SOURCE = 'Policy Lens';
export const CONFIG_FILE = '.policy-lens.yaml';
export const SIDECAR_SUFFIX = '.annotations.yaml';

export const CommandId = {
  showDocumentSummary: 'policyLens.showDocumentSummary',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Setting keys, relative to the `policyLens` section. */
export const Setting = {} as const;
