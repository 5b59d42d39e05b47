/**
 * Resolves symbolic links of `file:` URIs, so sidecar writes can be confined to the workspace
 * folder through links. Node-only: the browser build replaces this module with
 * `web/node-realpath.ts`, where links cannot be resolved (see ARCHITECTURE.md).
 */
import { promises as fs } from 'fs';
import * as vscode from 'vscode';

/** The link-free URI path of a `file:` URI; undefined when this host cannot resolve links. */
export const realFilePath: ((uri: vscode.Uri) => Promise<string>) | undefined = async (uri) => {
  return vscode.Uri.file(await fs.realpath(uri.fsPath)).path;
};
