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
