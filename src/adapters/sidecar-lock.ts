/**
 * An advisory lock that every Policy Lens writer takes around the last check and the rename of
 * a sidecar save, so another writer's save cannot land unseen between the two. It is a file,
 * `<sidecar>.lock`, made with an exclusive create (`FileSystem.createExclusive`); where the file
 * system has none (the web, virtual file systems) no lock is taken and saves stay as they were
 * (checked before the rename, checked again after it, merged). No `vscode` and no Node here.
 *
 * - The lock file holds who took it (pid, host, time, a random token) as one line of JSON.
 * - A lock held by someone else is waited for (5 ms, doubling to 100 ms between tries).
 * - A stale lock is broken, with a log line saying why: its process (on this host) is no longer
 *   running, or this process left it (its release failed), or it is older than `staleMs` (by its
 *   modification time, or by how long we have watched it unchanged). A crash leaves at most
 *   such a lock, which the next writer breaks.
 * - Release removes the lock only while it is still ours, also when the write failed.
 */
import type { FileSystem } from './sidecar-store';

/** Who this process is, and whether a process on this host is running (undefined: cannot tell). */
export interface LockOwner {
  pid: number;
  host: string;
  isRunning(pid: number): boolean | undefined;
}

export interface LockOptions {
  /** A lock older than this is broken (default LOCK_STALE_MS). */
  staleMs?: number;
  /** Where a broken lock is reported (one line each). */
  log?: (line: string) => void;
}

/** Long enough for any save under load (a save holds the lock for a stat, a read and a rename). */
export const LOCK_STALE_MS = 20_000;
export const LOCK_SUFFIX = '.lock';

export function lockPathFor(sidecarPath: string): string {
  return sidecarPath + LOCK_SUFFIX;
}

/** Tokens of the locks this process holds now: a lock file naming this pid with another token was left behind. */
const held = new Set<string>();

interface LockBody { pid?: number; host?: string; time?: string; token?: string }

/**
 * Takes the lock at `lockPath` (waiting for, or breaking, another writer's) and resolves to its
 * release; undefined when this file system cannot lock (no exclusive create) or the lock file
 * cannot be made (then the save goes on unlocked, as without a lock, and says so in the log).
 */
export async function acquireLock(fs: FileSystem, lockPath: string, options: LockOptions = {}): Promise<(() => Promise<void>) | undefined> {
  const createExclusive = fs.createExclusive?.bind(fs);
  if (!createExclusive) return undefined;
  const staleMs = options.staleMs ?? LOCK_STALE_MS;
  const log = options.log ?? ((line: string) => console.warn(line));
  const owner = fs.lockOwner;
  const started = Date.now();
  let delay = 5;
  // The lock we are waiting on, and since when (our clock): a lock unchanged for staleMs is stale
  // even when its modification time says otherwise (another host's clock).
  let watching: { key: string; since: number } | undefined;
  for (;;) {
    const token = randomToken();
    const text = JSON.stringify({ pid: owner?.pid, host: owner?.host, time: new Date().toISOString(), token, note: 'Policy Lens is saving the sidecar next to this file; it removes this file when done. Left over from a crash, it is removed by the next save.' }) + '\n';
    let created: boolean;
    try {
      created = await createExclusive(lockPath, new TextEncoder().encode(text));
    } catch (err) {
      log(`Policy Lens: could not create the lock ${lockPath} (${message(err)}); saving without it.`);
      return undefined;
    }
    if (created) {
      held.add(token);
      return () => release(fs, lockPath, text, token, log);
    }
    if (Date.now() - started > 2 * staleMs) {
      throw new Error(`could not take the lock ${lockPath} in ${Math.round((Date.now() - started) / 1000)} s (something else keeps it there); remove it if no save is running, and try again.`);
    }
    const found = await readLock(fs, lockPath);
    if (!found) { await sleep(1); continue; } // released meanwhile: try again
    const key = `${found.text}\u0000${found.mtime}`;
    if (watching?.key !== key) watching = { key, since: Date.now() };
    const reason = staleReason(found, owner, staleMs, Date.now() - watching.since);
    if (reason) {
      await breakLock(fs, lockPath, found.text, reason, found.body, log);
      continue;
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
}

function staleReason(found: { body: LockBody; mtime: number }, owner: LockOwner | undefined, staleMs: number, watchedMs: number): string | undefined {
  const { body } = found;
  if (owner && body.host === owner.host && typeof body.pid === 'number') {
    if (body.pid === owner.pid && body.token !== undefined && !held.has(body.token)) return 'this process left it behind';
    if (body.pid !== owner.pid && owner.isRunning(body.pid) === false) return `its process (pid ${body.pid}) is no longer running`;
  }
  const age = Math.max(Date.now() - found.mtime, watchedMs);
  return age > staleMs ? `it is ${Math.round(age / 1000)} s old` : undefined;
}

async function readLock(fs: FileSystem, lockPath: string): Promise<{ text: string; body: LockBody; mtime: number } | undefined> {
  try {
    const stat = await fs.stat(lockPath);
    if (!stat) return undefined;
    const text = new TextDecoder().decode(await fs.readFile(lockPath));
    return { text, body: parseBody(text), mtime: stat.mtime };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Removes a stale lock, but only while it still holds what was judged stale. */
async function breakLock(fs: FileSystem, lockPath: string, staleText: string, reason: string, body: LockBody, log: (line: string) => void): Promise<void> {
  const now = await readLock(fs, lockPath);
  if (!now || now.text !== staleText) return;
  try {
    await fs.delete(lockPath);
  } catch (err) {
    throw new Error(`a stale lock ${lockPath} (${reason}) could not be removed (${message(err)}): remove it by hand and try again.`);
  }
  const who = body.pid !== undefined ? `pid ${body.pid} on ${body.host ?? 'an unknown host'}${body.time ? ` since ${body.time}` : ''}` : 'an unreadable lock';
  log(`Policy Lens: removed a stale lock ${lockPath} (${who}): ${reason}.`);
}

async function release(fs: FileSystem, lockPath: string, text: string, token: string, log: (line: string) => void): Promise<void> {
  try {
    const now = await fs.readFile(lockPath).then((b) => new TextDecoder().decode(b), (err: unknown) => { if (isNotFound(err)) return undefined; throw err; });
    if (now === text) await fs.delete(lockPath);
    else log(`Policy Lens: the lock ${lockPath} was taken from this save while it held it (judged stale); it was left to its new holder.`);
  } catch (err) {
    // The save's own outcome stands; the next writer breaks this lock as one this process left.
    log(`Policy Lens: could not remove the lock ${lockPath} (${message(err)}); the next save removes it.`);
  } finally {
    // Only now: until the file is gone, a lock naming this process with this token is a live one.
    held.delete(token);
  }
}

function parseBody(text: string): LockBody {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as LockBody) : {};
  } catch {
    return {}; // being written, or not ours: judged by its age alone
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return code === 'ENOENT' || code === 'FileNotFound' || (err instanceof Error && /ENOENT|FileNotFound/.test(err.message));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function randomToken(): string {
  return Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
