// Built-in generative fill (native/inpaint, engine 'auto') on a 1024×1024 textured image — colour
// ramp, stripes and grain — with holes of 5 % (a centred square) and 20 % (a blob) of the area:
// time, and quality in the hole against the known truth. The peer is OpenCV's cv2.inpaint (Telea
// and Navier–Stokes) from Debian's python3-opencv, run on the same pixels in the same run by
// tests/bench/opencv-inpaint.py. Quality figures are for the 20 % blob, the harder case.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillClassical } from '../../native/inpaint/classical';
import type { Mask, RgbaImage } from '../../native/inpaint/image';
import { tempDir } from '../helpers/temp';
import { discsMask, holeCount, holePsnr, rectMask, textureRatio, textured } from '../helpers/inpaint-images';
import { median, round, type Metric, type Metrics } from './metrics';
import { inpaintWithModel } from '../../native/inference/adapters';
import { SessionCache } from '../../native/inference/sessions';
import { lama512StandIn, writeModel } from '../helpers/onnx-standins';

/** Fills timed after the warm-up; the figures are their medians. */
const OVERHEAD_RUNS = 15;
/** Untimed fills first, so the figures are the steady state rather than the JIT compiling the code. */
const OVERHEAD_WARMUP = 5;

interface Overhead {
  /** Median over the runs of (pre + post) / run, in %. */
  pct: number;
  preMs: number;
  runMs: number;
  postMs: number;
}

/**
 * Pre- and post-processing as a share of `session.run`, with the LaMa-512 stand-in on the 5% hole,
 * from the pipeline's own timings (runFill): pre is everything before the run (finding the hole,
 * the crops, the blend mask, resizing to 512 and packing the tensors), post everything after it
 * (unpacking and resizing back, the copy of the full image, the feathered blend). Medians of
 * OVERHEAD_RUNS fills after OVERHEAD_WARMUP warm-ups; loading the model is not counted. The
 * stand-in's graph is a few element-wise ops, far lighter than LaMa's.
 */
async function adapterOverhead(image: RgbaImage, mask: Mask): Promise<Overhead> {
  const dir = tempDir('atelier-bench-adapter-');
  const cache = new SessionCache();
  try {
    const modelPath = writeModel(dir.path, 'lama.onnx', lama512StandIn());
    const shares: number[] = [];
    const pre: number[] = [];
    const runs: number[] = [];
    const post: number[] = [];
    for (let i = 0; i < OVERHEAD_WARMUP + OVERHEAD_RUNS; i++) {
      const { timings } = await inpaintWithModel(image, mask, { modelPath, cache, providers: ['cpu'] });
      if (i < OVERHEAD_WARMUP) continue;
      shares.push((100 * (timings.preMs + timings.postMs)) / timings.runMs);
      pre.push(timings.preMs);
      runs.push(timings.runMs);
      post.push(timings.postMs);
    }
    return { pct: median(shares), preMs: median(pre), runMs: median(runs), postMs: median(post) };
  } finally {
    await cache.release();
    dir.cleanup();
  }
}

const SIZE = 1024;
const RUNS = 3;
const RADIUS = 5;
const root = join(import.meta.dirname, '..', '..');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A blob of overlapping discs, scaled until it covers `fraction` of the image. */
function blob(fraction: number): Mask {
  const shape = [
    { x: 0.5, y: 0.5, r: 0.2 },
    { x: 0.36, y: 0.42, r: 0.13 },
    { x: 0.63, y: 0.6, r: 0.14 },
    { x: 0.5, y: 0.7, r: 0.1 },
  ];
  let low = 0.2;
  let high = 2;
  let mask = discsMask(SIZE, SIZE, []);
  for (let step = 0; step < 20; step++) {
    const scale = (low + high) / 2;
    mask = discsMask(
      SIZE,
      SIZE,
      shape.map((d) => ({ x: d.x * SIZE, y: d.y * SIZE, r: d.r * SIZE * scale })),
    );
    const covered = holeCount(mask) / (SIZE * SIZE);
    if (Math.abs(covered - fraction) < 0.002) break;
    if (covered < fraction) low = scale;
    else high = scale;
  }
  return mask;
}

function square(fraction: number): Mask {
  const side = Math.round(Math.sqrt(fraction) * SIZE);
  const at = (SIZE - side) >> 1;
  return rectMask(SIZE, SIZE, at, at, side, side);
}

interface OpenCv {
  telea: RgbaImage;
  ns: RgbaImage;
  seconds: { telea: number; ns: number };
}

/** Installs python3-opencv if allowed; null when OpenCV can be imported, else why not. */
function ensureOpenCv(): string | null {
  spawnSync(process.execPath, [join(root, 'build', 'ensure-system-deps.mjs'), '--bench'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const probe = spawnSync(python, ['-c', 'import cv2'], { encoding: 'utf8' });
  return probe.status === 0
    ? null
    : `${python} cannot import cv2 (python3-opencv not installed and could not be installed)`;
}

function runOpenCv(image: RgbaImage, mask: Mask): OpenCv {
  const dir = tempDir('atelier-bench-inpaint-');
  try {
    const rgb = new Uint8Array(SIZE * SIZE * 3);
    for (let i = 0; i < SIZE * SIZE; i++) {
      rgb[i * 3] = image.data[i * 4]!;
      rgb[i * 3 + 1] = image.data[i * 4 + 1]!;
      rgb[i * 3 + 2] = image.data[i * 4 + 2]!;
    }
    writeFileSync(join(dir.path, 'image.rgb'), rgb);
    writeFileSync(join(dir.path, 'mask.u8'), mask.data);
    const script = join(import.meta.dirname, 'opencv-inpaint.py');
    const args = [script, dir.path, String(SIZE), String(SIZE), String(RADIUS), String(RUNS)];
    const result = spawnSync(python, args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`opencv-inpaint.py failed: ${(result.stderr || result.error?.message || '').trim()}`);
    const report = JSON.parse(result.stdout) as { seconds: { telea: number; ns: number } };
    const read = (name: string): RgbaImage => {
      const bytes = readFileSync(join(dir.path, `${name}.rgb`));
      const out = { width: SIZE, height: SIZE, data: image.data.slice() };
      for (let i = 0; i < SIZE * SIZE; i++) {
        out.data[i * 4] = bytes[i * 3]!;
        out.data[i * 4 + 1] = bytes[i * 3 + 1]!;
        out.data[i * 4 + 2] = bytes[i * 3 + 2]!;
      }
      return out;
    };
    return { telea: read('telea'), ns: read('ns'), seconds: report.seconds };
  } finally {
    dir.cleanup();
  }
}

function timeBuiltin(image: RgbaImage, mask: Mask): { seconds: number; result: RgbaImage; engine: string } {
  const times: number[] = [];
  let last: ReturnType<typeof fillClassical> | undefined;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    last = fillClassical(image, mask, { engine: 'auto', seed: run + 1 });
    times.push((performance.now() - started) / 1000);
  }
  return { seconds: median(times), result: last!.image, engine: last!.engine };
}

export default async function inpaint(): Promise<Metrics> {
  const missing = ensureOpenCv();
  const truth = textured(SIZE, SIZE);
  const small = square(0.05);
  const large = blob(0.2);

  const builtinSmall = timeBuiltin(truth, small);
  const builtinLarge = timeBuiltin(truth, large);
  process.stderr.write(
    `holes: ${((100 * holeCount(small)) / SIZE ** 2).toFixed(1)} % (${builtinSmall.engine}), ` +
      `${((100 * holeCount(large)) / SIZE ** 2).toFixed(1)} % (${builtinLarge.engine})\n`,
  );

  let peerSmall: OpenCv | null = null;
  let peerLarge: OpenCv | null = null;
  let why = missing;
  if (!why) {
    try {
      peerSmall = runOpenCv(truth, small);
      peerLarge = runOpenCv(truth, large);
    } catch (error) {
      why = (error as Error).message;
    }
  }
  if (why)
    process.stderr.write(
      `OpenCV peer missing (${why}): the opencv_* figures are NaN and no peers are shown.\n`,
    );

  const psnr = round(holePsnr(builtinLarge.result, truth, large));
  const texture = round(textureRatio(builtinLarge.result, truth, large), 3);
  const cvPsnr = peerLarge ? round(holePsnr(peerLarge.telea, truth, large)) : NaN;
  const nsPsnr = peerLarge ? round(holePsnr(peerLarge.ns, truth, large)) : NaN;
  const cvTexture = peerLarge ? round(textureRatio(peerLarge.telea, truth, large), 3) : NaN;
  const nsTexture = peerLarge ? round(textureRatio(peerLarge.ns, truth, large), 3) : NaN;
  if (texture > 1.25)
    process.stderr.write(
      `builtin_texture_ratio ${texture} is above 1.25: the fill is noisier than the truth\n`,
    );

  const overhead = await adapterOverhead(truth, small);
  process.stderr.write(
    `adapter: ${overhead.preMs.toFixed(2)} ms pre + ${overhead.postMs.toFixed(2)} ms post around a ` +
      `${overhead.runMs.toFixed(2)} ms session.run (medians of ${OVERHEAD_RUNS} after ${OVERHEAD_WARMUP} warm-ups)\n`,
  );
  // The absolute times ride along in the JSON, so a reader can tell a slow pipeline from a fast run.
  const adapterOverheadPct: Metric & { pre_ms: number; post_ms: number; run_ms: number; runs: number } = {
    value: round(overhead.pct, 1),
    unit: '%',
    better: 'lower',
    target: 15,
    pre_ms: round(overhead.preMs, 3),
    post_ms: round(overhead.postMs, 3),
    run_ms: round(overhead.runMs, 3),
    runs: OVERHEAD_RUNS,
  };
  const teleaPeer = (peer: OpenCv | null) =>
    peer ? { peer: { name: 'opencv-telea', value: round(peer.seconds.telea, 3) } } : {};
  return {
    builtin_5pct_s: {
      value: round(builtinSmall.seconds, 3),
      unit: 's',
      better: 'lower',
      target: 0.5,
      ...teleaPeer(peerSmall),
    },
    builtin_20pct_s: {
      value: round(builtinLarge.seconds, 3),
      unit: 's',
      better: 'lower',
      target: 2,
      ...teleaPeer(peerLarge),
    },
    builtin_hole_psnr_db: {
      value: psnr,
      unit: 'dB',
      better: 'higher',
      ...(peerLarge ? { target: round(cvPsnr - 2), peer: { name: 'opencv-telea', value: cvPsnr } } : {}),
    },
    opencv_hole_psnr_db: {
      value: cvPsnr,
      unit: 'dB',
      better: 'higher',
      ...(peerLarge ? { peer: { name: 'opencv-ns', value: nsPsnr } } : {}),
    },
    // Closer to 1 is better; the target is the lower bound of 0.75…1.25 (the upper one is checked above).
    builtin_texture_ratio: {
      value: texture,
      unit: 'ratio',
      better: 'higher',
      target: 0.75,
      ...(peerLarge ? { peer: { name: 'opencv-telea', value: cvTexture } } : {}),
    },
    opencv_texture_ratio: {
      value: cvTexture,
      unit: 'ratio',
      better: 'higher',
      ...(peerLarge ? { peer: { name: 'opencv-ns', value: nsTexture } } : {}),
    },
    adapter_overhead_pct: adapterOverheadPct,
  };
}
