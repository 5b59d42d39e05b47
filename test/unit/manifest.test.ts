/** package.json checked against the code and the README (commands, settings, colours, files). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandId, Setting } from '../../src/constants';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const sources = fs.readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => fs.readFileSync(path.join(root, 'src', f), 'utf8'))
  .join('\n');

const ids = Object.entries(CommandId) as [string, string][];
const settingKeys = Object.entries(Setting) as [string, string][];
const manifestCommands: { command: string; title: string }[] = manifest.contributes.commands;
const manifestSettings: string[] = Object.keys(manifest.contributes.configuration.properties);

describe('manifest: commands', () => {
  it('every contributed command is in CommandId and vice versa', () => {
    assert.deepStrictEqual(manifestCommands.map((c) => c.command).sort(), ids.map(([, id]) => id).sort());
  });
  for (const [name, id] of ids) {
    it(`${id} has a handler`, () => {
      assert.ok(sources.includes(`registerCommand(CommandId.${name},`), `no registerCommand(CommandId.${name}, ...) in src/`);
    });
  }
  it('every command in a menu is contributed', () => {
    const known = new Set(manifestCommands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
      for (const item of items) assert.ok(known.has(item.command), `${menu}: ${item.command}`);
    }
  });
});

describe('manifest: settings', () => {
  it('every contributed setting is a Setting key and vice versa', () => {
    assert.deepStrictEqual(manifestSettings.sort(), settingKeys.map(([, key]) => `policyLens.${key}`).sort());
  });
  for (const [name, key] of settingKeys) {
    it(`policyLens.${key} is read somewhere and documented`, () => {
      assert.ok(sources.includes(`Setting.${name}`), `Setting.${name} is never read in src/`);
      const prop = manifest.contributes.configuration.properties[`policyLens.${key}`];
      assert.ok(prop.markdownDescription, 'has a markdownDescription');
      assert.ok(prop.scope, 'has a scope');
      assert.ok(readme.includes(`\`policyLens.${key}\``), 'README lists it');
    });
  }
});

describe('manifest: README and packaging', () => {
  for (const c of manifestCommands) {
    if (manifest.contributes.menus.commandPalette.some((m: { command: string; when: string }) => m.command === c.command && m.when === 'false')) continue;
    it(`README lists the command "${c.title}"`, () => assert.ok(readme.includes(`Policy Lens: ${c.title}`)));
  }
  it('README shows the two commands a new user needs', () => {
    assert.ok(readme.includes('npm install && npm start'));
    assert.ok(readme.includes('npm test'));
  });
  it('every contributed colour has light, dark and high-contrast defaults', () => {
    for (const c of manifest.contributes.colors) assert.ok(c.defaults.light && c.defaults.dark && c.defaults.highContrast, c.id);
  });
  it('files the manifest points at exist', () => {
    const paths = [
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.yamlValidation.map((v: { url: string }) => v.url),
      'lexicon/nhs-england.yaml',
    ];
    for (const p of paths) assert.ok(fs.existsSync(path.join(root, p)), p);
  });
  it('activates on Markdown and plain text only, never *', () => {
    assert.deepStrictEqual(manifest.activationEvents, ['onLanguage:markdown', 'onLanguage:plaintext']);
  });
  it('declares how it behaves in untrusted workspaces', () => {
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, true);
  });
});
