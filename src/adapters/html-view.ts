/**
 * Rendered reports in a webview: the document summary and the rules' explanations.
 * A webview is not a text document, so nothing else in the extension (analysis,
 * sidecars) ever mistakes a report for a policy document. Markdown is rendered by
 * VS Code's built-in Markdown engine (the Markdown preview's own); the page runs no
 * scripts and loads nothing (a Content Security Policy allowing styles only).
 */
import * as vscode from 'vscode';

/** Markdown as HTML through the built-in Markdown extension, or the escaped source when it is unavailable. */
export async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string' && html.length > 0) return html;
  } catch {
    // the built-in Markdown extension is disabled: show the source, escaped
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.5; padding: 0 20px 20px; max-width: 60em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid var(--vscode-editorWidget-border, #8884); padding: 2px 8px; text-align: left; }
td:nth-child(2) { text-align: right; }
code { font-family: var(--vscode-editor-font-family); }
pre { white-space: pre-wrap; background: var(--vscode-textCodeBlock-background); padding: 8px; }
li { margin: 0.2em 0; }
`;

/** One reusable panel per kind of report: shown beside the editor, its content replaced on each show. */
export class HtmlView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly closed = new vscode.EventEmitter<void>();
  /** Fires when the person closes the panel. */
  readonly onDidClose = this.closed.event;
  /** The HTML last shown (what the integration tests read). */
  html = '';

  constructor(private readonly viewType: string) {}

  /** Shows the panel (creating or revealing it); `reveal: false` only replaces what an open panel shows. */
  show(title: string, bodyHtml: string, preserveFocus = true, reveal = true): vscode.WebviewPanel | undefined {
    if (!this.panel && !reveal) return undefined;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(this.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
        { enableScripts: false, enableCommandUris: false, localResourceRoots: [] });
      this.panel.onDidDispose(() => { this.panel = undefined; this.closed.fire(); });
    } else if (reveal) {
      this.panel.reveal(vscode.ViewColumn.Beside, preserveFocus);
    }
    this.panel.title = title;
    this.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">`
      + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">`
      + `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${bodyHtml}</body></html>`;
    this.panel.webview.html = this.html;
    return this.panel;
  }

  get visible(): boolean {
    return !!this.panel;
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed.dispose();
  }
}
