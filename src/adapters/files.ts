/** Reading and writing workspace files through vscode.workspace.fs (works for remote workspaces too). */
import * as vscode from 'vscode';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Text of a file, UTF-8 with any byte-order mark removed; undefined when the file does not exist. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
    throw err;
  }
}

/** The text VS Code holds for a file: the open (possibly unsaved) document when there is one, else the file. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : readText(uri);
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * The extension's README: `README.md` in a development checkout, `readme.md` once
 * `vsce` has packaged it. Diagnostics link their rule codes to its sections.
 */
export async function readmeUri(extensionUri: vscode.Uri): Promise<vscode.Uri> {
  for (const name of ['README.md', 'readme.md']) {
    const uri = vscode.Uri.joinPath(extensionUri, name);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // try the next spelling
    }
  }
  return vscode.Uri.joinPath(extensionUri, 'README.md');
}
