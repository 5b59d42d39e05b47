/**
 * What a command does when its write meets a conflict: the sidecar changed on disk while the
 * person edited it, and both changed the same annotation. The store reports it
 * (`SidecarConflictError`, having taken the version on disk as its state) and writes nothing;
 * the command that wrote asks here, never picking silently.
 */
import * as vscode from 'vscode';
import { SidecarConflictError, sidecarPathFor } from '../adapters/sidecar-store';

export const APPLY_MINE = 'Apply Mine on Top';
export const KEEP_DISK = 'Keep Disk Version';

/** Asks which version wins; true for "Apply Mine on Top". */
export async function askApplyMine(docUri: vscode.Uri, conflict: SidecarConflictError): Promise<boolean> {
  const rel = vscode.workspace.asRelativePath(docUri.with({ path: sidecarPathFor(docUri.path) }));
  const choice = await vscode.window.showWarningMessage(
    `${rel} changed on disk while you edited it, and both changed annotation ${conflict.ids.join(', ')}.`,
    { modal: true, detail: 'Apply your change on top of the version on disk, or keep the version on disk and drop your change.' },
    APPLY_MINE, KEEP_DISK,
  );
  return choice === APPLY_MINE;
}

/**
 * Runs `write`; on a conflict asks, and for "Apply Mine on Top" runs it once more (the store now
 * holds the version on disk, so the change lands on top of it). Resolves to undefined when the
 * version on disk was kept. Any other error is passed on.
 */
export async function writeAskingOnConflict<T>(docUri: vscode.Uri, write: () => Promise<T>, ask = askApplyMine): Promise<T | undefined> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof SidecarConflictError) || !(await ask(docUri, err))) {
      if (err instanceof SidecarConflictError) return undefined;
      throw err;
    }
    return write();
  }
}
