import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CODEBOOK } from '../../src/core/annotations/codebook';
import { renderBrief } from '../../src/core/interchange/brief';
import type { ExportDocument } from '../../src/core/interchange/model';
import { annotate, SPECS, TEXT } from './interchange-roundtrip.test';

const GOLDEN = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'interchange');

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it (review the diff before committing). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, actual);
  assert.strictEqual(actual, fs.readFileSync(file, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 to accept)`);
}

const PAGED = [
  'Delivery plan',
  '',
  'The ICB will lead the integrator role across the place.',
  '',
  '12',
  '',
  'Funding will come from within existing resources.',
  '',
  '13',
  '',
].join('\n');

function pagedDoc(): ExportDocument {
  const sidecar = annotate(PAGED, [
    { id: 'p1', tag: 'stakeholder', quote: 'The ICB will lead', note: 'Which ICB?', author: 'Ana' },
    { id: 'p2', tag: 'funding', quote: 'within existing resources', note: 'No new money: compare the **Case for change** (p23).', author: 'Bo' },
    { id: 'p3', tag: 'risk-to-delivery', quote: 'integrator role', note: '' },
  ]);
  return {
    path: 'board/delivery-plan.md', text: PAGED, sidecar,
    pages: [{ start: 0, page: 12 }, { start: PAGED.indexOf('12\n') + 3, page: 13 }],
    findings: {
      missing: ['general practice', 'VCSE sector'],
      named: [{ label: 'ICBs', count: 3 }, { label: 'local authorities', count: 1 }],
      funding: [
        { start: 0, end: 1, class: 'existing', cue: 'within existing resources', text: 'Funding will come from within existing resources.', page: 13 },
        { start: 0, end: 1, class: 'backed', cue: 'invest', support: '£2.5m', text: 'We will invest £2.5m in *neighbourhood* teams.' },
      ],
    },
  };
}

describe('interchange: the brief', () => {
  it('one document without page numbers: lines, tags in codebook order, quotes with astral and RTL text', () => {
    const doc: ExportDocument = { path: 'docs/plan.md', text: TEXT, sidecar: annotate(TEXT, SPECS) };
    golden('brief-plan.md', renderBrief([doc], DEFAULT_CODEBOOK));
  });
  it('page references where the document has page numbers, a tag outside the codebook last, the findings summary', () => {
    golden('brief-paged.md', renderBrief([pagedDoc()], DEFAULT_CODEBOOK, { findings: true }));
  });
  it('a workspace brief: documents by path under one title; an orphan says it is not found', () => {
    const plan: ExportDocument = { path: 'docs/plan.md', text: TEXT.replace('General practice 🙂 is not named', 'Primary care is named'), sidecar: annotate(TEXT, SPECS) };
    golden('brief-workspace.md', renderBrief([plan, pagedDoc()], DEFAULT_CODEBOOK, { title: 'Neighbourhood health review' }));
  });
  it('deterministic: the same input gives the same bytes, whatever the order of documents', () => {
    const a = renderBrief([pagedDoc(), { path: 'docs/plan.md', text: TEXT, sidecar: annotate(TEXT, SPECS) }], DEFAULT_CODEBOOK);
    const b = renderBrief([{ path: 'docs/plan.md', text: TEXT, sidecar: annotate(TEXT, SPECS) }, pagedDoc()], DEFAULT_CODEBOOK);
    assert.strictEqual(a, b);
  });
  it('a CRLF document gives the same brief as its LF version', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const lf = renderBrief([{ path: 'docs/plan.md', text: TEXT, sidecar: annotate(TEXT, SPECS) }], DEFAULT_CODEBOOK);
    const cr = renderBrief([{ path: 'docs/plan.md', text: crlf, sidecar: annotate(crlf, SPECS) }], DEFAULT_CODEBOOK);
    assert.strictEqual(cr, lf);
  });
});
