import * as vscode from 'vscode';
import { CommandId } from '../constants';
// TEMP until the engine lands: replaced by core's documentStats.
function documentStats(text: string): { words: number; sentences: number } {
  const words = text.split(/\s+/).filter(Boolean).length;
  return { words, sentences: text.split(/[.!?]+\s/).filter((s) => s.trim()).length };
}

export interface DocumentSummary {
  uri: string;
  words: number;
  sentences: number;
}

/** `Policy Lens: Show Document Summary`: word and sentence counts of the active document. */
export function register(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.showDocumentSummary, async (): Promise<DocumentSummary | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Policy Lens: open a Markdown or plain-text document to see its summary.');
      return undefined;
    }
    const stats = documentStats(editor.document.getText());
    const summary = { uri: editor.document.uri.toString(), ...stats };
    void vscode.window.showInformationMessage(`Policy Lens: ${stats.words} words, ${stats.sentences} sentences.`);
    return summary;
  });
}
