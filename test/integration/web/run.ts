/**
 * extensionTestsPath of the web worker extension host: runs the suites the bundle registered
 * (see esbuild.mjs) and logs the same result line as the Node host (mocha-host.ts).
 */
import { RESULT_MARKER } from '../result-marker';

export function run(): Promise<void> {
  const grep = process.env.POLICY_LENS_GREP;
  if (grep) mocha.grep(grep);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      console.log(`${RESULT_MARKER} ${JSON.stringify({ suite: 'web worker host', passed, failed: failures })}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed in the web worker host.`));
      else resolve();
    });
  });
}
