#!/usr/bin/env node
// Makes sure the programs the test suite drives are on this machine: Debian's Chromium (the
// end-to-end tests and benchmarks run the studio in it) and ffmpeg (media import and export).
// `--bench` adds what only the benchmarks need: python3-opencv (the inpainting bench compares
// the built-in fill with OpenCV's). Installs them with apt when missing and allowed (root, apt
// present); otherwise stops with a message naming what to install. `--check` only reports.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { program: 'chromium', package: 'chromium', why: 'end-to-end tests in a real browser' },
  { program: 'ffmpeg', package: 'ffmpeg', why: 'audio and video import and export' },
];
if (process.argv.includes('--bench')) {
  // apt's python3-opencv belongs to Debian's own interpreter, which a pyenv or venv `python3`
  // earlier on PATH would not see; tests/bench/opencv-inpaint.py is run with the same one.
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  needs.push({
    program: `${python} -c 'import cv2'`,
    package: 'python3-opencv',
    why: "the inpainting benchmark's peer, OpenCV's cv2.inpaint",
    present: () => spawnSync(python, ['-c', 'import cv2'], { stdio: 'ignore' }).status === 0,
  });
}

function which(program) {
  const result = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

const isPresent = (need) => (need.present ? need.present() : which(need.program) !== null);
const missing = needs.filter((n) => !isPresent(n));
if (missing.length === 0) process.exit(0);

const names = missing.map((m) => m.package).join(' ');
const list = missing.map((m) => `  ${m.program} (${m.why})`).join('\n');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

if (process.argv.includes('--check') || !isRoot || !hasApt) {
  process.stderr.write(
    `Missing programs:\n${list}\n` +
      (hasApt
        ? `Install them with:  sudo apt-get install -y ${names}\n`
        : `Install them with your system's package manager.\n`),
  );
  process.exit(1);
}

process.stderr.write(`Installing ${names} with apt (needed for:\n${list})…\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', ...missing.map((m) => m.package)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    },
  );
} catch (error) {
  process.stderr.write(`apt-get failed (${error.message}). Install by hand:  apt-get install -y ${names}\n`);
  process.exit(1);
}
const still = missing.filter((n) => !isPresent(n));
if (still.length > 0) {
  process.stderr.write(`Still missing after apt-get: ${still.map((s) => s.program).join(', ')}\n`);
  process.exit(1);
}
process.stderr.write(`Installed ${names}.\n`);
