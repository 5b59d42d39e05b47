/**
 * VS Code's built-in Git extension (`vscode.git`, API version 1), for reading a revision's files
 * without running git ourselves: it works wherever that extension runs alongside ours. Only the
 * few members Policy Lens uses are typed here; anything missing or failing gives undefined, so
 * callers fall back (to `node-git.ts` in a trusted Node host) or say why they cannot go on.
 */
import * as vscode from 'vscode';

/** A branch (0), remote branch (1) or tag (2). */
export interface GitRef { readonly type: number; readonly name?: string; readonly commit?: string; readonly remote?: string }
export interface GitCommit { readonly hash: string; readonly message: string; readonly authorName?: string; readonly authorDate?: Date; readonly commitDate?: Date }
export interface GitChange { readonly uri: vscode.Uri; readonly originalUri: vscode.Uri; readonly renameUri?: vscode.Uri }

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly refs?: GitRef[]; readonly workingTreeChanges?: GitChange[]; readonly untrackedChanges?: GitChange[]; readonly indexChanges?: GitChange[] };
  getRefs?(query: { sort?: 'alphabetically' | 'committerdate'; count?: number }): Promise<GitRef[]>;
  /** Commits, newest first; with `path`, only those that touched that file. */
  log(options?: { maxEntries?: number; path?: string }): Promise<GitCommit[]>;
  /** A file's text at `ref`; `path` is the file's absolute path. */
  show(ref: string, path: string): Promise<string>;
  /** The files that differ between `ref` and the working tree. */
  diffWith(ref: string): Promise<GitChange[]>;
  getCommit(ref: string): Promise<GitCommit>;
}

export interface GitApi {
  readonly repositories: GitRepository[];
  /** 'initialized' once the extension has looked for repositories. */
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/** What the extension exports. */
export interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

export const GIT_EXTENSION_ID = 'vscode.git';

/** The Git extension's API, or undefined (not installed, disabled, in another extension host, or failing). */
export async function gitExtensionApi(): Promise<GitApi | undefined> {
  try {
    const extension = vscode.extensions.getExtension<Partial<GitExtension>>(GIT_EXTENSION_ID);
    if (!extension) return undefined;
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (!exports || exports.enabled === false || typeof exports.getAPI !== 'function') return undefined;
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

/** The refs of a repository: branches, remote branches and tags (newest commits first where the API can sort). */
export async function gitRefsOf(repository: GitRepository): Promise<GitRef[]> {
  try {
    if (typeof repository.getRefs === 'function') return await repository.getRefs({ sort: 'committerdate' });
  } catch {
    // Older API: the state's list below.
  }
  return repository.state.refs ?? [];
}
