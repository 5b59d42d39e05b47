/**
 * Reads and writes `.policy-lens.yaml` for edits the core makes (and checks: see
 * `verifyConfigEdit` in src/core/config-edit.ts, which refuses text that would not read back).
 * Through a WorkspaceEdit when the file is open, so the change is undoable in its editor;
 * refuses if the file changed since the edit was made from it. Features call `editConfig` and
 * never touch the file themselves.
 */
import * as vscode from 'vscode';
import type { ConfigEditResult } from '../core/config-edit';
import { currentText, encodeText } from './files';

export class ConfigChangedError extends Error {
  constructor(uri: vscode.Uri) {
    super(`${vscode.workspace.asRelativePath(uri)} changed while Policy Lens was editing it; nothing was written. Try again.`);
    this.name = 'ConfigChangedError';
  }
}

/** Replaces the config's text `before` with `text`. */
export async function writeConfig(configUri: vscode.Uri, before: string, text: string): Promise<void> {
  if (((await currentText(configUri)) ?? '') !== before) throw new ConfigChangedError(configUri);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configUri.toString());
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(configUri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not apply the edit to ${vscode.workspace.asRelativePath(configUri)}`);
    await open.save();
  } else {
    await vscode.workspace.fs.writeFile(configUri, encodeText(text));
  }
}

/**
 * Applies `edit` (a core edit such as `addLexiconEntry`) to the config as it is now (or to
 * nothing when there is no file yet) and writes the result. A refused edit is returned and
 * nothing is written; a failed write throws.
 */
export async function editConfig(configUri: vscode.Uri, edit: (before: string) => ConfigEditResult): Promise<ConfigEditResult> {
  const before = (await currentText(configUri)) ?? '';
  const result = edit(before);
  if (result.ok) await writeConfig(configUri, before, result.text);
  return result;
}
