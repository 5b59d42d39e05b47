/**
 * Browser stand-in for `../node-lock.ts`: vscode.workspace.fs has no exclusive create, so a web
 * worker takes no sidecar lock (saves stay checked and merged, as before the lock).
 */
import type * as node from '../node-lock';

export const createExclusiveFile: typeof node.createExclusiveFile = undefined;
export const lockOwner: typeof node.lockOwner = undefined;
export const localFilePath: typeof node.localFilePath = () => '';
