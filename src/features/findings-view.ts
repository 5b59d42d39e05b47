/**
 * The Findings view in the Policy Lens sidebar: the active document's findings grouped
 * by rule, each row the start of its sentence, with reveal / ignore / annotate on each.
 * The row actions call the same commands as the quick fixes, with the same arguments.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { toRange, untrustedMarkdown } from '../adapters/problems';
import { CommandId, ViewId } from '../constants';
import { FindingGroup, FindingRow, groupFindings } from '../core/findings-list';
import { escapeMarkdown } from '../core/markdown';
import { suppressionFor } from '../core/suppressions';

export type FindingNode =
  | { kind: 'rule'; uri: vscode.Uri; group: FindingGroup }
  | { kind: 'finding'; uri: vscode.Uri; row: FindingRow };

export interface FindingsView extends vscode.Disposable {
  readonly provider: vscode.TreeDataProvider<FindingNode>;
  /** The document the view lists (the last active policy document). */
  document(): vscode.TextDocument | undefined;
}

export function register(analyses: AnalysisService): FindingsView {
  const changed = new vscode.EventEmitter<FindingNode | undefined>();
  let current: vscode.TextDocument | undefined;
  const follow = (editor: vscode.TextEditor | undefined) => {
    // Focus moving to a report or the sidebar keeps the last policy document listed.
    if (editor && analyses.isPolicyDocument(editor.document) && editor.document !== current) {
      current = editor.document;
      changed.fire(undefined);
    }
  };
  follow(vscode.window.activeTextEditor);

  const provider: vscode.TreeDataProvider<FindingNode> = {
    onDidChangeTreeData: changed.event,
    getChildren(node) {
      if (node?.kind === 'finding') return [];
      if (node?.kind === 'rule') return node.group.rows.map((row) => ({ kind: 'finding', uri: node.uri, row }));
      const document = current && !current.isClosed ? current : undefined;
      const analysis = document && analyses.get(document);
      if (!document || !analysis) return [];
      return groupFindings(analysis, document.getText()).map((group) => ({ kind: 'rule', uri: document.uri, group }));
    },
    getTreeItem(node) {
      if (node.kind === 'rule') {
        const item = new vscode.TreeItem(node.group.rule, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.group.rows.length} · ${node.group.title}`;
        item.tooltip = `${node.group.title} (${node.group.rows.length})`;
        item.iconPath = new vscode.ThemeIcon('law');
        item.contextValue = 'findingRule';
        item.id = `${node.uri.toString()}#${node.group.rule}`;
        return item;
      }
      const { finding, label, page } = node.row;
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === node.uri.toString());
      const line = document ? document.positionAt(finding.start).line + 1 : undefined;
      item.description = page !== undefined ? `p. ${page}` : line !== undefined && finding.end > finding.start ? `line ${line}` : '';
      item.tooltip = untrustedMarkdown(`${escapeMarkdown(finding.message)}\n\n_${escapeMarkdown(finding.rule)}_`);
      item.iconPath = new vscode.ThemeIcon(finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info');
      // Document-level findings (a party never mentioned) have no passage to annotate.
      item.contextValue = finding.end > finding.start ? 'finding' : 'finding.document';
      item.command = { title: 'Reveal', command: CommandId.revealFinding, arguments: [node] };
      return item;
    },
  };

  const view = vscode.window.createTreeView(ViewId.findings, { treeDataProvider: provider, showCollapseAll: true });
  // Which document the list is of, and how many findings it has (also on the sidebar's icon).
  const describe = () => {
    const analysis = current && !current.isClosed ? analyses.peek(current) : undefined;
    view.description = current && analysis ? vscode.workspace.asRelativePath(current.uri) : undefined;
    const n = analysis?.findings.length ?? 0;
    view.badge = n > 0 ? { value: n, tooltip: `${n} finding${n === 1 ? '' : 's'} in ${view.description}` } : undefined;
  };
  describe();
  changed.event(describe);
  const target = (node: unknown) => {
    if (!node || typeof node !== 'object' || (node as FindingNode).kind !== 'finding') return undefined;
    const { uri, row } = node as Extract<FindingNode, { kind: 'finding' }>;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document && { document, finding: row.finding, range: toRange(document, row.finding) };
  };
  const refuse = () => void vscode.window.showInformationMessage('Policy Lens: choose a finding in the Findings view.');

  const disposable = vscode.Disposable.from(
    changed,
    view,
    vscode.window.onDidChangeActiveTextEditor(follow),
    analyses.onDidAnalyze(({ document }) => { if (document === current) changed.fire(undefined); }),
    vscode.workspace.onDidCloseTextDocument((d) => { if (d === current) { current = undefined; changed.fire(undefined); } }),
    vscode.commands.registerCommand(CommandId.revealFinding, async (node?: unknown) => {
      const t = target(node);
      if (!t) return refuse();
      await vscode.window.showTextDocument(t.document, { selection: t.range, preserveFocus: false });
    }),
    vscode.commands.registerCommand(CommandId.ignoreFindingFromView, (node?: unknown) => {
      const t = target(node);
      return t ? vscode.commands.executeCommand(CommandId.ignoreFindingHere, t.document.uri, suppressionFor(t.finding, t.document.getText())) : refuse();
    }),
    vscode.commands.registerCommand(CommandId.ignoreRuleFromView, (node?: unknown) => {
      const rule = (node as FindingNode | undefined)?.kind === 'rule' ? (node as Extract<FindingNode, { kind: 'rule' }>).group.rule : target(node)?.finding.rule;
      const uri = (node as FindingNode | undefined)?.uri;
      return rule && uri ? vscode.commands.executeCommand(CommandId.ignoreRuleInDocument, uri, rule) : refuse();
    }),
    vscode.commands.registerCommand(CommandId.annotateFindingFromView, (node?: unknown) => {
      const t = target(node);
      return t ? vscode.commands.executeCommand(CommandId.annotateFinding, t.document.uri, t.range, t.finding.rule) : refuse();
    }),
  );
  return { dispose: () => disposable.dispose(), provider, document: () => current };
}
