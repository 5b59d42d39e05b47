/**
 * The SidecarStore's file system over vscode.workspace.fs, so sidecars work in
 * remote and virtual workspaces too. Paths are URI paths in one scheme/authority.
 */
import * as vscode from 'vscode';
import { createExclusiveFile, localFilePath, lockOwner } from './node-lock';
import { realFilePath } from './node-realpath';
import { FileSystem, RenameUnsupportedError } from './sidecar-store';

export class VscodeFileSystem implements FileSystem {
  readonly realpath?: (path: string) => Promise<string>;
  /** Sidecar locks: only local files in a Node extension host have an exclusive create (vscode.workspace.fs has none). */
  readonly createExclusive?: (path: string, data: Uint8Array) => Promise<boolean>;
  readonly lockOwner = lockOwner;

  constructor(private readonly base: vscode.Uri) {
    // Symbolic links can only be resolved where the files are local to a Node extension host.
    const resolve = realFilePath;
    if (base.scheme === 'file' && resolve) this.realpath = (p) => resolve(this.uri(p));
    const create = createExclusiveFile;
    if (base.scheme === 'file' && create) this.createExclusive = (p, data) => create(localFilePath(this.uri(p)), data);
  }

  private uri(path: string): vscode.Uri {
    return this.base.with({ path, query: '', fragment: '' });
  }

  async readFile(path: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(this.uri(path));
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await vscode.workspace.fs.writeFile(this.uri(path), data);
  }

  async rename(from: string, to: string): Promise<void> {
    try {
      await vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: true });
    } catch (err) {
      // A virtual file system may have no rename: the store then writes in place, checked.
      if (err instanceof vscode.FileSystemError && err.code === 'Unavailable') throw new RenameUnsupportedError(err.message);
      throw err;
    }
  }

  async delete(path: string): Promise<void> {
    await vscode.workspace.fs.delete(this.uri(path));
  }

  async stat(path: string): Promise<{ mtime: number; size: number } | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(this.uri(path));
      return { mtime: s.mtime, size: s.size };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }
}
