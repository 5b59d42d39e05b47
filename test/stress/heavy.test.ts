/**
 * Heavy variants that only `npm run test:stress` runs (POLICY_LENS_STRESS=1 also switches the
 * reliability suite in test/unit/reliability to its full sizes: 50 MB files, 10/20 MB documents,
 * 20,000 fuzz inputs per loader, 1,000 x 50 annotations).
 */
import * as assert from 'node:assert';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { nodeFileSystem } from '../../src/adapters/node-fs';
import { SidecarStore, sidecarPathFor } from '../../src/adapters/sidecar-store';
import { addAnnotation } from '../../src/core/annotations/edits';
import { parseSidecar } from '../../src/core/annotations/sidecar';
import { measureScale } from '../../bench/scale';
import { annotation, dec, idsOnDisk, PLAN_TEXT, removeDir, tempDir } from '../unit/reliability/helpers';
import { figure, rit } from '../unit/reliability/tally';

/** A sidecar of about `mb` MB made of many small annotations (the expensive kind to parse). */
function manyAnnotations(mb: number): { text: string; ids: string[] } {
  const parts = ['version: 1\ndocument: plan.md\nannotations:\n'];
  const ids: string[] = [];
  let length = parts[0].length;
  for (let i = 0; length < mb * 1024 * 1024; i++) {
    const id = `m${i.toString(36)}`;
    ids.push(id);
    const item = `  - id: ${id}\n    tag: question\n    note: "note ${i} on the funding of general practice"\n    quote: "quote ${i} of the text"\n    prefix: "before ${i} "\n    suffix: " after"\n    start: ${i * 40}\n`;
    parts.push(item);
    length += item.length;
  }
  return { text: parts.join(''), ids };
}

describe('stress: heavy variants', function () {
  rit('sidecar', '10 MB sidecar of ~55,000 annotations: loads, a save adds one and loses none', async () => {
    const dir = await tempDir();
    try {
      const { text, ids } = manyAnnotations(10);
      const doc = path.join(dir, 'plan.md');
      await fsp.writeFile(doc, PLAN_TEXT);
      await fsp.writeFile(sidecarPathFor(doc), text);
      const t0 = Date.now();
      const parsed = parseSidecar(text);
      assert.ok(parsed.ok);
      const parseMs = Date.now() - t0;
      const store = new SidecarStore(nodeFileSystem, { workspaceRoot: dir });
      const loaded = await store.load(doc);
      assert.strictEqual(loaded.state, 'ok');
      const t1 = Date.now();
      await store.save(doc, (s) => addAnnotation(s, annotation('extra1', 'joint forward plan')));
      figure('stress.sidecar10MB', { annotations: ids.length, parseMs, saveMs: Date.now() - t1 });
      const have = new Set(await idsOnDisk(sidecarPathFor(doc)));
      assert.ok(dec(await fsp.readFile(sidecarPathFor(doc))).length > 0);
      return [...ids, 'extra1'].filter((id) => !have.has(id)).length;
    } finally {
      await removeDir(dir);
    }
  }, 600_000);

  rit('scale', 'bench/scale.ts at full size (1,000 x 50): figures recorded, every annotation anchored', async () => {
    const figures = await measureScale({ documents: 1000, annotationsPerDocument: 50, log: (l) => console.log(`      ${l}`) });
    figure('stress.scaleBench', figures);
    assert.strictEqual(figures.anchored, 50_000);
    assert.strictEqual(figures.orphaned, 0);
  }, 900_000);
});
