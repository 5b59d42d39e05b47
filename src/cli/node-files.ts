/** Node file-system helpers for the command line (never used by src/core). */
import { promises as fs } from 'fs';
import * as path from 'path';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** Forward slashes, so output is the same on Windows. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Expands files and folders (recursively) into files whose names end with one of
 * `exts` (e.g. ['.md', '.txt']). Folders skip node_modules, .git and
 * `*.annotations.yaml`. Files named explicitly are kept whatever their extension.
 * Paths are returned as given (folders joined with forward slashes), sorted within
 * each folder; missing inputs become messages in `errors`.
 */
export async function expandInputs(inputs: string[], cwd: string, exts: string[]): Promise<{ files: string[]; errors: string[] }> {
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const wanted = exts.map((e) => e.toLowerCase());
  const add = (shown: string): void => {
    const key = path.resolve(cwd, shown);
    if (!seen.has(key)) { seen.add(key); files.push(shown); }
  };
  const walk = async (shown: string): Promise<void> => {
    let names: string[];
    try {
      names = (await fs.readdir(path.resolve(cwd, shown))).sort();
    } catch (err) {
      errors.push(`${shown}: cannot read folder (${describeError(err)})`);
      return;
    }
    for (const name of names) {
      const child = shown === '.' ? name : `${shown.replace(/\/+$/, '')}/${name}`;
      let stat;
      try {
        stat = await fs.stat(path.resolve(cwd, child));
      } catch (err) {
        errors.push(`${child}: cannot read (${describeError(err)})`);
        continue;
      }
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) await walk(child);
      } else if (stat.isFile()) {
        const lower = name.toLowerCase();
        if (lower.endsWith('.annotations.yaml')) continue;
        if (wanted.some((e) => lower.endsWith(e))) add(child);
      }
    }
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
    if (stat.isDirectory()) await walk(shown);
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
