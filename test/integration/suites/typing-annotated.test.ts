/**
 * Typing into an annotated document while its sidecar changes (an ignore, an edited note):
 * every set of diagnostics and every annotation highlight painted must use the offsets of the
 * document version it is painted on, never the previous version's.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { anyOf, api, codeOf, fixtureUri, openFixture, policyDiagnostics, readFile, waitFor, writeFile } from '../helpers';

const TEXT = [
  '# Neighbourhood working: planning note',
  '',
  'ICBs should agree formal planning arrangements with local authorities and the VCSE sector.',
  'Services will be commissioned at place level where that suits the population.',
  'The government has hinted at additional funding for neighbourhood working.',
  'These functions will be delivered within existing resources.',
  '£150 million from the Better Care Fund will support discharge.',
  'Directors of public health in local authorities will co-chair the neighbourhood board.',
  '',
].join('\n');
const QUOTE = '£150 million from the Better Care Fund will support discharge.';

describe('typing into an annotated document', function () {
  this.timeout(60_000);
  const doc = () => fixtureUri('typing-annotated.md');
  const sidecar = () => fixtureUri('typing-annotated.md.annotations.yaml');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    for (const uri of [sidecar(), doc()]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('paints every diagnostic and highlight from the offsets of the version it is painted on', async () => {
    const lens = await api();
    await writeFile(doc(), TEXT);
    const editor = await openFixture('typing-annotated.md');
    const document = editor.document;
    const start = TEXT.indexOf(QUOTE);
    const annotation = await lens.annotations.add(doc(), document.getText(), start, start + QUOTE.length, 'question', 'Recurrent?');
    await waitFor(lens.analyses.onDidAnalyze, () => (lens.analyses.peek(document)?.findings.length ?? 0) >= 2, 'the first analysis');

    // The text each finding's range covers, as first painted; the typing below never touches those sentences.
    const rangeText = (code: string) => policyDiagnostics(doc()).filter((d) => codeOf(d) === code).map((d) => document.getText(d.range));
    const watched = ['funding.existing-resources', 'funding.unquantified'];
    const expected = new Map(watched.map((c) => [c, rangeText(c)]));
    for (const c of watched) assert.strictEqual(expected.get(c)!.length, 1, `one ${c} finding to watch`);

    // The anchors reach a new version by an edit (onDidMoveAnchors) or by a sidecar change (onDidChange).
    const anchorsUpdated = anyOf(lens.annotations.onDidMoveAnchors, lens.annotations.onDidChange);
    const problems: string[] = [];
    let analysed = -1;
    let paintsSeen = lens.annotationHighlights.paints(doc()).length;
    const checkHighlights = (when: string) => {
      const paints = lens.annotationHighlights.paints(doc());
      if (paints.length === paintsSeen) return;
      paintsSeen = paints.length;
      const last = paints[paints.length - 1];
      if (last.anchorsVersion !== document.version || last.documentVersion !== document.version) {
        problems.push(`${when}: highlights painted with anchors of version ${last.anchorsVersion} on version ${document.version}`);
      }
      for (const range of lens.annotationHighlights.snapshot(doc())?.question ?? []) {
        const text = document.getText(range);
        if (text !== QUOTE) problems.push(`${when}: a highlight on ${JSON.stringify(text)} at version ${document.version}`);
      }
    };
    const subscriptions = [
      lens.analyses.onDidAnalyze((e) => {
        if (e.document !== document || !e.analysis) return;
        analysed = e.version ?? -1;
        if (e.version !== document.version) problems.push(`findings of version ${e.version} painted on version ${document.version}`);
        for (const c of watched) {
          const now = rangeText(c);
          if (JSON.stringify(now) !== JSON.stringify(expected.get(c))) problems.push(`${c} painted on ${JSON.stringify(now)} at version ${document.version}`);
        }
      }),
      lens.annotations.onDidChange(() => checkHighlights('sidecar changed')),
      lens.annotations.onDidMoveAnchors(() => checkHighlights('anchors moved')),
      vscode.window.onDidChangeVisibleTextEditors(() => checkHighlights('editors changed')),
    ];
    try {
      for (let i = 0; i < 12; i++) {
        // Alternately far from the annotation (it shifts) and right after it (it is anchored again).
        const line = i % 2 === 0 ? 0 : 6;
        await editor.edit((e) => e.insert(document.lineAt(line).range.end, i % 2 === 0 ? 's' : ' '));
        // The sidecar changes while the analysis of this edit is still pending.
        if (i % 3 === 0) await lens.annotations.addSuppression(doc(), { rule: 'funding.unquantified', quote: `an ignored sentence ${i}` });
        else if (i % 3 === 1) await lens.annotations.update(doc(), annotation.id, { note: `Recurrent? (${i})` });
        else await waitFor(anchorsUpdated, () => lens.annotations.peek(doc())?.version === document.version, 'the anchors to move');
      }
      await waitFor(lens.analyses.onDidAnalyze, () => analysed === document.version, 'the analysis of the last edit');
      await waitFor(anchorsUpdated, () => lens.annotations.peek(doc())?.version === document.version, 'the anchors of the last edit');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
    assert.deepStrictEqual(problems, []);
    const painted = lens.annotationHighlights.snapshot(doc())?.question ?? [];
    assert.deepStrictEqual(painted.map((r) => document.getText(r)), [QUOTE]);
    assert.match((await readFile(sidecar()))!, /an ignored sentence 9/);
  });
});
