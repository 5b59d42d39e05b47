/**
 * The ZIP codec on Node's native zlib (4-5x faster than fflate's pure JavaScript), for the
 * `.qdpx` export and import in the Node extension host and the CLI. Node-only: the browser build
 * replaces this module with `web/node-zlib.ts`, which passes fflate (see ARCHITECTURE.md,
 * "Node-only adapters").
 */
import * as zlib from 'zlib';
import type { ZipCodec } from '../core/interchange/zip';

export const zipCodec: ZipCodec = {
  deflateRaw: (data) => plain(zlib.deflateRawSync(data, { level: 1 })),
  // zlib stops once its output passes maxOutputLength and throws, so a lying header cannot fill
  // memory; one byte over the declared size lets readZip name an entry that expands past it.
  // The output buffer is sized from the declared size (up to 64 MB), so most entries inflate in one piece.
  inflateRaw: (data, maxBytes) => plain(zlib.inflateRawSync(data, { maxOutputLength: maxBytes + 1, chunkSize: Math.max(64, Math.min(maxBytes + 1, 64 << 20)) })),
  // zlib.crc32 is in Node 20.15 and later; crc32.ts otherwise.
  crc32: typeof zlib.crc32 === 'function' ? (data) => zlib.crc32(data) : undefined,
};

/** The same bytes as a plain Uint8Array (no copy), as the pure codec gives them. */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
