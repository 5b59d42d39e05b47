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

function longDocument(sections = 120): string {
  const out = ['# Neighbourhood working: a long planning note', ''];
  for (let i = 0; i < sections; i++) {
    out.push(`## Section ${i + 1}`, '', PARAGRAPHS[i % PARAGRAPHS.length] + ' ' + PARAGRAPHS[(i * 5 + 1) % PARAGRAPHS.length], '');
  }
  return out.join('\n');
}

/** Writes the long document to `uri`, opens it and waits for its first analysis. */
async function openAnalysed(uri: vscode.Uri, name: string, sections?: number) {
  const lens = await api();
  await writeFile(uri, longDocument(sections));
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
  const bandsDoc = () => fixtureUri('incremental-bands.md');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    for (const uri of [doc(), quietDoc(), bandsDoc()]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
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

  it('sends a long document\'s diagnostics in bands of 500 lines: only the bands an edit changed', async () => {
    // 300 sections: 1,202 lines, so three bands (core/line-bands.ts).
    const { lens, editor, document, engine } = await openAnalysed(bandsDoc(), 'incremental-bands.md', 300);
    const published: { version: number; sent: boolean; diagnostics: number }[] = [];
    const sub = lens.diagnostics.onDidPublish((e) => { if (e.uri.toString() === document.uri.toString()) published.push(e); });
    const typeAt = async (line: number, character: number, text: string) => {
      editor.selection = new vscode.Selection(line, character, line, character);
      await vscode.commands.executeCommand('type', { text });
      await waitFor(lens.diagnostics.onDidPublish, () => published.some((p) => p.version === document.version), `diagnostics of version ${document.version}`);
      return published.find((p) => p.version === document.version)!;
    };
    const offsetsOf = (r: vscode.Range) => `${document.offsetAt(r.start)}-${document.offsetAt(r.end)}`;
    /** The Problems panel holds, for every band, what a whole-text analysis of this version gives. */
    const checkShown = (when: string) => {
      const fresh = engine.analyze(document.getText()).findings.filter((f) => f.end > 0).map((f) => `${f.rule}@${f.start}-${f.end}: ${f.message}`).sort();
      const shown = policyDiagnostics(bandsDoc()).filter((d) => !d.range.isEmpty).map((d) => `${codeOf(d)}@${offsetsOf(d.range)}: ${d.message}`).sort();
      assert.deepStrictEqual(shown, fresh, `${when}: the Problems panel`);
    };
    /** Findings whose first line is in the lines [from, to) now. */
    const findingsOn = (from: number, to: number) => policyDiagnostics(bandsDoc()).filter((d) => d.range.start.line >= from && d.range.start.line < to).length;
    try {
      assert.ok(document.lineCount > 1_000, `a document of ${document.lineCount} lines`);
      const total = policyDiagnostics(bandsDoc()).length;
      checkShown('after opening');
      const text = document.getText();
      const busy = document.positionAt(text.indexOf('within existing resources', document.offsetAt(new vscode.Position(600, 0)))).line;
      assert.ok(busy >= 500 && busy < 1_000, `a finding in the second band (line ${busy})`);
      const typed = await typeAt(busy, 0, 'Also: ');
      assert.strictEqual(typed.sent, true, 'typed before a finding: its band is sent');
      assert.strictEqual(typed.diagnostics, findingsOn(500, 1_000), 'only the second band\'s diagnostics are sent');
      assert.ok(typed.diagnostics < total / 2, `${typed.diagnostics} of ${total} sent`);
      checkShown('after typing in the second band');

      const broken = await typeAt(1_100, 0, '\n');
      assert.strictEqual(broken.sent, true, 'a line break: the bands from its line down are sent');
      assert.strictEqual(broken.diagnostics, findingsOn(1_000, 1_500), 'only the third band (everything above the break stayed put)');
      checkShown('after a line break in the third band');

      const quiet = await typeAt(2, 3, 'Sub');
      assert.strictEqual(quiet.sent, false, 'typing on a heading with no finding sends nothing');
      checkShown('after typing on a quiet line');
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
