import * as assert from 'node:assert';
import { strToU8, zipSync } from 'fflate';
import { guidOf } from '../../src/core/interchange/guid';
import { InterchangeError, readImport } from '../../src/core/interchange';
import { zipCodec } from '../../src/adapters/node-zlib';
import { fflateZipCodec } from '../../src/core/interchange/fflate-codec';
import { readZip, ZipCodec } from '../../src/core/interchange/zip';

const CODE = guidOf.tag('omission');
const SEL = '11111111-2222-4333-8444-555555555555';

function project(opts: { doctype?: string; codeAttrs?: string; source?: string; selection?: string; codeRef?: string } = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>${opts.doctype ?? ''}<Project xmlns="urn:QDA-XML:project:1.0" name="x">`
    + `<CodeBook><Codes><Code guid="${CODE}" name="Omission" isCodable="true" ${opts.codeAttrs ?? 'color="#D62728"'}/></Codes></CodeBook>`
    + `<Sources>${opts.source ?? `<TextSource guid="${guidOf.document('a.md')}" name="a.md" plainTextPath="internal://a.txt">`}`
    + `<PlainTextSelection guid="${SEL}" name="hello" ${opts.selection ?? 'startPosition="0" endPosition="5"'}><Coding guid="${SEL.slice(0, -1)}6"><CodeRef targetGUID="${opts.codeRef ?? CODE}"/></Coding></PlainTextSelection>`
    + '</TextSource></Sources></Project>';
}

const qdpx = (xml: string | Uint8Array, extra: Record<string, Uint8Array> = {}) =>
  zipSync({ 'project.qde': typeof xml === 'string' ? strToU8(xml) : xml, 'sources/a.txt': strToU8('hello world'), ...extra });

/** A ZIP whose headers claim a small size for an entry that expands to 20 MB. */
function lyingBomb(): Uint8Array {
  const zip = zipSync({ 'project.qde': new Uint8Array(20 * 1024 * 1024) }, { level: 1 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, 1000, true); // local header: uncompressed size
    if (sig === 0x02014b50) view.setUint32(i + 24, 1000, true); // central directory: uncompressed size
  }
  return zip;
}

const json = (v: unknown) => strToU8(JSON.stringify(v));

const CASES: { name: string; file: string; bytes: () => Uint8Array; error: RegExp }[] = [
  { name: 'not a ZIP', file: 'bad.qdpx', bytes: () => strToU8('this is plain text'), error: /not a ZIP archive/ },
  { name: 'a truncated ZIP', file: 'cut.qdpx', bytes: () => qdpx(project()).slice(0, 60), error: /not a readable ZIP|not a ZIP/ },
  { name: 'an entry climbing out with ..', file: 'dots.qdpx', bytes: () => qdpx(project(), { '../../evil.txt': strToU8('x') }), error: /climbs out of the archive/ },
  { name: 'an absolute entry path', file: 'abs.qdpx', bytes: () => qdpx(project(), { '/etc/evil.txt': strToU8('x') }), error: /absolute path/ },
  { name: 'a drive-letter entry path', file: 'drive.qdpx', bytes: () => qdpx(project(), { 'C:/evil.txt': strToU8('x') }), error: /absolute path/ },
  { name: 'no project.qde', file: 'empty.qdpx', bytes: () => zipSync({ 'other.xml': strToU8('<a/>') }), error: /no project\.qde/ },
  { name: 'an external entity (XXE)', file: 'xxe.qdpx', bytes: () => qdpx(project({ doctype: '<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>' })), error: /DOCTYPE/ },
  { name: 'billion laughs', file: 'lol.qdpx', bytes: () => qdpx(project({ doctype: '<!DOCTYPE Project [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' })), error: /DOCTYPE/ },
  { name: 'an undeclared entity', file: 'ent.qdpx', bytes: () => qdpx(project().replace('name="x"', 'name="&x;"')), error: /not well-formed XML/ },
  { name: 'project.qde not UTF-8', file: 'latin.qdpx', bytes: () => qdpx(new Uint8Array([0x3c, 0x50, 0xe9, 0xff, 0x3e])), error: /project\.qde is not UTF-8/ },
  { name: 'a missing source', file: 'nosrc.qdpx', bytes: () => qdpx(project({ source: `<TextSource guid="${guidOf.document('a.md')}" name="a.md" plainTextPath="internal://gone.txt">` })), error: /internal:\/\/gone\.txt, which is not in the archive/ },
  { name: 'a source outside the archive', file: 'ext.qdpx', bytes: () => qdpx(project({ source: `<TextSource guid="${guidOf.document('a.md')}" name="a.md" plainTextPath="absolute:///etc/passwd">` })), error: /points outside the archive/ },
  { name: 'a selection past the end of the text', file: 'past.qdpx', bytes: () => qdpx(project({ selection: 'startPosition="5" endPosition="500"' })), error: /ends at 500, past the end of its text \(11 characters\)/ },
  { name: 'a selection ending before it starts', file: 'back.qdpx', bytes: () => qdpx(project({ selection: 'startPosition="5" endPosition="2"' })), error: /startPosition <= endPosition/ },
  { name: 'a colour that is not a colour', file: 'colour.qdpx', bytes: () => qdpx(project({ codeAttrs: 'color="red"' })), error: /colour 'red', which is not #RRGGBB/ },
  { name: 'a CodeRef to no code', file: 'ref.qdpx', bytes: () => qdpx(project({ codeRef: '99999999-2222-4333-8444-555555555555' })), error: /which is no Code in the codebook/ },
  { name: 'a codebook with the wrong root', file: 'book.qdc', bytes: () => strToU8('<Project xmlns="urn:QDA-XML:project:1.0"/>'), error: /not a REFI-QDA <CodeBook>/ },
  { name: 'not JSON', file: 'notes.json', bytes: () => strToU8('{"annotations": [1, 2'), error: /not a REFI-QDA project \(\.qdpx\), codebook \(\.qdc\) or JSON/ },
  { name: 'JSON of the wrong shape', file: 'shape.json', bytes: () => json({ hello: 'world' }), error: /not W3C Web Annotation JSON/ },
  { name: 'a collection with no embedded page', file: 'coll.jsonld', bytes: () => json({ type: 'AnnotationCollection', first: 'https://example.org/page1' }), error: /no embedded 'first' AnnotationPage/ },
  { name: 'a collection whose items are not a list', file: 'items.jsonld', bytes: () => json({ type: 'AnnotationCollection', first: { type: 'AnnotationPage', items: 'x' } }), error: /'first\.items' must be a list/ },
  { name: 'a W3C target without a source', file: 'src.jsonld', bytes: () => json([{ id: 'urn:x', type: 'Annotation', target: { selector: [] } }]), error: /\[0\]\.target has no 'source'/ },
  { name: 'a W3C position selector with bad numbers', file: 'pos.jsonld', bytes: () => json([{ id: 'urn:x', type: 'Annotation', target: { source: 'a.md', selector: [{ type: 'TextQuoteSelector', exact: 'hello' }, { type: 'TextPositionSelector', start: -1, end: 'x' }] } }]), error: /TextPositionSelector needs whole-number/ },
  { name: 'a Hypothesis annotation without a uri', file: 'hyp.json', bytes: () => json({ export_date: 'x', annotations: [{ id: 'a', target: [] }] }), error: /annotations\[0\] has no 'uri'/ },
  { name: 'Hypothesis tags that are not text', file: 'tags.json', bytes: () => json({ annotations: [{ id: 'a', uri: 'a.md', tags: [1], target: [] }] }), error: /annotations\[0\]\.tags must be a list of text/ },
];

describe('interchange: bad input is refused with the file named and what is wrong', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.throws(() => readImport(c.file, c.bytes()), (err: unknown) => {
        assert.ok(err instanceof InterchangeError, `an InterchangeError, not ${String(err)}`);
        assert.ok(err.message.startsWith(`${c.file}: `), `names the file: ${err.message}`);
        assert.match(err.message, c.error);
        return true;
      });
    });
  }
  for (const { name, codec } of [{ name: "Node's zlib", codec: zipCodec }, { name: 'fflate', codec: fflateZipCodec }]) {
    it(`a ZIP bomb whose headers understate its size expands no further than declared, and is refused (${name})`, function () {
      this.timeout(20000);
      const bomb = lyingBomb();
      const asked: number[] = [];
      const spy: ZipCodec = { ...codec, inflateRaw: (d, max) => { asked.push(max); return codec.inflateRaw(d, max); } };
      assert.throws(() => readZip(bomb, spy), /'project\.qde' (expands past its declared 1000 bytes|cannot be inflated: it is damaged or expands past its declared 1000 bytes)/);
      assert.deepStrictEqual(asked, [1000], 'inflating was capped at the declared 1000 bytes, not 20 MB');
      assert.throws(() => readImport('bomb.qdpx', bomb, codec), /bomb\.qdpx: entry 'project\.qde' .*declared 1000 bytes/);
    });
  }
  it('a ZIP whose declared size is over the cap is refused before anything is inflated', function () {
    this.timeout(20000); // fflate zips 4 MB to build it, slow on a loaded machine
    const zip = zipSync({ 'a.txt': new Uint8Array(4 * 1024 * 1024) });
    const refuse: ZipCodec = { ...zipCodec, inflateRaw: () => assert.fail('nothing is inflated') };
    assert.throws(() => readZip(zip, refuse, 1024 * 1024), /expands to 4194304 bytes, more than the 1048576 allowed/);
  });
});
