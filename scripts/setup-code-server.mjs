// Installs code-server's bundled VS Code server into .vscode-test/ (outside the
// project's dependency tree, the way @vscode/test-electron caches its download).
// Idempotent: does nothing when the pinned version is already there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = path.join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const serverMain = path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');

function seedRipgrepCache() {
  // @vscode/ripgrep downloads rg from GitHub unless this archive is in its cache.
  const cacheDir = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const archive = path.join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(archive)) return;
  if (!fs.existsSync('/usr/bin/rg')) throw new Error('ripgrep is missing: run `apt-get install ripgrep` (see .ci/run).');
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-seed-'));
  fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
  execFileSync('tar', ['-czf', archive, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
}

export function ensureCodeServer() {
  if (fs.existsSync(serverMain)) return serverMain;
  seedRipgrepCache();
  fs.mkdirSync(installDir, { recursive: true });
  fs.writeFileSync(path.join(installDir, 'package.json'), '{"name":"code-server-cache","private":true}\n');
  console.log(`Installing code-server@${CODE_SERVER_VERSION} into ${path.relative(root, installDir)} (one time, 1-3 minutes)...`);
  execFileSync('npm', ['install', '--unsafe-perm', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: installDir,
    stdio: 'inherit',
    // npm 11 blocks dependency install scripts by default; code-server's postinstall
    // (and the nested install it runs) must build VS Code's native modules.
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_dangerously_allow_all_scripts: 'true' },
  });
  if (!fs.existsSync(serverMain)) throw new Error(`code-server installed but ${serverMain} is missing`);
  return serverMain;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  ensureCodeServer();
  console.log(`code-server ready: ${path.relative(root, serverMain)}`);
}
