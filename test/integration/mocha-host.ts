/**
 * Runs mocha suites inside the extension host and reports a machine-readable
 * result line that the launchers turn into the run's closing summary.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { RESULT_MARKER } from './result-marker';

export { RESULT_MARKER };

export function runMochaIn(dir: string, timeoutMs = 30_000): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: timeoutMs, reporter: 'spec' });
  const grep = process.env.POLICY_LENS_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        console.log(`${RESULT_MARKER} ${JSON.stringify({ suite: path.basename(dir), passed, failed: failures })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      reject(err);
    }
  });
}
