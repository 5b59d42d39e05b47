import * as vscode from 'vscode';
import { Log } from './adapters/log';
import * as summary from './features/summary';

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = new Log();
  context.subscriptions.push(log);

  context.subscriptions.push(
    summary.register(), // Policy Lens: Show Document Summary
  );

  log.info(`Policy Lens ${context.extension.packageJSON.version} activated in ${Date.now() - started} ms.`);
}

export function deactivate(): void {
  // Every registration is disposed through context.subscriptions.
}
