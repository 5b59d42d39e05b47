/**
 * A document's git history through VS Code's built-in Git extension (`vscode.git`, its API
 * version 1): the commit that added a file (the comparison's third source of a date) and a file's
 * previous committed revision (Compare with Previous Revision). Policy Lens starts no process
 * here: the Git extension runs git with the user's own settings, and only where it runs at all.
 * Everything resolves to a reason instead of failing when git is not there: no Git extension (a
 * browser without a Git host), Restricted Mode (the Git extension does not run untrusted),
 * `git.enabled` off, a file outside any repository or never committed.
 */
import * as vscode from 'vscode';
import { GIT_EXTENSION_ID, GitApi, GitCommit, GitExtension, GitRepository } from './git-extension';


/** Why git history is not available for a file; said to the user as it is. */
export interface Unavailable {
  unavailable: string;
}

export interface Revision {
  /** Abbreviated commit id. */
  commit: string;
  /** The commit's day, `YYYY-MM-DD`. */
  date?: string;
  /** The first line of the commit message. */
  subject: string;
  text: string;
}

/** How many commits of a file are read to find the one that added it. */
const MAX_LOG = 5000;
/** How long to wait for the Git extension to find the repositories after start-up. */
const INIT_TIMEOUT_MS = 10_000;

export function isUnavailable(v: unknown): v is Unavailable {
  return typeof v === 'object' && v !== null && typeof (v as Unavailable).unavailable === 'string';
}

export class GitHistory {
  /** The commit that added each file (uri string), asked once per session. */
  private readonly added = new Map<string, Promise<string | undefined>>();
  /** The one wait for the Git extension to finish starting (git not installed: it never does). */
  private started: Promise<void> | undefined;

  /** The Git extension's API once it has looked for repositories, or why there is none. */
  async api(): Promise<GitApi | Unavailable> {
    if (!vscode.workspace.isTrusted) return { unavailable: 'git history is not read in Restricted Mode (trust the workspace to use it)' };
    const extension = vscode.extensions.getExtension<GitExtension>(GIT_EXTENSION_ID);
    if (!extension) return { unavailable: "VS Code's Git extension is not available here" };
    let exports: GitExtension | undefined;
    try {
      exports = extension.isActive ? extension.exports : await extension.activate();
    } catch {
      exports = undefined;
    }
    if (!exports || typeof exports.getAPI !== 'function') return { unavailable: "VS Code's Git extension does not run in this extension host (e.g. VS Code for the web)" };
    if (!exports.enabled) return { unavailable: 'Git is turned off (the git.enabled setting)' };
    let api: GitApi;
    try {
      api = exports.getAPI(1);
    } catch (err) {
      return { unavailable: `the Git extension refused: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (api.state !== 'initialized') {
      // Waited for once: later calls (one per undated document) go straight on.
      this.started ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => { sub.dispose(); resolve(); }, INIT_TIMEOUT_MS);
        const sub = api.onDidChangeState((s) => { if (s === 'initialized') { clearTimeout(timer); sub.dispose(); resolve(); } });
      });
      await this.started;
      if ((api.state as string) !== 'initialized') return { unavailable: 'the Git extension has not started (is git installed?)' };
    }
    return api;
  }

  private async repository(uri: vscode.Uri): Promise<{ repo: GitRepository; path: string } | Unavailable> {
    const api = await this.api();
    if (isUnavailable(api)) return api;
    const repo = api.getRepository(uri);
    if (!repo) return { unavailable: `${vscode.workspace.asRelativePath(uri)} is not in a Git repository that VS Code has open` };
    const path = repositoryPath(repo.rootUri, uri);
    if (path === undefined) return { unavailable: `${vscode.workspace.asRelativePath(uri)} is not inside ${repo.rootUri.path}` };
    return { repo, path };
  }

  /** The day (`YYYY-MM-DD`) of the commit that added `uri`, or undefined (not committed, no git). */
  addedDate(uri: vscode.Uri): Promise<string | undefined> {
    const key = uri.toString();
    let found = this.added.get(key);
    if (!found) {
      found = this.firstCommitDay(uri);
      this.added.set(key, found);
      // Not committed yet: ask again next time.
      void found.then((d) => { if (!d) this.added.delete(key); });
    }
    return found;
  }

  private async firstCommitDay(uri: vscode.Uri): Promise<string | undefined> {
    const where = await this.repository(uri);
    if (isUnavailable(where)) return undefined;
    try {
      const commits = await where.repo.log({ path: where.path, maxEntries: MAX_LOG });
      const first = commits[commits.length - 1];
      return first ? dayOf(first) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The revision to compare `uri` with: its last committed text when `currentText` differs from
   * it (uncommitted changes), else the commit before that.
   */
  async previousRevision(uri: vscode.Uri, currentText: string): Promise<Revision | Unavailable> {
    const where = await this.repository(uri);
    if (isUnavailable(where)) return where;
    const name = vscode.workspace.asRelativePath(uri);
    let commits: GitCommit[];
    try {
      commits = await where.repo.log({ path: where.path, maxEntries: 2 });
    } catch (err) {
      return { unavailable: `git log failed for ${name}: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (commits.length === 0) return { unavailable: `${name} has no committed revision yet` };
    const show = async (c: GitCommit): Promise<Revision> => ({ commit: c.hash.slice(0, 7), date: dayOf(c), subject: c.message.split('\n')[0], text: await where.repo.show(c.hash, where.path) });
    try {
      const last = await show(commits[0]);
      if (normalise(last.text) !== normalise(currentText)) return last;
      if (commits.length < 2) return { unavailable: `${name} is unchanged since the commit that added it (${last.commit})` };
      return await show(commits[1]);
    } catch (err) {
      return { unavailable: `git could not show an earlier revision of ${name}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
}

/** `uri`'s path inside the repository at `root` (forward slashes), or undefined when outside it. */
export function repositoryPath(root: vscode.Uri, uri: vscode.Uri): string | undefined {
  if (root.scheme !== uri.scheme) return undefined;
  const base = root.path.endsWith('/') ? root.path : root.path + '/';
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}

function dayOf(c: GitCommit): string | undefined {
  const d = c.authorDate ?? c.commitDate;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : undefined;
}

/** Git may hand text back with other line endings or a final newline; those are not changes. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
}
