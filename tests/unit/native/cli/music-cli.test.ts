// `atelier music`: a prompt in, a WAV of exactly the asked length out, the same for the same
// seed; bad flags are refused with a message and nothing written.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../../../native/cli/main';
import { captureOutput } from '../../../helpers/capture';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-music-cli-');
afterAll(() => dir.cleanup());
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]) {
  const output = captureOutput();
  const code = await main(['music', ...args]);
  vi.restoreAllMocks();
  return { code, out: output.out(), err: output.err() };
}

describe('atelier music', () => {
  it('writes a 48 kHz stereo WAV of exactly the asked length, the same for the same seed', async () => {
    const out = join(dir.path, 'bed.wav');
    const { code, out: said } = await run(
      'upbeat corporate, 120 bpm, in D major',
      '--seconds',
      '6.5',
      '--seed',
      '3',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(said).toMatch(/bed\.wav: 6\.5 s, 12\d(\.\d)? bpm, D major, \d+ bars \(.*upbeat.*\)/);
    const { stdout } = await promisify(execFile)('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=sample_rate,channels,duration_ts',
      '-of',
      'json',
      out,
    ]);
    expect(JSON.parse(stdout).streams[0]).toMatchObject({
      sample_rate: '48000',
      channels: 2,
      duration_ts: 312000,
    });
    const again = join(dir.path, 'again.wav');
    await run('upbeat corporate, 120 bpm, in D major', '--seconds', '6.5', '--seed', '3', '--out', again);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });

  it('refuses bad flags with a message, writing nothing', async () => {
    const out = join(dir.path, 'never.wav');
    const before = readdirSync(dir.path).length;
    const cases: [string[], RegExp][] = [
      [['calm', '--out', out], /--seconds N is required/],
      [['calm', '--seconds', '0.5', '--out', out], /--seconds must be a number from 1 to 600/],
      [['calm', '--seconds', 'ten', '--out', out], /--seconds must be a number/],
      [['calm', '--seconds', '5', '--seed=1.5', '--out', out], /--seed must be a whole number/],
      [['calm', '--seconds', '5', '--engine', 'musicgen', '--out', out], /only the built-in composer/],
      [['calm', '--seconds', '5'], /--out <bed.wav> is required/],
      [['calm', '--seconds', '5', '--out', join(dir.path, 'x.mp3')], /--out must end in \.wav/],
      [['calm', 'extra', '--seconds', '5', '--out', out], /one prompt/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await run(...args);
      expect(err).toMatch(message);
      expect(code).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir.path).length).toBe(before);
  });
});
