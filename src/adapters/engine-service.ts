/**
 * Owns the analysis engines: the built-in lexicon shipped with the extension plus
 * each workspace folder's `.policy-lens.yaml`, with the user's rule settings on top.
 * Follows config edits at once (the open, unsaved text counts) and file changes on
 * disk; shows the config's problems as diagnostics in that file.
 */
import * as vscode from 'vscode';
import { CONFIG_FILE, Setting, settingId } from '../constants';
import { createEngine, defaultConfig, Engine, parseConfig, parseLexicon, PolicyConfig } from '../core/engine';
import { FileProblem, LexiconEntry } from '../core/types';
import { currentText, readText } from './files';
import { Log } from './log';
import { readSettings } from './settings';
import { toDiagnostic } from './problems';

interface FolderState {
  config: PolicyConfig;
  engine: Engine;
}

export class EngineService implements vscode.Disposable {
  private builtin: LexiconEntry[] = [];
  private readonly folders = new Map<string, FolderState>();
  private fallback: Engine | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly configDiagnostics = vscode.languages.createDiagnosticCollection('policy-lens-config');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.configDiagnostics];
  readonly ready: Promise<void>;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: Log) {
    this.ready = this.loadAll().catch((err) => this.log.error('Could not load the Policy Lens lexicon', err));
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const reload = (uri: vscode.Uri) => void this.reloadFolderOf(uri);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isConfigUri(e.document.uri) && e.contentChanges.length > 0) reload(e.document.uri);
      }),
      // Closing an unsaved config editor falls back to what is on disk.
      vscode.workspace.onDidCloseTextDocument((d) => { if (isConfigUri(d.uri)) reload(d.uri); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.loadFolders()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(settingId(Setting.rules))) void this.loadFolders(); }),
    );
  }

  /** The engine for a document: its workspace folder's, or the built-in defaults outside any folder. */
  engineFor(uri: vscode.Uri): Engine {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folder && this.folders.get(folder.uri.toString());
    return state?.engine ?? (this.fallback ??= createEngine(this.builtin, this.withSettings(defaultConfig(), undefined)));
  }

  configFor(uri: vscode.Uri): PolicyConfig {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return (folder && this.folders.get(folder.uri.toString())?.config) ?? defaultConfig();
  }

  configUriFor(uri: vscode.Uri): vscode.Uri | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
  }

  private async loadAll(): Promise<void> {
    const lexiconUri = vscode.Uri.joinPath(this.extensionUri, 'lexicon', 'nhs-england.yaml');
    const text = (await readText(lexiconUri)) ?? '';
    const { entries, problems } = parseLexicon(text);
    for (const p of problems) this.log.warn(`lexicon/nhs-england.yaml:${p.line}:${p.column} ${p.message}`);
    this.builtin = entries;
    await this.loadFolders();
  }

  private async loadFolders(): Promise<void> {
    this.fallback = undefined;
    this.folders.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) await this.loadFolder(folder);
    this.changed.fire();
  }

  private async reloadFolderOf(uri: vscode.Uri): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !isConfigUri(uri) || vscode.Uri.joinPath(folder.uri, CONFIG_FILE).toString() !== uri.toString()) return;
    await this.loadFolder(folder);
    this.changed.fire();
  }

  private async loadFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
    let config = defaultConfig();
    let problems: FileProblem[] = [];
    try {
      const text = await currentText(uri);
      if (text !== undefined) ({ config, problems } = parseConfig(text));
    } catch (err) {
      problems = [{ message: `Could not read ${CONFIG_FILE}: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 }];
    }
    this.configDiagnostics.set(uri, problems.map((p) => toDiagnostic(p)));
    if (problems.length > 0) this.log.warn(`${vscode.workspace.asRelativePath(uri)}: ${problems.length} problem(s); see the Problems panel.`);
    this.folders.set(folder.uri.toString(), { config, engine: createEngine(this.builtin, this.withSettings(config, folder)) });
  }

  /** The user's `policyLens.rules` setting overrides the shared file's severities. */
  private withSettings(config: PolicyConfig, folder: vscode.WorkspaceFolder | undefined): PolicyConfig {
    const { rules } = readSettings(folder?.uri);
    return Object.keys(rules).length === 0 ? config : { ...config, rules: { ...config.rules, ...rules } };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function isConfigUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${CONFIG_FILE}`);
}

