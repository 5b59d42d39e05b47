import * as vscode from 'vscode';
import { Setting, SETTING_DEFAULTS, Settings, SETTINGS_SECTION } from '../constants';

export type { HighlightCategory, Settings } from '../constants';

/**
 * Settings read per scope while `cacheSettings()` is active: a keystroke asked for them four to six
 * times (is it a policy document, is it too large, the debounce, the highlights), and each
 * `getConfiguration` merges every configuration layer again.
 */
let cache: Map<string, Settings> | undefined;

/**
 * Caches readSettings() until the configuration, the workspace folders or their trust change. Call it first in
 * activate(): its listener must run before any other configuration listener reads settings.
 */
export function cacheSettings(): vscode.Disposable {
  cache = new Map();
  const clear = () => cache?.clear();
  const subs = [vscode.workspace.onDidChangeConfiguration(clear), vscode.workspace.onDidChangeWorkspaceFolders(clear), vscode.workspace.onDidGrantWorkspaceTrust(clear)];
  return new vscode.Disposable(() => {
    cache = undefined;
    for (const s of subs) s.dispose();
  });
}

/** The `policyLens.*` settings for `scope`; a setting that cannot be read takes package.json's default. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  // Every caller passes a Uri or nothing; other scopes (language overrides) are not cached.
  const key = scope === undefined ? '' : scope instanceof vscode.Uri ? scope.toString() : undefined;
  const cached = key === undefined ? undefined : cache?.get(key);
  if (cached) return cached;
  const settings = readFresh(scope);
  if (key !== undefined) cache?.set(key, settings);
  return settings;
}

function readFresh(scope?: vscode.ConfigurationScope): Settings {
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
