/**
 * Quick fixes on Policy Lens findings, and lexicon additions from a selection.
 * Nothing here edits the policy document: suppressions go to the document's
 * annotations sidecar (AnnotationStore) and lexicon entries to `.policy-lens.yaml` (the
 * config writer adapter): this module touches no file itself.
 */
import * as vscode from 'vscode';
import { AnalysisService } from '../adapters/analysis-service';
import { AnnotationStore, isSidecarUri, SidecarUndo } from '../adapters/annotation-store';
import { EngineService } from '../adapters/engine-service';
import { editConfig } from '../adapters/config-writer';
import { Log } from '../adapters/log';
import { CAN_UNDO_IGNORE_CONTEXT, CommandId, DIAGNOSTIC_SOURCE } from '../constants';
import { addLexiconAlias, addLexiconEntry, ConfigEditResult } from '../core/config-edit';
import { findVariants, Variant } from '../core/lexicon/variants';
import { Suppression, suppressionFor } from '../core/suppressions';
import { EntryKind, Finding, RuleCode } from '../core/types';
import { isNonEmptyText, isRule, isSuppression, isUri, matchShape, optional, refuse } from './command-args';

/** "funding.unquantified on \"The plan will...\"", "party.unmentioned for vcse", "party.unmentioned (the whole rule)". */
function describeSuppression(s: Suppression): string {
  if (s.party) return `${s.rule} for ${s.party}`;
  if (s.quote !== undefined) return `${s.rule} on "${s.quote.length > 50 ? `${s.quote.slice(0, 49)}…` : s.quote}"`;
  return `${s.rule} (the whole rule)`;
}

const isEntryKind = (v: unknown) => v === 'party' || v === 'term';

export function findingsAt(findings: readonly Finding[], document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return findings.find((f) => f.rule === code && f.message === diagnostic.message
    && (f.start === f.end || document.offsetAt(diagnostic.range.start) === f.start));
}

export function register(analyses: AnalysisService, engines: EngineService, annotations: AnnotationStore, log: Log, selector: vscode.DocumentSelector): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, range, context) {
      const actions: vscode.CodeAction[] = [];
      // The analysis behind the diagnostics on screen; never re-analyse on every keystroke.
      const analysis = analyses.peek(document);
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE || !analysis) continue;
        const finding = findingsAt(analysis.findings, document, diagnostic);
        if (!finding) continue;
        const here = new vscode.CodeAction('Policy Lens: Ignore this finding here', vscode.CodeActionKind.QuickFix);
        here.diagnostics = [diagnostic];
        here.command = { title: here.title, command: CommandId.ignoreFindingHere, arguments: [document.uri, suppressionFor(finding, document.getText())] };
        const rule = new vscode.CodeAction(`Policy Lens: Ignore ${finding.rule} in this document`, vscode.CodeActionKind.QuickFix);
        rule.diagnostics = [diagnostic];
        rule.command = { title: rule.title, command: CommandId.ignoreRuleInDocument, arguments: [document.uri, finding.rule] };
        const annotate = new vscode.CodeAction('Policy Lens: Annotate this finding', vscode.CodeActionKind.QuickFix);
        annotate.diagnostics = [diagnostic];
        annotate.command = { title: annotate.title, command: CommandId.annotateFinding, arguments: [document.uri, diagnostic.range, finding.rule] };
        actions.push(here, rule, annotate);
      }
      if (!range.isEmpty && range.isSingleLine) {
        const selected = document.getText(range).replace(/\s+/g, ' ').trim();
        if (selected && selected.length <= 80) {
          const variant = variantsOf(engines, document.uri, selected)[0];
          if (variant) {
            const alias = new vscode.CodeAction(`Policy Lens: Add '${selected}' to the workspace lexicon as another name of ${variant.label}`, vscode.CodeActionKind.RefactorRewrite);
            alias.command = { title: alias.title, command: CommandId.addToLexicon, arguments: [document.uri, selected, 'alias', variant.id] };
            actions.push(alias);
          }
          for (const kind of ['party', 'term'] as const) {
            const add = new vscode.CodeAction(`Policy Lens: Add '${selected}' to the workspace lexicon as a ${kind}`, vscode.CodeActionKind.RefactorRewrite);
            add.command = { title: add.title, command: CommandId.addToLexicon, arguments: [document.uri, selected, kind] };
            actions.push(add);
          }
        }
      }
      return actions;
    },
  };

  // Undo for ignores. An ignore writes the sidecar, never the document, so VS Code keeps no
  // undo entry for it: Ctrl+Z right after used to fall through to the document's own stack
  // and undo an unrelated earlier edit. Now the notification offers Undo, and until the next
  // edit or editor switch Ctrl+Z (bound under `policyLens.canUndoIgnore`) restores the
  // sidecar exactly; the document's undo stack is never touched.
  let lastIgnore: { undo: SidecarUndo; what: string; suppression: Suppression } | undefined;
  const setLastIgnore = (value: typeof lastIgnore): Thenable<unknown> => {
    lastIgnore = value;
    return vscode.commands.executeCommand('setContext', CAN_UNDO_IGNORE_CONTEXT, value !== undefined);
  };
  const undoIgnore = async (undo: SidecarUndo, what: string, suppression: Suppression): Promise<boolean> => {
    if (lastIgnore?.undo === undo) await setLastIgnore(undefined);
    try {
      // Byte for byte while the sidecar is as we left it; otherwise (it changed since) only
      // this suppression is taken out, keeping the other changes.
      if (!(await annotations.undoWrite(undo))) await annotations.removeSuppressions(undo.docUri, [suppression]);
    } catch (err) {
      void vscode.window.showErrorMessage(`Policy Lens: could not undo ignoring ${what}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
    void vscode.window.setStatusBarMessage(`Policy Lens: ${what} is no longer ignored`, 4000);
    return true;
  };

  const ignore = async (uri: vscode.Uri, suppression: Suppression): Promise<SidecarUndo | undefined> => {
    const what = describeSuppression(suppression);
    try {
      const undo = await annotations.addSuppression(uri, suppression);
      if (!undo) return undefined;
      await setLastIgnore({ undo, what, suppression });
      void vscode.window.showInformationMessage(`Policy Lens: ignoring ${what} in ${vscode.workspace.asRelativePath(uri)}.`, 'Undo', 'Show Ignored').then((choice) => {
        if (choice === 'Undo') void undoIgnore(undo, what, suppression);
        if (choice === 'Show Ignored') void vscode.commands.executeCommand(CommandId.showIgnoredFindings, uri);
      });
      return undo;
    } catch (err) {
      log.error('Could not record the suppression', err);
      void vscode.window.showErrorMessage(`Policy Lens: could not record that: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };

  const showIgnored = async (uri: vscode.Uri): Promise<Suppression[] | undefined> => {
    const entry = await annotations.ensure(uri);
    const list = entry.suppressions;
    if (list.length === 0) {
      void vscode.window.showInformationMessage(`Policy Lens: nothing is ignored in ${vscode.workspace.asRelativePath(uri)}.`);
      return [];
    }
    type Item = vscode.QuickPickItem & { restore: Suppression[] };
    const items: Item[] = list.map((s) => ({ label: s.rule, description: s.quote === undefined && s.party === undefined ? 'the whole rule, everywhere in this document' : s.party ? `party ${s.party}` : undefined, detail: s.quote, restore: [s] }));
    if (list.length > 1) items.unshift({ label: `$(discard) Restore all ${list.length}`, restore: [...list] });
    const pick = await vscode.window.showQuickPick(items, {
      title: `Policy Lens: ignored in ${vscode.workspace.asRelativePath(uri)}`, placeHolder: 'Choose what to restore (its findings come back)', matchOnDetail: true,
    });
    if (!pick) return undefined;
    try {
      await annotations.removeSuppressions(uri, pick.restore);
    } catch (err) {
      void vscode.window.showErrorMessage(`Policy Lens: could not restore that: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    if (lastIgnore && lastIgnore.undo.docUri.toString() === uri.toString()) await setLastIgnore(undefined);
    void vscode.window.setStatusBarMessage(`Policy Lens: restored ${pick.restore.length === 1 ? describeSuppression(pick.restore[0]) : `${pick.restore.length} ignored findings`}`, 4000);
    return pick.restore;
  };

  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(selector, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] }),
    vscode.commands.registerCommand(CommandId.ignoreFindingHere, (...args: unknown[]) => {
      if (matchShape(args, [[isUri, isSuppression]]) < 0) return refuse(log, 'Ignore This Finding Here', args, 'a finding (use the quick fix on a Policy Lens problem)');
      return ignore(args[0] as vscode.Uri, args[1] as Suppression);
    }),
    vscode.commands.registerCommand(CommandId.ignoreRuleInDocument, (...args: unknown[]) => {
      if (matchShape(args, [[isUri, isRule]]) < 0) return refuse(log, 'Ignore Rule in This Document', args, 'a document and a rule (use the quick fix on a Policy Lens problem)');
      return ignore(args[0] as vscode.Uri, { rule: args[1] as RuleCode });
    }),
    vscode.commands.registerCommand(CommandId.undoIgnore, async (...args: unknown[]) => {
      if (matchShape(args, [[]]) < 0) return refuse(log, 'Undo Last Ignore', args, 'nothing');
      // Bound to Ctrl+Z only while an ignore is the last thing done; if that went stale, Ctrl+Z
      // must still undo in the editor.
      if (!lastIgnore) return vscode.commands.executeCommand('undo');
      return undoIgnore(lastIgnore.undo, lastIgnore.what, lastIgnore.suppression);
    }),
    vscode.commands.registerCommand(CommandId.showIgnoredFindings, (...args: unknown[]) => {
      const shape = matchShape(args, [[], [isUri]]);
      if (shape < 0) return refuse(log, 'Show Ignored Findings', args, 'nothing (command palette) or a document');
      const uri = shape === 1 ? args[0] as vscode.Uri : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage('Policy Lens: open a document to see what is ignored in it.');
        return undefined;
      }
      return showIgnored(uri);
    }),
    // Anything else done in an editor ends the window in which Ctrl+Z undoes the ignore.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (lastIgnore && e.contentChanges.length > 0 && e.document.uri.scheme !== 'output' && !isSidecarUri(e.document.uri)) void setLastIgnore(undefined);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => { if (lastIgnore) void setLastIgnore(undefined); }),
    vscode.commands.registerCommand(CommandId.addToLexicon, (...args: unknown[]) => {
      // Palette: nothing. Editor context menu: the document. Code action: document, words, kind.
      const shape = matchShape(args, [[], [isUri], [isUri, isNonEmptyText, optional(isEntryKind)], [isUri, isNonEmptyText, (v) => v === 'alias', isNonEmptyText]]);
      if (shape < 0) return refuse(log, 'Add Selection to Workspace Lexicon', args, 'nothing (command palette), the document (editor context menu), or a document, the words and party or term');
      const [uri, label, kind, aliasOf] = args as [vscode.Uri | undefined, string | undefined, EntryKind | 'alias' | undefined, string | undefined];
      if (shape === 1 && vscode.window.activeTextEditor?.document.uri.toString() !== uri!.toString()) {
        void vscode.window.showInformationMessage('Policy Lens: select the words to add in that document first.');
        return undefined;
      }
      return addToLexicon(engines, log, uri, label, kind, aliasOf);
    }),
  );
}

/** The entries `label` looks like another name of (for "as another name of ..."). */
function variantsOf(engines: EngineService, uri: vscode.Uri, label: string): Variant[] {
  return findVariants(label, engines.engineFor(uri).entries.values());
}

async function addToLexicon(engines: EngineService, log: Log, uri?: vscode.Uri, label?: string, kind?: EntryKind | 'alias', aliasOf?: string): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  uri ??= editor?.document.uri;
  label ??= editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
  if (!uri || !label?.trim()) {
    void vscode.window.showInformationMessage('Policy Lens: select the words to add to the workspace lexicon first.');
    return undefined;
  }
  const words = label.replace(/\s+/g, ' ').trim();
  if (!kind) {
    type Item = vscode.QuickPickItem & { as: EntryKind | 'alias'; id?: string };
    const items: Item[] = [
      // A variant of an existing entry ("VCFSE" of VCSE) is offered first: another name, not a new entry.
      ...variantsOf(engines, uri, words).map((v): Item => ({ label: `as another name of ${v.label}`, description: `${v.id}: ${v.reason}`, as: 'alias', id: v.id })),
      { label: 'party', description: 'an organisation or group that can be named as a stakeholder', as: 'party' },
      { label: 'term', description: 'a concept or piece of jargon', as: 'term' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Add '${words}' to the workspace lexicon as...` });
    if (!pick) return undefined;
    kind = pick.as;
    aliasOf = pick.id;
  }
  const configUri = engines.configUriFor(uri);
  if (!configUri) {
    void vscode.window.showErrorMessage('Policy Lens: open a folder to keep a workspace lexicon (.policy-lens.yaml).');
    return undefined;
  }
  const engine = engines.engineFor(uri);
  const target = kind === 'alias' ? engine.entries.get(aliasOf ?? '') : undefined;
  if (kind === 'alias' && !target) {
    void vscode.window.showErrorMessage(`Policy Lens: there is no lexicon entry '${aliasOf}' to add '${words}' to.`);
    return undefined;
  }
  let result: ConfigEditResult;
  try {
    result = await editConfig(configUri, (before) => (target
      ? addLexiconAlias(before, target.id, words, target.aliases)
      : addLexiconEntry(before, { label, kind: kind as EntryKind }, new Set(engine.entries.keys()))));
  } catch (err) {
    log.error(`Could not write ${vscode.workspace.asRelativePath(configUri)}`, err);
    void vscode.window.showErrorMessage(`Policy Lens: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Policy Lens: ${result.error}`, 'Open .policy-lens.yaml').then((c) => { if (c) void vscode.window.showTextDocument(configUri); });
    return undefined;
  }
  const as = target ? `another name of ${target.label}` : `a ${kind}`;
  log.info(`Added '${words}' (${result.id}) to ${vscode.workspace.asRelativePath(configUri)} as ${as}.`);
  void vscode.window.showInformationMessage(`Policy Lens: added '${words}' to the workspace lexicon as ${as}.`, target ? 'Open .policy-lens.yaml' : 'Edit Definition').then((c) => {
    if (c) void vscode.window.showTextDocument(configUri);
  });
  return result.id;
}
