import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compose, MAX_MUSIC_SECONDS, MIN_MUSIC_SECONDS } from '../music/composer';
import { encodeWav } from '../music/wav';
import { writeFileAtomic } from '../studio/atomic-file';
import { UsageError } from './usage-error';
import { ModelIdSchema } from '../api/models';
import { resolveModelsDir } from '../inference/models';
import {
  checkMusicgenFolder,
  fitToLength,
  generateMusicgen,
  MUSICGEN_LICENSE,
  MUSICGEN_MAX_SECONDS,
  toStereo48k,
} from '../music/musicgen';
import { SettingsStore } from '../studio/settings';
import { defaultUserDataDir } from '../studio/paths';

export const musicUsage = `atelier music "<prompt>" --seconds N [--seed N] [--engine builtin|<model-id>] [--models-dir <dir>] --out <bed.wav>
  Composes a soundtrack of exactly N seconds (48 kHz stereo WAV). The built-in composer ends on
  the last bar; its prompt takes mood and genre words (upbeat, calm, cinematic, corporate, lo-fi,
  …), a tempo ("slow", "120 bpm") and a key ("in D minor"). A model id names a MusicGen export
  folder of the models folder (at most 30 s; its weights are CC-BY-NC-4.0: non-commercial).
  The same prompt and seed give the same piece.`;

/** The models folder: `--models-dir`, else the studio's (its settings say where). */
async function modelsFolder(modelsDir: string | undefined): Promise<string> {
  if (modelsDir) return resolve(modelsDir);
  const userData = defaultUserDataDir();
  return resolveModelsDir((await new SettingsStore(userData).get()).modelsDir, userData);
}

export async function musicCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' },
      seed: { type: 'string', default: '0' },
      engine: { type: 'string', default: 'builtin' },
      out: { type: 'string' },
      'models-dir': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError('music takes one prompt (quote it)');
  if (values.seconds === undefined) throw new UsageError('--seconds N is required');
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds < MIN_MUSIC_SECONDS || seconds > MAX_MUSIC_SECONDS) {
    throw new UsageError(
      `--seconds must be a number from ${MIN_MUSIC_SECONDS} to ${MAX_MUSIC_SECONDS}, not "${values.seconds}"`,
    );
  }
  if (!/^\d{1,10}$/.test(values.seed) || Number(values.seed) > 2 ** 31 - 1)
    throw new UsageError(`--seed must be a whole number from 0 to ${2 ** 31 - 1}, not "${values.seed}"`);
  const engine = values.engine;
  if (engine !== 'builtin' && !ModelIdSchema.safeParse(engine).success) {
    throw new UsageError(`--engine must be builtin or a model id, not "${engine}"`);
  }
  if (engine !== 'builtin' && seconds > MUSICGEN_MAX_SECONDS) {
    throw new UsageError(`--seconds: MusicGen makes at most ${MUSICGEN_MAX_SECONDS} s, not ${seconds}`);
  }
  if (!values.out) throw new UsageError('--out <bed.wav> is required');
  if (extname(values.out).toLowerCase() !== '.wav')
    throw new UsageError(`--out must end in .wav, not "${values.out}"`);

  const started = performance.now();
  const prompt = positionals[0] ?? '';
  const seed = Number(values.seed);
  if (engine !== 'builtin') {
    const dir = join(await modelsFolder(values['models-dir']), engine);
    checkMusicgenFolder(dir);
    const piece = await generateMusicgen({ dir, prompt, seconds, seed });
    const stereo = toStereo48k(piece.samples);
    const { left, right } = fitToLength(stereo.left, stereo.right, Math.round(seconds * 48_000));
    await writeFileAtomic(resolve(values.out), encodeWav({ sampleRate: 48_000, channels: [left, right] }));
    const took = (performance.now() - started) / 1000;
    process.stdout.write(
      `${values.out}: ${seconds} s with MusicGen "${engine}" (licence ${MUSICGEN_LICENSE}: not for commercial use) in ${took.toFixed(2)} s\n`,
    );
    return 0;
  }
  const piece = await compose({ prompt, seconds, seed });
  await writeFileAtomic(
    resolve(values.out),
    encodeWav({ sampleRate: piece.sampleRate, channels: [piece.left, piece.right] }),
  );
  const took = (performance.now() - started) / 1000;
  const words = piece.understood.length > 0 ? piece.understood.join(', ') : 'no prompt words';
  process.stdout.write(
    `${values.out}: ${seconds} s, ${Math.round(piece.bpm * 10) / 10} bpm, ${piece.key}, ` +
      `${piece.bars.length} bars (${words}) in ${took.toFixed(2)} s\n`,
  );
  return 0;
}
