// The built-in composer (native/music): seconds of audio per second of compute, on one core,
// for a 30 s and a 120 s piece with the fullest arrangement (drums, bass, string pad, lead,
// reverb). Median of 3 runs after a warm-up, each with its own seed. No peer: nothing
// comparable runs offline here.
import { compose } from '../../native/music/composer';
import { median, round, type Metrics } from './metrics';

const PROMPT = 'upbeat cinematic corporate, 120 bpm';
const RUNS = 3;

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

export default async function music(): Promise<Metrics> {
  const short = await realtimeFactor(30);
  const long = await realtimeFactor(120);
  return {
    composer_30s_realtime_x: { value: round(short, 1), unit: 'x', better: 'higher', target: 30 },
    composer_120s_realtime_x: { value: round(long, 1), unit: 'x', better: 'higher', target: 30 },
  };
}
