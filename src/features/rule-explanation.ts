/**
 * `Policy Lens: Explain Rule`: a rule's section of docs/rules.md, rendered in a webview.
 * The rule links in the Problems panel open it; it is never a text document, so it is
 * never analysed as a policy document.
 */
import * as vscode from 'vscode';
import { readText } from '../adapters/files';
import { HtmlView, renderMarkdown } from '../adapters/html-view';
import { CommandId } from '../constants';
import { RULES } from '../core/engine';
import { ruleSection } from '../core/rule-docs';

export interface RuleExplanation {
  rule: string;
  html: string;
}

export function register(extensionUri: vscode.Uri): vscode.Disposable {
  const view = new HtmlView('policyLens.rule');
  const command = vscode.commands.registerCommand(CommandId.showRule, async (rule?: unknown): Promise<RuleExplanation | undefined> => {
    let code = typeof rule === 'string' ? rule : undefined;
    if (!code) {
      const pick = await vscode.window.showQuickPick(RULES.map((r) => ({ label: r.code, description: r.title })), { title: 'Policy Lens: explain which rule?' });
      code = pick?.label;
    }
    const info = RULES.find((r) => r.code === code);
    if (!code || !info) {
      if (code) void vscode.window.showInformationMessage(`Policy Lens has no rule called "${code}".`);
      return undefined;
    }
    const docs = await readText(vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md')).catch(() => undefined);
    const markdown = (docs && ruleSection(docs, code)) ?? `## ${code}\n\n**${info.title}.** ${info.explanation}\n`;
    view.show(`Rule: ${code}`, await renderMarkdown(markdown), false);
    return { rule: code, html: view.html };
  });
  return vscode.Disposable.from(view, command);
}
