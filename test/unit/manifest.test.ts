/** package.json checked against the code and the README (commands, settings, colours, files). */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE, CommandId, HIGHLIGHT_CATEGORIES, Setting, SETTING_DEFAULTS, SIDECAR_SUFFIX, ViewId } from '../../src/constants';
import { RULES } from '../../src/core/analysis/rules';
import { DEFAULT_CODEBOOK } from '../../src/core/annotations/codebook';
import { SEVERITY_SETTINGS } from '../../src/core/config/config';

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
const properties: Record<string, { type: string; default: unknown; items?: { enum?: string[] }; properties?: Record<string, { enum: string[] }>; additionalProperties?: boolean }> =
  manifest.contributes.configuration.properties;
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const configSchema = readJson('schemas/policy-lens.schema.json');
const sidecarSchema = readJson('schemas/annotations.schema.json');
const ruleCodes = RULES.map((r) => r.code);

/** The JSON type package.json must declare for a value of the typed settings. */
function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

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
      assert.ok(new RegExp(`readSettings\\([^)]*\\)\\.${name}\\b|settings\\.${name}\\b|Setting\\.${name}\\b`, 'i').test(sources), `the ${name} setting is never read in src/`);
      const prop = manifest.contributes.configuration.properties[`policyLens.${key}`];
      assert.ok(prop.markdownDescription, 'has a markdownDescription');
      assert.ok(prop.scope, 'has a scope');
      assert.ok(readme.includes(`\`policyLens.${key}\``), 'README lists it');
    });
  }
});

describe('manifest: one source of truth', () => {
  it('the contributed views are ViewId, and every welcome text names one', () => {
    const views = Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id);
    assert.deepStrictEqual(views.sort(), Object.values(ViewId).sort());
    for (const w of manifest.contributes.viewsWelcome) assert.ok(views.includes(w.view), w.view);
  });
  for (const [name, key] of settingKeys) {
    it(`policyLens.${key}: package.json's type and default are the typed settings'`, () => {
      const prop = properties[`policyLens.${key}`];
      const typed = SETTING_DEFAULTS[name as keyof typeof SETTING_DEFAULTS];
      assert.strictEqual(prop.type, jsonType(typed), 'type');
      assert.deepStrictEqual(prop.default, typed, 'default');
    });
  }
  it('policyLens.highlight.categories offers exactly the highlight categories', () => {
    assert.deepStrictEqual(properties[`policyLens.${Setting.highlightCategories}`].items?.enum, [...HIGHLIGHT_CATEGORIES]);
  });
  it('policyLens.rules and the .policy-lens.yaml schema name every rule, with the severities the config reader accepts', () => {
    const setting = properties[`policyLens.${Setting.rules}`];
    assert.deepStrictEqual(Object.keys(setting.properties ?? {}), ruleCodes);
    for (const code of ruleCodes) assert.deepStrictEqual(setting.properties?.[code].enum, [...SEVERITY_SETTINGS], code);
    assert.strictEqual(setting.additionalProperties, false);
    const schemaRules = configSchema.properties.rules;
    assert.deepStrictEqual(Object.keys(schemaRules.properties), ruleCodes);
    assert.strictEqual(schemaRules.additionalProperties, false);
    assert.deepStrictEqual(configSchema.definitions.severity.enum, [...SEVERITY_SETTINGS]);
    for (const rule of RULES) assert.strictEqual(schemaRules.properties[rule.code].default, rule.defaultSeverity, `${rule.code} default`);
  });
  it('the README documents every rule with its default severity', () => {
    for (const rule of RULES) {
      const section = readme.split(`\n### ${rule.code}\n`)[1]?.split('\n#')[0];
      assert.ok(section, `README has no "### ${rule.code}" section`);
      assert.match(section, new RegExp(`Default severity:\\s+${rule.defaultSeverity}\\.`), rule.code);
    }
  });
  it('yamlValidation points each schema at the file names the code uses', () => {
    const byUrl = Object.fromEntries(manifest.contributes.yamlValidation.map((v: { url: string; fileMatch: string }) => [v.url, v.fileMatch]));
    assert.strictEqual(byUrl['./schemas/policy-lens.schema.json'], CONFIG_FILE);
    assert.strictEqual(byUrl['./schemas/annotations.schema.json'], `*${SIDECAR_SUFFIX}`);
    assert.ok(sidecarSchema.description.includes(SIDECAR_SUFFIX), 'the sidecar schema names the suffix');
  });
  it("the sidecar schema's tag description lists the built-in codebook", () => {
    const listed = /A codebook tag: ([^.]*?), or one from/.exec(sidecarSchema.definitions.annotation.properties.tag.description)?.[1];
    assert.deepStrictEqual(listed?.split(', '), DEFAULT_CODEBOOK.map((t) => t.id));
  });
  it("the README's command and settings tables are generated from package.json (npm run readme)", () => {
    const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'readme-tables.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(res.status, 0, res.stderr || res.stdout);
  });
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
    // Everything works on a virtual file system (github.dev), files through vscode.workspace.fs only.
    assert.strictEqual(manifest.capabilities.virtualWorkspaces, true);
    // The web worker bundle (vscode.dev, github.dev) beside the Node one, both shipped.
    assert.strictEqual(manifest.browser, './dist/web/extension.js');
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const entry of [manifest.main, manifest.browser]) assert.ok(shipped.includes(`!${entry.replace(/^\.\//, '')}`), `.vscodeignore ships ${entry}`);
  });
});
