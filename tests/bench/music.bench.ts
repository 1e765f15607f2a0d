// The built-in composer (native/music): seconds of audio per second of compute, on one core,
// for a 30 s and a 120 s piece with the fullest arrangement (drums, bass, string pad, lead,
// reverb). Median of 3 runs after a warm-up, each with its own seed. No peer: nothing
// comparable runs offline here.
//
// Waveform peaks (native/media/peaks): `peaksFromSource` on a 10-minute 48 kHz stereo 16-bit
// FLAC generated here (independent pink noise on each side, which FLAC cannot squeeze much, so
// decoding costs what music would). That is the whole import path: ffprobe, ffmpeg decoding to
// 32-bit float through a pipe, and the peaks pass. Median of 3 after a warm-up. Peer: ffmpeg
// alone decoding the same file to 32-bit float and throwing it away, the floor for any peaks
// computed from ffmpeg's output.
import { join } from 'node:path';
import { compose } from '../../native/music/composer';
import { fileArg, runTool } from '../../native/media/ffmpeg';
import { peaksFromSource } from '../../native/media/peaks';
import { tempDir } from '../helpers/temp';
import { median, round, type Metric, type Metrics } from './metrics';

const PROMPT = 'upbeat cinematic corporate, 120 bpm';
const RUNS = 3;
const PEAKS_SECONDS = 600;

async function realtimeFactor(seconds: number): Promise<number> {
  await compose({ prompt: PROMPT, seconds, seed: 0 });
  const factors: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    await compose({ prompt: PROMPT, seconds, seed: run });
    factors.push(seconds / ((performance.now() - started) / 1000));
  }
  return median(factors);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  await work();
  const factors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    factors.push(PEAKS_SECONDS / ((performance.now() - started) / 1000));
  }
  return median(factors);
}

async function peaksMetric(): Promise<Metric & { note: string }> {
  const dir = tempDir('atelier-bench-peaks-');
  try {
    const path = join(dir.path, 'noise-10min.flac');
    const noise = (seed: number) =>
      `anoisesrc=color=pink:amplitude=0.5:sample_rate=48000:duration=${PEAKS_SECONDS}:seed=${seed}`;
    const made = await runTool('ffmpeg', {
      args: [
        '-v',
        'error',
        '-filter_complex',
        `${noise(1)}[l];${noise(2)}[r];[l][r]join=inputs=2:channel_layout=stereo`,
        '-c:a',
        'flac',
        '-sample_fmt',
        's16',
        '-y',
        fileArg(path),
      ],
    });
    if (made.exitCode !== 0) throw new Error(`could not make the bench input: ${made.stderr}`);
    const ours = await timed(() => peaksFromSource({ type: 'path', path }));
    const ffmpegAlone = await timed(async () => {
      const run = await runTool('ffmpeg', {
        args: ['-v', 'error', '-i', fileArg(path), '-map', '0:a:0', '-c:a', 'pcm_f32le', '-f', 'null', '-'],
      });
      if (run.exitCode !== 0) throw new Error(run.stderr);
    });
    return {
      value: round(ours, 1),
      unit: 'x',
      better: 'higher',
      target: 200,
      peer: { name: 'ffmpeg decode to f32 alone', value: round(ffmpegAlone, 1) },
      note:
        'input: 10 min, 48 kHz stereo 16-bit FLAC of independent pink noise per channel, made by ' +
        'ffmpeg; measured: peaksFromSource (ffprobe + ffmpeg decode to f32le over a pipe + PeaksBuilder)',
    };
  } finally {
    dir.cleanup();
  }
}

export default async function music(): Promise<Metrics> {
  const short = await realtimeFactor(30);
  const long = await realtimeFactor(120);
  const peaks = await peaksMetric();
  return {
    composer_30s_realtime_x: { value: round(short, 1), unit: 'x', better: 'higher', target: 30 },
    composer_120s_realtime_x: { value: round(long, 1), unit: 'x', better: 'higher', target: 30 },
    peaks_10min_realtime_x: peaks,
  };
}
