/**
 * Where two versions of a text differ: the lengths of their common prefix and suffix, for the
 * incremental reader (reading.ts) and the engine's block cuts (engine.ts). Compared in slices of
 * CHUNK characters (string equality is native), then character by character.
 */

const CHUNK = 4096;

/** Length of the common prefix of two strings. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of two strings, at most `max` (pass the room left by the common prefix). */
export function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  const al = a.length;
  const bl = b.length;
  while (i + CHUNK <= max && a.slice(al - i - CHUNK, al - i) === b.slice(bl - i - CHUNK, bl - i)) i += CHUNK;
  while (i < max && a.charCodeAt(al - 1 - i) === b.charCodeAt(bl - 1 - i)) i++;
  return i;
}
