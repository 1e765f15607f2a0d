import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compose, MAX_MUSIC_SECONDS, MIN_MUSIC_SECONDS } from '../music/composer';
import { encodeWav } from '../music/wav';
import { writeFileAtomic } from '../studio/atomic-file';
import { UsageError } from './usage-error';

export const musicUsage = `atelier music "<prompt>" --seconds N [--seed N] [--engine builtin] --out <bed.wav>
  Composes a soundtrack of exactly N seconds (48 kHz stereo WAV) that ends on the last bar.
  The prompt takes mood and genre words (upbeat, calm, cinematic, corporate, lo-fi, …), a tempo
  ("slow", "120 bpm") and a key ("in D minor"). The same prompt and seed give the same piece.`;

export async function musicCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' },
      seed: { type: 'string', default: '0' },
      engine: { type: 'string', default: 'builtin' },
      out: { type: 'string' },
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
  if (values.engine !== 'builtin') {
    throw new UsageError(
      `--engine ${values.engine}: only the built-in composer is available (learned music models are not supported yet)`,
    );
  }
  if (!values.out) throw new UsageError('--out <bed.wav> is required');
  if (extname(values.out).toLowerCase() !== '.wav')
    throw new UsageError(`--out must end in .wav, not "${values.out}"`);

  const started = performance.now();
  const piece = await compose({ prompt: positionals[0] ?? '', seconds, seed: Number(values.seed) });
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
