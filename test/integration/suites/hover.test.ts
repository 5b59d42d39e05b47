import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, fixtureUri, openFixture } from '../helpers';

async function hoverText(relative: string, line: number, character: number): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', fixtureUri(relative), new vscode.Position(line, character));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
  return { text, hovers };
}

describe('hovers', () => {
  before(async () => {
    await api();
    await openFixture('hover.md');
  });

  it('explains "integrator"', async () => {
    const { text } = await hoverText('hover.md', 2, 6);
    assert.match(text, /\*\*Integrator/i);
    assert.match(text, /Mentioned \*\*1×\*\* in this document/);
  });

  it('gives the 250-500k definition of "place" on "place-based"', async () => {
    const { text } = await hoverText('hover.md', 3, 12);
    assert.match(text, /250/);
    assert.match(text, /500/);
  });

  it('says nothing on ordinary words', async () => {
    const { text } = await hoverText('hover.md', 0, 0);
    assert.doesNotMatch(text, /Mentioned/);
  });

  it('renders untrusted Markdown: no command links, no HTML', async () => {
    const { hovers } = await hoverText('hover.md', 2, 6);
    for (const h of hovers) {
      for (const c of h.contents) {
        if (c instanceof vscode.MarkdownString) {
          assert.ok(!c.isTrusted, 'not trusted');
          assert.ok(!c.supportHtml, 'no HTML');
        }
      }
    }
  });
});
