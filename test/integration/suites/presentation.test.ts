/**
 * What a person sees at a glance (issue 10, items 2-5 and 8): the banner at the top of a
 * document, the status bar tooltip, hovers that wrap between words, the summary and the rule
 * explanations rendered (never analysed), and the Findings view with its actions.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FindingNode } from '../../../src/features/findings-view';
import { api, codeOf, fixtureUri, openFixture, policyDiagnostics, readFile, waitFor, waitForDiagnostics, writeFile } from '../helpers';

const hoverValues = async (uri: vscode.Uri, position: vscode.Position): Promise<string[]> => {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
};

const webviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);

describe('missing parties at a glance (banner, status bar, diagnostic range)', () => {
  const uri = () => fixtureUri('missing-gp.md');

  before(async () => {
    await api();
    await openFixture('missing-gp.md');
    await waitForDiagnostics(uri(), (ds) => ds.some((d) => codeOf(d) === 'party.unmentioned'), 'party.unmentioned on missing-gp.md');
  });

  it('shows a banner on the first line naming the missing party and the named ones, which opens the summary', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri());
    const banner = lenses.find((l) => l.range.start.line === 0 && /Never mentioned/.test(l.command?.title ?? ''));
    assert.ok(banner, `no banner among ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.match(banner.command!.title, /Never mentioned: general practice · named: .*local authorities 2×/);
    assert.strictEqual(banner.command!.command, 'policyLens.showDocumentSummary');
    assert.strictEqual(String(banner.command!.arguments?.[0]), uri().toString(), 'the summary of this document');
  });

  it('names the missing parties in the status bar tooltip', async () => {
    const lens = await api();
    await waitFor(lens.analyses.onDidAnalyze, () => lens.summary.status().visible, 'the status bar item');
    const { tooltip } = lens.summary.status();
    assert.match(tooltip, /Never mentioned:\*\* general practice/);
  });

  it('puts party.unmentioned on an empty range at the end of the first line, underlining no text', () => {
    const d = policyDiagnostics(uri()).find((x) => codeOf(x) === 'party.unmentioned')!;
    const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri().toString())!;
    assert.ok(d.range.isEmpty, `range ${JSON.stringify(d.range)}`);
    assert.deepStrictEqual(d.range.start, doc.lineAt(0).range.end);
  });
});

describe('hovers wrap between words', () => {
  before(async () => {
    await api();
    await openFixture('hover.md');
  });

  it('keeps ordinary spaces in the definition (no &nbsp;)', async () => {
    const text = (await hoverValues(fixtureUri('hover.md'), new vscode.Position(2, 6))).join('\n');
    assert.match(text, /An existing local organisation chosen /, 'ordinary spaces between words');
    assert.match(text.replace(/\\(.)/g, '$1'), /An existing local organisation chosen \(usually by a place board\) to host the shared functions that let neighbourhood working run/);
    assert.ok(!text.includes('&nbsp;'), text);
  });

  it('shows an annotation\'s author as written and its date readable, not ISO', async () => {
    const lens = await api();
    // A document of its own: the annotations suite edits and corrupts annotated.md's sidecar.
    const doc = fixtureUri('hover-annotated.md');
    await writeFile(doc, '# Dates\n\nThe plan names no lead organisation.\n');
    await writeFile(fixtureUri('hover-annotated.md.annotations.yaml'), [
      'version: 1', 'document: hover-annotated.md', 'annotations:', '  - id: d4t3', '    tag: omission', '    note: No lead.',
      '    quote: names no lead organisation', '    prefix: "The plan "', '    suffix: "."', '    start: 18', '    author: Sample Analyst',
      '    created: 2026-11-20T10:00:00Z', '    updated: 2026-11-20T10:00:00Z', '',
    ].join('\n'));
    await openFixture('hover-annotated.md');
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(doc)?.anchors.get('d4t3')?.status === 'anchored', 'the annotation');
    const text = (await hoverValues(doc, new vscode.Position(2, 20))).join('\n');
    assert.match(text, /Sample Analyst · \d{1,2} Nov 2026, \d\d\\:\d\d/);
    assert.doesNotMatch(text, /2026-11-20T/);
    assert.ok(!text.includes('&nbsp;'), text);
  });
});

describe('the summary is rendered and never analysed', () => {
  before(async () => {
    await api();
    await openFixture('missing-gp.md');
  });

  it('renders the summary (HTML tables, money statements) in a webview, not Markdown source', async () => {
    const summary = await vscode.commands.executeCommand<{ html: string; report: string }>('policyLens.showDocumentSummary');
    assert.ok(summary?.html, 'the summary returns what it shows');
    assert.match(summary.html, /<h1[^>]*>Policy Lens summary: missing-gp\.md<\/h1>/);
    assert.match(summary.html, /<table[\s>]/);
    assert.match(summary.html, /Money statements/);
    assert.doesNotMatch(summary.html, /\| Party \|/);
    await waitFor(vscode.window.tabGroups.onDidChangeTabs, () => webviewTabs().some((t) => t.label.includes('missing-gp.md')), 'a webview tab showing it');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme !== 'file' && d.uri.scheme !== 'untitled' && /summary/i.test(d.uri.toString())), 'no virtual text document');
  });

  it('keeps the open summary in step with its document', async () => {
    const lens = await api();
    const editor = await openFixture('missing-gp.md');
    await vscode.commands.executeCommand('policyLens.showDocumentSummary');
    assert.match(lens.summary.html(), /<td>general practice<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>missing<\/td>/);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'General practice will lead.\n'));
    try {
      await waitFor(lens.summary.onDidRender, () => /<td>general practice<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>yes<\/td>/.test(lens.summary.html()), 'the summary to count general practice');
    } finally {
      await vscode.commands.executeCommand('undo');
      await waitForDiagnostics(fixtureUri('missing-gp.md'), (ds) => ds.some((d) => codeOf(d) === 'party.unmentioned'), 'the edit undone');
    }
  });

  it('leaves no sidecar error behind', async () => {
    await vscode.commands.executeCommand('policyLens.showDocumentSummary');
    const lens = await api();
    // Every open document has had its sidecar looked up by now.
    await Promise.all(vscode.workspace.textDocuments.map((d) => lens.annotations.ensure(d.uri)));
    const errors = vscode.languages.getDiagnostics().flatMap(([u, ds]) => ds.filter((d) => /Could not read the sidecar/.test(d.message)).map((d) => `${u.toString()}: ${d.message}`));
    assert.deepStrictEqual(errors, []);
  });

  it('analyses files and untitled documents only, never another scheme', async () => {
    const lens = await api();
    const scheme = 'policy-lens-test-virtual';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => '# Plan\n\nThese functions will be delivered within existing resources.\n' });
    try {
      const virtual = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/plan.md' })), 'markdown');
      assert.strictEqual(lens.analyses.get(virtual), undefined, 'a virtual document is not a policy document');
      assert.deepStrictEqual(policyDiagnostics(virtual.uri), []);
      const untitled = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'These functions will be delivered within existing resources.\n' });
      assert.ok(lens.analyses.get(untitled)?.findings.some((f) => f.rule === 'funding.existing-resources'), 'an untitled document is');
    } finally {
      provider.dispose();
    }
  });
});

describe('annotations: sidecars only beside files', () => {
  it('never looks for a sidecar beside a virtual document (no "Could not read the sidecar" problem)', async () => {
    const lens = await api();
    const scheme = 'policy-lens-test-virtual-sidecar';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => 'A virtual plan.\n' });
    try {
      const virtual = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/notes/plan.md' }));
      // Let the store handle the open event, then a real file's sidecar load, before looking.
      await lens.annotations.ensure(fixtureUri('missing-gp.md'));
      assert.strictEqual(lens.annotations.peek(virtual.uri), undefined, 'no sidecar state for a virtual document');
      const problems = vscode.languages.getDiagnostics().filter(([u, ds]) => u.scheme === scheme && ds.length > 0);
      assert.deepStrictEqual(problems.map(([u]) => u.toString()), []);
    } finally {
      provider.dispose();
    }
  });
});

describe('rule links open a rendered explanation', () => {
  const uri = () => fixtureUri('missing-gp.md');

  before(async () => {
    await api();
    await openFixture('missing-gp.md');
    await waitForDiagnostics(uri(), (ds) => ds.some((d) => codeOf(d) === 'party.unmentioned'), 'findings');
  });

  it('links each rule code to the Explain Rule command, not the README', async () => {
    for (const d of policyDiagnostics(uri())) {
      const { target } = d.code as { value: string; target: vscode.Uri };
      assert.strictEqual(target.scheme, 'command', target.toString());
      assert.strictEqual(target.path, 'policyLens.showRule');
      assert.deepStrictEqual(JSON.parse(target.query), [codeOf(d)]);
    }
  });

  it('following the link shows the rule\'s section of docs/rules.md rendered, and opens no document', async () => {
    const d = policyDiagnostics(uri()).find((x) => codeOf(x) === 'funding.existing-resources')!;
    const { target } = d.code as { value: string; target: vscode.Uri };
    const docsBefore = vscode.workspace.textDocuments.length;
    // What the Problems panel does with a command link: run the command with the query's arguments.
    const shown = await vscode.commands.executeCommand<{ rule: string; html: string }>(target.path, ...JSON.parse(target.query));
    assert.strictEqual(shown.rule, 'funding.existing-resources');
    assert.match(shown.html, /<h2[^>]*>funding\.existing-resources<\/h2>/);
    assert.match(shown.html, /<strong>Why:<\/strong>/);
    assert.doesNotMatch(shown.html, /party\.unmentioned<\/h2>/, 'only that rule');
    await waitFor(vscode.window.tabGroups.onDidChangeTabs, () => webviewTabs().some((t) => t.label.includes('funding.existing-resources')), 'a webview tab showing it');
    assert.ok(!vscode.workspace.textDocuments.some((t) => /readme\.md$/i.test(t.uri.path) || /rules\.md$/.test(t.uri.path)), 'neither the README nor rules.md is opened as a document');
    assert.ok(vscode.workspace.textDocuments.length <= docsBefore);
  });
});

describe('the Findings view', () => {
  const name = 'findings-view.md';
  const uri = () => fixtureUri(name);
  const sidecar = () => fixtureUri(`${name}.annotations.yaml`);
  const text = [
    '# Findings fixture',
    '',
    'Local authorities and the VCSE sector will plan together.',
    'The government has hinted at additional funding for neighbourhood working.',
    'These functions will be delivered within existing resources.',
    'Further support may follow from extra investment in community services.',
    '',
  ].join('\n');

  const roots = async () => (await api()).findingsView.provider.getChildren() as Promise<FindingNode[]>;
  const rows = async (rule: string) => {
    const group = (await roots()).find((n) => n.kind === 'rule' && n.group.rule === rule);
    return group ? ((await (await api()).findingsView.provider.getChildren(group)) as FindingNode[]) : [];
  };

  before(async () => {
    await writeFile(uri(), text);
    await openFixture(name);
    await waitForDiagnostics(uri(), (ds) => ds.some((d) => codeOf(d) === 'funding.existing-resources'), 'findings');
  });

  after(async () => {
    await vscode.workspace.fs.delete(sidecar()).then(undefined, () => undefined);
  });

  it('is a view in the Policy Lens sidebar', async () => {
    await vscode.commands.executeCommand('policyLens.findings.focus');
    await openFixture(name);
  });

  it('lists the active document\'s findings grouped by rule, each row the start of its sentence', async () => {
    const lens = await api();
    assert.strictEqual(lens.findingsView.document()?.uri.toString(), uri().toString());
    const groups = (await roots()).map((n) => (n.kind === 'rule' ? [n.group.rule, n.group.rows.length] : []));
    assert.deepStrictEqual(groups, [['party.unmentioned', 1], ['funding.unquantified', 2], ['funding.existing-resources', 1]]);
    const labels = (await rows('funding.unquantified')).map((n) => lens.findingsView.provider.getTreeItem(n) as vscode.TreeItem).map((i) => String(i.label));
    assert.deepStrictEqual(labels, [
      'The government has hinted at additional funding for neighbourhood working.',
      'Further support may follow from extra investment in community services.',
    ]);
    const item = await lens.findingsView.provider.getTreeItem((await rows('funding.unquantified'))[0]);
    assert.strictEqual(item.contextValue, 'finding');
    assert.strictEqual(item.description, 'line 4');
  });

  it('reveals a finding: selects its sentence in the editor', async () => {
    const [node] = await rows('funding.existing-resources');
    await vscode.commands.executeCommand('policyLens.revealFinding', node);
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.toString(), uri().toString());
    assert.strictEqual(editor.document.getText(editor.selection), 'These functions will be delivered within existing resources.');
  });

  it('annotate opens the annotation prompt on the finding\'s sentence (policyLens.annotateFinding)', async () => {
    const [node] = await rows('funding.unquantified');
    const running = vscode.commands.executeCommand('policyLens.annotateFindingFromView', node);
    await waitFor(vscode.window.onDidChangeTextEditorSelection, () => vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection) === 'The government has hinted at additional funding for neighbourhood working.', 'the sentence selected');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await running;
    assert.strictEqual(await readFile(sidecar()), undefined, 'cancelled: nothing written');
  });

  it('ignores a finding here (policyLens.ignoreFindingHere): it leaves the view and the Problems panel', async () => {
    const [node] = await rows('funding.unquantified');
    await vscode.commands.executeCommand('policyLens.ignoreFindingFromView', node);
    await waitForDiagnostics(uri(), (ds) => ds.filter((d) => codeOf(d) === 'funding.unquantified').length === 1, 'one funding.unquantified left');
    assert.strictEqual((await rows('funding.unquantified')).length, 1);
    assert.match((await readFile(sidecar()))!, /quote: The government has hinted at additional funding/);
  });

  it('ignores a rule in the document (policyLens.ignoreRuleInDocument)', async () => {
    const [node] = await rows('funding.existing-resources');
    await vscode.commands.executeCommand('policyLens.ignoreRuleFromView', node);
    await waitForDiagnostics(uri(), (ds) => !ds.some((d) => codeOf(d) === 'funding.existing-resources'), 'the rule silenced');
    assert.deepStrictEqual(await rows('funding.existing-resources'), []);
    assert.strictEqual(await readFile(uri()), text, 'the document is unchanged');
  });

  it('refuses anything that is not a finding, with a message', async () => {
    await vscode.commands.executeCommand('policyLens.ignoreFindingFromView', uri());
    await vscode.commands.executeCommand('policyLens.revealFinding');
    assert.ok(policyDiagnostics(uri()).length > 0);
  });
});
