// `atelier music`: a prompt in, a WAV of exactly the asked length out, the same for the same
// seed; bad flags are refused with a message and nothing written.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeMusicgenStandIn } from '../../../helpers/musicgen-standins';
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

  it('runs a MusicGen export of the models folder, naming its licence; an incomplete one lists what is missing', async () => {
    const models = join(dir.path, 'models');
    writeMusicgenStandIn(join(models, 'musicgen-small'));
    const out = join(dir.path, 'gen.wav');
    const { code, out: said } = await run(
      'calm piano',
      '--seconds',
      '1',
      '--engine',
      'musicgen-small',
      '--models-dir',
      models,
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(said).toMatch(
      /gen\.wav: 1 s with MusicGen "musicgen-small" \(licence CC-BY-NC-4\.0: not for commercial use\)/,
    );
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
      duration_ts: 48000,
    });
    writeMusicgenStandIn(join(models, 'half'), { omit: ['tokenizer.json'] });
    const failed = await run(
      'x',
      '--seconds',
      '1',
      '--engine',
      'half',
      '--models-dir',
      models,
      '--out',
      join(dir.path, 'no.wav'),
    );
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/tokenizer\.json/);
    rmSync(models, { recursive: true });
    rmSync(out);
  });

  it('refuses bad flags with a message, writing nothing', async () => {
    const out = join(dir.path, 'never.wav');
    const before = readdirSync(dir.path).length;
    const cases: [string[], RegExp][] = [
      [['calm', '--out', out], /--seconds N is required/],
      [['calm', '--seconds', '0.5', '--out', out], /--seconds must be a number from 1 to 600/],
      [['calm', '--seconds', 'ten', '--out', out], /--seconds must be a number/],
      [['calm', '--seconds', '5', '--seed=1.5', '--out', out], /--seed must be a whole number/],
      [
        ['calm', '--seconds', '5', '--engine', 'Music Gen!', '--out', out],
        /--engine must be builtin or a model id/,
      ],
      [['calm', '--seconds', '45', '--engine', 'musicgen-small', '--out', out], /at most 30 s/],
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
