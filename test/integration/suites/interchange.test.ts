/**
 * Export and import in the real extension host (issue 14): the brief exported from the
 * Annotations view's title bar opens as a Markdown document with the expected text; an import
 * writes the sidecar through the store (the sidebar's state follows) and Undo Import puts it back.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
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

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [doc(), sidecar(), importFile()]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
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
