import type { JobDefinition } from '../jobs/definition';
import { compose } from './composer';
import { encodeWav } from './wav';
import type { JobContext } from '../jobs/definition';
import type { JobResult } from '../api/jobs';
import { fitToLength, generateMusicgen, toStereo48k } from './musicgen';
import { estimateTempo } from './analysis';

/**
 * A soundtrack from the built-in composer, one piece per seed, each exactly the requested length
 * with its beat and bar markers, as a 48 kHz stereo WAV.
 */
export const musicJob: JobDefinition<'music'> = {
  kind: 'music',
  async run({ model, prompt, seconds, seeds }, ctx) {
    if (model) return musicgenVariants(model.dir, prompt, seconds, seeds, ctx);
    const variants = [];
    for (const [i, seed] of seeds.entries()) {
      const started = performance.now();
      const span = 1 / seeds.length;
      const piece = await compose({
        prompt,
        seconds,
        seed,
        sampleRate: 48_000,
        onProgress: (f, stage) =>
          ctx.progress(span * (i + f), `variant ${i + 1} of ${seeds.length}: ${stage}`),
      });
      const wav = encodeWav({ sampleRate: piece.sampleRate, channels: [piece.left, piece.right] });
      variants.push({
        wav,
        seed,
        bpm: piece.bpm,
        key: piece.key,
        beatsPerBar: piece.beatsPerBar,
        beats: piece.beats,
        bars: piece.bars,
        sections: piece.sections.map((s) => ({ name: s.name, start: s.start, end: s.end })),
        understood: piece.understood,
        durationSamples: piece.left.length,
        ms: performance.now() - started,
      });
    }
    ctx.progress(1, 'done');
    return { variants, engine: 'builtin' };
  },
};

/**
 * MusicGen pieces, one per seed, each brought to exactly the requested length at 48 kHz stereo.
 * MusicGen knows nothing of bars: the tempo is estimated from the audio and a regular beat grid
 * from the start is returned with it (good enough to snap to; the key is not known).
 */
async function musicgenVariants(
  dir: string,
  prompt: string,
  seconds: number,
  seeds: number[],
  ctx: JobContext,
): Promise<JobResult<'music'>> {
  const variants = [];
  const total = Math.round(seconds * 48_000);
  for (const [i, seed] of seeds.entries()) {
    const started = performance.now();
    const span = 1 / seeds.length;
    const piece = await generateMusicgen({
      dir,
      prompt,
      seconds,
      seed,
      onProgress: (done, steps) =>
        ctx.progress(
          span * (i + done / Math.max(1, steps)),
          `variant ${i + 1} of ${seeds.length}: step ${done} of ${steps}`,
        ),
    });
    const stereo = toStereo48k(piece.samples);
    const { left, right } = fitToLength(stereo.left, stereo.right, total);
    const { bpm } = estimateTempo([left, right], 48_000, { minBpm: 70, maxBpm: 180 });
    const beat = 60 / bpm;
    const beats: number[] = [];
    for (let t = 0; t < seconds - 1e-9; t += beat) beats.push(Math.round(t * 1000) / 1000);
    variants.push({
      wav: encodeWav({ sampleRate: 48_000, channels: [left, right] }),
      seed,
      bpm,
      key: '',
      beatsPerBar: 4,
      beats,
      bars: beats.filter((_, k) => k % 4 === 0),
      sections: [],
      understood: [],
      durationSamples: total,
      ms: performance.now() - started,
    });
  }
  ctx.progress(1, 'done');
  return { variants, engine: 'musicgen' };
}
