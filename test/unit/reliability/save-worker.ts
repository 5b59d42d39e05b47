/**
 * Another Policy Lens process, for the two-process lock cases in sidecar-lock.test.ts:
 * `node save-worker.js <document> <id-prefix> <count>` loads the document's sidecar, says
 * "ready", waits for "go" on its standard input, then saves <count> annotations one after
 * another (as an editor does) and exits 0, or 1 with the error. SAVE_WORKER_NO_LOCK=1 saves
 * without the lock (to watch the two-process case fail).
 */
import * as path from 'path';
import { nodeFileSystem } from '../../../src/adapters/node-fs';
import { type FileSystem, SidecarStore } from '../../../src/adapters/sidecar-store';
import { addAnnotation } from '../../../src/core/annotations/edits';
import { annotation } from './helpers';

export const WORKER_QUOTES = ['Integrated care boards', 'joint forward plan', 'existing resources', 'additional investment', 'General practice is not named', 'the VCSE sector'];

async function main(): Promise<void> {
  const [doc, prefix, countText] = process.argv.slice(2);
  const fs: FileSystem = process.env.SAVE_WORKER_NO_LOCK === '1' ? { ...nodeFileSystem, createExclusive: undefined } : nodeFileSystem;
  const store = new SidecarStore(fs, { workspaceRoot: path.dirname(doc) });
  await store.load(doc);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  for (let i = 0; i < Number(countText); i++) {
    await store.save(doc, (s) => addAnnotation(s, annotation(`${prefix}${i}`, WORKER_QUOTES[i % WORKER_QUOTES.length])));
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (err) => { process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`); process.exit(1); });
}
