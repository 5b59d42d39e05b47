/** What "Set Up Git Merging for Annotations" writes (and what the README tells people to write by hand). */

export const MERGE_DRIVER_NAME = 'policy-lens';
export const MERGE_ATTRIBUTE_LINE = `*.annotations.yaml merge=${MERGE_DRIVER_NAME}`;
export const MERGE_DRIVER_KEY = `merge.${MERGE_DRIVER_NAME}.driver`;
export const MERGE_DRIVER_NAME_KEY = `merge.${MERGE_DRIVER_NAME}.name`;

/** The driver's command line: the `policy-lens` CLI on the PATH, or a given script run by node. */
export function mergeDriverCommand(script?: string): string {
  return script ? `node "${script.replace(/(["\\$`])/g, '\\$1')}" merge-sidecar %O %A %B` : 'policy-lens merge-sidecar %O %A %B';
}

/**
 * `.gitattributes` text with the sidecar line added at the end (line endings kept); undefined when
 * a line already sends sidecars to this driver.
 */
export function withMergeAttribute(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  if (lines.some((l) => /^\s*\*\.annotations\.yaml\s(.*\s)?merge=policy-lens(\s|$)/.test(l))) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = text === '' || text.endsWith('\n') ? text : text + eol;
  return `${body}${MERGE_ATTRIBUTE_LINE}${eol}`;
}
