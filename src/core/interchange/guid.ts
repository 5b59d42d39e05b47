/**
 * Stable GUIDs: UUID version 5 (SHA-1 over a namespace and a name, RFC 9562 section 5.5), so the
 * same annotation, tag, user or document gets the same GUID in every export and a re-import
 * recognises it. SHA-1 here is an identifier derivation, not security.
 */

/** Policy Lens's own namespace for derived GUIDs (a fixed random UUID). */
export const POLICY_LENS_NAMESPACE = '6d1c2f5e-3b0a-4c7e-9a51-0e8f7d2b4c13';

const encoder = new TextEncoder();

const W = new Uint32Array(80);

/** SHA-1 of `bytes` (FIPS 180-4), as 20 bytes. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[length] = 0x80;
  const bits = length * 8;
  const end = padded.length;
  const high = Math.floor(bits / 0x100000000);
  padded[end - 8] = high >>> 24; padded[end - 7] = high >>> 16; padded[end - 6] = high >>> 8; padded[end - 5] = high;
  padded[end - 4] = bits >>> 24; padded[end - 3] = bits >>> 16; padded[end - 2] = bits >>> 8; padded[end - 1] = bits;
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = W;
  for (let block = 0; block < end; block += 64) {
    for (let i = 0; i < 16; i++) {
      const j = block + i * 4;
      w[i] = (padded[j] << 24) | (padded[j + 1] << 16) | (padded[j + 2] << 8) | padded[j + 3];
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      const f = i < 20 ? ((b & c) | (~b & d)) + 0x5a827999
        : i < 40 ? (b ^ c ^ d) + 0x6ed9eba1
          : i < 60 ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc
            : (b ^ c ^ d) + 0xca62c1d6;
      const t = (((a << 5) | (a >>> 27)) + f + e + w[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  const hs = [h0, h1, h2, h3, h4];
  for (let i = 0; i < 5; i++) {
    out[i * 4] = hs[i] >>> 24; out[i * 4 + 1] = hs[i] >>> 16; out[i * 4 + 2] = hs[i] >>> 8; out[i * 4 + 3] = hs[i];
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
  const nameBytes = utf8(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns);
  input.set(nameBytes, ns.length);
  const hash = sha1(input);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hex(hash);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
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
