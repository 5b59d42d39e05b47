/**
 * **Review Annotation Changes Since...**: the report of `policy-lens check --since`, in the
 * editor. The user picks a branch, tag or recent commit; the old sidecars are read through VS
 * Code's Git extension (`repository.show`, no child process), or, where that extension is not
 * there, through `node-git.ts` in a trusted Node host; the report (core/annotations/since.ts)
 * opens as an untitled Markdown document. Refused in Restricted Mode and where git cannot be
 * reached (the browser).
 */
import * as vscode from 'vscode';
import { readText } from '../adapters/files';
import { gitExtensionApi, GitRepository, gitRefsOf } from '../adapters/git-extension';
import { Log } from '../adapters/log';
import { gitListBlobs, gitReadFiles, gitResolve, gitTopLevel, localPath } from '../adapters/node-git';
import { CommandId, SIDECAR_SUFFIX } from '../constants';
import { sinceEntry, SincePair, SinceReport, sinceMarkdown } from '../core/annotations/since';
import { isNonEmptyText, matchShape, refuse } from './command-args';

/** Where the revision's files come from. */
interface Source {
  /** The folder whose sidecars are reviewed. */
  root: vscode.Uri;
  commit: string;
  /** The sidecars worth reading (the others did not change, nor did their documents), with their text at the revision. */
  pairs(current: vscode.Uri[]): Promise<{ uri: vscode.Uri; oldText: string | undefined }[]>;
}

const DEFAULT_EXCLUDE = '**/{node_modules,.git}/**';

const dirname = (uri: vscode.Uri) => vscode.Uri.joinPath(uri, '..');
const documentOf = (sidecar: vscode.Uri) => sidecar.with({ path: sidecar.path.slice(0, -SIDECAR_SUFFIX.length) });

export function register(log: Log): vscode.Disposable {
  const refuseHere = (message: string) => { void vscode.window.showWarningMessage(`Policy Lens: ${message}`); return undefined; };

  /** Through VS Code's Git extension: its refs to pick from, `diffWith` to skip what did not change, `show` to read. */
  const fromExtension = async (repository: GitRepository, ref: string): Promise<Source | undefined> => {
    const commit = await repository.getCommit(ref).then((c) => c.hash, () => undefined);
    if (!commit) return undefined;
    return {
      root: repository.rootUri,
      commit,
      pairs: async (current) => {
        const changed = new Set<string>();
        const note = (c: { uri: vscode.Uri; originalUri?: vscode.Uri; renameUri?: vscode.Uri }) => { for (const u of [c.uri, c.originalUri, c.renameUri]) if (u) changed.add(u.toString()); };
        for (const c of await repository.diffWith(commit)) note(c);
        for (const c of [...repository.state.untrackedChanges ?? [], ...repository.state.workingTreeChanges ?? []]) note(c);
        const wanted = new Map<string, vscode.Uri>();
        for (const uri of current) if (changed.has(uri.toString()) || changed.has(documentOf(uri).toString())) wanted.set(uri.toString(), uri);
        for (const key of changed) if (key.endsWith(SIDECAR_SUFFIX)) wanted.set(key, vscode.Uri.parse(key));
        return Promise.all([...wanted.values()].map(async (uri) => ({ uri, oldText: await repository.show(commit, localPath(uri)).then((t) => t, () => undefined) })));
      },
    };
  };

  /** Without the Git extension, in a trusted Node host: `git ls-tree` and one `git cat-file --batch`. */
  const fromNodeGit = async (folder: vscode.Uri, ref: string): Promise<Source | undefined> => {
    const top = await gitTopLevel(localPath(folder));
    const commit = top && await gitResolve(top, ref);
    if (!top || !commit) return undefined;
    const root = vscode.Uri.file(top);
    return {
      root,
      commit,
      pairs: async (current) => {
        const old = [...((await gitListBlobs(top, commit)) ?? new Map()).keys()].filter((p) => p.endsWith(SIDECAR_SUFFIX));
        const texts = (await gitReadFiles(top, commit, old)) ?? new Map<string, string | undefined>();
        const uris = new Map(current.map((u) => [u.toString(), u]));
        for (const p of old) { const u = vscode.Uri.joinPath(root, p); uris.set(u.toString(), u); }
        const relative = (u: vscode.Uri) => u.path.slice(root.path.length + 1);
        return [...uris.values()].map((uri) => ({ uri, oldText: texts.get(relative(uri)) }));
      },
    };
  };

  /** The branch, tag or commit to compare with: refs and recent commits from the Git extension, else typed. */
  const pickRevision = async (repository: GitRepository | undefined): Promise<string | undefined> => {
    if (!repository) {
      return vscode.window.showInputBox({ title: 'Policy Lens: review annotation changes since...', prompt: 'A branch, tag or commit (for example main, v1.2 or HEAD~3)', value: 'HEAD', ignoreFocusOut: true });
    }
    type Item = vscode.QuickPickItem & { ref?: string };
    const refs = await gitRefsOf(repository);
    const commits = await repository.log({ maxEntries: 20 }).catch(() => []);
    const kinds = ['Branches', 'Remote branches', 'Tags'];
    const items: Item[] = [];
    for (const [type, icon] of [[0, 'git-branch'], [2, 'tag'], [1, 'cloud']] as const) {
      const group = refs.filter((r) => r.type === type && r.name);
      if (group.length === 0) continue;
      items.push({ label: kinds[type], kind: vscode.QuickPickItemKind.Separator });
      for (const r of group) items.push({ label: `$(${icon}) ${r.remote && !r.name!.startsWith(`${r.remote}/`) ? `${r.remote}/` : ''}${r.name}`, description: r.commit?.slice(0, 8), ref: r.remote && !r.name!.startsWith(`${r.remote}/`) ? `${r.remote}/${r.name}` : r.name });
    }
    if (commits.length > 0) {
      items.push({ label: 'Recent commits', kind: vscode.QuickPickItemKind.Separator });
      for (const c of commits) items.push({ label: `$(git-commit) ${c.message.split('\n')[0].slice(0, 80)}`, description: c.hash.slice(0, 8), detail: [c.authorName, c.authorDate?.toLocaleString()].filter(Boolean).join(', ') || undefined, ref: c.hash });
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Policy Lens: review annotation changes since...', placeHolder: 'A branch, tag or commit: its annotations are compared with the working tree', matchOnDescription: true });
    return picked?.ref;
  };

  const review = async (given?: string) => {
    if (!vscode.workspace.isTrusted) return refuseHere('reviewing annotation changes reads the repository through git, which Restricted Mode does not allow. Trust the workspace first.');
    const folders = vscode.workspace.workspaceFolders ?? [];
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? (folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose annotations to review' }));
    if (!folder) return folders.length === 0 ? refuseHere('open a folder in a git repository first.') : undefined;
    const git = await gitExtensionApi();
    // The repository of the active document (a workspace may hold several, in subfolders), else the folder's.
    const inFolder = active && vscode.workspace.getWorkspaceFolder(active) ? active : undefined;
    const repository = (inFolder && git?.getRepository(inFolder)) ?? git?.getRepository(folder.uri) ?? undefined;
    const where = inFolder ? dirname(inFolder) : folder.uri;
    if (!repository && !(await gitTopLevel(localPath(where)))) {
      return refuseHere(`${folder.name} is not in a git repository that Policy Lens can read here (it needs VS Code's Git extension, or git in a desktop VS Code; not available in the browser).`);
    }
    const ref = given ?? await pickRevision(repository);
    if (!ref) return undefined;
    const source = repository ? await fromExtension(repository, ref) : await fromNodeGit(where, ref);
    if (!source) return refuseHere(`'${ref}' is not a commit, branch or tag in this repository.`);

    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Policy Lens: annotation changes since ${ref}`, cancellable: true }, async (progress, token) => {
      progress.report({ message: 'finding sidecars' });
      const current = await vscode.workspace.findFiles(new vscode.RelativePattern(source.root, `**/*${SIDECAR_SUFFIX}`), DEFAULT_EXCLUDE);
      progress.report({ message: `reading ${ref}` });
      const pairs = await source.pairs(current);
      const out: SinceReport = { version: 1, since: ref, commit: source.commit, sidecars: [] };
      const step = pairs.length > 0 ? 100 / pairs.length : 100;
      for (const { uri, oldText } of pairs.sort((a, b) => a.uri.path.localeCompare(b.uri.path))) {
        if (token.isCancellationRequested) return undefined;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: step });
        const pair: SincePair = {
          path: vscode.workspace.asRelativePath(uri),
          oldText,
          nowText: await readText(uri),
          documentText: async (name) => {
            const document = name && !/(^|[/\\])\.\.([/\\]|$)|^[/\\]|^[A-Za-z]:/.test(name) ? vscode.Uri.joinPath(dirname(uri), name) : documentOf(uri);
            return readText(document); // the working tree, as git sees it
          },
        };
        const entry = await sinceEntry(pair, ref);
        if (entry.errors.length > 0 || entry.changes.length > 0) out.sidecars.push(entry);
      }
      return out;
    });
    if (!report) return undefined;
    log.info(`Reviewed annotation changes since ${ref} (${source.commit.slice(0, 12)}): ${report.sidecars.length} sidecar(s) changed.`);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: sinceMarkdown(report) });
    await vscode.window.showTextDocument(document, { preview: false });
    return report;
  };

  return vscode.commands.registerCommand(CommandId.reviewAnnotationChanges, (...args: unknown[]) => {
    // Palette: nothing (pick a revision). Code and tests: the revision.
    const shape = matchShape(args, [[], [isNonEmptyText]]);
    if (shape < 0) return refuse(log, 'Review Annotation Changes Since...', args, 'nothing (command palette) or a branch, tag or commit');
    return review(shape === 1 ? args[0] as string : undefined).catch((err: unknown) => {
      log.error('Could not review annotation changes', err);
      void vscode.window.showErrorMessage(`Policy Lens: could not review annotation changes: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
  });
}
