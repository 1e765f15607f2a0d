import type { JobDefinition } from '../jobs/definition';
import { compose } from './composer';
import { encodeWav } from './wav';

/**
 * A soundtrack from the built-in composer, one piece per seed, each exactly the requested length
 * with its beat and bar markers, as a 48 kHz stereo WAV.
 */
export const musicJob: JobDefinition<'music'> = {
  kind: 'music',
  async run({ prompt, seconds, seeds }, ctx) {
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
