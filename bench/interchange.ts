/**
 * Interchange benchmark: 50,000 annotations over 1,000 generated documents exported to each
 * format and imported back (parse, match, anchor by quote, plan), and the brief of one document.
 * Targets (issue 14): export and import each under 5 s; one document's brief under 100 ms.
 * Prints figures; asserts nothing. Times are CPU time of this process (process.cpuUsage, so a
 * busy machine does not inflate them), with the wall-clock time after it. `.qdpx` is zipped with
 * Node's zlib (src/adapters/node-zlib.ts, as the Node hosts and the CLI do), then with fflate (as
 * the browser build does).
 *
 * Run: npx tsc -p . && node -e "require('./out/bench/interchange').runInterchangeBench()"
 */
import { makeAnchor } from '../src/core/annotations/anchor';
import { DEFAULT_CODEBOOK } from '../src/core/annotations/codebook';
import type { Annotation } from '../src/core/annotations/types';
import { zipCodec } from '../src/adapters/node-zlib';
import { exportAs, ExportDocument, fflateZipCodec, planImport, readImport, TargetDocument, ZipCodec } from '../src/core/interchange';
import { renderBrief } from '../src/core/interchange/brief';
import { rng as seeded } from './prng';

const WORDS = ('integrated care boards neighbourhood health teams general practice primary care networks local authorities voluntary sector '
  + 'community providers funding allocation recurrent investment workforce digital records discharge intermediate care population health '
  + 'outcomes delivery plan accountability place partnership integrator commissioning 😀 café שלום').split(' ');

export function makeDocument(random: () => number, index: number, annotations: number): ExportDocument {
  const sentences: string[] = [];
  for (let i = 0; i < annotations * 2; i++) {
    const n = 12 + Math.floor(random() * 14);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]);
    sentences.push(`${words.join(' ')} (${index}.${i}).`);
  }
  const paragraphs: string[] = [`# Document ${index}`];
  for (let i = 0; i < sentences.length; i += 4) paragraphs.push(sentences.slice(i, i + 4).join(' '));
  const text = paragraphs.join('\n\n') + '\n';
  const list: Annotation[] = [];
  for (let k = 0; k < annotations; k++) {
    const s = sentences[k * 2];
    const start = text.indexOf(s);
    const end = start + Math.min(s.length, 40 + Math.floor(random() * 60));
    list.push({
      id: `a${k.toString(36)}`, tag: DEFAULT_CODEBOOK[k % DEFAULT_CODEBOOK.length].id, note: `Note ${k} on **this** passage.`,
      ...makeAnchor(text, start, end), author: k % 2 ? 'Ana' : 'Bo', created: '2026-11-20T10:00:00Z', updated: '2026-11-21T10:00:00Z',
    });
  }
  return { path: `docs/d${String(index).padStart(4, '0')}.md`, text, sidecar: { version: 1, document: `d${index}.md`, annotations: list } };
}

/** The value, the CPU time of this process (ms) and the wall-clock time (ms). */
function time<T>(f: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = f();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return [v, (cpu.user + cpu.system) / 1000, wall];
}

const ms = (cpu: number, wall: number) => `${cpu.toFixed(0).padStart(5)} ms (wall ${wall.toFixed(0)})`;

export function runInterchangeBench(documents = 1000, perDocument = 50): void {
  const random = seeded(14);
  const docs = Array.from({ length: documents }, (_, i) => makeDocument(random, i, perDocument));
  const total = documents * perDocument;
  const mb = docs.reduce((n, d) => n + d.text.length, 0) / 1e6;
  console.log(`${documents} documents (${mb.toFixed(1)} M characters), ${total} annotations; CPU time (wall-clock time), targets: export and import each < 5 s`);
  const project = { name: 'Bench', documents: docs, codebook: DEFAULT_CODEBOOK };
  const empty: TargetDocument[] = docs.map((d) => ({ path: d.path, text: d.text, sidecar: { version: 1, document: d.sidecar.document, annotations: [] } }));
  const full: TargetDocument[] = docs.map((d) => ({ path: d.path, text: d.text, sidecar: d.sidecar }));
  const formats: { label: string; format: 'qdpx' | 'w3c' | 'csv' | 'brief'; codec?: ZipCodec }[] = [
    { label: 'qdpx', format: 'qdpx', codec: zipCodec }, { label: 'qdpx (fflate, as in the browser)', format: 'qdpx', codec: fflateZipCodec },
    { label: 'w3c', format: 'w3c' }, { label: 'csv', format: 'csv' }, { label: 'brief', format: 'brief' },
  ];
  for (const { label, format, codec } of formats) {
    const [result, exportCpu, exportWall] = time(() => exportAs(format, project, {}, codec));
    let line = `  ${label.padEnd(5)} export ${ms(exportCpu, exportWall)} (${(result.bytes.length / 1e6).toFixed(1)} MB)`;
    if (format === 'qdpx' || format === 'w3c') {
      const file = format === 'qdpx' ? 'bench.qdpx' : 'bench.jsonld';
      const [bundle, readCpu, readWall] = time(() => readImport(file, result.bytes, codec));
      const [plan, planCpu, planWall] = time(() => planImport(bundle, empty, DEFAULT_CODEBOOK));
      const added = plan.documents.reduce((n, d) => n + d.added.length, 0);
      const orphaned = plan.documents.reduce((n, d) => n + d.orphaned.length, 0);
      const [again, againCpu, againWall] = time(() => planImport(bundle, full, DEFAULT_CODEBOOK));
      const unchanged = again.documents.reduce((n, d) => n + d.unchanged, 0);
      line += `; import ${ms(readCpu + planCpu, readWall + planWall)} (read ${readCpu.toFixed(0)}, anchor and plan ${planCpu.toFixed(0)}: ${added} added, ${orphaned} orphaned)`
        + `; re-import into the same sidecars ${ms(readCpu + againCpu, readWall + againWall)} (${unchanged} unchanged)`;
    }
    console.log(line);
  }
  const one = docs[0];
  renderBrief([one], DEFAULT_CODEBOOK);
  const runs = 20;
  const [, briefMs] = time(() => { for (let i = 0; i < runs; i++) renderBrief([one], DEFAULT_CODEBOOK); });
  console.log(`  brief of one document (${perDocument} annotations, ${(one.text.length / 1000).toFixed(0)} k characters): ${(briefMs / runs).toFixed(1)} ms (target < 100 ms)`);
  const big = makeDocument(seeded(15), 9999, 1000);
  const [, bigMs] = time(() => renderBrief([big], DEFAULT_CODEBOOK));
  console.log(`  brief of one large document (1000 annotations, ${(big.text.length / 1e6).toFixed(1)} M characters): ${bigMs.toFixed(1)} ms`);
}
