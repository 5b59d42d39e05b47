/**
 * Export and import in the real extension host (issue 14): the brief exported from the
 * Annotations view's title bar opens as a Markdown document with the expected text; an import
 * writes the sidecar through the store (the sidebar's state follows) and Undo Import puts it back.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { readImport } from '../../../src/core/interchange';
import type { Node } from '../../../src/features/annotation-tree';
import { answerQuickInputs, api, fixtureUri, readFile, waitFor, writeFile } from '../helpers';

const DOC = 'interchange.md';
const TEXT = '# Interchange fixture\n\nIntegrated care boards will lead 😀 the work.\nGeneral practice is not named here.\n';
const SIDECAR = [
  'version: 1', `document: ${DOC}`, 'annotations:',
  '  - id: ic1', '    tag: omission', '    note: Who else leads?', '    quote: Integrated care boards will lead', '    prefix: "# Interchange fixture\\n\\n"',
  '    suffix: " 😀 the work."', '    start: 23', '    author: Ana', '    created: 2026-11-20T10:00:00Z', '    updated: 2026-11-20T10:00:00Z', '',
].join('\n');

const doc = () => fixtureUri(DOC);
const sidecar = () => fixtureUri(`${DOC}.annotations.yaml`);
const importFile = () => fixtureUri('interchange-import.jsonld');
const config = () => fixtureUri('.policy-lens.yaml');
const selectedFile = () => fixtureUri('selected-annotations.qdpx');
/** A second annotation, for selections. */
const SECOND = [
  '  - id: ic2', '    tag: question', '    note: Which practices?', '    quote: General practice', '    prefix: "the work.\\n"',
  '    suffix: " is not named"', '    start: 69', '    author: Bo', '    created: 2026-11-21T10:00:00Z', '',
].join('\n');

/** The Annotations view's nodes for the fixture document, as the tree hands them to a menu. */
async function annotationNodes(): Promise<Extract<Node, { kind: 'annotation' }>[]> {
  const lens = await api();
  const tree = lens.annotationView.tree;
  const out: Extract<Node, { kind: 'annotation' }>[] = [];
  const walk = async (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.kind === 'annotation' && n.entry.docUri.toString() === doc().toString()) out.push(n);
      await walk(await tree.getChildren(n));
    }
  };
  await walk(await tree.getChildren());
  return out;
}

describe('export and import (brief, W3C)', () => {
  beforeEach(async () => {
    const lens = await api();
    await writeFile(doc(), TEXT);
    await writeFile(sidecar(), SIDECAR);
    lens.annotationView.tree.scope = 'document';
    await vscode.window.showTextDocument(doc());
    await lens.annotations.reload(doc());
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(doc())?.anchors.get('ic1')?.status === 'anchored', 'the fixture annotation anchored');
  });

  let originalConfig: string | undefined;
  before(async () => { originalConfig = await readFile(config()); });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [doc(), sidecar(), importFile(), selectedFile()]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
    if (originalConfig !== undefined && (await readFile(config())) !== originalConfig) await writeFile(config(), originalConfig);
  });

  it('Export Brief of Selection and Export Selected Annotations from the view: the clicked item and the selected items (as the tree passes them) give just those', async () => {
    const lens = await api();
    await writeFile(sidecar(), SIDECAR + SECOND);
    await lens.annotations.reload(doc());
    await waitFor(lens.annotations.onDidChange, () => lens.annotations.peek(doc())?.anchors.get('ic2')?.status === 'anchored', 'both annotations anchored');
    lens.annotationView.tree.refresh();
    const nodes = await annotationNodes();
    const first = nodes.find((n) => n.annotation.id === 'ic1')!;
    const second = nodes.find((n) => n.annotation.id === 'ic2')!;
    assert.ok(first && second, 'the view shows both annotations');

    // One item right-clicked within a selection of one: only it.
    const brief = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('policyLens.exportBriefOfSelection', second, [second]);
    assert.ok(brief, 'a brief was opened');
    assert.match(brief.getText(), /> General practice\n/);
    assert.ok(!brief.getText().includes('Integrated care boards will lead'), brief.getText());
    // Both selected: both, in codebook order.
    const both = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('policyLens.exportBriefOfSelection', first, [first, second]);
    assert.ok(both?.getText().includes('> Integrated care boards will lead') && both.getText().includes('> General practice'), both?.getText());
    // Right-clicking an item outside the selection exports that item (as the Explorer does).
    const outside = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('policyLens.exportBriefOfSelection', first, [second]);
    assert.ok(outside && !outside.getText().includes('> General practice'), outside?.getText());

    // Export Selected Annotations: the format picker (first: REFI-QDA) and the save dialog answered with Enter.
    const target = await answerQuickInputs(vscode.commands.executeCommand<vscode.Uri | undefined>('policyLens.exportSelectedAnnotations', second, [second]), 'export selected');
    assert.ok(target, 'a file was written');
    assert.strictEqual(target.path, selectedFile().path);
    const bundle = readImport('selected-annotations.qdpx', await vscode.workspace.fs.readFile(target));
    assert.deepStrictEqual(bundle.documents.map((d) => [d.source, d.annotations.map((a) => a.quote)]), [[DOC, ['General practice']]]);
  });

  it('Import adds the tags the codebook lacks to .policy-lens.yaml (named in the plan); Undo Import takes them out again', async () => {
    const lens = await api();
    const annotation = {
      id: 'urn:uuid:0b7c5a7e-1111-4222-8333-777788889999', type: 'Annotation', created: '2026-11-21T09:00:00Z',
      body: [{ type: 'TextualBody', purpose: 'tagging', value: 'Workforce risk' }],
      target: { source: DOC, selector: [{ type: 'TextQuoteSelector', exact: 'General practice', prefix: 'the work.\n', suffix: ' is not named' }] },
    };
    await writeFile(importFile(), JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 1, first: { type: 'AnnotationPage', items: [annotation] } }));
    const configBefore = await readFile(config());
    const sidecarBefore = await readFile(sidecar());
    const plan = await answerQuickInputs(vscode.commands.executeCommand<{ newTags: { id: string }[] } | undefined>('policyLens.importAnnotations', importFile(), [importFile()]), 'import');
    assert.deepStrictEqual(plan?.newTags.map((t) => t.id), ['workforce-risk']);
    const configAfter = (await readFile(config())) ?? '';
    assert.ok(configAfter.startsWith(configBefore ?? ''), `the config keeps what it had:\n${configAfter}`);
    assert.match(configAfter, /codebook:\n {2}- id: workforce-risk\n {4}label: Workforce risk\n {4}color: "#[0-9a-f]{6}"\n/);
    await waitFor(lens.engines.onDidChange, () => lens.annotations.codebook(doc()).some((t) => t.id === 'workforce-risk'), 'the codebook has the new tag');

    assert.strictEqual(await vscode.commands.executeCommand('policyLens.undoImport'), true);
    assert.strictEqual(await readFile(config()), configBefore, 'Undo Import restores .policy-lens.yaml byte for byte');
    assert.strictEqual(await readFile(sidecar()), sidecarBefore);
  });

  it('Undo Import leaves .policy-lens.yaml alone when it changed since the import, and says so', async () => {
    const annotation = {
      id: 'urn:uuid:0b7c5a7e-1111-4222-8333-000011112222', type: 'Annotation',
      body: [{ type: 'TextualBody', purpose: 'tagging', value: 'Estates' }],
      target: { source: DOC, selector: [{ type: 'TextQuoteSelector', exact: 'General practice' }] },
    };
    await writeFile(importFile(), JSON.stringify({ type: 'AnnotationCollection', first: { type: 'AnnotationPage', items: [annotation] } }));
    const configBefore = (await readFile(config())) ?? '';
    await answerQuickInputs(vscode.commands.executeCommand('policyLens.importAnnotations', importFile()), 'import');
    const edited = `${await readFile(config())}# edited by hand\n`;
    await writeFile(config(), edited);
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.undoImport'), false, 'not everything was undone');
    assert.strictEqual(await readFile(config()), edited, 'the edited config is left as it is');
    await writeFile(config(), configBefore);
  });

  it('Export Brief from the Annotations view title bar opens the brief of the active document', async () => {
    // The view's title bar passes the focused item, or nothing.
    const brief = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('policyLens.exportBrief', undefined);
    assert.ok(brief, 'a document was opened');
    const shown = vscode.window.activeTextEditor?.document;
    assert.strictEqual(shown, brief, 'the brief is the active editor');
    assert.strictEqual(shown.languageId, 'markdown');
    assert.strictEqual(shown.isUntitled, true, 'an unsaved document to edit and save');
    const text = shown.getText();
    assert.ok(text.startsWith('# Interchange fixture\n\nSource: `interchange.md`\n\n## Findings\n'), text);
    assert.ok(text.endsWith('## Omission\n\n> Integrated care boards will lead\n>\n> (line 3)\n\nWho else leads?\n\n<small>Ana · 20 Nov 2026</small>\n'), text);
  });

  it('Import Annotations (from the Explorer on a W3C file): the plan, the sidecar on disk and the store; Undo Import restores it', async () => {
    const lens = await api();
    const annotation = {
      id: 'urn:uuid:0b7c5a7e-1111-4222-8333-444455556666', type: 'Annotation', created: '2026-11-21T09:00:00Z',
      creator: { type: 'Person', name: 'Bo' },
      body: [{ type: 'TextualBody', purpose: 'tagging', value: 'question' }, { type: 'TextualBody', purpose: 'commenting', format: 'text/markdown', value: 'Which practices?' }],
      target: { source: DOC, selector: [{ type: 'TextQuoteSelector', exact: 'General practice', prefix: 'the work.\n', suffix: ' is not named' }, { type: 'TextPositionSelector', start: 68, end: 84 }] },
    };
    await writeFile(importFile(), JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 1, first: { type: 'AnnotationPage', items: [annotation] } }));
    const before = await readFile(sidecar());
    // The Explorer passes the file's URI and the selection; the plan's quick pick is answered with Enter (Import).
    const plan = await answerQuickInputs(vscode.commands.executeCommand<{ documents: { added: unknown[] }[] } | undefined>('policyLens.importAnnotations', importFile(), [importFile()]), 'import');
    assert.strictEqual(plan?.documents[0]?.added.length, 1);
    const onDisk = (await readFile(sidecar())) ?? '';
    assert.match(onDisk, /quote: General practice\n/);
    assert.match(onDisk, /note: Which practices\?\n/);
    assert.match(onDisk, /id: ic1\n/, 'the existing annotation is kept');
    const entry = lens.annotations.peek(doc());
    const imported = entry?.annotations.find((a) => a.quote === 'General practice');
    assert.ok(imported, 'the store holds the imported annotation');
    assert.strictEqual(entry?.anchors.get(imported.id)?.status, 'anchored');
    assert.deepStrictEqual([imported.tag, imported.author, imported.created], ['question', 'Bo', '2026-11-21T09:00:00Z']);

    assert.strictEqual(await vscode.commands.executeCommand('policyLens.undoImport'), true);
    assert.strictEqual(await readFile(sidecar()), before, 'Undo Import restores the sidecar byte for byte');
    assert.ok(!lens.annotations.peek(doc())?.annotations.some((a) => a.quote === 'General practice'), 'and the store follows');
  });

  it('a bad file is refused and nothing is written', async () => {
    await writeFile(importFile(), '{"hello": "world"}');
    const before = await readFile(sidecar());
    const plan = await vscode.commands.executeCommand('policyLens.importAnnotations', importFile());
    assert.strictEqual(plan, undefined);
    assert.strictEqual(await readFile(sidecar()), before);
  });
});
