import * as vscode from 'vscode';
import { Setting, SETTING_DEFAULTS, Settings, SETTINGS_SECTION } from '../constants';

export type { HighlightCategory, Settings } from '../constants';

/** The `policyLens.*` settings for `scope`; a setting that cannot be read takes package.json's default. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const read = <K extends keyof Settings>(name: K): Settings[K] => c.get<Settings[K]>(Setting[name], SETTING_DEFAULTS[name]);
  return {
    languages: read('languages'),
    highlightEnabled: read('highlightEnabled'),
    highlightCategories: read('highlightCategories'),
    rules: read('rules'),
    debounceMs: read('debounceMs'),
    liveAnalysisMaxSizeKB: read('liveAnalysisMaxSizeKB'),
    annotationsAuthor: read('annotationsAuthor'),
    annotationsCommentThreads: read('annotationsCommentThreads'),
  };
}

export async function updateSetting(key: Setting, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
