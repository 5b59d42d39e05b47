// Runs the integration suites inside a real VS Code extension host: code-server's
// bundled VS Code server, driven by headless Chromium through playwright-core.
// Used by `npm test` and CI on machines that cannot download desktop VS Code.
//
//   node scripts/run-server-tests.mjs --tests <compiled suite index> [--restricted] [--workspace DIR]
//   node scripts/run-server-tests.mjs --web [--workspace DIR]     (web worker host: out/web-tests/suites.js)
//
// Prints the extension host's output and exits with the suites' exit code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureCodeServer } from './setup-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUN_TIMEOUT_MS = Number(process.env.POLICY_LENS_TEST_TIMEOUT_MS || 20 * 60_000);

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function waitForServer(proc, port, timeoutMs = 60_000) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`VS Code server exited early (code ${code})`)));
    const probe = () => {
      const sock = net.connect(port, '127.0.0.1', () => { sock.end(); resolve(); });
      sock.once('error', () => {
        if (Date.now() - started > timeoutMs) reject(new Error(`VS Code server did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(probe, 200);
      });
    };
    probe();
  });
}

/** Starts the VS Code server on a free loopback port with fresh data folders. */
export async function startServer({ trusted = true, settings = {}, port: fixedPort, env = {} } = {}) {
  const serverMain = ensureCodeServer();
  const port = fixedPort ?? await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-vscode-'));
  const userData = path.join(tmp, 'user-data');
  const serverData = path.join(tmp, 'server-data');
  const extensionsDir = path.join(tmp, 'extensions');
  // Workspace trust is off for the normal suites and on (so the fixture opens in
  // Restricted Mode) for the restricted suites.
  const allSettings = { 'security.workspace.trust.enabled': !trusted, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, ...settings };
  for (const dir of [path.join(userData, 'User'), path.join(serverData, 'data', 'Machine'), path.join(serverData, 'data', 'User')]) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(allSettings, null, 2));
  }
  fs.mkdirSync(extensionsDir, { recursive: true });
  const proc = spawn(process.execPath, [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--user-data-dir', userData, '--server-data-dir', serverData, '--extensions-dir', extensionsDir], {
    stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', env: { ...process.env, ...env },
  });
  const serverLog = [];
  proc.stdout.on('data', (d) => serverLog.push(String(d)));
  proc.stderr.on('data', (d) => serverLog.push(String(d)));
  await waitForServer(proc, port);
  const stop = () => {
    if (proc.exitCode === null) {
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { try { proc.kill('SIGKILL'); } catch { /* gone */ } }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { port, proc, serverLog, stop };
}

export function workbenchUrl(port, workspace, payload) {
  const params = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });
  return `http://127.0.0.1:${port}/?${params}`;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`apt-get install chromium\` (see .ci/run) or set CHROMIUM_PATH.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// Workbench chatter that says nothing about the suites (and gallery lookups that
// fail because these machines have no network).
const NOISE = [/open-vsx/i, /extensionGallery/i, /ERR_NAME_NOT_RESOLVED/, /Failed to load resource/, /Creating a socket/,
  /connection token/, /Service Worker/, /builtin extensions cache/, /ChatSessionStore/, /refused to show dialog in tests/, /^\s*at .*workbench\.js/, /^\s*$/];

/**
 * Runs Policy Lens in the web worker extension host (from package.json's `browser` entry), as on
 * vscode.dev and github.dev; the tests must then be one browser bundle (out/web-tests/suites.js).
 * The workbench's own payload key for this (`extensionDevelopmentKind`) is ignored by VS Code 1.100.
 */
export const WEB_WORKER_HOST = { 'remote.extensionKind': { 'policy-lens.policy-lens': ['web'] } };

/** A suite logs this marker with JSON steps to have the browser press keys or click, as a person would. */
const USER_MARKER = 'POLICY_LENS_USER ';
const USER_BRIDGE_ENV = 'POLICY_LENS_USER_BRIDGE';

/** Steps: { waitFor: selector } | { type: text } | { press: key } | { click: selector }. */
async function actAsUser(page, steps) {
  for (const step of steps) {
    if (step.waitFor) await page.waitForSelector(step.waitFor, { state: 'visible', timeout: 10_000 });
    if (step.type !== undefined) await page.keyboard.type(step.type, { delay: 20 });
    if (step.press) await page.keyboard.press(step.press);
    if (step.click) await page.click(step.click, { timeout: 10_000 });
  }
}

/** Runs one compiled suite index inside the extension host; resolves to its exit code. */
export async function runSuites({ testsPath, workspace, trusted = true, web = false, label = 'integration', onPage } = {}) {
  // The suites may ask for real keystrokes and clicks (see userActs in test/integration/helpers.ts).
  const server = await startServer({ trusted, settings: web ? WEB_WORKER_HOST : {}, env: { [USER_BRIDGE_ENV]: '1' } });
  let browser;
  let timer;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exitCode = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
      timer = setTimeout(() => { console.error(`[${label}] timed out after ${RUN_TIMEOUT_MS} ms`); resolve(124); }, RUN_TIMEOUT_MS);
    });
    let acting = Promise.resolve();
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(USER_MARKER)) {
        const steps = JSON.parse(text.slice(USER_MARKER.length));
        acting = acting.then(() => actAsUser(page, steps)).catch((err) => console.error(`[${label}] user step failed: ${err.message}`));
        return;
      }
      if (process.env.DEBUG_LOG_TYPES) process.stdout.write(`<${type}> `);
      if (NOISE.some((re) => re.test(text))) return;
      (type === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : text + '\n');
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(testsPath)], ['skipWelcome', 'true']];
    if (onPage) onPage(page, server);
    await page.goto(workbenchUrl(server.port, workspace, payload));
    const code = await exitCode;
    if (code !== 0 && process.env.POLICY_LENS_SERVER_LOG) console.error(server.serverLog.join(''));
    return code;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    server.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
  const web = process.argv.includes('--web');
  const testsPath = path.resolve(arg('--tests', path.join(root, 'out', ...(web ? ['web-tests', 'suites.js'] : ['test', 'integration', 'index.js']))));
  const workspace = path.resolve(arg('--workspace', path.join(root, 'test', 'fixtures', 'workspace')));
  const trusted = !process.argv.includes('--restricted');
  runSuites({ testsPath, workspace, trusted, web }).then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
}
