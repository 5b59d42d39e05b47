// `npm start`: build the extension and open a real VS Code (code-server's VS Code
// server on 127.0.0.1) with Policy Lens loaded as a development extension on the
// sample workspace. Prints the address to open; Ctrl-C stops it.
//
//   node scripts/start.mjs [--workspace DIR] [--port N] [--screenshot FILE] [--web]
//
// --web runs Policy Lens in the web worker extension host (its `browser` bundle), as
// vscode.dev and github.dev do.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, WEB_WORKER_HOST, workbenchUrl } from './run-server-tests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const workspace = path.resolve(arg('--workspace') ?? path.join(root, 'samples'));
const screenshot = arg('--screenshot');

execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit' });
const web = process.argv.includes('--web');
const server = await startServer({ trusted: true, settings: web ? WEB_WORKER_HOST : {}, port: arg('--port') ? Number(arg('--port')) : undefined });
const url = workbenchUrl(server.port, workspace, [
  ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`],
  ['skipWelcome', 'true'],
]);
const stop = () => { server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

if (screenshot) {
  // Proof that it works: open the sample in the workbench and photograph it.
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.keyboard.press('Control+P');
    await page.keyboard.type('planning-framework-2026.md');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.statusbar-item[id*="policyLens"]', { timeout: 60_000 });
    await page.screenshot({ path: screenshot });
    console.log(`Screenshot saved to ${screenshot}`);
  } finally {
    await browser.close();
    stop();
  }
} else {
  console.log(`\nPolicy Lens is running in VS Code${web ? ' (web worker extension host, as on vscode.dev)' : ''} on the sample workspace (${path.relative(root, workspace) || '.'}).`);
  console.log(`Open this address in a browser:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
}
