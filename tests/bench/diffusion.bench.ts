// The diffusion pipeline (native/inference/diffusion) with the stand-in graphs of
// tests/helpers/diffusion-standins.ts, so the figures are the pipeline's own cost, not a model's:
//
// - pipeline_overhead_ms_per_step: a 512 × 512 picture with a centred 256 × 256 hole, filled with
//   inpaintWithDiffusion (crop with 128 px of context → 512 × 512 generation, 4 variants, 20 Euler
//   steps with guidance, so 80 UNet steps) — the call's wall time minus the time inside
//   session.run (every component) and minus loading, divided by the UNet steps. That is everything
//   the pipeline adds: tokenising, packing and converting tensors, guidance, the sampler, the VAE's
//   pre- and post-processing, resizing and blending. Median of RUNS after a warm-up.
// - peak_rss_mb: the peak resident memory of a fresh Node process that opens the model and runs
//   that fill once (process.resourceUsage().maxRSS), so earlier benchmarks in this process do not
//   count. The stand-ins' weights are a few kilobytes: this is the pipeline's buffers plus Node
//   and onnxruntime, the floor under a real model's weights (about 4 GB for SD 1.5 in fp32).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { inpaintWithDiffusion } from '../../native/inference/diffusion/inpaint';
import { openDiffusionModel } from '../../native/inference/diffusion/pipeline';
import type { Mask, RgbaImage } from '../../native/inpaint/image';
import { writeDiffusionStandIn } from '../helpers/diffusion-standins';
import { tempDir } from '../helpers/temp';
import { median, round, type Metric, type Metrics } from './metrics';

const SIZE = 512;
const HOLE = 256;
const STEPS = 20;
const VARIANTS = 4;
const RUNS = 5;

function picture(): { image: RgbaImage; mask: Mask } {
  const data = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++)
      data.set([(x * 3) % 256, (y * 5) % 256, (x ^ y) % 256, 255], (y * SIZE + x) * 4);
  }
  const mask = new Uint8Array(SIZE * SIZE);
  const at = (SIZE - HOLE) / 2;
  for (let y = at; y < at + HOLE; y++) mask.fill(255, y * SIZE + at, y * SIZE + at + HOLE);
  return { image: { width: SIZE, height: SIZE, data }, mask: { width: SIZE, height: SIZE, data: mask } };
}

interface Run {
  wallMs: number;
  sessionRunMs: number;
  loadMs: number;
  unetSteps: number;
  width: number;
  height: number;
}

/** One fill as the benchmark measures it. */
async function fill(model: Awaited<ReturnType<typeof openDiffusionModel>>, seed: number): Promise<Run> {
  const { image, mask } = picture();
  const started = performance.now();
  const { generation } = await inpaintWithDiffusion(model, image, mask, {
    prompt: 'a red cat on a blue sofa, photo',
    negativePrompt: 'blurry',
    steps: STEPS,
    guidanceScale: 7.5,
    seed,
    variants: VARIANTS,
  });
  const wallMs = performance.now() - started;
  const { sessionRunMs, loadMs, unetSteps } = generation.timings;
  return { wallMs, sessionRunMs, loadMs, unetSteps, width: generation.width, height: generation.height };
}

/** Run in a fresh process by peakRss(): one fill, then prints the process's peak RSS in bytes. */
export async function peakRssChild(dir: string): Promise<void> {
  const model = await openDiffusionModel(dir, { providers: ['cpu'], idleReleaseMs: Infinity });
  await fill(model, 1);
  await model.release();
  process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

function peakRss(dir: string): number {
  const self = pathToFileURL(import.meta.filename).href;
  const script = `import(${JSON.stringify(self)}).then((m) => m.peakRssChild(${JSON.stringify(dir)}))`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: process.cwd(),
  });
  if (child.status !== 0)
    throw new Error(`the peak-RSS child failed: ${child.stderr || child.error?.message}`);
  const line = child.stdout.trim().split('\n').at(-1)!;
  return (JSON.parse(line) as { maxRssBytes: number }).maxRssBytes;
}

export default async function diffusion(): Promise<Metrics> {
  const dir = tempDir('atelier-bench-diffusion-');
  try {
    writeDiffusionStandIn(dir.path, { inpaint: true });
    const model = await openDiffusionModel(dir.path, { providers: ['cpu'], idleReleaseMs: Infinity });
    const runs: Run[] = [];
    try {
      await fill(model, 0); // warm-up: loads the sessions, compiles the code
      for (let run = 1; run <= RUNS; run++) runs.push(await fill(model, run));
    } finally {
      await model.release();
    }
    const perStep = runs.map((r) => (r.wallMs - r.sessionRunMs - r.loadMs) / r.unetSteps);
    const first = runs[0]!;
    process.stderr.write(
      `diffusion: ${first.width}×${first.height} generation, ${first.unetSteps} UNet steps per fill; ` +
        `median wall ${median(runs.map((r) => r.wallMs)).toFixed(1)} ms, ` +
        `session.run ${median(runs.map((r) => r.sessionRunMs)).toFixed(1)} ms\n`,
    );
    const rss = peakRss(dir.path);
    const overhead: Metric & { wall_ms: number; session_run_ms: number; unet_steps: number; runs: number } = {
      value: round(median(perStep), 3),
      unit: 'ms',
      better: 'lower',
      target: 5,
      wall_ms: round(median(runs.map((r) => r.wallMs)), 1),
      session_run_ms: round(median(runs.map((r) => r.sessionRunMs)), 1),
      unet_steps: first.unetSteps,
      runs: RUNS,
    };
    return {
      pipeline_overhead_ms_per_step: overhead,
      peak_rss_mb: { value: round(rss / 1024 ** 2, 1), unit: 'MB', better: 'lower' },
    };
  } finally {
    dir.cleanup();
  }
}
