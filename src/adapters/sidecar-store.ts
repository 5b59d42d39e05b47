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
 * - Writes are atomic: a temporary file in the same folder, then a rename. Where the file system
 *   has no rename (its FileSystem throws RenameUnsupportedError: some virtual file systems), the
 *   text is written in place in one write, right after checking nobody changed the file, then
 *   read back; a file that does not read back as written is put back as it was and the save
 *   fails. So a sidecar is never left half-written, nor overwritten unseen.
 * - Saves to one path are queued, so concurrent writers in this process lose nothing. Across
 *   processes, the last check and the rename are made holding `<sidecar>.lock` where the file
 *   system has an exclusive create (sidecar-lock.ts); elsewhere one race remains (writeAtomically).
 */
import { mergeSidecars, MergeConflict } from '../core/annotations/merge';
import { quickReadSidecar } from '../core/annotations/quick-read';
import { emptySidecar, parseSidecar, ParseResult, serializeSidecar, SidecarHandle, SIDECAR_SUFFIX, verifySerialized } from '../core/annotations/sidecar';
import type { Sidecar } from '../core/annotations/types';
import type { FileProblem } from '../core/types';
import { acquireLock, lockPathFor, type LockOwner } from './sidecar-lock';

export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
  /** undefined when nothing is there. */
  stat(path: string): Promise<{ mtime: number; size: number } | undefined>;
  /** Resolves symbolic links; without it, links cannot be checked. */
  realpath?(path: string): Promise<string>;
  /**
   * Creates `path` holding `data` only when nothing is there (an exclusive create), resolving
   * false when something is. With it, every save holds `<sidecar>.lock` around its last check and
   * its rename (sidecar-lock.ts); without it (the web, virtual file systems) no lock is taken.
   */
  createExclusive?(path: string, data: Uint8Array): Promise<boolean>;
  /** This process, written into lock files, and whether the process of a lock found is running. */
  lockOwner?: LockOwner;
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

/** A FileSystem throws this from `rename` when it has none; the store then writes in place, checked. */
export class RenameUnsupportedError extends Error {
  constructor(message = 'this file system cannot rename files') {
    super(message);
    this.name = 'RenameUnsupportedError';
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

export interface SidecarStoreOptions {
  /** Writes must stay inside this folder (checked through symbolic links when the file system can). */
  workspaceRoot?: string;
  /** A sidecar lock older than this is broken (default LOCK_STALE_MS, 20 s). */
  lockStaleMs?: number;
  /** Where a stale lock broken, or a lock that could not be made, is reported (default console.warn). */
  log?: (line: string) => void;
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

type Stat = { mtime: number; size: number } | undefined;

/**
 * What this store last read or wrote per sidecar: the exact text ('' with `missing` when there
 * was no file), the file's stat right after (to tell our own write from someone else's without
 * reading), and the parse of that text when it parsed (so the next save need not parse again).
 */
interface Known {
  text: string;
  missing: boolean;
  stat?: Stat;
  parsed?: ParseResult & { ok: true };
}

export class SidecarStore {
  private readonly known = new Map<string, Known>();
  private tempCounter = 0;
  /** Set once `rename` said it is unsupported: every later write goes in place (checked). */
  private inPlace = false;
  /** Sidecar paths whose lock this store holds now (operations on one path are queued, one at a time). */
  private readonly holding = new Set<string>();

  constructor(private readonly fs: FileSystem, private readonly options: SidecarStoreOptions = {}) {}

  /**
   * Reads the sidecar. `quick` (loading a whole workspace): a file in the layout Policy Lens
   * writes is read by the line reader (`quickReadSidecar`) and the yaml library parses it only
   * if it is saved; anything else is parsed at once, as without `quick`.
   */
  async load(docPath: string, options: { quick?: boolean } = {}): Promise<LoadedSidecar> {
    const path = sidecarPathFor(docPath);
    // A workspace load reads a thousand files: no stat first (half the file system calls). Known
    // without a stat, the file is never taken for the echo of our own write (`isUnchangedSinceKnown`
    // says false, and the caller reads it again); a save compares texts, not stats, and stats again.
    const { text, stat } = options.quick ? await this.readOnly(path) : await this.read(path);
    const quick = options.quick && text !== undefined ? quickReadSidecar(text) : undefined;
    const known: Known = { text: text ?? '', missing: text === undefined };
    if (!options.quick) known.stat = stat;
    if (quick) {
      this.known.set(path, known);
      return { state: 'ok', path, sidecar: quick, problems: [] };
    }
    const parsed = text === undefined ? undefined : parseSidecar(text);
    if (parsed?.ok) known.parsed = parsed;
    this.known.set(path, known);
    return describe(path, text, baseName(docPath), parsed);
  }

  /** Problems (warnings) of the text last read or written, for a caller that keeps what `save` returned. */
  problemsFor(docPath: string): FileProblem[] {
    return this.known.get(sidecarPathFor(docPath))?.parsed?.problems ?? [];
  }

  /**
   * True while the sidecar on disk is still what this store last wrote or read, judged by its
   * stat (size and modification time), without reading it: a file watcher's echo of our own write.
   */
  isUnchangedSinceKnown(docPath: string): Promise<boolean> {
    const path = sidecarPathFor(docPath);
    // Behind any save in flight, so its own write is known before the file is compared with it.
    return queued(path, async () => {
      const known = this.known.get(path);
      if (!known || !('stat' in known)) return false;
      return sameStat(known.stat, await this.fs.stat(path));
    });
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
      const current = await this.read(path);
      if (current.text !== expected) return false;
      if (text === undefined) {
        const deleted = await this.locked(path, async () => {
          if ((await this.readText(path)) !== expected) return false;
          await this.fs.delete(path);
          return true;
        });
        if (deleted) this.known.set(path, { text: '', missing: true, stat: undefined });
        return deleted;
      }
      const parsed = parseSidecar(text);
      if (!parsed.ok) return false;
      const stat = await this.writeAtomically(path, text, current);
      this.known.set(path, { text, missing: false, stat, parsed });
      return true;
    };
    return queued(path, restore);
  }

  private async saveNow(docPath: string, path: string, update: (current: Sidecar) => Sidecar, observe?: WriteObserver): Promise<Sidecar> {
    // Another program may write the file while we prepare ours: if it changed by the time our
    // temporary file is ready, start again from what is there now (merge, or report a conflict).
    // The first try holds the sidecar's lock only around its check and rename; the next ones hold
    // it throughout, so writers that keep saving make this one wait rather than start over.
    for (let attempt = 1; ; attempt++) {
      try {
        const once = () => this.saveOnce(docPath, path, update, observe);
        return await (attempt === 1 ? once() : this.locked(path, once));
      } catch (err) {
        if (!(err instanceof ChangedUnderUs) || attempt >= 5) throw err instanceof ChangedUnderUs ? new Error(`${path} keeps changing on disk; try again`) : err;
      }
    }
  }

  private async saveOnce(docPath: string, path: string, update: (current: Sidecar) => Sidecar, observe?: WriteObserver): Promise<Sidecar> {
    await this.checkInsideWorkspace(path);
    const documentName = baseName(docPath);
    const current = await this.read(path);
    const diskText = current.text;
    const known = this.known.get(path);
    // What we read or wrote last is usually what is there: its parse is reused, not redone.
    const disk = known?.parsed && !known.missing && known.text === diskText
      ? withDocument(known.parsed, documentName)
      : parseOrEmpty(path, diskText, documentName);
    let next: Sidecar;
    if (!known || (known.missing ? diskText === undefined : known.text === diskText)) {
      next = update(disk.sidecar);
    } else {
      // Changed under us since load: merge our change into what is there now.
      const base = known.missing ? { sidecar: emptySidecar(documentName) } : known.parsed ? withDocument(known.parsed, documentName) : parseOrEmpty(path, known.text, documentName);
      const mine = update(base.sidecar);
      const { merged, conflicts } = mergeSidecars(base.sidecar, mine, disk.sidecar);
      if (conflicts.length > 0) throw new SidecarConflictError(path, conflicts);
      next = merged;
    }
    if (!next.document) next = { ...next, document: documentName };
    let text: string;
    let verified: ReturnType<typeof verifySerialized>;
    try {
      text = serializeSidecar(next, disk.handle);
      verified = text === diskText && disk.parsed ? { reasons: [], parsed: disk.parsed } : verifySerialized(next, text, disk.sidecar);
    } catch (err) {
      throw new SidecarWriteRefusedError(path, [`it could not be written as YAML: ${err instanceof Error ? err.message : String(err)}`]);
    }
    if (verified.reasons.length > 0) throw new SidecarWriteRefusedError(path, verified.reasons);
    const stat = text !== diskText ? await this.writeAtomically(path, text, current) : current.stat;
    this.known.set(path, { text, missing: false, stat, parsed: verified.parsed });
    observe?.(diskText, text);
    return next;
  }

  /**
   * `expected`: the text (and its stat) the write was computed from; anything else there now starts
   * the save again. Resolves to the file's stat after the write.
   *
   * The check and the rename are made under the sidecar's lock (`<sidecar>.lock`, taken with an
   * exclusive create, see sidecar-lock.ts), so another Policy Lens writer's save cannot land
   * between them: it waits, then finds our write and merges into it. Where the file system has
   * no exclusive create (vscode.workspace.fs on the web and virtual file systems) there is no
   * lock, and another process's whole save landing between the two is replaced unseen. Checked
   * in both cases: a rename by a writer that takes no lock, landing on ours before we stat it
   * again (it checked before our rename, so it did not see ours), starts our save again, which
   * merges our change into theirs.
   */
  private async writeAtomically(path: string, text: string, expected: { text: string | undefined; stat: Stat }): Promise<Stat> {
    if (this.inPlace) return this.writeInPlace(path, text, expected);
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    const temp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${process_id()}-${++this.tempCounter}.tmp`;
    try {
      await this.fs.writeFile(temp, new TextEncoder().encode(text));
      const ours = await this.fs.stat(temp);
      return await this.locked(path, async () => {
        await this.checkUnchanged(path, expected);
        await this.fs.rename(temp, path);
        const now = await this.fs.stat(path);
        if (!sameStat(now, ours) && (await this.readText(path)) !== text) throw new ChangedUnderUs();
        return now;
      });
    } catch (err) {
      await this.fs.delete(temp).catch(() => undefined);
      if (!(err instanceof RenameUnsupportedError)) throw err;
      this.inPlace = true;
      return this.writeInPlace(path, text, expected);
    }
  }

  /** Runs `task` holding the sidecar's lock where the file system can lock; the lock is released however `task` ends. */
  private async locked<T>(path: string, task: () => Promise<T>): Promise<T> {
    if (this.holding.has(path)) return task(); // a retried save holds it already
    const release = await acquireLock(this.fs, lockPathFor(path), { staleMs: this.options.lockStaleMs, log: this.options.log });
    this.holding.add(path);
    try {
      return await task();
    } finally {
      this.holding.delete(path);
      await release?.();
    }
  }

  /** The stat tells whether anyone wrote since our read; only when it moved is the file read again. */
  private async checkUnchanged(path: string, expected: { text: string | undefined; stat: Stat }): Promise<void> {
    const now = await this.fs.stat(path);
    if (!sameStat(now, expected.stat) && (await this.readText(path)) !== expected.text) throw new ChangedUnderUs();
  }

  /**
   * Without rename: one write of the whole text right after the same check, then a read-back.
   * What does not read back as written is put back as it was (`expected.text`) and the save fails.
   */
  private writeInPlace(path: string, text: string, expected: { text: string | undefined; stat: Stat }): Promise<Stat> {
    return this.locked(path, () => this.writeInPlaceLocked(path, text, expected));
  }

  private async writeInPlaceLocked(path: string, text: string, expected: { text: string | undefined; stat: Stat }): Promise<Stat> {
    await this.checkUnchanged(path, expected);
    let written = false;
    try {
      await this.fs.writeFile(path, new TextEncoder().encode(text));
      written = (await this.readText(path)) === text;
    } catch {
      written = false;
    }
    if (written) return this.fs.stat(path);
    try {
      if (expected.text === undefined) await this.fs.delete(path);
      else await this.fs.writeFile(path, new TextEncoder().encode(expected.text));
    } catch (err) {
      throw new Error(`${path} could not be written, nor put back as it was (${err instanceof Error ? err.message : String(err)}): restore it from version control.`);
    }
    throw new Error(`${path} could not be written completely (this file system cannot rename, so the write was in place); it was put back as it was. Try again.`);
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
    return (await this.read(path)).text;
  }

  /** The file's text (undefined: no file), read without a stat first. */
  private async readOnly(path: string): Promise<{ text: string | undefined; stat: Stat }> {
    try {
      return { text: new TextDecoder('utf-8').decode(await this.fs.readFile(path)), stat: undefined };
    } catch (err) {
      if (isNotFound(err)) return { text: undefined, stat: undefined };
      throw err;
    }
  }

  /** The file's text (undefined: no file) and its stat just before it was read. */
  private async read(path: string): Promise<{ text: string | undefined; stat: Stat }> {
    const stat = await this.fs.stat(path);
    if (!stat) return { text: undefined, stat };
    try {
      return { text: new TextDecoder('utf-8').decode(await this.fs.readFile(path)), stat };
    } catch (err) {
      if (isNotFound(err)) return { text: undefined, stat: undefined };
      throw err;
    }
  }
}

function describe(path: string, text: string | undefined, documentName: string, parsed: ParseResult | undefined): LoadedSidecar {
  if (text === undefined || !parsed) return { state: 'missing', path, sidecar: emptySidecar(documentName) };
  if (!parsed.ok) return { state: 'invalid', path, problems: parsed.problems };
  const sidecar = parsed.sidecar.document ? parsed.sidecar : { ...parsed.sidecar, document: documentName };
  return { state: 'ok', path, sidecar, problems: parsed.problems };
}

interface Base { sidecar: Sidecar; handle?: SidecarHandle; parsed?: ParseResult & { ok: true } }

function parseOrEmpty(path: string, text: string | undefined, documentName: string): Base {
  if (text === undefined) return { sidecar: emptySidecar(documentName) };
  const parsed = parseSidecar(text);
  if (!parsed.ok) throw new SidecarInvalidError(path, parsed.problems);
  return withDocument(parsed, documentName);
}

function withDocument(parsed: ParseResult & { ok: true }, documentName: string): Base {
  const sidecar = parsed.sidecar.document ? parsed.sidecar : { ...parsed.sidecar, document: documentName };
  return { sidecar, handle: parsed.handle, parsed };
}

function sameStat(a: Stat, b: Stat): boolean {
  return a === undefined || b === undefined ? a === b : a.mtime === b.mtime && a.size === b.size;
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
