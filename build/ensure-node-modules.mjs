#!/usr/bin/env node
// Installs the project's npm dependencies from the lock file (`npm ci`) when node_modules is
// missing or older than package-lock.json, so that `npm start` and `npm test` work on a fresh
// clone. Offline-safe: .npmrc skips onnxruntime-node's CUDA download.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

export function nodeModulesStale() {
  return !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
}

if (nodeModulesStale()) {
  process.stderr.write('Installing npm dependencies (npm ci)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('npm ci failed: see the messages above.\n');
    process.exit(result.status ?? 1);
  }
}
