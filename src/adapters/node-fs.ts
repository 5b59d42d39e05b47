/** The sidecar store's FileSystem on Node's fs/promises (CLI and unit tests), with the exclusive create that sidecar locks need. */
import { promises as fsp } from 'fs';
import { createExclusiveFile, lockOwner } from './node-lock';
import type { FileSystem } from './sidecar-store';

const createExclusive = createExclusiveFile!;

export const nodeFileSystem: FileSystem = {
  async readFile(path) {
    return new Uint8Array(await fsp.readFile(path));
  },
  async writeFile(path, data) {
    await fsp.writeFile(path, data);
  },
  async rename(from, to) {
    await fsp.rename(from, to);
  },
  async delete(path) {
    await fsp.rm(path, { force: true });
  },
  async stat(path) {
    try {
      const s = await fsp.stat(path);
      return { mtime: s.mtimeMs, size: s.size };
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT' || (err as { code?: string }).code === 'ENOTDIR') return undefined;
      throw err;
    }
  },
  async realpath(path) {
    return fsp.realpath(path);
  },
  createExclusive: (path, data) => createExclusive(path, data),
  lockOwner,
};
