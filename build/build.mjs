#!/usr/bin/env node
// Builds everything the studio runs from into dist/:
//   dist/cli.js, dist/worker.js          the `atelier` command and the job process (Node, ESM)
//   dist/electron/main.js, preload.cjs   the desktop shell (the preload is one sandboxed CJS file)
//   dist/renderer/                        the UI (vite)
// `--if-stale` skips the work when no source is newer than the last build.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');

function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules') visit(join(path, name));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  for (const entry of [
    'native',
    'renderer',
    'electron',
    'assets',
    'package.json',
    'package-lock.json',
    'vite.config.ts',
    'build/build.mjs',
  ]) {
    const path = join(root, entry);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

export function isStale() {
  return !existsSync(stamp) || statSync(stamp).mtimeMs < newestSource();
}

export async function buildAll({ quiet = false } = {}) {
  const started = Date.now();
  mkdirSync(dist, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await Promise.all([
    esbuild({
      ...common,
      entryPoints: { cli: 'native/cli/atelier.ts', worker: 'native/jobs/worker.ts' },
      outdir: 'dist',
      format: 'esm',
      packages: 'external',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    }),
    esbuild({
      ...common,
      entryPoints: { main: 'electron/main/index.ts' },
      outdir: 'dist/electron',
      format: 'esm',
      packages: 'external',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    }),
    esbuild({
      ...common,
      // A sandboxed preload can require only 'electron': everything else is bundled in.
      entryPoints: { preload: 'electron/preload/index.ts' },
      outdir: 'dist/electron',
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      external: ['electron'],
      platform: 'browser',
    }),
  ]);
  await viteBuild({
    root: join(root, 'renderer'),
    configFile: join(root, 'vite.config.ts'),
    logLevel: quiet ? 'warn' : 'info',
  });
  writeFileSync(stamp, new Date().toISOString());
  if (!quiet) console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) {
    console.log('dist/ is up to date');
  } else {
    await buildAll({ quiet: process.argv.includes('--quiet') });
  }
}
