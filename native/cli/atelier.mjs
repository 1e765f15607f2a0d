#!/usr/bin/env node
// The `atelier` bin: runs the built CLI, building it first when it is missing.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = new URL('../../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('atelier: building the studio first (npm run build)…\n');
  execFileSync(process.execPath, [fileURLToPath(new URL('../../build/build.mjs', import.meta.url))], {
    cwd: root,
    stdio: 'inherit',
  });
}
await import(cli.href);
