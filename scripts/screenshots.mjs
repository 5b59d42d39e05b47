// Screenshots of what a person sees: Policy Lens loaded as a development extension in a
// real VS Code (code-server's VS Code server) on a copy of the sample workspace, driven by
// headless Chromium. Saves workbench.png (highlights + status bar), banner.png (the
// missing-parties banner at the top of the document), hover.png (jargon explained on hover,
// wrapping between words), problems.png (findings in the Problems panel), rule.png (a rule
// link in the Problems panel followed: the rule's explanation, rendered), summary.png (the
// rendered document summary), sidebar.png (the Annotations view) and findings.png (the
// Findings view), then copies them to docs/images/ for the README.
//
// With --web, Policy Lens runs in the web worker extension host (its `browser` bundle, as on
// vscode.dev and github.dev) and the only picture is web.png: the document with its highlights
// and the Findings view, and the Policy Lens log saying which host activated it.
//
// With --compare, the workspace is the five documents of ../shared/corpus (or --corpus DIR) and
// the only picture is compare.png: Policy Lens: Compare Documents run from the command palette,
// a row pinned. Not a step of `npm test` (it needs the shared corpus beside the repository).
//
//   node scripts/screenshots.mjs [--out DIR] [--no-docs] [--web | --compare [--corpus DIR]] [--theme NAME]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, WEB_WORKER_HOST, workbenchUrl } from './run-server-tests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const outDir = path.resolve(arg('--out') ?? path.join(root, 'test-output', 'screenshots'));
const docsDir = path.join(root, 'docs', 'images');
const copyToDocs = !process.argv.includes('--no-docs');
const OVERALL_TIMEOUT_MS = Number(process.env.POLICY_LENS_SCREENSHOT_TIMEOUT_MS || 5 * 60_000);
const DOCUMENT = 'planning-framework-2026.md';
const HOVER_WORD = 'integrator';
const web = process.argv.includes('--web');
const compare = process.argv.includes('--compare');
const corpus = path.resolve(arg('--corpus') ?? path.join(root, '..', 'shared', 'corpus'));
const theme = arg('--theme') ?? 'Default Light Modern';
const SHOTS = web ? ['web.png'] : compare ? ['compare.png'] : ['workbench.png', 'banner.png', 'hover.png', 'problems.png', 'rule.png', 'summary.png', 'sidebar.png', 'findings.png'];

const painted = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/**
 * Waits until the renderer has painted what the last selector wait saw appear: two animation
 * frames of the workbench (the first runs before the paint, the second after it). An event, not
 * a fixed sleep. (Not inside a webview: its frames need not run while it is being composited.)
 */
async function settle(page) {
  await page.evaluate(painted);
}

/** The body of the active webview's content frame once it shows `text` (the summary, a rule's explanation); undefined if it never does. */
async function webviewBody(page, text) {
  const body = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame').locator('body', { hasText: text });
  return body.waitFor({ state: 'visible', timeout: 15_000 }).then(() => body, () => undefined);
}

async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { state: 'visible' });
  await page.keyboard.type(title);
  // Wait until the list shows the command (exact label match), then run it.
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title.replace(/"/g, '\\"')}"]`, { state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Opens the sample document with Quick Open, as a person would. */
async function openDocument(page) {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(DOCUMENT);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${DOCUMENT}"]`, { state: 'visible' });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab.active[aria-label*="${DOCUMENT}"]`, { state: 'visible' });
}

async function shoot(page, name, clip) {
  const file = path.join(outDir, name);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  console.log(`  ${path.relative(root, file)}`);
}

/** web.png: the Findings view beside the document, and the log line naming the web worker host. */
async function shootWebHost(page) {
  // force: the Findings view's count badge sits over the icon.
  await page.locator('.activitybar .action-item a[aria-label*="Policy Lens"], .activitybar .action-label[aria-label*="Policy Lens"]').first().click({ force: true });
  const findingsHeader = page.locator('.sidebar .pane-header[aria-label*="Findings"]').first();
  await findingsHeader.waitFor({ state: 'visible' });
  if (await findingsHeader.getAttribute('aria-expanded') !== 'true') await findingsHeader.click();
  const annotationsHeader = page.locator('.sidebar .pane-header[aria-label*="Annotations"][aria-expanded="true"]');
  if (await annotationsHeader.count()) await annotationsHeader.first().click();
  await page.waitForFunction(() => [...document.querySelectorAll('.sidebar .monaco-list-row')].some((e) => e.textContent?.includes('funding.unquantified')));
  await runCommand(page, 'Output: Show Output Channels');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Policy Lens"]', { state: 'visible' });
  await page.keyboard.type('Policy Lens');
  await page.keyboard.press('Enter');
  // The activation line the extension logs: "(web worker extension host, ...)".
  // (Monaco renders spaces in its lines as no-break spaces.)
  await page.waitForFunction(() => [...document.querySelectorAll('.part.panel .view-line')].some((e) => e.textContent?.replace(/\u00a0/g, ' ').includes('web worker extension host')));
  await page.keyboard.press('Escape');
  // Back to the document, so the status bar shows its summary again.
  await page.keyboard.press('Control+1');
  await page.waitForSelector('.statusbar-item[id*="policyLens"]', { state: 'visible' });
  await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((n) => n.remove()));
  await page.mouse.move(900, 5);
  await settle(page);
  await shoot(page, 'web.png');
}

/** compare.png: the matrix on the corpus documents, the side bar hidden so it gets the whole window. */
async function shootCompare(page) {
  await page.keyboard.press('Control+B');
  await runCommand(page, 'Policy Lens: Compare Documents');
  await page.waitForSelector('.tab[aria-label*="Compare Documents"]', { state: 'visible' });
  const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await frame.locator('#matrix tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
  // Pin the row the commentary is about, to show pinning.
  await frame.locator('button[aria-label="Pin PCNs"]').click().catch(() => {});
  await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((n) => n.remove()));
  await page.mouse.move(5, 5);
  await settle(page);
  await shoot(page, 'compare.png');
}

/** The workspace to photograph: a copy of samples/, or (--compare) of the corpus documents. */
function makeWorkspace() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), compare ? 'policy-lens-compare-' : 'policy-lens-samples-'));
  if (!compare) {
    fs.cpSync(path.join(root, 'samples'), workspace, { recursive: true });
    return workspace;
  }
  const docs = fs.readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md');
  if (docs.length === 0) throw new Error(`no documents in ${corpus}`);
  for (const f of docs) fs.copyFileSync(path.join(corpus, f), path.join(workspace, f));
  fs.writeFileSync(path.join(workspace, '.policy-lens.yaml'), 'expectedTerms: [arrs, neighbourhood]\n');
  return workspace;
}

let cleanup = async () => {};

async function main() {
  execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit' });
  fs.mkdirSync(outDir, { recursive: true });
  // A copy of the sample workspace, so nothing the workbench does touches samples/.
  const workspace = makeWorkspace();

  // Settings for a clean picture: no minimap clutter, no chat or welcome surfaces.
  const server = await startServer({
    trusted: true,
    settings: {
      'workbench.colorTheme': theme,
      'editor.stickyScroll.enabled': false,
      'editor.minimap.enabled': false,
      'editor.fontSize': 14,
      'editor.wordWrap': 'on',
      'editor.hover.delay': 150,
      'chat.commandCenter.enabled': false,
      'workbench.tips.enabled': false,
      'window.commandCenter': false,
      'git.enabled': false,
      ...(web ? WEB_WORKER_HOST : {}),
    },
  });
  let browser;
  cleanup = async () => {
    await browser?.close().catch(() => {});
    server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  };
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: compare ? 900 : 860 } });
    page.setDefaultTimeout(60_000);
    const url = workbenchUrl(server.port, workspace, [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .part.editor', { state: 'visible' });
    // The activity bar shows the extension's view container once the extension host has loaded it.
    await page.waitForSelector('.activitybar .action-item a[aria-label*="Policy Lens"], .activitybar .action-label[aria-label*="Policy Lens"]', { state: 'attached' });

    if (compare) {
      await shootCompare(page);
    } else {
    // 1. The document with its highlights and the status bar item.
    await openDocument(page);
    await page.waitForSelector('.statusbar-item[id*="policyLens"]', { state: 'visible' });
    // Decorations are painted as spans with generated `ced-*` classes inside the view lines.
    await page.waitForSelector('.editor-instance .view-line span[class*="ced-"]', { state: 'visible' });
    // Close any notification toast (e.g. gallery errors) so it does not cover the text.
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((n) => n.remove()));
    // Put the cursor on the first line so no current-line chrome sits on the highlighted text
    // (with the keyboard: the banner sits above the first line, where a click would land).
    await page.keyboard.press('Control+Home');
    await settle(page);
    if (web) {
      await shootWebHost(page);
    } else {
    await shoot(page, 'workbench.png');

    // 1b. The banner: a CodeLens above the first line naming who the document never mentions.
    const lens = page.locator('.editor-instance .contentWidgets .codelens-decoration, .editor-instance .codelens-decoration').first();
    await lens.waitFor({ state: 'visible' });
    await page.waitForFunction(() => [...document.querySelectorAll('.codelens-decoration')].some((e) => e.textContent?.includes('Never mentioned')));
    const editorBox = await page.locator('.editor-instance').first().boundingBox();
    await shoot(page, 'banner.png', { x: editorBox.x, y: Math.max(0, editorBox.y - 24), width: Math.min(editorBox.width, 1100), height: 138 });

    // 2. Hover over "integrator": the lexicon's definition. Go to its line first (Ctrl+G
    // reveals the line in the middle of the editor).
    const line = fs.readFileSync(path.join(workspace, DOCUMENT), 'utf8').split('\n').findIndex((l) => new RegExp(`\\b${HOVER_WORD}\\b`).test(l)) + 1;
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    // Background decorations are painted in an overlay layer, not on the text's spans, and a
    // span holds a run of words; so locate the word inside the span's text with a DOM Range.
    await page.waitForFunction((w) => [...document.querySelectorAll('.editor-instance .view-line span')].some((e) => new RegExp(`\\b${w}\\b`).test(e.textContent ?? '')), HOVER_WORD);
    const box = await page.evaluate((w) => {
      for (const span of document.querySelectorAll('.editor-instance .view-line span span')) {
        const node = span.firstChild;
        const text = node?.textContent ?? '';
        const m = new RegExp(`\\b${w}\\b`).exec(text.replace(/\u00a0/g, ' '));
        if (!node || !m) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + w.length);
        const r = range.getBoundingClientRect();
        if (r.width > 0) return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    }, HOVER_WORD);
    if (!box) throw new Error(`"${HOVER_WORD}" is not on screen`);
    // A hover can miss its first mouse move (the editor still laying out): move away and back, up to three times.
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
      try {
        await page.waitForSelector('.monaco-hover:not(.hidden) .hover-contents', { state: 'visible', timeout: 20_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await page.mouse.move(5, 5);
      }
    }
    await page.waitForFunction((w) => [...document.querySelectorAll('.monaco-hover .hover-contents')].some((e) => e.textContent?.toLowerCase().includes(w)), HOVER_WORD);
    await settle(page);
    await shoot(page, 'hover.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // 3. The Problems panel with Policy Lens findings.
    await runCommand(page, 'View: Focus Problems');
    await page.waitForSelector('.markers-panel .monaco-list-row', { state: 'visible' });
    await page.waitForFunction(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((e) => e.textContent?.includes('Policy Lens')));
    // Fold each finding's related places (party.unmentioned lists them) so every finding shows.
    const expanded = page.locator('.markers-panel .monaco-list-row[aria-level="2"][aria-expanded="true"]');
    for (let i = 0; i < 20 && await expanded.count() > 0; i++) await expanded.first().locator('.monaco-tl-twistie').click();
    await page.mouse.move(700, 5);
    await settle(page);
    await shoot(page, 'problems.png');

    // 3a. Follow a finding's rule link, as a person would: the rule's explanation, rendered.
    await page.locator('.markers-panel .monaco-list-row a.monaco-link', { hasText: 'funding.existing-resources' }).first().click();
    await page.waitForSelector('.tab[aria-label*="Rule: funding.existing-resources"]', { state: 'visible' });
    await page.mouse.move(700, 5);
    const ruleBody = await webviewBody(page, 'existing resources');
    if (!ruleBody) console.log('  (could not look inside the rule webview; photographing it anyway)');
    await settle(page);
    await shoot(page, 'rule.png');
    await runCommand(page, 'View: Close All Editor Groups');
    await openDocument(page);

    // 3b. The document summary, rendered beside the document (the banner and the status bar item open it too).
    await page.keyboard.press('Control+J');
    await page.waitForSelector('.part.panel', { state: 'hidden' }).catch(() => {});
    await runCommand(page, 'Policy Lens: Show Document Summary');
    await page.waitForSelector('.tab[aria-label*="Summary: planning-framework-2026.md"]', { state: 'visible' });
    await page.mouse.move(700, 5);
    const summaryBody = await webviewBody(page, 'Money statements');
    if (!summaryBody) console.log('  (could not look inside the summary webview; photographing it anyway)');
    await settle(page);
    await shoot(page, 'summary.png');
    await runCommand(page, 'View: Close All Editor Groups');
    await openDocument(page);

    // 4. The Policy Lens sidebar: the document's annotations.
    // force: the Findings view's count badge sits over the icon (a person's click lands on it just the same).
    await page.locator('.activitybar .action-item a[aria-label*="Policy Lens"], .activitybar .action-label[aria-label*="Policy Lens"]').first().click({ force: true });
    await page.waitForSelector('.sidebar .pane-header[aria-label*="Annotations"], .sidebar .title-label h2', { state: 'visible' });
    await page.waitForSelector('.sidebar .monaco-list-row', { state: 'visible' });
    // Close the panel (if open) and reveal the first annotation in the editor (clicking it in the tree).
    if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+J');
    await page.waitForSelector('.part.panel', { state: 'hidden' }).catch(() => {});
    const annotation = page.locator('.sidebar .monaco-list-row[aria-level="2"]').first();
    if (await annotation.count()) await annotation.click();
    await page.mouse.move(700, 5);
    await settle(page);
    await shoot(page, 'sidebar.png');

    // 5. The Findings view: the document's findings by rule, each with its sentence and actions.
    const findingsHeader = page.locator('.sidebar .pane-header[aria-label*="Findings"]').first();
    await findingsHeader.waitFor({ state: 'visible' });
    if (await findingsHeader.getAttribute('aria-expanded') !== 'true') await findingsHeader.click();
    const annotationsHeader = page.locator('.sidebar .pane-header[aria-label*="Annotations"][aria-expanded="true"]');
    if (await annotationsHeader.count()) await annotationsHeader.first().click();
    await page.waitForFunction(() => [...document.querySelectorAll('.sidebar .monaco-list-row')].some((e) => e.textContent?.includes('funding.unquantified')));
    // Widen the sidebar so the sentences show, then reveal one finding (clicking its row).
    const sash = await page.locator('.part.sidebar').boundingBox();
    await page.mouse.move(sash.x + sash.width + 1, sash.y + 300);
    await page.mouse.down();
    await page.mouse.move(sash.x + sash.width + 240, sash.y + 300, { steps: 8 });
    await page.mouse.up();
    const row = page.locator('.sidebar .monaco-list-row[aria-level="2"]', { hasText: 'Integrator functions' }).first();
    if (await row.count()) await row.click();
    await page.mouse.move(900, 5);
    await settle(page);
    await shoot(page, 'findings.png');
    }
    }

    if (copyToDocs) {
      fs.mkdirSync(docsDir, { recursive: true });
      for (const name of SHOTS) fs.copyFileSync(path.join(outDir, name), path.join(docsDir, name));
      console.log(`Copied ${SHOTS.join(', ')} to ${path.relative(root, docsDir)}/`);
    }
  } catch (err) {
    if (browser) {
      const page = browser.contexts()[0]?.pages()[0];
      if (page) {
        await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
        const html = await page.evaluate(() => [...document.querySelectorAll('.view-line')].map((l) => l.outerHTML).join('\n')).catch(() => '');
        fs.writeFileSync(path.join(outDir, 'failure-lines.html'), html);
      }
    }
    throw err;
  } finally {
    await cleanup();
  }
}

const timer = setTimeout(() => {
  console.error(`screenshots: timed out after ${OVERALL_TIMEOUT_MS} ms`);
  void cleanup().finally(() => process.exit(124));
}, OVERALL_TIMEOUT_MS);
main().then(() => { clearTimeout(timer); process.exit(0); }, (err) => {
  clearTimeout(timer);
  console.error(err);
  process.exit(1);
});
