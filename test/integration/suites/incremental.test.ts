/**
 * Incremental analysis in the editor (#11): typing into a long document re-analyses only the
 * blocks the keystrokes touched, and every analysis painted is the one a whole-text analysis of
 * that version gives (compared with the engine run without a cache), diagnostics included.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, fixtureUri, openFixture, policyDiagnostics, waitFor, writeFile } from '../helpers';

const PARAGRAPHS = [
  'ICBs should agree formal planning arrangements with local authorities and the VCSE sector at place level.',
  'The government has hinted at additional funding for neighbourhood working.',
  'These functions will be delivered within existing resources.',
  '£150 million from the Better Care Fund will support discharge.',
  'Each integrator will work with PCNs and community providers across the neighbourhood.',
  'Trusts will invest in digital infrastructure for integrated neighbourhood teams.',
];

function longDocument(): string {
  const out = ['# Neighbourhood working: a long planning note', ''];
  for (let i = 0; i < 120; i++) {
    out.push(`## Section ${i + 1}`, '', PARAGRAPHS[i % PARAGRAPHS.length] + ' ' + PARAGRAPHS[(i * 5 + 1) % PARAGRAPHS.length], '');
  }
  return out.join('\n');
}

/** Writes the long document to `uri`, opens it and waits for its first analysis. */
async function openAnalysed(uri: vscode.Uri, name: string) {
  const lens = await api();
  await writeFile(uri, longDocument());
  const editor = await openFixture(name);
  const document = editor.document;
  await waitFor(lens.analyses.onDidAnalyze, () => lens.analyses.peek(document) !== undefined, 'the first analysis');
  return { lens, editor, document, engine: lens.engines.engineFor(document.uri) };
}

/** Each keystroke group as the `type` command receives it (what the keyboard sends). */
const TYPING = ['We will invest', '\n\n', 'More funding is needed. ', '```\n', '\n', 'integrator ', 'x'];

describe('incremental analysis while typing', function () {
  this.timeout(120_000);
  const doc = () => fixtureUri('incremental-typing.md');
  const quietDoc = () => fixtureUri('incremental-quiet.md');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    for (const uri of [doc(), quietDoc()]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('typing on a line with no finding sends the renderer nothing new, and what is shown stays right', async () => {
    const { lens, editor, document, engine } = await openAnalysed(quietDoc(), 'incremental-quiet.md');
    const published: { version: number; sent: boolean }[] = [];
    const sub = lens.diagnostics.onDidPublish((e) => { if (e.uri.toString() === document.uri.toString()) published.push({ version: e.version, sent: e.sent }); });
    const typeAt = async (line: number, character: number, text: string) => {
      editor.selection = new vscode.Selection(line, character, line, character);
      await vscode.commands.executeCommand('type', { text });
      await waitFor(lens.diagnostics.onDidPublish, () => published.some((p) => p.version === document.version), `diagnostics of version ${document.version}`);
      return published.find((p) => p.version === document.version)!.sent;
    };
    const lineOf = (text: string, after = 0) => document.positionAt(document.getText().indexOf(text, after)).line;
    const offsetsOf = (r: vscode.Range) => `${document.offsetAt(r.start)}-${document.offsetAt(r.end)}`;
    /** Every diagnostic and highlight shown is where a whole-text analysis of this version puts it. */
    const checkShown = (when: string) => {
      const fresh = engine.analyze(document.getText());
      const findings = fresh.findings.filter((f) => f.end > 0).map((f) => `${f.rule}@${f.start}-${f.end}`).sort();
      const shown = policyDiagnostics(quietDoc()).filter((d) => !d.range.isEmpty).map((d) => `${codeOf(d)}@${offsetsOf(d.range)}`).sort();
      assert.deepStrictEqual(shown, findings, `${when}: the Problems panel`);
      const spans = new Set([...fresh.mentions, ...fresh.funding, ...fresh.money, ...fresh.pageRefs].map((s) => `${s.start}-${s.end}`));
      const painted = Object.values(lens.highlights.snapshot(document.uri) ?? {}).flat();
      assert.ok(painted.length > 20, `${when}: highlights painted`);
      for (const r of painted) assert.ok(spans.has(offsetsOf(r)), `${when}: a highlight at ${offsetsOf(r)} (${JSON.stringify(document.getText(r))}) that the analysis does not have`);
    };
    try {
      const quiet = lineOf('## Section 9\n');
      assert.strictEqual(await typeAt(quiet, document.lineAt(quiet).text.length, ' and more'), false, 'a word typed on a heading with no finding: nothing sent');
      checkShown('after typing on a quiet line');
      const busy = lineOf('within existing resources', document.offsetAt(new vscode.Position(quiet, 0)));
      assert.strictEqual(await typeAt(busy, 0, 'Also: '), true, 'typed before a finding on its line: sent');
      checkShown('after typing before a finding');
      assert.strictEqual(await typeAt(2, 0, '\n'), true, 'a line break above everything: sent');
      checkShown('after a line break');
      let before = lens.highlights.snapshot(document.uri);
      assert.strictEqual(await typeAt(lineOf('## Section 2\n'), 3, 'Sub'), false, 'and quiet again (near the top, where the view is: the highlight window stays)');
      checkShown('after typing on a quiet line again');
      assert.strictEqual(lens.highlights.snapshot(document.uri)?.party, before?.party, 'party highlights not sent again');

      // An edit that leaves every offset where it was but moves what the renderer shows: the
      // character before a finding (and a party) deleted and typed again at its start. VS Code
      // moves the underline left and then grows it over the typed character, so the unchanged
      // ranges must be sent again.
      const finding = policyDiagnostics(quietDoc()).find((d) => codeOf(d) === 'funding.existing-resources' && d.range.start.character > 0)!.range.start;
      const party = (lens.highlights.snapshot(document.uri)?.party ?? []).find((r) => r.start.line === finding.line && r.start.character > 0)
        ?? (lens.highlights.snapshot(document.uri)?.party ?? []).find((r) => r.start.character > 0 && r.start.line !== finding.line)!;
      before = lens.highlights.snapshot(document.uri);
      const target = document.version + 1;
      await editor.edit((b) => {
        for (const at of [finding, party.start]) {
          const previous = document.getText(new vscode.Range(at.translate(0, -1), at));
          b.delete(new vscode.Range(at.translate(0, -1), at));
          b.insert(at, previous);
        }
      });
      assert.strictEqual(document.version, target);
      await waitFor(lens.diagnostics.onDidPublish, () => published.some((p) => p.version === target), 'diagnostics of the net-zero edit');
      assert.strictEqual(published.find((p) => p.version === target)!.sent, true, 'diagnostics sent again after an edit on their line');
      assert.notStrictEqual(lens.highlights.snapshot(document.uri)?.party, before?.party, 'party highlights sent again');
      checkShown('after the net-zero edit');
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('paints, after every keystroke group, the analysis a whole-text analysis of that version gives', async () => {
    const { lens, editor, document, engine } = await openAnalysed(doc(), 'incremental-typing.md');
    const problems: string[] = [];
    let analysed = -1;
    const sub = lens.analyses.onDidAnalyze((e) => {
      if (e.document !== document || !e.analysis) return;
      analysed = e.version ?? -1;
      if (e.version !== document.version) problems.push(`version ${e.version} painted on version ${document.version}`);
      const fresh = engine.analyze(document.getText());
      if (JSON.stringify(e.analysis) !== JSON.stringify(fresh)) problems.push(`version ${e.version}: the analysis differs from a whole-text one`);
    });
    try {
      for (let i = 0; i < 14; i++) {
        // Lines between 20% and 80% of the document, alternating, so edits land in different blocks.
        const line = Math.floor(document.lineCount * (i % 2 === 0 ? 0.2 + i * 0.02 : 0.8 - i * 0.02));
        editor.selection = new vscode.Selection(line, 0, line, 0);
        await vscode.commands.executeCommand('type', { text: TYPING[i % TYPING.length] });
        await waitFor(lens.analyses.onDidAnalyze, () => analysed === document.version, `the analysis of edit ${i}`);
      }
    } finally {
      sub.dispose();
    }
    assert.deepStrictEqual(problems, []);
    // What the Problems panel holds is the whole-text analysis of the final text.
    const fresh = engine.analyze(document.getText());
    const keyOf = (code: string | undefined, r: vscode.Range) => `${code}@${document.offsetAt(r.start)}-${document.offsetAt(r.end)}`;
    const expected = fresh.findings.map((f) => keyOf(f.rule, f.start === 0 && f.end === 0
      ? document.lineAt(0).range.with(document.lineAt(0).range.end) // a document-level finding (diagnostics.ts)
      : new vscode.Range(document.positionAt(f.start), document.positionAt(f.end)))).sort();
    const shown = () => policyDiagnostics(doc()).map((d) => keyOf(codeOf(d), d.range)).sort();
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => JSON.stringify(shown()) === JSON.stringify(expected), 'the diagnostics of the last edit').catch(() => undefined);
    assert.deepStrictEqual(shown(), expected);
    assert.ok(fresh.findings.some((f) => f.rule === 'funding.unquantified'), 'the typed funding claims are found');
  });
});
