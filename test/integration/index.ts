/** Entry point (extensionTestsPath) for the suites that run in a trusted workspace. */
import * as path from 'path';
import { runMochaIn } from './mocha-host';

export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'suites'));
}
