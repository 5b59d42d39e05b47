/**
 * Issue 10, item 6: codes of one's own. Typing a new tag in the tag picker creates it in the
 * workspace codebook (with a colour, the file's comments kept) and uses it; adding words that
 * look like a variant of an entry ("VCSFE" of VCSE; VCFSE is built in) offers "as another name of" first.
 */
import * as assert from 'assert';
import { parse } from 'yaml';
import * as vscode from 'vscode';
import { answerQuickInputs, api, canActAsUser, fixtureUri, readFile, userActs, waitFor, writeFile } from '../helpers';

const DOC = 'variants.md';
const TEXT = '# Variants\n\nThe VCSFE alliance will support neighbourhood teams.\n';

const doc = () => fixtureUri(DOC);
const config = () => fixtureUri('.policy-lens.yaml');

async function select(words: string): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(doc());
  const start = editor.document.getText().indexOf(words);
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + words.length));
  return editor;
}

describe('new tags and lexicon variants', () => {
  let originalConfig: string;

  before(async () => {
    await api();
    originalConfig = (await readFile(config()))!;
    await writeFile(doc(), TEXT);
  });

  afterEach(async () => {
    const lens = await api();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await writeFile(config(), originalConfig);
    await waitFor(lens.engines.onDidChange, () => !lens.annotations.codebook(doc()).some((t) => t.id === 'risk')
      && lens.engines.configFor(doc()).lexicon.length === 0, 'the config to be back as it was');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('policyLens').update('annotations.commentThreads', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of [doc(), fixtureUri(`${DOC}.annotations.yaml`)]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  });

  it('typing a new tag ("risk") in the tag picker creates it in the codebook, with a colour, and uses it', async function () {
    if (!canActAsUser) this.skip();
    const lens = await api();
    await select('VCSFE alliance');
    // The note in an input box (comment threads off): with them on the note is typed in a thread.
    const settings = vscode.workspace.getConfiguration('policyLens');
    await settings.update('annotations.commentThreads', false, vscode.ConfigurationTarget.Global);
    const running = vscode.commands.executeCommand<{ tag: string } | undefined>('policyLens.annotateSelection');
    // Enter only once the extension host has offered to create it (under load the keys outrun it).
    userActs({ waitFor: '.quick-input-widget .quick-input-box input' }, { type: 'risk' }, { waitFor: '.quick-input-list .monaco-list-row[aria-label*="Create a new tag"]' }, { press: 'Enter' });
    await waitFor(lens.engines.onDidChange, () => lens.annotations.codebook(doc()).some((t) => t.id === 'risk'), 'the new tag in the codebook');
    const created = await answerQuickInputs(running, 'the note for the new tag');
    assert.strictEqual(created?.tag, 'risk', 'the annotation uses the new tag');

    const written = (await readFile(config()))!;
    assert.ok(written.startsWith(originalConfig.replace(/\n?$/, '\n')), `the file's comment and settings are kept:\n${written}`);
    const tag = (parse(written).codebook as { id: string; label: string; color: string }[]).find((t) => t.id === 'risk');
    assert.ok(tag, written);
    assert.strictEqual(tag.label, 'risk');
    assert.match(tag.color, /^#[0-9a-f]{6}$/);
    const others = lens.annotations.codebook(doc()).filter((t) => t.id !== 'risk').map((t) => t.color);
    assert.ok(!others.includes(tag.color), 'a colour no other tag has');
    assert.match((await readFile(fixtureUri(`${DOC}.annotations.yaml`)))!, /tag: risk/);
  });

  it('offers "as another name of VCSE" for "VCSFE", first, and adds an alias instead of a new entry', async () => {
    const lens = await api();
    const vcse = lens.engines.engineFor(doc()).entries.get('vcse');
    assert.ok(vcse, 'the built-in lexicon has VCSE');
    await select('VCSFE');
    const id = await answerQuickInputs(vscode.commands.executeCommand<string>('policyLens.addToLexicon'), 'Add to lexicon');
    assert.strictEqual(id, 'vcse', 'the first choice was "as another name of VCSE"');
    const written = (await readFile(config()))!;
    assert.ok(written.startsWith(originalConfig.replace(/\n?$/, '\n')), 'the comment and settings are kept');
    const entries = parse(written).lexicon as { id: string; aliases: string[]; definition?: string }[];
    assert.strictEqual(entries.length, 1, 'no new entry');
    assert.strictEqual(entries[0].id, 'vcse');
    assert.strictEqual(entries[0].definition, undefined, 'no placeholder definition');
    assert.ok(entries[0].aliases.includes('VCSFE'));
    for (const a of vcse.aliases) assert.ok(entries[0].aliases.includes(a), `keeps the built-in name "${a}"`);
    const editor = vscode.window.activeTextEditor!;
    await waitFor(lens.analyses.onDidAnalyze, () => (lens.highlights.snapshot(doc())?.party ?? []).some((r) => editor.document.getText(r) === 'VCSFE'), 'VCSFE counted as VCSE');
  });

  it('the lightbulb on selected words offers the same, before "as a party" and "as a term"', async () => {
    await select('VCSFE');
    const range = vscode.window.activeTextEditor!.selection;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc(), range);
    const titles = actions.map((a) => a.title).filter((t) => t.includes('workspace lexicon'));
    assert.deepStrictEqual(titles, [
      "Policy Lens: Add 'VCSFE' to the workspace lexicon as another name of VCSE",
      "Policy Lens: Add 'VCSFE' to the workspace lexicon as a party",
      "Policy Lens: Add 'VCSFE' to the workspace lexicon as a term",
    ]);
  });
});
