/**
 * Review Annotation Changes Since... against a real repository (issue 15): a repository made
 * through VS Code's Git extension (no process of the test's own: the suites also run in a web
 * worker), a sidecar committed and then changed in the working tree (one note edited, one
 * annotation deleted, one added); the command is run as the palette runs it (no arguments), the
 * revision picked as a person pressing Enter would (the first branch), and the report it returns
 * and opens is checked.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SinceReport } from '../../../src/core/annotations/since';
import { answerQuickInputs, api, fixtureUri, waitFor, writeFile } from '../helpers';

/** The parts of the Git extension's API the test drives to make a repository. */
interface TestGitRepository {
  setConfig(key: string, value: string): Promise<string>;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
  state: { HEAD?: { name?: string } };
}
interface TestGitApi {
  state: string;
  onDidChangeState: vscode.Event<string>;
  init(root: vscode.Uri): Promise<TestGitRepository | null>;
}

const REPO = 'review-git';
const DOC = '# Plan\n\nIntegrated care boards will commission general practice. Funding will be met from existing resources.\n';
const entry = (id: string, tag: string, note: string, quote: string, start: number) =>
  `  - id: ${id}\n    tag: ${tag}\n    note: ${note}\n    quote: ${quote}\n    start: ${start}\n    author: ana\n    created: 2026-01-01T10:00:00Z\n`;
const header = 'version: 1\ndocument: plan.md\nannotations:\n';
const COMMITTED = header + entry('a1', 'omission', 'No mention of PCNs.', 'Integrated care boards', 8) + entry('a2', 'funding', 'Unfunded.', 'existing resources', 95);
const NOW = header + entry('a1', 'omission', 'No mention of PCNs or the VCSE.', 'Integrated care boards', 8) + entry('a3', 'question', 'Which practices?', 'general practice', 45);

describe('Review Annotation Changes Since... (a real repository, through VS Code\'s Git extension)', () => {
  const doc = () => fixtureUri(`${REPO}/plan.md`);
  const sidecar = () => fixtureUri(`${REPO}/plan.md.annotations.yaml`);
  let git: TestGitApi | undefined;
  let branch = '';

  before(async function () {
    this.timeout(60_000);
    const lens = await api();
    const ext = vscode.extensions.getExtension<{ getAPI(v: 1): TestGitApi }>('vscode.git');
    if (!ext || !vscode.workspace.isTrusted || lens.host === 'web') return;
    git = (await ext.activate()).getAPI(1);
    if (git.state !== 'initialized') await waitFor(git.onDidChangeState, () => git!.state === 'initialized', 'the Git extension to start');
    await writeFile(doc(), DOC);
    await writeFile(sidecar(), COMMITTED);
    const repo = (await git.init(fixtureUri(REPO)))!;
    assert.ok(repo, 'git init through the Git extension');
    await repo.setConfig('user.name', 'Policy Lens test');
    await repo.setConfig('user.email', 'test@policy-lens.invalid');
    await repo.setConfig('commit.gpgsign', 'false');
    await repo.add([doc().fsPath, sidecar().fsPath]);
    await repo.commit('Plan, annotated');
    branch = repo.state.HEAD?.name ?? '';
    // The working tree: a1's note edited, a2 deleted, a3 added.
    await writeFile(sidecar(), NOW);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fixtureUri(REPO), { recursive: true }).then(undefined, () => undefined);
  });

  it('from the palette, the branch picked: the report lists the edited, deleted and added annotations', async function () {
    this.timeout(60_000);
    if (!git) {
      // The web worker host has no Git extension and no process to make a repository with (and
      // Restricted Mode refuses git): nothing to review here; the command's refusal is unit-level.
      console.log(`      (skipped: no repository can be made in this host: ${(await api()).host === 'web' ? 'web worker' : 'Restricted Mode'})`);
      this.skip();
    }
    // A document of the repository is active, as when an analyst reviews their folder.
    await vscode.window.showTextDocument(doc());
    const report = await answerQuickInputs(vscode.commands.executeCommand<SinceReport | undefined>('policyLens.reviewAnnotationChanges'), 'Review Annotation Changes Since...');
    assert.ok(report, 'the command returns the report it opened');
    assert.match(report.commit, /^[0-9a-f]{40}$/);
    // The first item: the branch (or, if the Git extension has not listed its refs yet, the commit).
    assert.ok(report.since === branch || report.commit.startsWith(report.since), `picked ${report.since}`);
    assert.deepStrictEqual(report.sidecars.map((s) => s.path), [`${REPO}/plan.md.annotations.yaml`]);
    const changes = report.sidecars[0].changes.map((c) => [c.id, c.kinds.join('+'), (c.fields ?? []).join('+')]).sort();
    assert.deepStrictEqual(changes, [['a1', 'edited', 'note'], ['a2', 'deleted', ''], ['a3', 'added', '']]);
    assert.deepStrictEqual(report.sidecars[0].errors, []);
    // The report opens as a Markdown document beside nothing else: the active editor.
    const shown = vscode.window.activeTextEditor?.document;
    assert.strictEqual(shown?.languageId, 'markdown');
    assert.strictEqual(shown.isUntitled, true);
    const text = shown.getText();
    assert.match(text, new RegExp(`^# Annotation changes since ${report.since}\n\nCommit \`${report.commit.slice(0, 12)}\` to the working tree: `));
    assert.match(text, /## review-git\/plan\.md\.annotations\.yaml/);
    assert.match(text, /- \*\*edited\*\* \(note\): `a1` \(omission\) "Integrated care boards"/);
    assert.match(text, /- \*\*deleted\*\*: `a2` \(funding\) "existing resources"/);
    assert.match(text, /- \*\*added\*\*: `a3` \(question\) "general practice"/);
  });
});
