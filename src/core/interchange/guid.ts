/**
 * Stable GUIDs: UUID version 5 (SHA-1 over a namespace and a name, RFC 9562 section 5.5), so the
 * same annotation, tag, user or document gets the same GUID in every export and a re-import
 * recognises it. SHA-1 here is an identifier derivation, not security.
 */

/** Policy Lens's own namespace for derived GUIDs (a fixed random UUID). */
export const POLICY_LENS_NAMESPACE = '6d1c2f5e-3b0a-4c7e-9a51-0e8f7d2b4c13';

const encoder = new TextEncoder();

const W = new Int32Array(80);
/** The last digest, as five words (h0..h4). */
const H = new Int32Array(5);
/** A reused buffer for short messages (a UUID's namespace and name), grown when needed. */
let scratch = new Uint8Array(256);

/**
 * SHA-1 (FIPS 180-4) of the first `length` bytes of `buffer` into H. The buffer must have room for
 * the padding (see paddedLength): the bytes after `length` are overwritten.
 */
function sha1Into(buffer: Uint8Array, length: number): void {
  const end = paddedLength(length);
  buffer.fill(0, length, end);
  buffer[length] = 0x80;
  const bits = length * 8;
  const high = Math.floor(bits / 0x100000000);
  buffer[end - 8] = high >>> 24; buffer[end - 7] = high >>> 16; buffer[end - 6] = high >>> 8; buffer[end - 5] = high;
  buffer[end - 4] = bits >>> 24; buffer[end - 3] = bits >>> 16; buffer[end - 2] = bits >>> 8; buffer[end - 1] = bits;
  let h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476, h4 = 0xc3d2e1f0 | 0;
  const w = W;
  for (let block = 0; block < end; block += 64) {
    for (let i = 0; i < 16; i++) {
      const j = block + i * 4;
      w[i] = (buffer[j] << 24) | (buffer[j + 1] << 16) | (buffer[j + 2] << 8) | buffer[j + 3];
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    // The four rounds in separate loops: no per-step branch on the round.
    let i = 0;
    for (; i < 20; i++) { const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + 0x5a827999 + e + w[i]) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t; }
    for (; i < 40; i++) { const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + 0x6ed9eba1 + e + w[i]) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t; }
    for (; i < 60; i++) { const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc + e + w[i]) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t; }
    for (; i < 80; i++) { const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + 0xca62c1d6 + e + w[i]) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t; }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  H[0] = h0; H[1] = h1; H[2] = h2; H[3] = h3; H[4] = h4;
}

/** Bytes a message of `length` bytes takes once padded (a whole number of 64-byte blocks). */
function paddedLength(length: number): number {
  return ((length + 9 + 63) >> 6) << 6;
}

/** SHA-1 of `bytes` (FIPS 180-4), as 20 bytes. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array(paddedLength(bytes.length));
  padded.set(bytes);
  sha1Into(padded, bytes.length);
  const out = new Uint8Array(20);
  for (let i = 0; i < 5; i++) {
    out[i * 4] = H[i] >>> 24; out[i * 4 + 1] = H[i] >>> 16; out[i * 4 + 2] = H[i] >>> 8; out[i * 4 + 3] = H[i];
  }
  return out;
}

/** UTF-8 bytes; ASCII without TextEncoder's per-call cost. */
function utf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

export function sha1Hex(text: string): string {
  return hex(sha1(utf8(text)));
}

const namespaces = new Map<string, Uint8Array>();

/** UUID v5 of `name` in `namespace` (a UUID string), lower-case 8-4-4-4-12. */
export function uuidV5(name: string, namespace: string = POLICY_LENS_NAMESPACE): string {
  let ns = namespaces.get(namespace);
  if (!ns) { ns = uuidBytes(namespace); namespaces.set(namespace, ns); }
  // Namespace and name go straight into the reused buffer (ASCII names, the usual case, without TextEncoder).
  let length = ns.length + name.length;
  let ascii = true;
  if (scratch.length < paddedLength(length)) scratch = new Uint8Array(paddedLength(length) * 2);
  scratch.set(ns);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 0x7f) { ascii = false; break; }
    scratch[ns.length + i] = c;
  }
  if (!ascii) {
    const bytes = encoder.encode(name);
    length = ns.length + bytes.length;
    if (scratch.length < paddedLength(length)) scratch = new Uint8Array(paddedLength(length) * 2);
    scratch.set(ns);
    scratch.set(bytes, ns.length);
  }
  sha1Into(scratch, length);
  // The first 16 bytes of the digest, with the version (5) and the variant (10xx) set.
  const w1 = (H[1] & ~0xf000) | 0x5000;
  const w2 = (H[2] & 0x3fffffff) | 0x80000000;
  const h = hex8(H[0]) + hex8(w1) + hex8(w2) + hex8(H[3]);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A 32-bit word as 8 lower-case hex digits. */
function hex8(word: number): string {
  return HEX[(word >>> 24) & 0xff] + HEX[(word >>> 16) & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[word & 0xff];
}

export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function uuidBytes(uuid: string): Uint8Array {
  if (!GUID_PATTERN.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  const digits = uuid.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** GUIDs of the things an export names, derived from what identifies each. */
const tagGuids = new Map<string, string>();
const userGuids = new Map<string, string>();
const cached = (cache: Map<string, string>, key: string, make: () => string): string => {
  let v = cache.get(key);
  if (v === undefined) { v = make(); if (cache.size < 10_000) cache.set(key, v); }
  return v;
};

export const guidOf = {
  annotation: (documentPath: string, id: string): string => uuidV5(`annotation:${documentPath}#${id}`),
  document: (documentPath: string): string => uuidV5(`document:${documentPath}`),
  tag: (tagId: string): string => cached(tagGuids, tagId, () => uuidV5(`tag:${tagId}`)),
  user: (name: string): string => cached(userGuids, name, () => uuidV5(`user:${name}`)),
  coding: (documentPath: string, id: string): string => uuidV5(`coding:${documentPath}#${id}`),
  note: (documentPath: string, id: string): string => uuidV5(`note:${documentPath}#${id}`),
  project: (name: string): string => uuidV5(`project:${name}`),
};

/**
 * A short sidecar id for an annotation imported from elsewhere, derived from its foreign id so a
 * second import of the same file finds the same annotation. Starts with a letter.
 */
export function importedId(foreignId: string, taken: ReadonlySet<string>): string {
  const hash = sha1Hex(foreignId);
  for (let i = 0; ; i++) {
    const id = `x${hash.slice(i, i + 7)}`;
    if (!taken.has(id) || i > 30) return taken.has(id) ? `x${sha1Hex(foreignId + i).slice(0, 12)}` : id;
  }
}
