import * as assert from 'node:assert';
import { createHash } from 'node:crypto';
import { POLICY_LENS_NAMESPACE, sha1, uuidV5 } from '../../src/core/interchange/guid';

/** UUID v5 by RFC 9562 with Node's SHA-1, to check guid.ts's own against. */
function reference(name: string, namespace: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

describe('guid: SHA-1 and UUID v5 agree with Node crypto', () => {
  const names: [string, string][] = [
    ['empty', ''], ['ASCII', 'annotation:docs/d0001.md#a1x'], ['UTF-8 (accents, Hebrew, emoji)', 'user:Zoë שלום 😀'],
    ['39 bytes (padding fits one block with the namespace)', 'x'.repeat(39)], ['40 bytes (padding needs a second block)', 'x'.repeat(40)],
    ['one long name (several blocks)', 'annotation:'.repeat(60)], ['a long name after a short one (the buffer grows)', 'é'.repeat(700)],
  ];
  for (const [label, name] of names) {
    it(`uuidV5: ${label}`, () => {
      assert.strictEqual(uuidV5(name), reference(name, POLICY_LENS_NAMESPACE));
      assert.strictEqual(uuidV5(name, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), reference(name, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'));
    });
    it(`sha1: ${label}`, () => {
      const bytes = new TextEncoder().encode(name);
      assert.strictEqual(Buffer.from(sha1(bytes)).toString('hex'), createHash('sha1').update(bytes).digest('hex'));
    });
  }
});
