/**
 * Scale, for correctness: a generated workspace (100 x 50 annotations; 1,000 x 50 with
 * POLICY_LENS_STRESS=1) loaded through SidecarStore, anchored, indexed and searched.
 * Timings are figures (bench/scale.ts), not assertions.
 */
import * as assert from 'node:assert';
import { generateScaleWorkspace, loadScaleWorkspace, percentile } from '../../../bench/scale';
import { removeDir, tempDir } from './helpers';
import { figure, rit, size } from './tally';

const DOCUMENTS = size(100, 1000);
const PER = 50;

describe('reliability: scale', function () {
  rit('scale', `${DOCUMENTS} documents x ${PER} annotations: every sidecar loads, every annotation anchors exactly, search finds each one asked for`, async function () {
    const dir = await tempDir('pl-scale-');
    try {
      const { docs, expected } = await generateScaleWorkspace(dir, { documents: DOCUMENTS, annotationsPerDocument: PER });
      const ws = await loadScaleWorkspace(dir, docs);
      assert.deepStrictEqual(ws.invalid, []);
      assert.strictEqual(ws.sidecars.size, DOCUMENTS);
      assert.strictEqual(ws.records.length, DOCUMENTS * PER);
      const byKey = new Map(expected.map((e) => [`${e.doc}#${e.id}`, e]));
      let lost = 0;
      for (const [doc, results] of ws.anchors) {
        for (const r of results) {
          const e = byKey.get(`${doc}#${r.id}`);
          assert.ok(e, `unexpected annotation ${r.id}`);
          assert.ok(r.status === 'anchored' && r.start === e.start && r.end === e.start + e.quote.length, `${r.id} anchored where it was made`);
        }
      }
      for (const e of expected) if (!ws.sidecars.get(e.doc)?.annotations.some((a) => a.id === e.id)) lost++;
      const times: number[] = [];
      for (let i = 0; i < expected.length; i += Math.ceil(expected.length / 50)) {
        const e = expected[i];
        const t0 = performance.now();
        const hits = ws.index.search(e.marker, 10);
        times.push(performance.now() - t0);
        assert.ok(hits.slice(0, 3).some((h) => h.key === `${e.doc}#${e.id}`), `search for ${e.marker} finds ${e.id} in the top 3`);
      }
      times.sort((a, b) => a - b);
      figure(`scale.${DOCUMENTS}x${PER}`, {
        loadMs: Math.round(ws.loadMs), anchorMs: Math.round(ws.anchorMs), indexMs: Math.round(ws.indexMs),
        searchP50Ms: Math.round(percentile(times, 50) * 10) / 10, searchP95Ms: Math.round(percentile(times, 95) * 10) / 10,
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576),
      });
      return lost;
    } finally {
      await removeDir(dir);
    }
  }, size(60_000, 900_000));
});
