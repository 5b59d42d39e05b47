/**
 * Reading and writing sidecars safely, over an injectable file system (Node's fs for the CLI
 * and tests, vscode.workspace.fs in the extension). No `vscode` import here.
 *
 * - A save re-reads the file first: if it changed since it was loaded, the two versions are
 *   merged by annotation id, or a SidecarConflictError lists the ids both sides changed.
 * - A file that does not parse is never overwritten (SidecarInvalidError with its problems).
 * - What is about to be written is parsed and checked in memory first (load-after-serialise):
 *   text Policy Lens could not read back, or would read back as something else, is refused
 *   (SidecarWriteRefusedError) and the file on disk is left untouched.
 * - Writes are atomic: a temporary file in the same folder, then a rename.
 * - Saves to one path are queued, so concurrent writers in this process lose nothing.
 */
import { mergeSidecars, MergeConflict } from '../core/annotations/merge';
import { checkSerialized, emptySidecar, parseSidecar, serializeSidecar, SidecarHandle, SIDECAR_SUFFIX } from '../core/annotations/sidecar';
import type { Sidecar } from '../core/annotations/types';
import type { FileProblem } from '../core/types';

export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
  /** undefined when nothing is there. */
  stat(path: string): Promise<{ mtime: number; size: number } | undefined>;
  /** Resolves symbolic links; without it, links cannot be checked. */
  realpath?(path: string): Promise<string>;
}

export type LoadedSidecar =
  | { state: 'missing'; path: string; sidecar: Sidecar }
  | { state: 'ok'; path: string; sidecar: Sidecar; problems: FileProblem[] }
  | { state: 'invalid'; path: string; problems: FileProblem[] };

export class SidecarInvalidError extends Error {
  constructor(readonly path: string, readonly problems: FileProblem[]) {
    super(`${path} cannot be read, so it will not be overwritten: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
    this.name = 'SidecarInvalidError';
  }
}

export class SidecarConflictError extends Error {
  readonly ids: string[];
  constructor(readonly path: string, readonly conflicts: MergeConflict[]) {
    super(`${path} changed on disk and these annotations were changed both there and here: ${conflicts.map((c) => c.id).join(', ')}`);
    this.name = 'SidecarConflictError';
    this.ids = conflicts.map((c) => c.id);
  }
}

export class SidecarUnsafePathError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`refusing to write ${path}: ${reason}`);
    this.name = 'SidecarUnsafePathError';
  }
}

export class SidecarWriteRefusedError extends Error {
  constructor(readonly path: string, readonly reasons: string[]) {
    super(`refusing to write ${path}: Policy Lens could not read it back (${reasons.slice(0, 3).join('; ')}). The file on disk is unchanged.`);
    this.name = 'SidecarWriteRefusedError';
  }
}

/** The file changed between our read and our rename: the save starts again. */
class ChangedUnderUs extends Error {}

export function sidecarPathFor(docPath: string): string {
  return docPath + SIDECAR_SUFFIX;
}

export function isSidecarPath(path: string): boolean {
  return path.endsWith(SIDECAR_SUFFIX) && path.length > SIDECAR_SUFFIX.length && !/[\\/]$/.test(path.slice(0, -SIDECAR_SUFFIX.length));
}

/** The document a sidecar path belongs to (by name). */
export function documentPathFor(sidecarPath: string): string {
  return sidecarPath.slice(0, -SIDECAR_SUFFIX.length);
}

export interface SidecarStoreOptions {
  /** Writes must stay inside this folder (checked through symbolic links when the file system can). */
  workspaceRoot?: string;
}

/** Told the exact text a save started from (undefined: no file) and the text it left, inside the save's turn. */
export type WriteObserver = (before: string | undefined, after: string) => void;

/** Saves queued per sidecar path, shared by every store in this process. */
const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier write to `path` has finished (or failed). */
function queued<T>(path: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(path) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  void tail.then(() => { if (queues.get(path) === tail) queues.delete(path); });
  return run;
}

export class SidecarStore {
  /** The exact text last read or written per sidecar ('' with `missing` when there was no file). */
  private readonly known = new Map<string, { text: string; missing: boolean }>();
  private tempCounter = 0;

  constructor(private readonly fs: FileSystem, private readonly options: SidecarStoreOptions = {}) {}

  async load(docPath: string): Promise<LoadedSidecar> {
    const path = sidecarPathFor(docPath);
    const text = await this.readText(path);
    this.known.set(path, { text: text ?? '', missing: text === undefined });
    return describe(path, text, baseName(docPath));
  }

  /**
   * Apply `update` to the current annotations and write the result. Resolves to what was
   * written (or left as it was when nothing changed).
   */
  save(docPath: string, update: (current: Sidecar) => Sidecar, observe?: WriteObserver): Promise<Sidecar> {
    const path = sidecarPathFor(docPath);
    return queued(path, () => this.saveNow(docPath, path, update, observe));
  }

  /**
   * Puts back `text` exactly (or removes the file, for undefined), but only while the file
   * still holds `expected`: an undo of our own last write. Resolves to false, writing
   * nothing, when the file changed since or `text` would not load.
   */
  restoreText(docPath: string, expected: string, text: string | undefined): Promise<boolean> {
    const path = sidecarPathFor(docPath);
    const restore = async (): Promise<boolean> => {
      await this.checkInsideWorkspace(path);
      if ((await this.readText(path)) !== expected) return false;
      if (text === undefined) {
        await this.fs.delete(path);
        this.known.set(path, { text: '', missing: true });
        return true;
      }
      if (!parseSidecar(text).ok) return false;
      await this.writeAtomically(path, text, expected);
      this.known.set(path, { text, missing: false });
      return true;
    };
    return queued(path, restore);
  }

  private async saveNow(docPath: string, path: string, update: (current: Sidecar) => Sidecar, observe?: WriteObserver): Promise<Sidecar> {
    // Another program may write the file while we prepare ours: if it changed by the time our
    // temporary file is ready, start again from what is there now (merge, or report a conflict).
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.saveOnce(docPath, path, update, observe);
      } catch (err) {
        if (!(err instanceof ChangedUnderUs) || attempt >= 5) throw err instanceof ChangedUnderUs ? new Error(`${path} keeps changing on disk; try again`) : err;
      }
    }
  }

  private async saveOnce(docPath: string, path: string, update: (current: Sidecar) => Sidecar, observe?: WriteObserver): Promise<Sidecar> {
    await this.checkInsideWorkspace(path);
    const documentName = baseName(docPath);
    const diskText = await this.readText(path);
    const disk = parseOrEmpty(path, diskText, documentName);
    const known = this.known.get(path);
    let next: Sidecar;
    if (!known || (known.missing ? diskText === undefined : known.text === diskText)) {
      next = update(disk.sidecar);
    } else {
      // Changed under us since load: merge our change into what is there now.
      const base = known.missing ? { sidecar: emptySidecar(documentName) } : parseOrEmpty(path, known.text, documentName);
      const mine = update(base.sidecar);
      const { merged, conflicts } = mergeSidecars(base.sidecar, mine, disk.sidecar);
      if (conflicts.length > 0) throw new SidecarConflictError(path, conflicts);
      next = merged;
    }
    if (!next.document) next = { ...next, document: documentName };
    let text: string;
    let reasons: string[];
    try {
      text = serializeSidecar(next, disk.handle);
      reasons = checkSerialized(next, text, disk.sidecar);
    } catch (err) {
      throw new SidecarWriteRefusedError(path, [`it could not be written as YAML: ${err instanceof Error ? err.message : String(err)}`]);
    }
    if (reasons.length > 0) throw new SidecarWriteRefusedError(path, reasons);
    if (text !== diskText) await this.writeAtomically(path, text, diskText);
    this.known.set(path, { text, missing: false });
    observe?.(diskText, text);
    return next;
  }

  private async writeAtomically(path: string, text: string, expected: string | undefined): Promise<void> {
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    const temp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${process_id()}-${++this.tempCounter}.tmp`;
    try {
      await this.fs.writeFile(temp, new TextEncoder().encode(text));
      if ((await this.readText(path)) !== expected) throw new ChangedUnderUs();
      await this.fs.rename(temp, path);
    } catch (err) {
      await this.fs.delete(temp).catch(() => undefined);
      throw err;
    }
  }

  private async checkInsideWorkspace(path: string): Promise<void> {
    const root = this.options.workspaceRoot;
    if (!root) return;
    const resolve = async (p: string): Promise<string> => (this.fs.realpath ? this.fs.realpath(p) : p);
    const realRoot = withSlash(await resolve(root));
    const target = (await this.fs.stat(path)) ? path : parentOf(path);
    const realTarget = await resolve(target);
    if (!withSlash(realTarget).startsWith(realRoot)) {
      throw new SidecarUnsafePathError(path, 'it resolves outside the workspace (a symbolic link?)');
    }
  }

  private async readText(path: string): Promise<string | undefined> {
    if (!(await this.fs.stat(path))) return undefined;
    try {
      return new TextDecoder('utf-8').decode(await this.fs.readFile(path));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

function describe(path: string, text: string | undefined, documentName: string): LoadedSidecar {
  if (text === undefined) return { state: 'missing', path, sidecar: emptySidecar(documentName) };
  const parsed = parseSidecar(text);
  if (!parsed.ok) return { state: 'invalid', path, problems: parsed.problems };
  const sidecar = parsed.sidecar.document ? parsed.sidecar : { ...parsed.sidecar, document: documentName };
  return { state: 'ok', path, sidecar, problems: parsed.problems };
}

function parseOrEmpty(path: string, text: string | undefined, documentName: string): { sidecar: Sidecar; handle?: SidecarHandle } {
  if (text === undefined) return { sidecar: emptySidecar(documentName) };
  const parsed = parseSidecar(text);
  if (!parsed.ok) throw new SidecarInvalidError(path, parsed.problems);
  const sidecar = parsed.sidecar.document ? parsed.sidecar : { ...parsed.sidecar, document: documentName };
  return { sidecar, handle: parsed.handle };
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function parentOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash <= 0 ? (slash === 0 ? '/' : '.') : path.slice(0, slash);
}

function withSlash(p: string): string {
  const forward = p.replace(/\\/g, '/');
  return forward.endsWith('/') ? forward : forward + '/';
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return code === 'ENOENT' || code === 'FileNotFound' || (err instanceof Error && /ENOENT|FileNotFound/.test(err.message));
}

function process_id(): string {
  return Math.random().toString(36).slice(2, 8);
}
