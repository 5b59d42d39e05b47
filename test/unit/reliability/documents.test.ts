/**
 * Documents the engine must take without throwing, with offsets that stay right in UTF-16 and
 * time that grows linearly with size. Sizes: POLICY_LENS_STRESS=1 for the full ones.
 */
import * as assert from 'node:assert';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { nodeFileSystem } from '../../../src/adapters/node-fs';
import { SidecarStore, sidecarPathFor } from '../../../src/adapters/sidecar-store';
import { runAnalyze } from '../../../src/cli/analyze';
import { runCheck } from '../../../src/cli/check';
import type { CliIo } from '../../../src/cli/io';
import { addAnnotation } from '../../../src/core/annotations/edits';
import { anchorAnnotations, makeAnchor } from '../../../src/core/annotations/anchor';
import { Analysis, LineIndex } from '../../../src/core/engine';
import type { Span } from '../../../src/core/types';
import { engineWith } from '../helpers/engine';
import { dec, listing, prng, removeDir, tempDir } from './helpers';
import { figure, rit, size } from './tally';

const engine = engineWith();
const PARAGRAPH = 'Integrated care boards must publish a joint forward plan with local authorities and the VCSE sector. '
  + 'Funding comes from existing resources; additional investment of £2.5bn will be made available to general practice (p13).\n';

function repeatTo(unit: string, chars: number): string {
  return unit.repeat(Math.max(1, Math.ceil(chars / unit.length))).slice(0, chars);
}

const MB = 1024 * 1024;

/** Every span in order, inside the text, not splitting a surrogate pair. */
function checkSpans(text: string, spans: readonly Span[], what: string): void {
  let prev = -1;
  for (const s of spans) {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what}: integer offsets`);
    assert.ok(s.start >= 0 && s.start < s.end && s.end <= text.length, `${what}: ${s.start}-${s.end} inside 0-${text.length}`);
    assert.ok(s.start >= prev || what === 'findings', `${what}: sorted`);
    prev = s.start;
    const lowAt = (i: number) => { const c = text.charCodeAt(i); return c >= 0xdc00 && c <= 0xdfff; };
    assert.ok(!lowAt(s.start) && (s.end === text.length || !lowAt(s.end)), `${what}: ${s.start}-${s.end} splits a surrogate pair`);
  }
}

function checkAnalysis(text: string, a: Analysis): void {
  checkSpans(text, a.mentions, 'mentions');
  checkSpans(text, a.findings.filter((f) => f.end > f.start), 'findings');
  checkSpans(text, a.funding, 'funding');
  checkSpans(text, a.money, 'money');
  checkSpans(text, a.pageRefs, 'pageRefs');
  for (const [id, n] of Object.entries(a.counts)) assert.ok(Number.isInteger(n) && n >= 0, `count ${id}`);
}

function analyzeTimed(text: string): { analysis: Analysis; ms: number } {
  const t0 = process.hrtime.bigint();
  const analysis = engine.analyze(text);
  return { analysis, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

let msPerMb: number | undefined;
/** Baseline: analysis time of ~512 KB of ordinary prose, per MB (measured once, after a warm-up). */
function baselineMsPerMb(): number {
  if (msPerMb === undefined) {
    const text = repeatTo(PARAGRAPH, MB / 2);
    engine.analyze(text);
    const runs = [0, 1, 2].map(() => analyzeTimed(text).ms).sort((a, b) => a - b);
    msPerMb = Math.max(runs[1] * 2, 1);
    figure('document.baselineMsPerMb', Math.round(msPerMb));
  }
  return msPerMb;
}

/** Linear: time per MB within 6x of ordinary prose (generous; no tight timing). */
function assertLinear(text: string, name: string): Analysis {
  const base = baselineMsPerMb();
  const { analysis, ms } = analyzeTimed(text);
  const mb = text.length / MB;
  figure(`document.${name}.ms`, Math.round(ms));
  assert.ok(ms <= Math.max(2000, 6 * base * mb), `${name}: ${Math.round(ms)} ms for ${mb.toFixed(1)} MB; prose runs at ${Math.round(base)} ms/MB`);
  return analysis;
}

const slices = (text: string, spans: readonly Span[]): string[] => spans.map((s) => text.slice(s.start, s.end));

interface DocCase { name: string; text: () => string; check?: (text: string, a: Analysis) => void; linear?: boolean; timeout?: number }

const EMOJI = ['👩🏽‍⚕️', '🏥', '🇬🇧', '😀', '🧑‍🤝‍🧑', '\u{1F9EC}'];
const COMBINING = 'cafe\u0301 Z\u0351\u0325a\u0302l\u0303g\u0304o\u0305';

const DOCS: DocCase[] = [
  { name: 'empty', text: () => '', check: (_t, a) => assert.deepStrictEqual(a.mentions, []) },
  { name: 'whitespace only', text: () => ' \n\r\n\t\u00a0\u2028 ', check: (_t, a) => assert.deepStrictEqual(a.mentions, []) },
  {
    name: `one ${size(2, 10)} MB line`, linear: true, timeout: size(20_000, 240_000),
    text: () => repeatTo(PARAGRAPH.replace('\n', ' '), size(2, 10) * MB),
    check: (t, a) => { assert.ok(a.mentions.length > 1000); assert.strictEqual(new LineIndex(t).lineCount, 1); },
  },
  {
    name: `${size(3, 20)} MB document`, linear: true, timeout: size(20_000, 300_000),
    text: () => repeatTo(PARAGRAPH, size(3, 20) * MB),
    check: (_t, a) => assert.ok(a.counts['icb'] > 1000),
  },
  {
    name: 'binary (random bytes, decoded as UTF-8)', linear: true, timeout: 20_000,
    text: () => { const r = prng(42); const b = new Uint8Array(size(1, 5) * MB); for (let i = 0; i < b.length; i++) b[i] = r.int(256); return dec(b); },
  },
  {
    name: 'invalid UTF-8 around words', text: () => dec(Buffer.concat([Buffer.from('Integrated care boards'), Buffer.from([0xff, 0xc3]), Buffer.from(' and general practice\xa0'), Buffer.from([0xe2, 0x82])])),
    check: (t, a) => assert.deepStrictEqual(slices(t, a.mentions), ['Integrated care boards', 'general practice']),
  },
  {
    name: 'mixed line endings (\\n, \\r\\n, \\r, U+2028)', text: () => 'Integrated care\r\nboards meet.\rGeneral practice\u2028and local\nauthorities.\r\n',
    check: (t, a) => {
      assert.deepStrictEqual(slices(t, a.mentions), ['Integrated care\r\nboards', 'General practice', 'local\nauthorities']);
      const idx = new LineIndex(t);
      assert.strictEqual(idx.lineCount, 5);
      for (const m of a.mentions) assert.strictEqual(idx.offsetAt(idx.positionAt(m.start).line, idx.positionAt(m.start).character), m.start);
      assert.deepStrictEqual(idx.positionAt(t.indexOf('General')), { line: 2, character: 0 });
    },
  },
  {
    name: 'right-to-left text and bidi controls',
    text: () => 'مجالس الرعاية المتكاملة \u202bintegrated care boards\u202c و general practice \u202eICB\u202c שלום עולם.\n',
    check: (t, a) => assert.deepStrictEqual(slices(t, a.mentions), ['integrated care boards', 'general practice', 'ICB']),
  },
  {
    name: 'emoji and combining characters (UTF-16 offsets)',
    text: () => `${EMOJI[0]}${EMOJI[1]} Integrated care boards ${EMOJI[2]} fund ${COMBINING} general practice ${EMOJI[4]}; `
      + `the VCSE${EMOJI[3]} sector, ${EMOJI[5]} from existing resources: £2.5bn (p13) ${EMOJI[0]}\n`,
    check: (t, a) => {
      assert.deepStrictEqual(slices(t, a.mentions), ['Integrated care boards', 'general practice', 'VCSE']);
      assert.ok(slices(t, a.money).includes('£2.5bn'));
      assert.ok(slices(t, a.pageRefs).includes('(p13)'));
      // Same analysis when every non-ASCII character is replaced by as many spaces as it has
      // UTF-16 code units: offsets are UTF-16, not bytes or code points.
      const flat = t.replace(/[^\x00-\x7f£]/g, (c) => ' '.repeat(c.length));
      assert.strictEqual(flat.length, t.length);
      const b = engine.analyze(flat);
      assert.deepStrictEqual(a.mentions.map((m) => [m.entryId, m.start, m.end]), b.mentions.map((m) => [m.entryId, m.start, m.end]));
      assert.deepStrictEqual(a.money, b.money);
      // And an annotation on the emoji-laden text anchors back to the same UTF-16 range.
      const q = t.indexOf('general practice');
      const [r] = anchorAnnotations(t, [{ id: 'e1', ...makeAnchor(t, q, q + 16) }]);
      assert.ok(r.status === 'anchored' && r.start === q && r.end === q + 16);
    },
  },
  {
    name: 'very long words (100k characters)',
    text: () => 'x'.repeat(100_000) + ' general practice ' + 'é'.repeat(100_000) + ' ' + '😀'.repeat(50_000) + ' ICB\n',
    linear: true, timeout: 20_000,
    check: (t, a) => assert.deepStrictEqual(slices(t, a.mentions), ['general practice', 'ICB']),
  },
  {
    name: 'one 1 MB line of PDF escapes and empty emphasis',
    text: () => repeatTo('\\(ICB\\) ** ** general practice **** \\- ', MB),
    linear: true, timeout: 20_000,
    check: (t, a) => assert.ok(slices(t, a.mentions).includes('general practice')),
  },
  {
    name: '1 MB of PDF-converted fragments (joins, page numbers, lost ligatures, hyphens)',
    text: () => repeatTo('We wil invest in\n\nneighbour-\n\nhood teams with the ICB al ocations.\n\n12\n\n**Plan 2026**\n\n', MB),
    linear: true, timeout: 20_000,
    check: (t, a) => assert.ok(a.fundingStatements.length > 1000 && slices(t, a.mentions).includes('ICB')),
  },
  { name: 'NUL and control characters', text: () => 'general\u0000practice \u0007 ICB\u0000\u001b[31m local authorities', check: (t, a) => assert.ok(slices(t, a.mentions).includes('ICB')) },
  { name: 'lone surrogates', text: () => '\ud800 ICB \udc00general practice\ud83d', check: (t, a) => assert.ok(slices(t, a.mentions).includes('ICB')) },
  { name: 'a YAML sidecar as a document', text: () => 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    quote: general practice\n' },
];

async function cli(fn: typeof runCheck, cwd: string, ...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = { cwd, stdout: (t) => { out += t; }, stderr: (t) => { out += t; } };
  return { code: await fn(args, io), out };
}

describe('reliability: documents', function () {
  this.timeout(20_000);
  for (const doc of DOCS) {
    rit('document', doc.name, () => {
      const text = doc.text();
      const analysis = doc.linear ? assertLinear(text, doc.name.replace(/\W+/g, '-')) : engine.analyze(text);
      checkAnalysis(text, analysis);
      doc.check?.(text, analysis);
      engine.sentences(text);
      new LineIndex(text).positionAt(text.length);
    }, doc.timeout);
  }

  rit('document', 'a document named like a sidecar', async () => {
    const dir = await tempDir();
    try {
      const docText = 'Integrated care boards must publish a joint forward plan.\n';
      const doc = path.join(dir, 'report.annotations.yaml');
      await fsp.writeFile(doc, docText);
      // Analysing it is fine.
      assert.deepStrictEqual(slices(docText, engine.analyze(docText).mentions), ['Integrated care boards']);
      // Annotating it writes report.annotations.yaml.annotations.yaml and leaves the document alone.
      const store = new SidecarStore(nodeFileSystem, { workspaceRoot: dir });
      await store.save(doc, (s) => addAnnotation(s, { id: 'n1', tag: 'question', note: '', ...makeAnchor(docText, 0, 22) }));
      assert.strictEqual(await fsp.readFile(doc, 'utf8'), docText, 'the document is untouched');
      assert.deepStrictEqual(await listing(dir), ['report.annotations.yaml', 'report.annotations.yaml.annotations.yaml']);
      // `check` sees the document as a sidecar that does not parse: it reports it, never writes, never throws.
      const checked = await cli(runCheck, dir, '.', '--format', 'json');
      const report = JSON.parse(checked.out) as { sidecars: { path: string; valid: boolean; annotations: { status: string }[] }[] };
      const asSidecar = report.sidecars.find((s) => s.path === 'report.annotations.yaml');
      assert.ok(asSidecar && !asSidecar.valid, 'the prose file is reported as an invalid sidecar');
      const real = report.sidecars.find((s) => s.path === 'report.annotations.yaml.annotations.yaml');
      assert.ok(real && real.valid && real.annotations.every((a) => a.status === 'anchored'), 'its own sidecar anchors');
      assert.strictEqual(await fsp.readFile(doc, 'utf8'), docText);
      // `analyze` named explicitly analyses it.
      const analyzed = await cli(runAnalyze, dir, 'report.annotations.yaml', '--format', 'json');
      assert.ok(analyzed.code === 0 || analyzed.code === 1, `analyze exit ${analyzed.code}: ${analyzed.out.slice(0, 200)}`);
      return 0;
    } finally {
      await removeDir(dir);
    }
  });

  rit('document', 'odd documents through `policy-lens analyze` (binary, invalid UTF-8, BOM, CRLF, empty)', async () => {
    const dir = await tempDir();
    try {
      const r = prng(7);
      const files: Record<string, Uint8Array> = {
        'binary.md': Uint8Array.from({ length: 65536 }, () => r.int(256)),
        'invalid.md': Buffer.concat([Buffer.from('General practice '), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(' ICB\n')]),
        'bom.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ICB and general practice\r\n')]),
        'empty.md': new Uint8Array(0),
      };
      for (const [name, bytes] of Object.entries(files)) await fsp.writeFile(path.join(dir, name), bytes);
      const res = await cli(runAnalyze, dir, '.', '--format', 'json');
      assert.ok(res.code === 0 || res.code === 1, `exit ${res.code}: ${res.out.slice(0, 300)}`);
      JSON.parse(res.out);
      for (const [name, bytes] of Object.entries(files)) {
        assert.ok(Buffer.from(await fsp.readFile(path.join(dir, name))).equals(Buffer.from(bytes)), `${name} untouched`);
      }
      assert.ok(!(await fsp.stat(sidecarPathFor(path.join(dir, 'bom.md'))).catch(() => undefined)), 'analyze writes no sidecar');
    } finally {
      await removeDir(dir);
    }
  });
});
