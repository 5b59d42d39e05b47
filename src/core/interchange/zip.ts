/**
 * Reading and writing ZIP archives with fflate (pure JavaScript, also in a web worker). Reading
 * is defensive: entry names with `..`, a leading slash, a drive letter or a backslash are
 * refused, and entries are inflated in small steps with the total expanded size capped, so a
 * ZIP bomb stops early instead of filling memory.
 */
import { strToU8, Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';

/** Expanded size above which an archive is refused (a project's texts are far smaller). */
export const MAX_EXPANDED_BYTES = 512 * 1024 * 1024;
/** Entries above which an archive is refused. */
export const MAX_ENTRIES = 100_000;

export function writeZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) entries[name] = typeof data === 'string' ? strToU8(data) : data;
  // A fixed time, so the same export gives the same bytes.
  return zipSync(entries, { level: 6, mtime: new Date(Date.UTC(2000, 0, 1)) });
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

  // Then inflate in 16 KB steps (at most ~16 MB of output each), counting the real sizes.
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    const why = unsafeEntryName(file.name);
    if (why) { failure ??= new Error(why); return; }
    if (file.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) { failure = new Error(`entry '${file.name}' cannot be inflated (${err.message})`); return; }
      total += chunk.length;
      if (total > maxBytes) { failure = new Error(`the archive expands to more than the ${maxBytes} bytes allowed (a ZIP bomb?)`); file.terminate(); return; }
      chunks.push(chunk);
      if (final) files.set(file.name, concat(chunks));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const step = 16 * 1024;
  try {
    for (let i = 0; i < data.length && !failure; i += step) unzip.push(data.subarray(i, i + step), i + step >= data.length);
  } catch (err) {
    failure ??= new Error(`not a readable ZIP archive (${err instanceof Error ? err.message : String(err)})`);
  }
  if (failure) throw failure;
  return files;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}
