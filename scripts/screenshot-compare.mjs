// The comparison matrix on the five documents of ../shared/corpus, photographed in the real
// workbench for the README (docs/images/compare.png): Policy Lens: Compare Documents run from
// the command palette, the webview's table waited for, then photographed. Not a step of
// `npm test` (it needs the shared corpus beside the repository).
//
//   node scripts/screenshot-compare.mjs [--corpus DIR] [--out FILE] [--theme "Default Dark Modern"]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, workbenchUrl } from './run-server-tests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const corpus = path.resolve(arg('--corpus') ?? path.join(root, '..', 'shared', 'corpus'));
const out = path.resolve(arg('--out') ?? path.join(root, 'docs', 'images', 'compare.png'));
const theme = arg('--theme') ?? 'Default Light Modern';
const TIMEOUT_MS = 5 * 60_000;

let cleanup = async () => {};

async function main() {
  const docs = fs.readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md');
  if (docs.length === 0) throw new Error(`no documents in ${corpus}`);
  execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit' });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-compare-'));
  for (const f of docs) fs.copyFileSync(path.join(corpus, f), path.join(workspace, f));
  fs.writeFileSync(path.join(workspace, '.policy-lens.yaml'), 'expectedTerms: [arrs, neighbourhood]\n');
  const server = await startServer({
    trusted: true,
    settings: { 'workbench.colorTheme': theme, 'workbench.tips.enabled': false, 'chat.commandCenter.enabled': false, 'window.commandCenter': false, 'git.enabled': false },
  });
  let browser;
  cleanup = async () => {
    await browser?.close().catch(() => {});
    server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  };
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.goto(workbenchUrl(server.port, workspace, [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`],
      ['skipWelcome', 'true'],
    ]));
    await page.waitForSelector('.monaco-workbench .part.editor', { state: 'visible' });
    await page.waitForSelector('.activitybar .action-item a[aria-label*="Policy Lens"], .activitybar .action-label[aria-label*="Policy Lens"]', { state: 'attached' });
    // Hide the side bar: the matrix gets the whole window.
    await page.keyboard.press('Control+B');
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('Policy Lens: Compare Documents');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Policy Lens: Compare Documents"]', { state: 'visible' });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tab[aria-label*="Compare Documents"]', { state: 'visible' });
    const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    await frame.locator('#matrix tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Pin the row the commentary is about, to show pinning.
    await frame.locator('button[aria-label="Pin PCNs"]').click().catch(() => {});
    await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((n) => n.remove()));
    await page.mouse.move(5, 5);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`  ${path.relative(root, out)}`);
  } finally {
    await cleanup();
  }
}

const timer = setTimeout(() => { console.error('screenshot-compare: timed out'); void cleanup().finally(() => process.exit(124)); }, TIMEOUT_MS);
main().then(() => { clearTimeout(timer); process.exit(0); }, (err) => { clearTimeout(timer); console.error(err); process.exit(1); });
