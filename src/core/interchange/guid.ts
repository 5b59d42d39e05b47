/**
 * Stable GUIDs: UUID version 5 (SHA-1 over a namespace and a name, RFC 9562 section 5.5), so the
 * same annotation, tag, user or document gets the same GUID in every export and a re-import
 * recognises it. SHA-1 here is an identifier derivation, not security.
 */

/** Policy Lens's own namespace for derived GUIDs (a fixed random UUID). */
export const POLICY_LENS_NAMESPACE = '6d1c2f5e-3b0a-4c7e-9a51-0e8f7d2b4c13';

const encoder = new TextEncoder();

/** SHA-1 of `bytes` (FIPS 180-4), as 20 bytes. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number, k: number;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) >>> 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    h0 = (h0 + a) >>> 0; h1 = (h1 + b) >>> 0; h2 = (h2 + c) >>> 0; h3 = (h3 + d) >>> 0; h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => outView.setUint32(i * 4, h));
  return out;
}

export function sha1Hex(text: string): string {
  return hex(sha1(encoder.encode(text)));
}

/** UUID v5 of `name` in `namespace` (a UUID string), lower-case 8-4-4-4-12. */
export function uuidV5(name: string, namespace: string = POLICY_LENS_NAMESPACE): string {
  const ns = uuidBytes(namespace);
  const nameBytes = encoder.encode(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns);
  input.set(nameBytes, ns.length);
  const hash = sha1(input).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hex(hash);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function uuidBytes(uuid: string): Uint8Array {
  if (!GUID_PATTERN.test(uuid)) throw new Error(`not a UUID: ${uuid}`);
  const digits = uuid.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** GUIDs of the things an export names, derived from what identifies each. */
export const guidOf = {
  annotation: (documentPath: string, id: string): string => uuidV5(`annotation:${documentPath}#${id}`),
  document: (documentPath: string): string => uuidV5(`document:${documentPath}`),
  tag: (tagId: string): string => uuidV5(`tag:${tagId}`),
  user: (name: string): string => uuidV5(`user:${name}`),
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
