/**
 * A small ZIP container (APPNOTE 6.3: local headers, central directory, end record), pure
 * TypeScript. The compression is injected as a ZipCodec: the Node hosts and the CLI pass Node's
 * native zlib (src/adapters/node-zlib.ts), the browser build passes fflate (its stand-in), so
 * this module never imports a Node module.
 *
 * Reading is defensive and reads what other tools write: entries are found through the central
 * directory (so data descriptors, flag bit 3, need nothing more), stored (0) and deflated (8)
 * entries, UTF-8 names (flag bit 11). Refused, each with an Error saying what is wrong: not a
 * ZIP; ZIP64, split, encrypted or otherwise compressed archives; unsafe entry names (`..`, an
 * absolute path, a drive letter, a backslash, control characters) and duplicate ones; too many
 * entries; a declared expanded size over the cap (before anything is inflated); entries whose
 * data overlap or lie outside the archive; an entry that inflates past its declared size (the
 * codec stops there, so a header that lies cannot fill memory), to fewer bytes, or whose CRC-32
 * does not match.
 */
import { crc32 as crc32Js } from './crc32';

/** Expanded size above which an archive is refused (a project's texts are far smaller). */
export const MAX_EXPANDED_BYTES = 512 * 1024 * 1024;
/** Entries above which an archive is refused. */
export const MAX_ENTRIES = 100_000;

/** Raw DEFLATE (RFC 1951, no zlib or gzip wrapper), given by the host. */
export interface ZipCodec {
  deflateRaw(data: Uint8Array): Uint8Array;
  /**
   * The inflated bytes of `data`. Must stop and throw as soon as the output would pass
   * `maxBytes` (never hold more than about that much), and throw on a damaged stream.
   */
  inflateRaw(data: Uint8Array, maxBytes: number): Uint8Array;
  /** CRC-32, when the host has a faster one than crc32.ts. */
  crc32?(data: Uint8Array): number;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
/** 2000-01-01 00:00 in MS-DOS form: a fixed time, so the same export gives the same bytes. */
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

const encoder = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * A ZIP of `files` (name -> text as UTF-8, or bytes), in the order given. Each entry is deflated,
 * or stored when deflating does not make it smaller. No ZIP64: over 65,535 entries or 4 GB is refused.
 */
export function writeZip(files: Record<string, string | Uint8Array>, codec: ZipCodec): Uint8Array {
  const crcOf = codec.crc32 ?? crc32Js;
  const entries = Object.entries(files);
  if (entries.length > 0xffff) throw new Error(`cannot write ${entries.length} entries in one ZIP (at most 65,535)`);
  const parts: { name: Uint8Array; flags: number; method: number; crc: number; size: number; data: Uint8Array; offset: number }[] = [];
  let offset = 0;
  for (const [fileName, content] of entries) {
    const why = unsafeEntryName(fileName);
    if (why) throw new Error(why);
    const raw = typeof content === 'string' ? encoder.encode(content) : content;
    const deflated = raw.length > 0 ? codec.deflateRaw(raw) : raw;
    const stored = deflated.length >= raw.length;
    const name = encoder.encode(fileName);
    const flags = name.length !== fileName.length ? FLAG_UTF8 : 0;
    const part = { name, flags, method: stored ? STORED : DEFLATED, crc: crcOf(raw) >>> 0, size: raw.length, data: stored ? raw : deflated, offset };
    parts.push(part);
    offset += 30 + name.length + part.data.length;
    if (raw.length > 0xfffffffe || offset > 0xfffffffe) throw new Error('cannot write a ZIP over 4 GB (ZIP64 is not written)');
  }
  const directoryStart = offset;
  for (const p of parts) offset += 46 + p.name.length;
  const out = new Uint8Array(offset + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => { view.setUint16(at, v, true); at += 2; };
  const u32 = (v: number) => { view.setUint32(at, v, true); at += 4; };
  // version needed, flags, method, time, date, crc, compressed size, size
  const common = (p: (typeof parts)[number]) => { u16(20); u16(p.flags); u16(p.method); u16(DOS_TIME); u16(DOS_DATE); u32(p.crc); u32(p.data.length); u32(p.size); };
  for (const p of parts) {
    u32(LOCAL); common(p); u16(p.name.length); u16(0);
    out.set(p.name, at); at += p.name.length;
    out.set(p.data, at); at += p.data.length;
  }
  for (const p of parts) {
    // made by: version 2.0, MS-DOS attributes; then no extra field, comment, disk, attributes.
    u32(CENTRAL); u16(20); common(p); u16(p.name.length); u16(0); u16(0); u16(0); u16(0); u32(0); u32(p.offset);
    out.set(p.name, at); at += p.name.length;
  }
  u32(END); u16(0); u16(0); u16(parts.length); u16(parts.length); u32(offset - directoryStart); u32(directoryStart); u16(0);
  return out;
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

/** One entry as the central directory declares it. */
export interface ZipEntryInfo {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * The archive's entries as its central directory lists them, checked (names, counts, sizes,
 * methods, where their data lie), nothing inflated. Throws an Error saying what is wrong.
 */
export function listZip(data: Uint8Array, maxBytes = MAX_EXPANDED_BYTES): ZipEntryInfo[] {
  if (data.length < 22 || data[0] !== 0x50 || data[1] !== 0x4b) throw new Error('not a ZIP archive');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = findEnd(view);
  if (end < 0) throw new Error('not a readable ZIP archive (no end of central directory record: is it cut short?)');
  const disk = view.getUint16(end + 4, true), directoryDisk = view.getUint16(end + 6, true);
  const onDisk = view.getUint16(end + 8, true), count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true), directoryStart = view.getUint32(end + 16, true);
  if ((end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) || count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) {
    throw new Error('the archive is a ZIP64 archive, which is not supported (save it as an ordinary ZIP: under 4 GB and 65,535 entries)');
  }
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== count) throw new Error('the archive is split over several files (a spanned ZIP), which is not supported');
  if (count > MAX_ENTRIES) throw new Error(`the archive has ${count} entries (at most ${MAX_ENTRIES} are read)`);
  if (directoryStart + directorySize > end) throw new Error('not a readable ZIP archive (its central directory lies outside the file)');

  const entries: ZipEntryInfo[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  let at = directoryStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw new Error(`not a readable ZIP archive (central directory entry ${i + 1} of ${count} is damaged)`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true), size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true), extraLength = view.getUint16(at + 30, true), commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) throw new Error(`not a readable ZIP archive (central directory entry ${i + 1} of ${count} is damaged)`);
    const name = decodeName(data.subarray(at + 46, at + 46 + nameLength), flags);
    const why = unsafeEntryName(name);
    if (why) throw new Error(why);
    if (names.has(name)) throw new Error(`entry '${name}' appears twice in the archive`);
    names.add(name);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new Error(`entry '${name}' uses ZIP64 sizes, which are not supported (save the archive as an ordinary ZIP: under 4 GB)`);
    }
    if (flags & FLAG_ENCRYPTED) throw new Error(`entry '${name}' is encrypted, which is not supported`);
    if (method !== STORED && method !== DEFLATED) throw new Error(`entry '${name}' is compressed with method ${method} (${METHOD_NAMES[method] ?? 'unknown'}); only stored and deflated entries are read`);
    if (method === STORED && compressedSize !== size) throw new Error(`entry '${name}' is stored uncompressed but declares ${compressedSize} bytes stored and ${size} expanded`);
    declaredTotal += size;
    entries.push({ name, method, flags, crc, compressedSize, size, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (declaredTotal > maxBytes) throw new Error(`the archive expands to ${declaredTotal} bytes, more than the ${maxBytes} allowed (a ZIP bomb?)`);

  // Each entry's data must lie between its local header and the central directory, and no two
  // entries may share bytes (overlapping entries are how some ZIP bombs multiply one stream).
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let previousEnd = 0;
  let previousName = '';
  for (const e of byOffset) {
    const start = dataStart(view, e, directoryStart);
    if (e.localOffset < previousEnd) throw new Error(`entries '${previousName}' and '${e.name}' overlap in the archive (a ZIP bomb?)`);
    previousEnd = start + e.compressedSize;
    if (previousEnd > directoryStart) throw new Error(`entry '${e.name}' runs past the end of the archive's data (is it cut short?)`);
    previousName = e.name;
  }
  return entries;
}

/**
 * The archive's entries (folders left out), inflated, after listZip's checks. Throws an Error
 * saying what is wrong: not a ZIP, an unsafe entry name, too many entries or too large once
 * expanded, an entry that inflates past its declared size or fails its CRC-32.
 */
export function readZip(data: Uint8Array, codec: ZipCodec, maxBytes = MAX_EXPANDED_BYTES): Map<string, Uint8Array> {
  const entries = listZip(data, maxBytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const crcOf = codec.crc32 ?? crc32Js;
  const directoryStart = view.getUint32(findEnd(view) + 16, true);
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const start = dataStart(view, e, directoryStart);
    const stored = data.subarray(start, start + e.compressedSize);
    let bytes: Uint8Array;
    if (e.method === STORED) bytes = stored;
    else {
      try {
        bytes = codec.inflateRaw(stored, e.size);
      } catch (err) {
        throw new Error(`entry '${e.name}' cannot be inflated: it is damaged or expands past its declared ${e.size} bytes (${err instanceof Error ? err.message : String(err)})`);
      }
      if (bytes.length > e.size) throw new Error(`entry '${e.name}' expands past its declared ${e.size} bytes (a ZIP bomb?)`);
      if (bytes.length !== e.size) throw new Error(`entry '${e.name}' expands to ${bytes.length} bytes, not the ${e.size} declared (the archive is damaged)`);
    }
    if ((crcOf(bytes) >>> 0) !== e.crc) throw new Error(`entry '${e.name}' fails its CRC-32 check (the archive is damaged)`);
    files.set(e.name, bytes);
  }
  return files;
}

const METHOD_NAMES: Record<number, string> = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd', 99: 'AES encryption' };

/** The offset of the end of central directory record (the last one whose comment fits), or -1. */
function findEnd(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === END && at + 22 + view.getUint16(at + 20, true) <= view.byteLength) return at;
  }
  return -1;
}

/** Where an entry's data start, after its local header (whose name must match the directory's). */
function dataStart(view: DataView, e: ZipEntryInfo, limit: number): number {
  const at = e.localOffset;
  if (at + 30 > limit || view.getUint32(at, true) !== LOCAL) throw new Error(`entry '${e.name}' has no local header where the central directory says (the archive is damaged)`);
  const nameLength = view.getUint16(at + 26, true), extraLength = view.getUint16(at + 28, true);
  if (at + 30 + nameLength > limit) throw new Error(`entry '${e.name}' has a damaged local header`);
  const localName = decodeName(new Uint8Array(view.buffer, view.byteOffset + at + 30, nameLength), view.getUint16(at + 6, true) | (e.flags & FLAG_UTF8));
  if (localName !== e.name) throw new Error(`entry '${e.name}' is named '${localName}' in its local header (an archive that reads differently in different tools is refused)`);
  return at + 30 + nameLength + extraLength;
}

/** UTF-8 when flagged (or when the bytes are valid UTF-8, as many tools write without the flag); Latin-1 otherwise. */
function decodeName(bytes: Uint8Array, flags: number): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) { ascii = false; break; }
  if (ascii) return String.fromCharCode(...bytes);
  try {
    return utf8Strict.decode(bytes);
  } catch {
    if (flags & FLAG_UTF8) return new TextDecoder('utf-8').decode(bytes);
    return latin1.decode(bytes);
  }
}
