/**
 * The ZIP codec in pure JavaScript (fflate): what the browser build uses (through
 * src/adapters/web/node-zlib.ts) and the default where no host codec is passed. The Node hosts
 * pass Node's native zlib instead (src/adapters/node-zlib.ts), 4-5x faster.
 */
import { deflateSync, Inflate } from 'fflate';
import type { ZipCodec } from './zip';

/** Compressed bytes fed to the inflater at a time: the cap is checked after each (deflate expands ~1000x at most). */
const INFLATE_STEP = 16 * 1024;

export const fflateZipCodec: ZipCodec = {
  // Level 1: the fastest level that compresses; level 6 is 2x slower for ~20% smaller files.
  deflateRaw: (data) => deflateSync(data, { level: 1 }),
  inflateRaw(data, maxBytes) {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > maxBytes) throw new Error(`the output passed ${maxBytes} bytes`);
      if (chunk.length > 0) chunks.push(chunk);
    });
    for (let at = 0; at < data.length; at += INFLATE_STEP) inflater.push(data.subarray(at, at + INFLATE_STEP), false);
    inflater.push(new Uint8Array(0), true);
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  },
};
