/**
 * Every contributed command, run the way a person runs it: from every menu package.json puts
 * it in, with the arguments VS Code passes there, and from the command palette (and its
 * keybindings) with none. Quick picks and input boxes are answered through the workbench's own
 * commands, as a person pressing Enter would. No command may refuse what a menu passes; where a
 * command has an effect a person would see (the Annotations view's scope and filter, a reload
 * from disk, the search picker) the effect is checked and undone. After each run the sidecar on
 * disk must still load, the workspace config must still read, and the document must be untouched.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseSidecar } from '../../../src/core/annotations/sidecar';
import { parseConfig } from '../../../src/core/config/config';
import type { Node } from '../../../src/features/annotation-tree';
import type { FindingNode } from '../../../src/features/findings-view';
import type { PolicyLensApi } from '../../../src/extension';
import { api, answerQuickInputs, anyOf, canActAsUser, fixtureUri, readFile, userActs, waitFor, writeFile } from '../helpers';

interface MenuItem { command: string; when?: string; group?: string }
/** `mayRefuse`: not what a real menu passes (a key a person might bind, a menu this suite cannot imitate). */
interface Invocation { from: string; args: () => Promise<unknown[]>; mayRefuse?: boolean }

const extension = vscode.extensions.getExtension('policy-lens.policy-lens');
// The manifest as the host read it (no file access: the suites run in a web worker too).
const manifest = extension!.packageJSON;
const commands: { command: string; title: string }[] = manifest.contributes.commands;
const menus: Record<string, MenuItem[]> = manifest.contributes.menus ?? {};
const keybindings: { command: string; key: string; args?: unknown }[] = manifest.contributes.keybindings ?? [];
const welcome: { contents: string }[] = manifest.contributes.viewsWelcome ?? [];

const DOC = 'menus.md';
const DOC_TEXT = '# Menus fixture\n\nThe plan names general practice and the VCSE sector.\nFunding will be found for neighbourhood teams.\n';
const SIDECAR_TEXT = [
  'version: 1', `document: ${DOC}`, 'annotations:',
  '  - id: m1', '    tag: question', '    note: Which practices?', '    quote: The plan names general practice',
  '    prefix: "# Menus fixture\\n\\n"', '    suffix: " and the VCSE sector."', '    start: 17',
  '  - id: m2', '    tag: omission', '    note: This passage was deleted.', '    quote: a sentence that is no longer in the document',
  '    prefix: ""', '    suffix: ""', '    start: 0',
  // A merge conflict the git merge driver recorded: its item has Resolve Merge Conflict in its menu.
  '  - id: m3', '    tag: question', '    note: Ours.', '    quote: the VCSE sector', '    prefix: "general practice and "', '    suffix: ".\\nFunding will"', '    start: 53',
  '    conflicts:', '      - field: note', '        theirs: Theirs.', '',
].join('\n');

const doc = () => fixtureUri(DOC);
const sidecar = () => fixtureUri(`${DOC}.annotations.yaml`);
const config = () => fixtureUri('.policy-lens.yaml');

/** The tree items a view's menus would show, walking the Annotations and Findings views as they are now. */
async function treeNodes(): Promise<{ view: string; node: Node | FindingNode; contextValue: string }[]> {
  const lens = await api();
  const out: { view: string; node: Node | FindingNode; contextValue: string }[] = [];
  const walk = async <T>(view: string, provider: vscode.TreeDataProvider<T>, nodes: T[]) => {
    for (const node of nodes) {
      const item = await provider.getTreeItem(node);
      out.push({ view, node: node as Node | FindingNode, contextValue: item.contextValue ?? '' });
      await walk(view, provider, (await provider.getChildren(node)) ?? []);
    }
  };
  await walk('policyLens.annotations', lens.annotationView.tree, await lens.annotationView.tree.getChildren());
  // The Findings view lists the active document once it is analysed. The active editor can be
  // one Policy Lens never analyses (a comment's input box after Edit Note): nothing to wait for.
  const editor = vscode.window.activeTextEditor;
  if (editor && lens.analyses.isPolicyDocument(editor.document)) await waitFor(lens.analyses.onDidAnalyze, () => lens.analyses.get(editor.document) !== undefined, 'the active document analysed');
  await walk('policyLens.findings', lens.findingsView.provider, (await lens.findingsView.provider.getChildren()) ?? []);
  return out;
}

/** `view == x` in a when clause (no view named: any). */
function viewMatches(when: string | undefined, view: string): boolean {
  const m = /\bview\s*==\s*([\w.-]+)/.exec(when ?? '');
  return !m || m[1] === view;
}

/** `viewItem == x` / `viewItem =~ /re/` in a when clause, applied to a contextValue. */
function viewItemMatches(when: string | undefined, contextValue: string): boolean {
  const eq = /viewItem\s*==\s*([\w.-]+)/.exec(when ?? '');
  if (eq) return contextValue === eq[1];
  const re = /viewItem\s*=~\s*\/(.+?)\/(\w*)/.exec(when ?? '');
  if (re) return new RegExp(re[1], re[2]).test(contextValue);
  return true;
}

async function nodeFor(item: MenuItem): Promise<Node | FindingNode> {
  const found = (await treeNodes()).find((n) => viewMatches(item.when, n.view) && viewItemMatches(item.when, n.contextValue));
  assert.ok(found, `a tree item for "${item.when}"`);
  return found.node;
}

/** How VS Code calls a command from each menu (see src/features/command-args.ts). */
function invocationsOf(id: string): Invocation[] {
  const out: Invocation[] = [];
  const hidden = (menus.commandPalette ?? []).some((m) => m.command === id && m.when === 'false');
  out.push({ from: hidden ? 'a keybinding with no arguments (hidden from the palette)' : 'the command palette', args: async () => [], mayRefuse: hidden });
  for (const k of keybindings.filter((x) => x.command === id)) out.push({ from: `its keybinding ${k.key}`, args: async () => (k.args === undefined ? [] : [k.args]) });
  if (welcome.some((w) => w.contents.includes(`(command:${id})`))) out.push({ from: 'the welcome view link', args: async () => [] });
  for (const [menu, items] of Object.entries(menus)) {
    for (const item of items.filter((m) => m.command === id)) {
      const where = `${menu}${item.group ? ` (${item.group})` : ''}`;
      switch (menu) {
        case 'commandPalette': break;
        case 'editor/context':
          out.push({ from: where, args: async () => [doc()] });
          break;
        case 'editor/title': case 'editor/title/context':
          out.push({ from: where, args: async () => [doc(), { groupId: 1, editorIndex: 0 }] });
          break;
        case 'explorer/context':
          out.push({ from: where, args: async () => [doc(), [doc()]] });
          break;
        case 'view/title':
          // The focused tree item, or nothing when none is focused.
          out.push({ from: `${where}, no item focused`, args: async () => [undefined] });
          out.push({ from: `${where}, an annotation focused`, args: async () => [await nodeFor({ command: id, when: 'viewItem == annotation' })] });
          break;
        case 'view/item/context':
          out.push({ from: where, args: async () => [await nodeFor(item)] });
          out.push({ from: `${where}, with the selection`, args: async () => { const n = await nodeFor(item); return [n, [n]]; } });
          break;
        default:
          out.push({ from: `${where} (unknown menu: no arguments)`, args: async () => [], mayRefuse: true });
      }
    }
  }
  return out;
}

/**
 * What a command visibly does. Called before the run; the function it returns checks the effect
 * after the run and puts things back (running the command again where it is a toggle, with the
 * same arguments, which checks that it toggles back).
 */
type Effect = (lens: PolicyLensApi, run: () => Thenable<unknown>) => Promise<() => Promise<void>>;

const EFFECTS: Record<string, Effect> = {
  'policyLens.toggleAnnotationScope': async (lens, run) => {
    const { tree, view } = lens.annotationView;
    assert.strictEqual(tree.scope, 'document');
    return async () => {
      assert.strictEqual(tree.scope, 'workspace', 'the view shows the workspace');
      assert.strictEqual(view.description, 'Workspace', 'and says so');
      const roots = await tree.getChildren();
      assert.ok(roots.some((n) => n.kind === 'document' && n.entry.docUri.toString() === doc().toString()), 'with a row for menus.md');
      await run();
      assert.strictEqual(tree.scope, 'document', 'run again: back to this document');
      assert.strictEqual(view.description, 'This document');
    };
  },
  'policyLens.toggleOpenThreadsOnly': async (lens, run) => {
    const { tree, view } = lens.annotationView;
    assert.strictEqual(tree.openOnly, false);
    return async () => {
      assert.strictEqual(tree.openOnly, true, 'only open threads');
      assert.strictEqual(view.description, 'This document · open threads');
      await run();
      assert.strictEqual(tree.openOnly, false, 'run again: every thread');
      assert.strictEqual(view.description, 'This document');
    };
  },
  'policyLens.refreshAnnotations': async (lens) => {
    // Changed on disk just before the run: the note is new as soon as the command returns,
    // without waiting for the file watcher.
    await writeFile(sidecar(), SIDECAR_TEXT.replace('Which practices?', 'Refreshed from disk'));
    return async () => {
      const m1 = lens.annotations.peek(doc())?.annotations.find((a) => a.id === 'm1');
      assert.strictEqual(m1?.note, 'Refreshed from disk', 'the open document\'s sidecar was read again');
      await writeFile(sidecar(), SIDECAR_TEXT);
      await lens.annotations.reload(doc());
    };
  },
  'policyLens.searchAnnotations': async (lens) => {
    const revealed = () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.toString() === doc().toString() && editor.document.getText(editor.selection) === 'The plan names general practice';
    };
    assert.ok(!revealed());
    if (canActAsUser) {
      // The picker opens: type into it as a person would and take the match.
      userActs({ waitFor: '.quick-input-widget .quick-input-box input' }, { type: 'Which practices' },
        { waitFor: '.quick-input-list .monaco-list-row[aria-label*="The plan names general practice"]' }, { press: 'Enter' });
    }
    return async () => {
      if (!canActAsUser) return; // No keyboard here: the picker is dismissed after each case.
      await waitFor(anyOf(vscode.window.onDidChangeTextEditorSelection, vscode.window.onDidChangeActiveTextEditor), revealed, 'the annotation picked in the search revealed');
      assert.strictEqual(lens.annotationView.tree.scope, 'document');
    };
  },
};

function assertLoads(text: string | undefined, what: string): void {
  if (text === undefined) return;
  const parsed = parseSidecar(text);
  assert.ok(parsed.ok, `${what}: the sidecar on disk no longer loads: ${parsed.ok ? '' : parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}\n${text}`);
}

describe('every command from every menu it is contributed to', () => {
  let originalConfig: string;

  before(async () => {
    await api();
    originalConfig = (await readFile(config()))!;
    await writeFile(doc(), DOC_TEXT);
  });

  beforeEach(async () => {
    const lens = await api();
    await writeFile(sidecar(), SIDECAR_TEXT);
    await writeFile(config(), originalConfig);
    lens.annotationView.tree.scope = 'document';
    const editor = await vscode.window.showTextDocument(doc());
    const line = editor.document.lineAt(2);
    const start = line.text.indexOf('general practice');
    editor.selection = new vscode.Selection(2, start, 2, start + 'general practice'.length);
    await lens.annotations.reload(doc());
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(doc())?.anchors.get('m1')?.status === 'anchored', 'the fixture annotations');
    lens.annotationView.tree.refresh();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    // The view as the suites that follow expect it, whatever a failed case left.
    const { tree } = (await api()).annotationView;
    tree.scope = 'document';
    tree.openOnly = false;
    // Toggle Highlighting is a setting: put it back for the suites that follow.
    const settings = vscode.workspace.getConfiguration('policyLens');
    if (settings.get('highlight.enabled') !== true) await settings.update('highlight.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await writeFile(config(), originalConfig);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [doc(), sidecar()]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  });

  for (const { command, title } of commands) {
    for (const how of invocationsOf(command)) {
      it(`${title} (${command}) from ${how.from}`, async () => {
        const lens = await api();
        const args = await how.args();
        const run = () => answerQuickInputs(vscode.commands.executeCommand(command, ...args), `${command} from ${how.from}`);
        const refusals: string[] = [];
        const watching = lens.onDidRefuse((t) => refusals.push(t));
        try {
          const checkEffect = await EFFECTS[command]?.(lens, run);
          await run();
          if (!how.mayRefuse) assert.deepStrictEqual(refusals, [], `no refusal of what ${how.from} passes`);
          await checkEffect?.();
        } finally {
          watching.dispose();
        }
        assertLoads(await readFile(sidecar()), `${command} from ${how.from}`);
        const configText = (await readFile(config())) ?? '';
        const errors = parseConfig(configText).problems.filter((p) => p.severity !== 'warning');
        assert.deepStrictEqual(errors, [], `.policy-lens.yaml still reads:\n${configText}`);
        assert.strictEqual(await readFile(doc()), DOC_TEXT, 'the document on disk is untouched');
      });
    }
  }

  // Arguments no menu passes: each command refuses them and writes nothing.
  const strangers: [string, unknown[]][] = [
    ['a number', [42]],
    ['a plain object', [{ $mid: 1, external: 'file:///x.md' }]],
    ['a URI and a number', [vscode.Uri.file('/elsewhere.md'), 7]],
  ];
  for (const { command, title } of commands) {
    for (const [what, args] of strangers) {
      it(`${title} (${command}) given ${what} writes nothing`, async () => {
        const before = await readFile(sidecar());
        await answerQuickInputs(vscode.commands.executeCommand(command, ...args), `${command} with ${what}`);
        assert.strictEqual(await readFile(sidecar()), before, 'the sidecar is untouched');
        assert.strictEqual(await readFile(config()), originalConfig, 'the config is untouched');
      });
    }
  }
});
