/**
 * Compare Documents in the extension host (issue 13): 1,000 generated documents (about 100 MB)
 * in the workspace; the view opened cold (empty cache), warm (nothing changed: no file read,
 * no stat once the watcher has seen each file), and after one document changed (that one
 * analysed). Each figure is the command's time (analysis, cache, page sent) plus the webview's
 * own time to build the table (from its `rendered` message). Prints figures; asserts nothing.
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
      // The page builds its table in the webview; wait (at most 60 s) for it to say so.
      const page = await Promise.race([api.compare.rendered, new Promise<undefined>((r) => setTimeout(() => r(undefined), 60_000))]);
      const shown = Math.round(performance.now() - t);
      const run = state?.run;
      results[label] = { ms, shownMs: shown, pageMs: page?.ms, analysed: run?.analysed, unread: run?.unread, checked: run?.checked };
      log(`  ${label.padEnd(28)} ${String(ms).padStart(6)} ms, table on screen ${String(shown).padStart(6)} ms  (${run?.analysed} analysed, ${run?.unread} not read, ${run?.checked} stat'ed; page ${page ? `${page.ms} ms to draw ${page.columns} of ${DOCUMENTS} columns x ${page.rows} rows` : 'never reported'})`);
    };
    log('');
    log(`Compare Documents on ${DOCUMENTS} documents, ${(TOTAL_BYTES / 1e6).toFixed(0)} MB (target: opens warm in < 2 s):`);
    await time('cold (empty cache)');
    await time('warm (nothing changed)');
    await time('warm again');
    // Change one document on disk and wait for the watcher's event, as when a person edits
    // a file in another program a moment before re-opening the view.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '*.md'));
    const seen = new Promise<void>((r) => { watcher.onDidChange(() => r()); setTimeout(r, 10_000); });
    fs.appendFileSync(path.join(dir, path.basename(uris[0].fsPath)), '\nThe VCSE once more.\n');
    await seen;
    watcher.dispose();
    await time('warm, one document changed');
    log(`  extension host heap ${(process.memoryUsage().heapUsed / 1_048_576).toFixed(0)} MB, RSS ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} MB`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
