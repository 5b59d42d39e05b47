/**
 * `npm run test:desktop`: the same integration suites through @vscode/test-electron,
 * for machines that can download desktop VS Code (these CI machines cannot; they use
 * scripts/run-server-tests.mjs).
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const workspace = path.join(root, 'test', 'fixtures', 'workspace');
  const launches = [
    { tests: path.join(__dirname, 'integration', 'index.js'), trust: false },
    { tests: path.join(__dirname, 'integration', 'restricted', 'index.js'), trust: true },
  ];
  for (const launch of launches) {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: launch.tests,
      launchArgs: [workspace, '--disable-extensions', ...(launch.trust ? [] : ['--disable-workspace-trust'])],
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
