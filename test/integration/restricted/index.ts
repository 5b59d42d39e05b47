/** Entry point (extensionTestsPath) for the suites that run in Restricted Mode. */
import { runMochaIn } from '../mocha-host';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
