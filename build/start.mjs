#!/usr/bin/env node
// `npm start`: builds what is stale, then starts the desktop app when the Electron binary is
// present (or can be fetched), and otherwise the studio in web mode, printing its URL.
//   npm start                      desktop if possible, else web mode
//   npm start -- --web [serve flags]   web mode (flags as for `atelier serve`, e.g. --port 8080)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// On a fresh clone, install the dependencies first (build.mjs needs them).
const setup = spawnSync(process.execPath, [join(root, 'build', 'ensure-node-modules.mjs')], {
  stdio: 'inherit',
});
if (setup.status !== 0) process.exit(setup.status ?? 1);
const { buildAll, isStale } = await import('./build.mjs');
const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const serveArgs = args.filter((a) => a !== '--web');

if (isStale()) await buildAll({ quiet: true });

const electronDir = join(root, 'node_modules', 'electron');
const failedStamp = join(root, 'node_modules', '.cache', 'atelier', 'electron-unavailable');

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Tries Electron's own download once a day at most; it needs the network. */
function fetchElectron() {
  if (!existsSync(join(electronDir, 'install.js'))) return 'the electron package is not installed';
  if (existsSync(failedStamp) && Date.now() - statSync(failedStamp).mtimeMs < 86_400_000) {
    return 'its download failed earlier today';
  }
  process.stderr.write('Fetching the Electron binary (needs the network)…\n');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 60_000,
  });
  if (result.status === 0 && electronBinary()) return null;
  mkdirSync(join(failedStamp, '..'), { recursive: true });
  writeFileSync(failedStamp, new Date().toISOString());
  return 'it could not be downloaded';
}

function run(command, argv, env = process.env) {
  const child = spawn(command, argv, { stdio: 'inherit', cwd: root, env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const canShowWindow =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!forceWeb && canShowWindow) {
  let binary = electronBinary();
  let why = null;
  if (!binary) {
    why = fetchElectron();
    binary = electronBinary();
  }
  if (binary) {
    run(binary, ['.']);
  } else {
    process.stderr.write(
      `The desktop app cannot start here (no Electron binary: ${why}); starting web mode.\n`,
    );
    run(process.execPath, [join(root, 'dist', 'cli.js'), 'serve', ...serveArgs]);
  }
} else {
  if (!forceWeb) process.stderr.write('No display for a desktop window; starting web mode.\n');
  run(process.execPath, [join(root, 'dist', 'cli.js'), 'serve', ...serveArgs]);
}
