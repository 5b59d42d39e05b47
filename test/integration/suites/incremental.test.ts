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

/** Each keystroke group as the `type` command receives it (what the keyboard sends). */
const TYPING = ['We will invest', '\n\n', 'More funding is needed. ', '```\n', '\n', 'integrator ', 'x'];

describe('incremental analysis while typing', function () {
  this.timeout(120_000);
  const doc = () => fixtureUri('incremental-typing.md');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(doc()).then(undefined, () => undefined);
  });

  it('paints, after every keystroke group, the analysis a whole-text analysis of that version gives', async () => {
    const lens = await api();
    await writeFile(doc(), longDocument());
    const editor = await openFixture('incremental-typing.md');
    const document = editor.document;
    await waitFor(lens.analyses.onDidAnalyze, () => lens.analyses.peek(document) !== undefined, 'the first analysis');
    const engine = lens.engines.engineFor(document.uri);
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
