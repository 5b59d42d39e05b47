/**
 * Compare Documents in the extension host (issue 13): 1,000 generated documents (about 100 MB)
 * in the workspace; the view opened cold (empty cache), warm (nothing changed: no file read),
 * and after one document changed (that one analysed). Prints `BENCH` lines; asserts nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../src/extension';
import { generatePolicyDocument } from '../engine';

const DOCUMENTS = Number(process.env.POLICY_LENS_BENCH_DOCS || 1000);
const TOTAL_BYTES = Number(process.env.POLICY_LENS_BENCH_MB || 100) * 1_000_000;

export async function benchCompare(api: PolicyLensApi, folder: vscode.Uri, log: (line?: string) => void): Promise<Record<string, unknown>> {
  const dir = path.join(folder.fsPath, 'bench-compare');
  fs.mkdirSync(dir, { recursive: true });
  const per = Math.floor(TOTAL_BYTES / DOCUMENTS);
  const uris: vscode.Uri[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const file = path.join(dir, `${2010 + (i % 16)}-${String(1 + (i % 12)).padStart(2, '0')}-paper-${String(i).padStart(4, '0')}.md`);
    fs.writeFileSync(file, generatePolicyDocument(per, 5000 + i));
    uris.push(vscode.Uri.file(file));
  }
  const results: Record<string, unknown> = { documents: DOCUMENTS, megabytes: TOTAL_BYTES / 1e6 };
  try {
    const time = async (label: string): Promise<void> => {
      const t = performance.now();
      const state = await api.compare.open(uris);
      const ms = Math.round(performance.now() - t);
      results[label] = { ms, analysed: state?.run.analysed, unread: state?.run.unread };
      log(`  ${label.padEnd(34)} ${String(ms).padStart(6)} ms  (${state?.run.analysed} analysed, ${state?.run.unread} not read: unchanged)`);
    };
    log('');
    log(`Compare Documents on ${DOCUMENTS} documents, ${(TOTAL_BYTES / 1e6).toFixed(0)} MB (target: opens warm in < 2 s):`);
    await time('cold (empty cache)');
    await time('warm (nothing changed)');
    fs.appendFileSync(path.join(dir, path.basename(uris[0].fsPath)), '\nThe VCSE once more.\n');
    await time('warm, one document changed');
    log(`  extension host heap ${(process.memoryUsage().heapUsed / 1_048_576).toFixed(0)} MB, RSS ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} MB`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
