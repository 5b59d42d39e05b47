import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { strToU8, unzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { zipCodec as nodeCodec } from '../../src/adapters/node-zlib';
import { zipCodec as webCodec } from '../../src/adapters/web/node-zlib';
import { crc32 } from '../../src/core/interchange/crc32';
import { fflateZipCodec } from '../../src/core/interchange/fflate-codec';
import { listZip, readZip, writeZip, ZipCodec } from '../../src/core/interchange/zip';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'interchange', 'zip');
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

const CODECS: { name: string; codec: ZipCodec }[] = [
  { name: "Node's zlib (node-zlib.ts)", codec: nodeCodec },
  { name: 'fflate (the browser stand-in)', codec: webCodec },
  { name: 'fflate without a host CRC-32 (crc32.ts)', codec: { ...fflateZipCodec, crc32: undefined } },
];

/** Deterministic bytes that do not compress. */
function noise(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; out[i] = x >>> 24; }
  return out;
}

/** Data descriptors (flag bit 3): fflate's streaming Zip writes sizes and CRC after the data. */
function streamedByFflate(files: Record<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => { if (err) throw err; chunks.push(chunk); });
  for (const [name, data] of Object.entries(files)) {
    const entry = name.endsWith('.bin') ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

describe('crc32 (crc32.ts) agrees with zlib', () => {
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)], ['one byte', new Uint8Array([0x61])], ['"123456789" (the check value)', strToU8('123456789')],
    ['7 bytes (no full step)', noise(7)], ['8 bytes (one step)', noise(8)], ['1 MB and 3 bytes', noise(1024 * 1024 + 3)],
    ['UTF-8 with astral characters', strToU8('café 😀 שלום\r\n')],
  ];
  for (const [name, data] of cases) it(name, () => assert.strictEqual(crc32(data), zlib.crc32(data)));
  it('the standard check value', () => assert.strictEqual(crc32(strToU8('123456789')), 0xcbf43926));
});

describe('ZIP codecs stop inflating at the cap', function () {
  this.timeout(20000); // 5 MB through fflate's pure JavaScript, on a loaded machine
  const big = zlib.deflateRawSync(new Uint8Array(5 * 1024 * 1024));
  for (const { name, codec } of CODECS) {
    it(`${name}: inflates within the cap, throws past it`, () => {
      assert.strictEqual(codec.inflateRaw(big, 5 * 1024 * 1024).length, 5 * 1024 * 1024);
      // Node's codec may hand back one byte over (readZip names it); nothing more.
      let out: Uint8Array | undefined;
      try { out = codec.inflateRaw(big, 1000); } catch { out = undefined; }
      assert.ok(out === undefined || out.length === 1001, `stopped at the cap, not ${out?.length} bytes`);
      // A cut stream is refused, or comes out short (and readZip refuses it by its size).
      let cut: Uint8Array | undefined;
      try { cut = codec.inflateRaw(big.subarray(0, big.length - 4), 5 * 1024 * 1024); } catch { cut = undefined; }
      assert.ok(cut === undefined || cut.length < 5 * 1024 * 1024, 'a cut stream is refused or short');
    });
  }
});

describe('writeZip -> readZip round trip', function () {
  this.timeout(20000); // runs Info-ZIP's unzip once
  const files: Record<string, string | Uint8Array> = {
    'project.qde': '<?xml version="1.0"?>\n<Project/>\n'.repeat(1000),
    'sources/empty.txt': '',
    'sources/noise.bin': noise(70_000),
    'sources/naïve 😀 שלום.txt': 'a name in UTF-8',
    'sources/crlf.txt': 'one\r\ntwo\r\n',
  };
  for (const { name, codec } of CODECS) {
    it(`${name}: every entry back, byte for byte`, () => {
      const zip = writeZip(files, codec);
      const back = readZip(zip, codec);
      assert.deepStrictEqual([...back.keys()], Object.keys(files));
      for (const [k, v] of Object.entries(files)) assert.deepStrictEqual(back.get(k), typeof v === 'string' ? strToU8(v) : v, k);
    });
    it(`${name}: the same files give the same bytes`, () => assert.deepStrictEqual(writeZip(files, codec), writeZip(files, codec)));
  }
  it('incompressible and empty entries are stored, the rest deflated; UTF-8 names are flagged', () => {
    const methods = new Map(listZip(writeZip(files, nodeCodec)).map((e) => [e.name, [e.method, e.flags]]));
    assert.deepStrictEqual(methods.get('sources/noise.bin'), [0, 0]);
    assert.deepStrictEqual(methods.get('sources/empty.txt'), [0, 0]);
    assert.deepStrictEqual(methods.get('project.qde'), [8, 0]);
    assert.strictEqual(methods.get('sources/naïve 😀 שלום.txt')?.[1], 0x800);
  });
  it('what one codec writes, the other reads', () => {
    assert.deepStrictEqual(readZip(writeZip(files, nodeCodec), webCodec), readZip(writeZip(files, webCodec), nodeCodec));
  });
  it('fflate, Info-ZIP (unzip -t) and zlib read what writeZip writes', function () {
    const zip = writeZip(files, nodeCodec);
    assert.deepStrictEqual(Object.keys(unzipSync(zip)), Object.keys(files));
    if (spawnSync('unzip', ['-v']).error) this.skip(); // no Info-ZIP unzip on this machine
    const file = path.join(os.tmpdir(), `policy-lens-zip-${process.pid}.zip`);
    fs.writeFileSync(file, zip);
    try {
      const test = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
      assert.strictEqual(test.status, 0, test.stdout + test.stderr);
      assert.match(test.stdout, /No errors detected/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

describe('readZip reads archives other tools write', () => {
  const qde = text(fixture('project.qde.expected'));
  const source = text(fixture('a.txt.expected'));
  const cases: { name: string; bytes: () => Uint8Array; extra?: Record<string, string> }[] = [
    { name: 'Info-ZIP zip, deflated, with a folder entry', bytes: () => fixture('infozip-deflated.zip') },
    { name: 'Info-ZIP zip -0 (stored)', bytes: () => fixture('infozip-stored.zip') },
    { name: 'Info-ZIP zip to a pipe (data descriptors, flag bit 3)', bytes: () => fixture('infozip-streamed.zip') },
    { name: 'Info-ZIP zip with an archive comment', bytes: () => fixture('infozip-comment.zip') },
    { name: "Python's zipfile, with a UTF-8 name (flag bit 11)", bytes: () => fixture('python-deflated.zip'), extra: { 'sources/naïve 😀.txt': 'UTF-8 name' } },
    { name: 'fflate zipSync, level 6', bytes: () => zipSync({ 'project.qde': strToU8(qde!), 'sources/a.txt': strToU8(source!) }, { level: 6 }) },
    { name: 'fflate zipSync, level 0 (stored)', bytes: () => zipSync({ 'project.qde': strToU8(qde!), 'sources/a.txt': strToU8(source!) }, { level: 0 }) },
    { name: 'fflate streaming Zip (data descriptors, deflated and stored)', bytes: () => streamedByFflate({ 'project.qde': strToU8(qde!), 'sources/a.txt': strToU8(source!), 'sources/n.bin': noise(3000) }), extra: { 'sources/n.bin': '' } },
  ];
  for (const c of cases) {
    for (const { name, codec } of CODECS.slice(0, 2)) {
      it(`${c.name} (${name})`, () => {
        const entries = readZip(c.bytes(), codec);
        assert.strictEqual(text(entries.get('project.qde')), qde);
        assert.strictEqual(text(entries.get('sources/a.txt')), source);
        assert.ok(![...entries.keys()].some((k) => k.endsWith('/')), 'folders are left out');
        for (const [k, v] of Object.entries(c.extra ?? {})) {
          assert.ok(entries.has(k), `has ${k}`);
          if (v) assert.strictEqual(text(entries.get(k)), v);
        }
        assert.strictEqual(entries.size, 2 + Object.keys(c.extra ?? {}).length);
      });
    }
  }
});

/** A small valid archive to break, and where its structures are. */
function sample(): { zip: Uint8Array; view: DataView; local: number[]; central: number[]; end: number } {
  const zip = writeZip({ 'project.qde': 'hello hello hello hello hello', 'sources/a.txt': 'world world world world world' }, nodeCodec);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const local: number[] = [], central: number[] = [];
  let end = -1;
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) local.push(i);
    else if (sig === 0x02014b50) central.push(i);
    else if (sig === 0x06054b50) end = i;
  }
  return { zip, view, local, central, end };
}

describe('readZip refuses damaged and hostile archives, saying what is wrong', () => {
  const cases: { name: string; bytes: () => Uint8Array; error: RegExp }[] = [
    { name: 'not a ZIP', bytes: () => strToU8('PK but not really a zip archive at all'), error: /no end of central directory record/ },
    { name: 'cut short', bytes: () => sample().zip.slice(0, 60), error: /not a readable ZIP archive/ },
    { name: 'ZIP64 (Info-ZIP zip -fz)', bytes: () => fixture('infozip-zip64.zip'), error: /ZIP64 archive, which is not supported/ },
    { name: 'ZIP64 sizes in an entry', bytes: () => { const s = sample(); s.view.setUint32(s.central[0] + 20, 0xffffffff, true); return s.zip; }, error: /uses ZIP64 sizes/ },
    { name: 'a CRC-32 that does not match', bytes: () => { const s = sample(); s.view.setUint32(s.central[1] + 16, 12345, true); return s.zip; }, error: /'sources\/a\.txt' fails its CRC-32 check/ },
    { name: 'a declared size larger than the data', bytes: () => { const s = sample(); s.view.setUint32(s.central[0] + 24, 500, true); return s.zip; }, error: /expands to 29 bytes, not the 500 declared/ },
    { name: 'a declared size smaller than the data (a lying header)', bytes: () => { const s = sample(); s.view.setUint32(s.central[0] + 24, 10, true); return s.zip; }, error: /'project\.qde' (expands past its declared 10 bytes|cannot be inflated)/ },
    { name: 'damaged deflate data', bytes: () => { const s = sample(); s.zip.fill(0xff, s.local[0] + 30 + 11, s.local[0] + 30 + 11 + 6); return s.zip; }, error: /'project\.qde' cannot be inflated/ },
    { name: 'an encrypted entry', bytes: () => { const s = sample(); s.view.setUint16(s.central[0] + 8, 1, true); return s.zip; }, error: /'project\.qde' is encrypted/ },
    { name: 'an unsupported method (bzip2)', bytes: () => { const s = sample(); s.view.setUint16(s.central[0] + 10, 12, true); return s.zip; }, error: /compressed with method 12 \(bzip2\)/ },
    { name: 'a spanned archive', bytes: () => { const s = sample(); s.view.setUint16(s.end + 4, 1, true); return s.zip; }, error: /split over several files/ },
    { name: 'a local header named differently', bytes: () => { const s = sample(); s.zip[s.local[1] + 30] = 0x53; /* 'S' */ return s.zip; }, error: /named 'Sources\/a\.txt' in its local header/ },
    { name: 'a central directory pointing at no local header', bytes: () => { const s = sample(); s.view.setUint32(s.central[1] + 42, 3, true); return s.zip; }, error: /no local header where the central directory says/ },
    { name: 'two entries sharing their data (overlap)', bytes: () => { const s = sample(); s.view.setUint32(s.central[1] + 42, s.local[0], true); return s.zip; }, error: /named 'project\.qde' in its local header|overlap/ },
    { name: 'the same name twice', bytes: () => zipTwice(), error: /'a\.txt' appears twice/ },
    { name: 'a backslash in a name', bytes: () => zipSync({ 'sources\\a.txt': strToU8('x') }), error: /backslash/ },
    { name: "a name with '..'", bytes: () => zipSync({ 'a/../../b.txt': strToU8('x') }), error: /climbs out of the archive/ },
    { name: 'an absolute name', bytes: () => zipSync({ '/etc/passwd': strToU8('x') }), error: /absolute path/ },
    { name: 'a control character in a name', bytes: () => zipSync({ 'a\u0001.txt': strToU8('x') }), error: /control characters/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      for (const { codec } of CODECS.slice(0, 2)) assert.throws(() => readZip(c.bytes(), codec), c.error);
    });
  }
  it('too many entries, before anything is inflated', () => {
    const s = sample();
    s.view.setUint16(s.end + 8, 0xfffe, true);
    s.view.setUint16(s.end + 10, 0xfffe, true);
    assert.throws(() => readZip(s.zip, nodeCodec), /(central directory entry 3 of 65534 is damaged|entries)/);
  });
  it('a lying header asks the codec for no more than the declared size', () => {
    const s = sample();
    s.view.setUint32(s.central[0] + 24, 10, true);
    const asked: number[] = [];
    const spy: ZipCodec = { ...nodeCodec, inflateRaw: (d, max) => { asked.push(max); return nodeCodec.inflateRaw(d, max); } };
    assert.throws(() => readZip(s.zip, spy));
    assert.deepStrictEqual(asked, [10]);
  });
});

/** Two entries named a.txt (fflate's object API cannot write that: rename one after writing). */
function zipTwice(): Uint8Array {
  const zip = zipSync({ 'a.txt': strToU8('one'), 'b.txt': strToU8('two') });
  const view = new DataView(zip.buffer);
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && zip[i + 30] === 0x62) zip[i + 30] = 0x61;
    if (sig === 0x02014b50 && zip[i + 46] === 0x62) zip[i + 46] = 0x61;
  }
  return zip;
}
