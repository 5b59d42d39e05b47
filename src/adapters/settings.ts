import * as vscode from 'vscode';
import { Setting } from '../constants';
import { RuleCode, SeveritySetting } from '../core/types';

export type HighlightCategory = 'party' | 'term' | 'funding' | 'money' | 'pageRef';

/** Typed view of the `policyLens.*` settings; mirrors package.json (a unit test keeps them in step). */
export interface Settings {
  languages: string[];
  highlightEnabled: boolean;
  highlightCategories: HighlightCategory[];
  rules: Partial<Record<RuleCode, SeveritySetting>>;
  debounceMs: number;
  liveAnalysisMaxSizeKB: number;
  annotationsAuthor: string;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('policyLens', scope);
  return {
    languages: c.get<string[]>(Setting.languages, ['markdown', 'plaintext']),
    highlightEnabled: c.get<boolean>(Setting.highlightEnabled, true),
    highlightCategories: c.get<HighlightCategory[]>(Setting.highlightCategories, ['party', 'term', 'funding', 'money', 'pageRef']),
    rules: c.get<Partial<Record<RuleCode, SeveritySetting>>>(Setting.rules, {}),
    debounceMs: c.get<number>(Setting.debounceMs, 300),
    liveAnalysisMaxSizeKB: c.get<number>(Setting.liveAnalysisMaxSizeKB, 4096),
    annotationsAuthor: c.get<string>(Setting.annotationsAuthor, ''),
  };
}

export function affectsPolicyLens(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('policyLens');
}

export async function updateSetting(key: Setting, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('policyLens').update(key, value, vscode.ConfigurationTarget.Global);
}
