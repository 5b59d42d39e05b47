import * as assert from 'node:assert';
import { unzipSync } from 'fflate';
import { makeAnchor } from '../../src/core/annotations/anchor';
import { DEFAULT_CODEBOOK } from '../../src/core/annotations/codebook';
import type { Annotation, Sidecar } from '../../src/core/annotations/types';
import { guidOf, sha1Hex, uuidV5 } from '../../src/core/interchange/guid';
import { exportAs, ExportDocument, ExportFormat, ExportProject, planImport, readImport, renderCsv, TargetDocument } from '../../src/core/interchange';
import { parseCsv } from '../../src/core/interchange/csv';
import { OffsetConverter } from '../../src/core/interchange/offsets';
import { child, childrenNamed, parseXml, XmlElement } from '../../src/core/interchange/xml';

/** Emoji and other astral characters before and inside quotes, combining characters, right-to-left text. */
export const TEXT = [
  '# Plan 😀 for 𝔑𝔥𝔰 2026',
  '',
  'The ICB 🏥 will lead the integrator role. Café au lait (cafe\u0301) is served.',
  'The board reads שלום עולם and مرحبا بالعالم in its minutes.',
  'General practice 🙂 is not named as a system partner here.',
  'Funding will come from within existing resources.',
  '',
].join('\n');

function quoteAt(text: string, quote: string): [number, number] {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, `fixture quote not found: ${quote}`);
  return [start, start + quote.length];
}

export function annotate(text: string, specs: { id: string; tag: string; quote: string; note: string; author?: string }[]): Sidecar {
  const annotations: Annotation[] = specs.map((s, i) => {
    const [start, end] = quoteAt(text, text.includes('\r\n') ? s.quote.replace(/\n/g, '\r\n') : s.quote);
    const a: Annotation = { id: s.id, tag: s.tag, note: s.note, ...makeAnchor(text, start, end) };
    if (s.author !== undefined) a.author = s.author;
    a.created = `2026-11-0${i + 1}T09:30:00Z`;
    a.updated = `2026-11-0${i + 1}T10:45:00Z`;
    return a;
  });
  return { version: 1, document: 'plan.md', annotations };
}

export const SPECS = [
  { id: 'a1', tag: 'stakeholder', quote: 'ICB 🏥 will lead', note: 'Which ICB? *Named* in para 2.', author: 'Ana' },
  { id: 'b2', tag: 'omission', quote: 'General practice 🙂 is not named', note: 'The headline gap.\n\n- compare p13', author: 'Bo Ł' },
  { id: 'c3', tag: 'question', quote: 'Café au lait (cafe\u0301)', note: '', author: 'Ana' },
  { id: 'd4', tag: 'governance', quote: 'שלום עולם and مرحبا', note: 'Right-to-left, "quoted", <tag> & more' },
  { id: 'e5', tag: 'funding', quote: 'lead the integrator role. Café', note: 'Spans 😀 text' },
  { id: 'f6', tag: 'funding', quote: 'minutes.\nGeneral', note: 'Across a line end' },
];

function project(text: string, path = 'docs/plan.md'): ExportProject {
  const doc: ExportDocument = { path, text, sidecar: { ...annotate(text, SPECS), document: 'plan.md' } };
  return { name: 'Test project', documents: [doc], codebook: DEFAULT_CODEBOOK };
}

function roundTrip(format: ExportFormat, text: string, targetText = text): { before: Annotation[]; after: Annotation[]; plan: ReturnType<typeof planImport> } {
  const p = project(text);
  const { bytes } = exportAs(format, p);
  const bundle = readImport(`export.${format === 'w3c' ? 'jsonld' : format}`, bytes);
  const target: TargetDocument = { path: 'docs/plan.md', text: targetText, sidecar: { version: 1, document: 'plan.md', annotations: [] } };
  const plan = planImport(bundle, [target], DEFAULT_CODEBOOK);
  return { before: p.documents[0].sidecar.annotations, after: plan.documents[0]?.after.annotations ?? [], plan };
}

const FIELDS = ['tag', 'note', 'quote', 'prefix', 'suffix', 'start', 'author', 'created', 'updated'] as const;

function assertSameAnnotations(before: Annotation[], after: Annotation[], fields: readonly (typeof FIELDS)[number][], label: string): void {
  assert.strictEqual(after.length, before.length, `${label}: count`);
  for (const b of before) {
    const a = after.find((x) => x.created === b.created);
    assert.ok(a, `${label}: ${b.id} (${JSON.stringify(b.quote)}) came back`);
    for (const f of fields) assert.deepStrictEqual(a[f], b[f], `${label}: ${b.id}.${f}`);
  }
}

describe('interchange: GUIDs and offsets', () => {
  it('SHA-1 matches known digests', () => {
    const cases: [string, string][] = [
      ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
      ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ];
    for (const [input, digest] of cases) assert.strictEqual(sha1Hex(input), digest);
  });
  it('UUID v5 matches the RFC example (DNS namespace, www.example.com)', () => {
    assert.strictEqual(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('GUIDs are stable and distinct per kind', () => {
    assert.strictEqual(guidOf.annotation('a.md', 'x1'), guidOf.annotation('a.md', 'x1'));
    assert.notStrictEqual(guidOf.annotation('a.md', 'x1'), guidOf.annotation('b.md', 'x1'));
    assert.notStrictEqual(guidOf.annotation('a.md', 'x1'), guidOf.coding('a.md', 'x1'));
  });
  const offsetCases: [string, number, number][] = [
    ['abc', 2, 2],
    ['😀abc', 2, 1],
    ['a😀b😀c', 4, 3],
    ['a😀b😀c', 6, 4],
    ['e\u0301x', 2, 2],
  ];
  for (const [text, u16, cp] of offsetCases) {
    it(`code points: ${JSON.stringify(text)} UTF-16 ${u16} <-> code point ${cp}`, () => {
      const c = new OffsetConverter(text);
      assert.strictEqual(c.toCodePoint(u16), cp);
      assert.strictEqual(c.fromCodePoint(cp), u16);
    });
  }
  it('CRLF as one character', () => {
    const c = new OffsetConverter('ab\r\ncd\r\nef');
    assert.strictEqual(c.fromCrlfAsOne(3), 4);
    assert.strictEqual(c.fromCrlfAsOne(6), 8);
  });
});

describe('interchange: round trips (sidecar -> format -> sidecar)', () => {
  const crlf = TEXT.replace(/\n/g, '\r\n');
  const cases: { format: ExportFormat; text: string; label: string; fields: readonly (typeof FIELDS)[number][] }[] = [
    { format: 'w3c', text: TEXT, label: 'W3C', fields: FIELDS },
    { format: 'w3c', text: crlf, label: 'W3C, CRLF document', fields: FIELDS },
    { format: 'qdpx', text: TEXT, label: 'REFI-QDA', fields: FIELDS },
    { format: 'qdpx', text: crlf, label: 'REFI-QDA, CRLF document', fields: FIELDS },
  ];
  for (const c of cases) {
    it(`${c.label}: every field the format carries comes back`, () => {
      const { before, after, plan } = roundTrip(c.format, c.text);
      assertSameAnnotations(before, after, c.fields, c.label);
      assert.strictEqual(plan.documents[0].added.length, SPECS.length);
      assert.strictEqual(plan.documents[0].orphaned.length, 0);
    });
  }
  it('REFI-QDA: a re-import into the same sidecar finds every annotation by its GUID (nothing added)', () => {
    const p = project(TEXT);
    const bundle = readImport('p.qdpx', exportAs('qdpx', p).bytes);
    const plan = planImport(bundle, [{ path: 'docs/plan.md', text: TEXT, sidecar: p.documents[0].sidecar }], DEFAULT_CODEBOOK);
    const d = plan.documents[0];
    assert.deepStrictEqual([d.added.length, d.changed.length, d.orphaned.length, d.unchanged], [0, 0, 0, SPECS.length]);
    assert.deepStrictEqual(d.after.annotations.map((a) => a.id).sort(), SPECS.map((s) => s.id).sort());
  });
  it('W3C: a changed note merges by id into the existing annotation', () => {
    const p = project(TEXT);
    const json = JSON.parse(new TextDecoder().decode(exportAs('w3c', p).bytes));
    json.first.items[0].body[1].value = 'Edited elsewhere';
    const bundle = readImport('p.jsonld', new TextEncoder().encode(JSON.stringify(json)));
    const plan = planImport(bundle, [{ path: 'docs/plan.md', text: TEXT, sidecar: p.documents[0].sidecar }], DEFAULT_CODEBOOK);
    const d = plan.documents[0];
    assert.deepStrictEqual(d.changed.map((e) => [e.id, e.fields]), [['a1', ['note']]]);
    assert.strictEqual(d.after.annotations.find((a) => a.id === 'a1')?.note, 'Edited elsewhere');
    assert.strictEqual(d.after.annotations.length, SPECS.length);
  });
  it('import anchors by quote when the document changed since the export; a quote no longer there becomes an orphan', () => {
    const edited = 'A new opening paragraph 🆕 pushes everything down.\n\n' + TEXT.replace('General practice 🙂 is not named', 'Primary care is now named');
    const { after, plan } = roundTrip('qdpx', TEXT, edited);
    const d = plan.documents[0];
    assert.deepStrictEqual(d.orphaned.map((e) => e.quote).sort(), ['General practice 🙂 is not named', 'minutes.\nGeneral']);
    const a1 = after.find((a) => a.quote === 'ICB 🏥 will lead')!;
    assert.strictEqual(edited.slice(a1.start, a1.start + a1.quote.length), a1.quote);
  });
  it('Hypothesis: positions in UTF-16 units, tags and Markdown text; author from the account', () => {
    const sidecar = annotate(TEXT, SPECS);
    const annotations = sidecar.annotations.map((a) => ({
      id: `hyp-${a.id}`, uri: 'https://example.org/docs/plan.md', text: a.note, tags: [a.tag], user: 'acct:ana@hypothes.is',
      created: a.created, updated: a.updated,
      target: [{ source: 'https://example.org/docs/plan.md', selector: [
        { type: 'TextPositionSelector', start: a.start, end: a.start + a.quote.length },
        { type: 'TextQuoteSelector', exact: a.quote, prefix: a.prefix, suffix: a.suffix },
      ] }],
    }));
    annotations.push({ ...annotations[0], id: 'page-note', target: [{ source: 'x', selector: [] }] } as never);
    const file = { export_date: '2026-12-01T00:00:00Z', export_userid: 'acct:ana@hypothes.is', client_version: '1.0', annotations };
    const bundle = readImport('hypothesis.json', new TextEncoder().encode(JSON.stringify(file)));
    assert.strictEqual(bundle.format, 'hypothesis');
    const plan = planImport(bundle, [{ path: 'docs/plan.md', text: TEXT, sidecar: { version: 1, document: 'plan.md', annotations: [] } }], DEFAULT_CODEBOOK);
    assertSameAnnotations(sidecar.annotations, plan.documents[0].after.annotations, ['tag', 'note', 'quote', 'prefix', 'suffix', 'start', 'created', 'updated'], 'Hypothesis');
    assert.ok(plan.documents[0].after.annotations.every((a) => a.author === 'ana'));
    assert.ok(plan.notices.some((n) => n.includes('page-note')));
    // A second import of the same file adds nothing.
    const again = planImport(bundle, [{ path: 'docs/plan.md', text: TEXT, sidecar: plan.documents[0].after }], DEFAULT_CODEBOOK);
    assert.strictEqual(again.documents[0].added.length, 0);
    assert.strictEqual(again.documents[0].unchanged, SPECS.length);
  });
  it('REFI-QDA positions from other tools (UTF-16 units, CRLF counted as one) are read as hints, the quote decides', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const quote = 'General practice 🙂 is not named';
    const u16 = crlf.indexOf(quote);
    const crlfAsOne = TEXT.indexOf(quote); // code units with CRLF counted once
    for (const [label, start] of [['UTF-16 units', u16], ['CRLF as one', crlfAsOne]] as const) {
      const xml = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes><Code guid="${guidOf.tag('omission')}" name="Omission" isCodable="true"/></Codes></CodeBook>`
        + `<Sources><TextSource guid="${guidOf.document('plan.md')}" name="plan.md"><PlainTextContent>${crlf.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\r/g, '&#13;')}</PlainTextContent>`
        + `<PlainTextSelection guid="11111111-2222-4333-8444-555555555555" name="${quote}" startPosition="${start}" endPosition="${start + quote.length}"><Coding guid="11111111-2222-4333-8444-555555555556"><CodeRef targetGUID="${guidOf.tag('omission')}"/></Coding></PlainTextSelection></TextSource></Sources></Project>`;
      const { zipSync, strToU8 } = require('fflate') as typeof import('fflate');
      const bundle = readImport('other.qdpx', zipSync({ 'project.qde': strToU8(xml) }));
      const plan = planImport(bundle, [{ path: 'plan.md', text: crlf, sidecar: { version: 1, document: 'plan.md', annotations: [] } }], DEFAULT_CODEBOOK);
      const a = plan.documents[0].after.annotations[0];
      assert.strictEqual(crlf.slice(a.start, a.start + a.quote.length), quote, label);
      assert.strictEqual(a.tag, 'omission', label);
    }
  });
});

describe('interchange: REFI-QDA structure', () => {
  const p = project(TEXT);
  const files = unzipSync(exportAs('qdpx', p).bytes);
  const xml = new TextDecoder().decode(files['project.qde']);
  const root = parseXml(xml);
  const all = (el: XmlElement, name: string): XmlElement[] => [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];

  it('project.qde at the root, namespace, required attributes, the schema\'s element order', () => {
    assert.strictEqual(root.name, 'Project');
    assert.strictEqual(root.uri, 'urn:QDA-XML:project:1.0');
    assert.ok(root.attrs.name);
    const order = ['Users', 'CodeBook', 'Variables', 'Cases', 'Sources', 'Notes', 'Links', 'Sets', 'Graphs', 'Description', 'NoteRef'];
    const seen = root.children.map((c) => order.indexOf(c.name));
    assert.ok(seen.every((i) => i >= 0) && seen.every((v, i) => i === 0 || v >= seen[i - 1]), root.children.map((c) => c.name).join(','));
    for (const sel of all(root, 'PlainTextSelection')) {
      const names = sel.children.map((c) => ['Description', 'Coding', 'NoteRef'].indexOf(c.name));
      assert.ok(names.every((v, i) => v >= 0 && (i === 0 || v >= names[i - 1])), 'PlainTextSelection: Description?, Coding*, NoteRef*');
    }
    for (const code of all(root, 'Code')) assert.ok(code.attrs.guid && code.attrs.name && code.attrs.isCodable, 'Code guid, name, isCodable');
  });
  it('every CodeRef and NoteRef resolves, every source exists, the code-point slice equals the quote', () => {
    const codes = new Set(all(root, 'Code').map((c) => c.attrs.guid));
    for (const ref of all(root, 'CodeRef')) assert.ok(codes.has(ref.attrs.targetGUID), `CodeRef ${ref.attrs.targetGUID}`);
    const notes = new Set(all(child(root, 'Notes')!, 'Note').map((n) => n.attrs.guid));
    for (const ref of all(root, 'NoteRef')) assert.ok(notes.has(ref.attrs.targetGUID), `NoteRef ${ref.attrs.targetGUID}`);
    const sources = all(root, 'TextSource');
    assert.strictEqual(sources.length, 1);
    for (const s of sources) {
      const path = /^internal:\/\/(.+)$/.exec(s.attrs.plainTextPath)![1];
      const bytes = files[`sources/${path}`];
      assert.ok(bytes, `sources/${path}`);
      const sourceText = new TextDecoder().decode(bytes);
      assert.ok(!sourceText.includes('\r') && sourceText.charCodeAt(0) !== 0xfeff, 'LF, no BOM');
      const cps = Array.from(sourceText);
      const selections = childrenNamed(s, 'PlainTextSelection');
      assert.strictEqual(selections.length, SPECS.length);
      for (const sel of selections) {
        const slice = cps.slice(Number(sel.attrs.startPosition), Number(sel.attrs.endPosition)).join('');
        assert.strictEqual(slice, sel.attrs.name);
      }
    }
  });
  it('GUIDs are the same in a second export; the bytes too', () => {
    const again = exportAs('qdpx', project(TEXT)).bytes;
    assert.deepStrictEqual(again, exportAs('qdpx', p).bytes);
  });
  it('a note is both the Description and a Note', () => {
    const sel = all(root, 'PlainTextSelection').find((s) => s.attrs.name === 'ICB 🏥 will lead')!;
    assert.strictEqual(child(sel, 'Description')?.text, SPECS[0].note);
    assert.strictEqual(childrenNamed(sel, 'NoteRef').length, 1);
  });
});

describe('interchange: CSV', () => {
  it('one row per annotation, RFC 4180 quoting, parses back', () => {
    const p = project(TEXT);
    const csv = renderCsv(p.documents);
    assert.ok(csv.endsWith('\r\n'));
    const rows = parseCsv(csv);
    assert.deepStrictEqual(rows[0], ['document', 'id', 'tag', 'quote', 'note', 'page', 'line', 'author', 'created', 'updated']);
    assert.strictEqual(rows.length, SPECS.length + 1);
    for (const s of SPECS) {
      const row = rows.find((r) => r[1] === s.id)!;
      assert.deepStrictEqual([row[0], row[2], row[3], row[4]], ['docs/plan.md', s.tag, s.quote, s.note]);
    }
    assert.strictEqual(rows.find((r) => r[1] === 'b2')![6], '5');
  });
});

describe('interchange: REFI-QDA codebook', () => {
  const codebook = [
    ...DEFAULT_CODEBOOK,
    { id: 'risk/delivery', label: 'Delivery risk', color: '#aa3300', description: 'Might not happen & why' },
    { id: 'risk/finance', label: 'Finance risk', color: '#0033aa', description: '' },
  ];
  it('.qdc: codes nested by "/" under a folder code that cannot be coded; labels, colours and descriptions come back', () => {
    const { renderQdc, parseQdc } = require('../../src/core/interchange') as typeof import('../../src/core/interchange');
    const xml = renderQdc(codebook);
    const root = parseXml(xml);
    assert.strictEqual(root.name, 'CodeBook');
    assert.strictEqual(root.uri, 'urn:QDA-XML:codebook:1.0');
    const folder = childrenNamed(child(root, 'Codes')!, 'Code').find((c) => c.attrs.name === 'risk')!;
    assert.strictEqual(folder.attrs.isCodable, 'false');
    assert.deepStrictEqual(childrenNamed(folder, 'Code').map((c) => c.attrs.name), ['Delivery risk', 'Finance risk']);
    const bundle = parseQdc('book.qdc', new TextEncoder().encode(xml));
    const plan = planImport(bundle, [], DEFAULT_CODEBOOK);
    assert.deepStrictEqual(plan.newTags.map((t) => [t.id, t.label, t.color, t.description]), [
      ['risk/delivery-risk', 'Delivery risk', '#aa3300', 'Might not happen & why'],
      ['risk/finance-risk', 'Finance risk', '#0033aa', undefined],
    ]);
    assert.ok(bundle.tags.filter((t) => DEFAULT_CODEBOOK.some((d) => d.label === t.label)).length === DEFAULT_CODEBOOK.length, 'the default tags are read too');
  });
});
