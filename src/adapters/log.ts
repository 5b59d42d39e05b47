import * as vscode from 'vscode';
import { OUTPUT_CHANNEL } from '../constants';

/** The `Policy Lens` output channel: one place for what the extension has to say. */
export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string, err?: unknown): void {
    this.channel.error(err === undefined ? message : `${message}: ${err instanceof Error ? err.message : String(err)}`);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
