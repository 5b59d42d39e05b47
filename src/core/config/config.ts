/** `.policy-lens.yaml`: parsing and validation with 1-based line/column problems. Never throws. */
import { isMap, isScalar, isSeq } from 'yaml';
import { FileProblem, LexiconEntry, RuleCode, SeveritySetting } from '../types';
import { readEntries } from '../lexicon/parse';
import { RULE_CODES } from '../analysis/rules';
import { describeNode, keyName, readStringList, scalarString, YamlSource } from './yaml-source';

export interface CodebookTag {
  id: string;
  label?: string;
  color?: string;
  description?: string;
}

export interface PolicyConfig {
  /** Extra or overriding entries (same id overrides the builtin; only the fields given replace). */
  lexicon: LexiconEntry[];
  /** Party ids every document is expected to mention. */
  expectedParties: string[];
  /** Term ids every document is expected to use (term.unmentioned, off by default; absences in the comparison matrix). */
  expectedTerms?: string[];
  rules: Partial<Record<RuleCode, SeveritySetting>>;
  /** Extra literal phrases that signal funding language. */
  fundingPhrases: string[];
  /** Extra literal phrases for funding.existing-resources. */
  existingResourcePhrases: string[];
  /** Annotation tags, validated and passed through. */
  codebook?: CodebookTag[];
}

export const DEFAULT_EXPECTED_PARTIES: readonly string[] = [
  'general-practice', 'icb', 'local-authority', 'vcse', 'community-provider', 'patients-public',
];

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

export const CONFIG_KEYS = ['version', 'lexicon', 'expectedParties', 'expectedTerms', 'rules', 'fundingPhrases', 'existingResourcePhrases', 'codebook'];

export function defaultConfig(): PolicyConfig {
  return {
    lexicon: [],
    expectedParties: [...DEFAULT_EXPECTED_PARTIES],
    rules: {},
    fundingPhrases: [],
    existingResourcePhrases: [],
  };
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

export function parseConfig(yamlText: string): { config: PolicyConfig; problems: FileProblem[] } {
  const config = defaultConfig();
  let src: YamlSource;
  try {
    src = new YamlSource(yamlText);
  } catch (err) {
    return { config, problems: [{ message: `Cannot read this file: ${String(err)}`, line: 1, column: 1, severity: 'error' }] };
  }
  try {
    readConfig(src, config);
  } catch (err) {
    src.add(`Cannot read this configuration: ${err instanceof Error ? err.message : String(err)}`, 0);
  }
  return { config, problems: src.problems };
}

function readConfig(src: YamlSource, config: PolicyConfig): void {
  const root = src.resolve(src.root);
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return; // empty file: defaults
  if (!isMap(root)) {
    src.at(root, `The configuration must be a mapping of settings, not ${describeNode(root)}`);
    return;
  }
  for (const pair of root.items) {
    if (src.exhausted) return; // The one error is reported where reading stopped.
    const key = keyName(pair.key);
    const value = pair.value;
    switch (key) {
      case 'version': {
        const v = src.resolve(value);
        if (!isScalar(v) || v.value !== 1) src.at(v ?? pair.key, '`version` must be 1');
        break;
      }
      case 'lexicon':
        config.lexicon = readEntries(src, value, 'lexicon', true);
        break;
      case 'expectedParties': {
        const list = readStringList(src, value, '`expectedParties`');
        if (list) config.expectedParties = [...new Set(list)];
        break;
      }
      case 'expectedTerms': {
        const list = readStringList(src, value, '`expectedTerms`');
        if (list) config.expectedTerms = [...new Set(list)];
        break;
      }
      case 'rules':
        readRules(src, value, config);
        break;
      case 'fundingPhrases':
      case 'existingResourcePhrases': {
        const list = readStringList(src, value, `\`${key}\``);
        if (list) config[key] = list;
        break;
      }
      case 'codebook': {
        const tags = readCodebook(src, value);
        if (tags) config.codebook = tags;
        break;
      }
      default:
        src.at(pair.key, `Unknown setting \`${key}\` (expected one of ${CONFIG_KEYS.join(', ')})`, 'warning');
    }
  }
}

function readRules(src: YamlSource, node: unknown, config: PolicyConfig): void {
  const map = src.resolve(node);
  if (!isMap(map)) {
    src.at(map ?? node, `\`rules\` must be a mapping of rule code to severity, not ${describeNode(map)}`);
    return;
  }
  for (const pair of map.items) {
    const code = keyName(pair.key);
    if (!(RULE_CODES as readonly string[]).includes(code)) {
      src.at(pair.key, `Unknown rule \`${code}\` (expected one of ${RULE_CODES.join(', ')})`, 'warning');
      continue;
    }
    const v = src.resolve(pair.value);
    const s = isScalar(v) && typeof v.value === 'boolean' ? (v.value ? undefined : 'off') : scalarString(v)?.trim().toLowerCase();
    if (s === undefined || !(SEVERITY_SETTINGS as readonly string[]).includes(s)) {
      src.at(v ?? pair.key, `Rule \`${code}\`: severity must be one of ${SEVERITY_SETTINGS.join(', ')}`);
      continue;
    }
    config.rules[code as RuleCode] = s as SeveritySetting;
  }
}

function readCodebook(src: YamlSource, node: unknown): CodebookTag[] | undefined {
  const list = src.resolve(node);
  if (!isSeq(list)) {
    src.at(list ?? node, `\`codebook\` must be a list of tags, not ${describeNode(list)}`);
    return undefined;
  }
  const out: CodebookTag[] = [];
  const seen = new Set<string>();
  for (const item of list.items) {
    const map = src.resolve(item);
    if (!isMap(map)) { src.at(map ?? list, `Each codebook tag must be a mapping with an \`id\`, not ${describeNode(map)}`); continue; }
    const tag: Partial<CodebookTag> = {};
    for (const pair of map.items) {
      const key = keyName(pair.key);
      const v = src.resolve(pair.value);
      if (key !== 'id' && key !== 'label' && key !== 'color' && key !== 'description') {
        src.at(pair.key, `Unknown codebook key \`${key}\` (expected id, label, color, description)`, 'warning');
        continue;
      }
      const s = scalarString(v);
      if (s === undefined) { src.at(v ?? pair.key, `Codebook \`${key}\` must be text, not ${describeNode(v)}`); continue; }
      if (key === 'color' && !COLOR.test(s.trim())) { src.at(v, `Codebook color must look like #rrggbb, not \`${s}\``); continue; }
      tag[key] = s.trim();
    }
    if (!tag.id) { src.at(map, 'A codebook tag needs an `id`'); continue; }
    if (seen.has(tag.id)) src.at(map, `Duplicate codebook id \`${tag.id}\``, 'warning');
    seen.add(tag.id);
    out.push(tag as CodebookTag);
  }
  return out;
}
