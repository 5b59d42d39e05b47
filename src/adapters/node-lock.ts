/**
 * What a sidecar lock needs from the operating system (see `sidecar-lock.ts`): an exclusive
 * create (`open(path, 'wx')`: O_CREAT|O_EXCL, which fails when the file exists), who this process
 * is, and whether a process on this host is still running. Node-only: the browser build replaces
 * this module with `web/node-lock.ts`, where there is no exclusive create and so no lock
 * (ARCHITECTURE.md, "Sidecar lock").
 */
import { promises as fsp } from 'fs';
import * as os from 'os';
import type { LockOwner } from './sidecar-lock';

/**
 * Creates `path` holding `data` only when nothing is there; false when something is. Other
 * failures (no permission, a read-only disk) reject, as the write itself would.
 */
export const createExclusiveFile: ((path: string, data: Uint8Array) => Promise<boolean>) | undefined = async (path, data) => {
  try {
    await fsp.writeFile(path, data, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return false;
    throw err;
  }
};

/** This process, for the lock files it writes, and a liveness check for the ones it finds. */
export const lockOwner: LockOwner | undefined = {
  pid: process.pid,
  host: safeHostName(),
  isRunning(pid: number): boolean | undefined {
    try {
      process.kill(pid, 0); // signal 0: only asks whether the process exists
      return true;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ESRCH') return false;
      return code === 'EPERM' ? true : undefined; // EPERM: it exists, owned by another user
    }
  },
};

/** The local file path of a `file:` URI (only this module and other `node-*.ts` may read `fsPath`). */
export function localFilePath(uri: { fsPath: string }): string {
  return uri.fsPath;
}

function safeHostName(): string {
  try {
    return os.hostname();
  } catch {
    return 'unknown-host';
  }
}
