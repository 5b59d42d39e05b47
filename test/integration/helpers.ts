/** Helpers for suites that run inside the extension host: wait on events, never on time. */
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../src/extension';

export function fixtureUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The integration tests need the fixture workspace open.');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relative));
  return vscode.window.showTextDocument(doc);
}

export async function api(): Promise<PolicyLensApi> {
  const ext = vscode.extensions.getExtension<PolicyLensApi>('policy-lens.policy-lens');
  if (!ext) throw new Error('Policy Lens is not installed in this extension host.');
  const exports = await ext.activate();
  await exports.engines.ready;
  return exports;
}

/** Resolves when `predicate` holds, checking now and after each event; rejects after `timeoutMs`. */
/** One event that fires whenever any of `events` fires. */
export function anyOf(...events: vscode.Event<unknown>[]): vscode.Event<unknown> {
  return (listener) => {
    const subs = events.map((e) => e(listener));
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  };
}

export function waitFor<T>(event: vscode.Event<T>, predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const sub = event(() => {
      if (predicate()) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}

export function policyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Policy Lens');
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/** Waits for the diagnostics of `uri` to satisfy `predicate`. */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (ds: vscode.Diagnostic[]) => boolean, what: string): Promise<void> {
  return waitFor(vscode.languages.onDidChangeDiagnostics, () => predicate(policyDiagnostics(uri)), what);
}

export async function readFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/**
 * Runs `pending` (a command that may show quick picks and input boxes) and answers each one
 * as a person pressing Enter would: the workbench's own accept command takes the highlighted
 * item, or the input box's value as it stands. Rejects if the command is still waiting after
 * `timeoutMs`, closing whatever is open.
 */
export async function answerQuickInputs<T>(pending: Thenable<T>, what: string, timeoutMs = 15_000): Promise<T> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => { settled = true; });
  const deadline = Date.now() + timeoutMs;
  while (!settled) {
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 250))]);
    if (settled) break;
    if (Date.now() > deadline) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      throw new Error(`${what}: still waiting after ${timeoutMs} ms`);
    }
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return result;
}

/** True when the launcher turns `userActs` steps into real keystrokes and clicks in the browser. */
export const canActAsUser = process.env.POLICY_LENS_USER_BRIDGE === '1';

export type UserStep = { waitFor: string } | { type: string } | { press: string } | { click: string };

/**
 * Asks the launcher (scripts/run-server-tests.mjs) to act in the workbench as a person would:
 * wait for an element, type, press a key (Playwright names: 'Control+z', 'Enter') or click.
 * Fire and forget: wait for the effect (an event, a file) rather than for the keystrokes.
 */
export function userActs(...steps: UserStep[]): void {
  console.log(`POLICY_LENS_USER ${JSON.stringify(steps)}`);
}
