import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, fixtureUri, openFixture, policyDiagnostics, waitForDiagnostics } from '../helpers';

/** A PDF-converted document: sentences cut by blank lines, page numbers and a running header mid-sentence, escapes. */
describe('PDF-converted text (the reading layer)', () => {
  const uri = () => fixtureUri('pdf-converted.md');
  let doc: vscode.TextDocument;

  before(async () => {
    await api();
    doc = (await openFixture('pdf-converted.md')).document;
    await waitForDiagnostics(uri(), (ds) => ds.some((d) => codeOf(d) === 'funding.existing-resources'), 'funding findings on pdf-converted.md');
  });

  it('flags the promise cut by a PDF line break, over its exact source text', () => {
    const d = policyDiagnostics(uri()).find((x) => codeOf(x) === 'funding.unquantified')!;
    assert.ok(d, 'an unfunded promise is reported');
    assert.strictEqual(doc.getText(d.range), 'We will invest in\n\nneighbourhood teams across the city.');
    assert.match(d.message, /^Funding claim \("invest"\) with no amount, fund or mechanism in this sentence or the next: "We will invest in neighbourhood teams across the city\."$/);
  });

  it('reads across the page number and running header: the amount in the next sentence backs the claim', () => {
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('The ICB will fund'));
    assert.ok(line > 0);
    assert.ok(!policyDiagnostics(uri()).some((d) => d.range.start.line === line), 'the ICB sentence is backed by (£2.5m) after the page break');
  });

  it('knows the printed page of each finding and lists every money statement', async () => {
    const analysis = (await api()).analyses.get(doc)!;
    const funding = analysis.findings.filter((f) => f.rule.startsWith('funding.'));
    assert.deepStrictEqual(funding.map((f) => [f.rule, f.page]), [['funding.unquantified', 1], ['funding.existing-resources', 3]]);
    assert.deepStrictEqual(analysis.fundingStatements.map((s) => [s.class, s.page]), [['unfunded', 1], ['backed', 2], ['existing', 3]]);
    assert.strictEqual(analysis.fundingStatements[1].text, 'The ICB will fund the new discharge service.');
  });

  it('an annotation on page 3 says so on hover', async () => {
    const lens = await api();
    const quote = 'Delivery must be affordable within the allocations set.';
    const start = doc.getText().indexOf(quote);
    const sidecar = vscode.Uri.joinPath(uri(), '..', 'pdf-converted.md.annotations.yaml');
    try {
      await lens.annotations.add(uri(), doc.getText(), start, start + quote.length, 'question', 'Which allocations?');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri(), doc.positionAt(start + 3));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /annotation on p\\?\. 3/, text);
    } finally {
      await vscode.workspace.fs.delete(sidecar).then(undefined, () => undefined);
    }
  });

  it('never changes the document', () => {
    assert.strictEqual(doc.isDirty, false);
  });
});
