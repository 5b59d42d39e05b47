/** Node file-system helpers for the command line (never used by src/core). */
import { Dirent, promises as fs } from 'fs';
import * as path from 'path';
import { SIDECAR_SUFFIX } from '../constants';

/** Folders no subcommand walks into: dependencies, version control, build and test output. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);

/** Forward slashes, so output is the same on Windows. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The one folder walker of the command line: files under `shown` (relative to `cwd`, or
 * absolute) whose name `accept`s, in name order within each folder, skipping SKIPPED_FOLDERS.
 * Paths come back as `shown` joined with forward slashes; unreadable entries become messages in `errors`.
 */
export async function walkFolder(cwd: string, shown: string, accept: (name: string) => boolean, errors: string[]): Promise<string[]> {
  const found: string[] = [];
  let entries: Dirent[];
  try {
    entries = (await fs.readdir(path.resolve(cwd, shown), { withFileTypes: true })).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  } catch (err) {
    errors.push(`${shown}: cannot read folder (${describeError(err)})`);
    return found;
  }
  for (const entry of entries) {
    const child = shown === '.' ? entry.name : `${shown.replace(/\/+$/, '')}/${entry.name}`;
    if (entry.isDirectory()) {
      // Linked folders are not followed: a link to an ancestor would never end.
      if (!SKIPPED_FOLDERS.has(entry.name)) found.push(...(await walkFolder(cwd, child, accept, errors)));
    } else if (accept(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await fileExists(path.resolve(cwd, child)))))) {
      found.push(child);
    }
  }
  return found;
}

/**
 * Expands files and folders (recursively, through `walkFolder`) into files whose names end with
 * one of `exts` (e.g. ['.md', '.txt']), never `*.annotations.yaml`. Files named explicitly are
 * kept whatever their extension. Paths are returned as given (folders joined with forward
 * slashes), sorted within each folder; missing inputs become messages in `errors`.
 */
export async function expandInputs(inputs: string[], cwd: string, exts: string[]): Promise<{ files: string[]; errors: string[] }> {
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const wanted = exts.map((e) => e.toLowerCase());
  const accept = (name: string): boolean => {
    const lower = name.toLowerCase();
    return !lower.endsWith(SIDECAR_SUFFIX) && wanted.some((e) => lower.endsWith(e));
  };
  const add = (shown: string): void => {
    const key = path.resolve(cwd, shown);
    if (!seen.has(key)) { seen.add(key); files.push(shown); }
  };
  for (const input of inputs) {
    const shown = toPosix(input);
    let stat;
    try {
      stat = await fs.stat(path.resolve(cwd, input));
    } catch (err) {
      errors.push(`${shown}: ${describeError(err)}`);
      continue;
    }
    if (stat.isDirectory()) for (const f of await walkFolder(cwd, shown, accept, errors)) add(f);
    else add(shown);
  }
  return { files, errors };
}

/** Reads a file as UTF-8 text without a byte-order mark. */
export async function readText(cwd: string, file: string): Promise<string> {
  const text = await fs.readFile(path.resolve(cwd, file), 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export function describeError(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return err instanceof Error ? err.message : String(err);
}
