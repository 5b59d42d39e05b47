/**
 * Scanning UTF-8 bytes is several times faster in V8 than calling charCodeAt per
 * character, and TextEncoder.encodeInto is native and available everywhere. The
 * scanners work on bytes and convert positions back to UTF-16 offsets with a running
 * count: every continuation byte adds one, every 4-byte lead (a surrogate pair) takes one away.
 */
import { C_HARD, CHAR_CLASS } from './chars';

const encoder = new TextEncoder();

export class Utf8Scratch {
  bytes = new Uint8Array(0);
  length = 0;

  /** Encodes `text`; returns the number of bytes written. */
  encode(text: string): number {
    const need = text.length * 3 + 4;
    if (this.bytes.length < need) this.bytes = new Uint8Array(Math.max(need, this.bytes.length * 2));
    this.length = encoder.encodeInto(text, this.bytes).written;
    // A terminating zero lets scanners read one byte past the end safely.
    this.bytes[this.length] = 0;
    this.bytes[this.length + 1] = 0;
    this.bytes[this.length + 2] = 0;
    this.bytes[this.length + 3] = 0;
    return this.length;
  }
}

/** Code point at byte i (which must be a lead byte); 0 past the end. */
export function codePointAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
  if (b < 0xf0) return ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
  return 0x10000; // outside the BMP: never a word character here
}

/** Length in bytes of the sequence led by b. */
export function seqLength(b: number): number {
  return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

/** UTF-16 units minus bytes for a sequence led by b (0, -1, -2, or -2 for a pair). */
export function seqExtra(b: number): number {
  return b < 0x80 ? 0 : b < 0xe0 ? 1 : 2;
}

/** Class of the character at byte i. */
export function classAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return CHAR_CLASS[b];
  const cp = codePointAt(bytes, i);
  return cp < 0x10000 ? CHAR_CLASS[cp] : C_HARD;
}

/** Extra (bytes minus UTF-16 units) accumulated over bytes [from, to). */
export function extraBetween(bytes: Uint8Array, from: number, to: number): number {
  let extra = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b >= 0x80) {
      if (b < 0xc0) extra++;
      else if (b >= 0xf0) extra--;
    }
  }
  return extra;
}
