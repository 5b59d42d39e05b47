/**
 * Which documents Policy Lens works on, by URI. Files and unsaved editors everywhere; and any
 * document inside a workspace folder, whatever its scheme: github.dev's folder is `vscode-vfs:`,
 * a local folder on vscode.dev may be another, and from a web worker extension host a server's
 * folder is `vscode-remote:`. Never the summary, output, diffs (`git:`) or other virtual
 * documents outside the workspace.
 */
import * as vscode from 'vscode';
import { POLICY_SCHEMES, SIDECAR_SCHEMES } from '../constants';

function inWorkspaceFolder(uri: vscode.Uri): boolean {
  return uri.scheme !== 'untitled' && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}

/** A document Policy Lens may analyse (the `policyLens.languages` setting narrows this). */
export function isPolicyUri(uri: vscode.Uri): boolean {
  return POLICY_SCHEMES.has(uri.scheme) || inWorkspaceFolder(uri);
}

/** A document that can have a sidecar beside it: a saved file, local or in a workspace folder. */
export function canHaveSidecarUri(uri: vscode.Uri): boolean {
  return SIDECAR_SCHEMES.has(uri.scheme) || inWorkspaceFolder(uri);
}
