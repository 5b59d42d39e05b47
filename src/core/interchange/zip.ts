/**
 * Reading and writing ZIP archives with fflate (pure JavaScript, also in a web worker). Reading
 * is defensive: entry names with `..`, a leading slash, a drive letter or a backslash are
 * refused, and the expanded size the archive declares is capped before anything is inflated; an
 * entry cannot expand past its declared size (see readZip), so a ZIP bomb cannot fill memory.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';

/** Expanded size above which an archive is refused (a project's texts are far smaller). */
export const MAX_EXPANDED_BYTES = 512 * 1024 * 1024;
/** Entries above which an archive is refused. */
export const MAX_ENTRIES = 100_000;

export function writeZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) entries[name] = typeof data === 'string' ? strToU8(data) : data;
  // A fixed time, so the same export gives the same bytes.
  return zipSync(entries, { level: 1, mtime: new Date(Date.UTC(2000, 0, 1)) });
}

/** Why an entry name is unsafe to use, or undefined when it is fine. */
export function unsafeEntryName(name: string): string | undefined {
  if (name === '') return 'an entry has an empty name';
  if (name.includes('\\')) return `entry '${name}' has a backslash in its path`;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `entry '${name}' has an absolute path`;
  if (name.split('/').some((part) => part === '..')) return `entry '${name}' climbs out of the archive with '..'`;
  if (/[\u0000-\u001f]/.test(name)) return `entry '${name.replace(/[\u0000-\u001f]/g, '?')}' has control characters in its name`;
  return undefined;
}

/**
 * The archive's entries (folders left out), inflated. Throws an Error saying what is wrong:
 * not a ZIP, an unsafe entry name, too many entries or too large once expanded.
 */
export function readZip(data: Uint8Array, maxBytes = MAX_EXPANDED_BYTES): Map<string, Uint8Array> {
  if (data.length < 22 || data[0] !== 0x50 || data[1] !== 0x4b) throw new Error('not a ZIP archive');
  // The central directory first: names and declared sizes, nothing inflated.
  const declared: string[] = [];
  let declaredTotal = 0;
  try {
    unzipSync(data, { filter: (f) => { declared.push(f.name); declaredTotal += f.originalSize; return false; } });
  } catch (err) {
    throw new Error(`not a readable ZIP archive (${err instanceof Error ? err.message : String(err)})`);
  }
  if (declared.length > MAX_ENTRIES) throw new Error(`the archive has ${declared.length} entries (at most ${MAX_ENTRIES} are read)`);
  for (const name of declared) { const why = unsafeEntryName(name); if (why) throw new Error(why); }
  if (declaredTotal > maxBytes) throw new Error(`the archive expands to ${declaredTotal} bytes, more than the ${maxBytes} allowed (a ZIP bomb?)`);

  // Then inflate. fflate sizes each entry's output buffer from its declared size and never grows
  // it, so an entry whose header understates its size comes out cut short (and fails to parse),
  // never larger: the memory used stays within the declared total checked above.
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, { filter: (f) => !f.name.endsWith('/') });
  } catch (err) {
    throw new Error(`not a readable ZIP archive (${err instanceof Error ? err.message : String(err)})`);
  }
  let total = 0;
  for (const bytes of Object.values(files)) total += bytes.length;
  if (total > maxBytes) throw new Error(`the archive expands to more than the ${maxBytes} bytes allowed (a ZIP bomb?)`);
  return new Map(Object.entries(files));
}
