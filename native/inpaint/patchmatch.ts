/**
 * Exemplar-based completion for larger holes: a coarse-to-fine pyramid where, at every level, a
 * nearest-neighbour field (NNF) maps each patch touching the hole to a patch lying wholly in the
 * known part of the image, found with PatchMatch (Barnes et al. 2009: random init, propagation of
 * good offsets between neighbours, random search in shrinking windows), and the hole is rebuilt by
 * letting every patch that covers a pixel vote for it (Wexler, Shechtman & Irani 2007), which is
 * then matched again. The coarsest level starts from Telea's smooth fill; each finer level starts
 * from the coarser NNF, scaled up. Copying whole patches is what keeps texture sharp.
 *
 * Pure: typed arrays only, no Node, no DOM. The same seed gives the same bytes.
 */
import { HOLE, blendFill, holeDepth, requireImage, requireMaskFor, type Mask, type RgbaImage } from './image';
import { teleaFill } from './telea';

export interface PatchMatchOptions {
  /** Seeds the random initialisation and search; the same seed gives the same result. A whole number. */
  seed: number;
  /** Side of the square patches, odd, 3…31. Default 7. */
  patchSize?: number;
  /** Search-and-vote rounds at every pyramid level. Default: 6 at the coarsest, one fewer per finer level, at least 2. */
  iterations?: number;
  /** Called with the fraction done, 0…1, a few times per level. */
  onProgress?(fraction: number): void;
  /** Polled often; when it returns true the fill stops with Error('cancelled'). */
  shouldStop?(): boolean;
}

/** At the coarsest level the hole is at most this many patch sizes away from known pixels. */
const COARSEST_RADIUS_IN_PATCHES = 1;
/** A level with fewer whole known patches than this is too small to copy from. */
const MIN_SOURCES = 64;
/** How steeply vote weights fall with a patch's error; higher keeps more grain, too high shows seams on smooth ramps. */
const VOTE_SHARPNESS = 3;
/** Random search windows at finer levels start this many patch sizes wide: the NNF scaled up from the coarser level is already close. */
const FINE_SEARCH_IN_PATCHES = 4;

interface Level {
  width: number;
  height: number;
  /** `stride` floats per pixel. */
  values: Float32Array;
  hole: Uint8Array;
  /** 1 where a patch centred here lies inside the level and has no hole pixel. */
  valid: Uint8Array;
  sources: Int32Array;
  /** Pixels whose patch (clipped to the level) touches the hole, in scan order. */
  targets: Int32Array;
}

/**
 * Fills the hole (mask ≥ 128) with texture copied from the rest of the image and blends it by the
 * mask's value; pixels where the mask is 0 are copied unchanged. Work on a crop around the hole
 * (see fillClassical): cost grows with the crop and the hole.
 *
 * @example
 * const filled = patchmatch(crop, cropMask, { seed: 7, onProgress: (f) => report(f), shouldStop: () => job.cancelled });
 */
export function patchmatch(image: RgbaImage, mask: Mask, options: PatchMatchOptions): RgbaImage {
  requireImage('patchmatch', image);
  requireMaskFor('patchmatch', image, mask);
  if (typeof options !== 'object' || options === null) {
    throw new Error('patchmatch: options must be an object with a seed');
  }
  const { seed, onProgress, shouldStop } = options;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new Error(`patchmatch: options.seed must be a whole number, got ${String(seed)}`);
  }
  const patchSize = options.patchSize ?? 7;
  if (
    typeof patchSize !== 'number' ||
    !Number.isInteger(patchSize) ||
    patchSize < 3 ||
    patchSize > 31 ||
    patchSize % 2 === 0
  ) {
    throw new Error(
      `patchmatch: options.patchSize must be an odd whole number from 3 to 31, got ${String(patchSize)}`,
    );
  }
  const iterations = options.iterations;
  if (
    iterations !== undefined &&
    (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1 || iterations > 100)
  ) {
    throw new Error(
      `patchmatch: options.iterations must be a whole number from 1 to 100, got ${String(iterations)}`,
    );
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new Error('patchmatch: options.onProgress must be a function');
  }
  if (shouldStop !== undefined && typeof shouldStop !== 'function') {
    throw new Error('patchmatch: options.shouldStop must be a function');
  }
  const stop = () => {
    if (shouldStop?.()) throw new Error('cancelled');
  };
  stop();

  const { width, height, data } = image;
  const n = width * height;
  const hole = new Uint8Array(n);
  let holes = 0;
  for (let i = 0; i < n; i++) {
    if (mask.data[i]! >= HOLE) {
      hole[i] = 1;
      holes++;
    }
  }
  if (holes === 0) return blendFill(image, mask, data);
  if (holes === n) {
    throw new Error('patchmatch: the mask covers the whole image: leave some pixels unmasked to fill from');
  }

  // When every known pixel has the same alpha the fill has it too, and only RGB is matched.
  let alpha = -1;
  for (let i = 0; i < n; i++) {
    if (hole[i]) continue;
    const a = data[i * 4 + 3]!;
    if (alpha === -1) alpha = a;
    else if (a !== alpha) {
      alpha = -2;
      break;
    }
  }
  const stride = alpha >= 0 ? 3 : 4;
  const values = new Float32Array(n * stride);
  for (let i = 0; i < n; i++) for (let c = 0; c < stride; c++) values[i * stride + c] = data[i * 4 + c]!;

  const r = patchSize >> 1;
  const finest = makeLevel(width, height, values, hole, r);
  let result: Float32Array;
  if (finest.sources.length === 0) {
    // Too little context for a single whole patch: the smooth fill is the best there is.
    teleaFill(values, stride, width, height, hole, 5);
    result = values;
  } else {
    const levels = buildPyramid(finest, stride, patchSize, r);
    result = complete(levels, stride, patchSize, seed, iterations, onProgress, stop);
  }
  onProgress?.(1);
  if (stride === 4) return blendFill(image, mask, result);
  const fill = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    fill[i * 4] = result[i * 3]!;
    fill[i * 4 + 1] = result[i * 3 + 1]!;
    fill[i * 4 + 2] = result[i * 3 + 2]!;
    fill[i * 4 + 3] = alpha;
  }
  return blendFill(image, mask, fill);
}

function makeLevel(width: number, height: number, values: Float32Array, hole: Uint8Array, r: number): Level {
  // Summed-area table of the hole, for "does this box hold a hole pixel" in O(1).
  const w1 = width + 1;
  const sat = new Int32Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += hole[y * width + x]!;
      sat[(y + 1) * w1 + x + 1] = sat[y * w1 + x + 1]! + row;
    }
  }
  const boxHoles = (x0: number, y0: number, x1: number, y1: number) =>
    sat[(y1 + 1) * w1 + x1 + 1]! - sat[y0 * w1 + x1 + 1]! - sat[(y1 + 1) * w1 + x0]! + sat[y0 * w1 + x0]!;
  const valid = new Uint8Array(width * height);
  const sources: number[] = [];
  const targets: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x >= r && y >= r && x < width - r && y < height - r && boxHoles(x - r, y - r, x + r, y + r) === 0) {
        valid[i] = 1;
        sources.push(i);
      }
      if (
        boxHoles(
          Math.max(0, x - r),
          Math.max(0, y - r),
          Math.min(width - 1, x + r),
          Math.min(height - 1, y + r),
        ) > 0
      ) {
        targets.push(i);
      }
    }
  }
  return {
    width,
    height,
    values,
    hole,
    valid,
    sources: Int32Array.from(sources),
    targets: Int32Array.from(targets),
  };
}

/** Levels from finest to coarsest: halve until the hole is about a patch deep or too little context is left. */
function buildPyramid(finest: Level, stride: number, patchSize: number, r: number): Level[] {
  const levels = [finest];
  for (;;) {
    const fine = levels[levels.length - 1]!;
    if (holeDepth(fine.hole, fine.width, fine.height) <= COARSEST_RADIUS_IN_PATCHES * patchSize) break;
    const width = (fine.width + 1) >> 1;
    const height = (fine.height + 1) >> 1;
    if (Math.min(width, height) < 3 * patchSize) break;
    const values = new Float32Array(width * height * stride);
    const hole = new Uint8Array(width * height);
    const fw = fine.width;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        // A coarse pixel is a hole when any pixel under it is, so coarse known pixels are truly known.
        let count = 0;
        let holes = 0;
        const i = (y * width + x) * stride;
        for (let dy = 0; dy < 2; dy++) {
          const fy = 2 * y + dy;
          if (fy >= fine.height) continue;
          for (let dx = 0; dx < 2; dx++) {
            const fx = 2 * x + dx;
            if (fx >= fw) continue;
            const f = fy * fw + fx;
            if (fine.hole[f]) {
              holes++;
              continue;
            }
            count++;
            for (let c = 0; c < stride; c++) values[i + c]! += fine.values[f * stride + c]!;
          }
        }
        if (holes > 0) hole[y * width + x] = 1;
        if (count > 0) for (let c = 0; c < stride; c++) values[i + c]! /= count;
      }
    }
    const coarse = makeLevel(width, height, values, hole, r);
    if (coarse.sources.length < MIN_SOURCES) break;
    levels.push(coarse);
  }
  return levels;
}

/** mulberry32: a small, fast, seedable generator; floats in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function complete(
  levels: Level[],
  stride: number,
  patchSize: number,
  seed: number,
  iterations: number | undefined,
  onProgress: ((fraction: number) => void) | undefined,
  stop: () => void,
): Float32Array {
  const random = generator(seed);
  const r = patchSize >> 1;
  const coarsest = levels.length - 1;
  const rounds = (l: number) => iterations ?? Math.max(2, 6 - (coarsest - l));
  let total = 0;
  for (let l = 0; l <= coarsest; l++) total += levels[l]!.targets.length * rounds(l);
  let done = 0;

  const top = levels[coarsest]!;
  teleaFill(top.values, stride, top.width, top.height, top.hole, 5);
  let nnf = new Int32Array(0);
  let pass = 0;
  for (let l = coarsest; l >= 0; l--) {
    const level = levels[l]!;
    const { width, height, valid, sources, targets } = level;
    const next = new Int32Array(width * height).fill(-1);
    if (l === coarsest) {
      for (const p of targets) next[p] = sources[Math.floor(random() * sources.length)]!;
    } else {
      // Scale the coarser field up: pixel (x, y) takes its parent's source, doubled, plus its own parity.
      const coarse = levels[l + 1]!;
      for (const p of targets) {
        const x = p % width;
        const y = (p - x) / width;
        const parent =
          nnf[Math.min(coarse.height - 1, y >> 1) * coarse.width + Math.min(coarse.width - 1, x >> 1)]!;
        let q = -1;
        if (parent >= 0) {
          const px = parent % coarse.width;
          const py = (parent - px) / coarse.width;
          const qx = Math.min(width - 1 - r, Math.max(r, 2 * px + (x & 1)));
          const qy = Math.min(height - 1 - r, Math.max(r, 2 * py + (y & 1)));
          q = qy * width + qx;
        }
        next[p] = q >= 0 && valid[q] ? q : sources[Math.floor(random() * sources.length)]!;
      }
      vote(level, next, null, stride, r);
    }
    nnf = next;
    const distance = new Float32Array(width * height);
    measure(level, nnf, distance, stride, r);
    const reach =
      l === coarsest
        ? Math.max(width, height)
        : Math.min(Math.max(width, height), FINE_SEARCH_IN_PATCHES * patchSize);
    for (let k = 0; k < rounds(l); k++) {
      search(level, nnf, distance, stride, r, reach, pass++ % 2 === 0, random, stop);
      vote(level, nnf, distance, stride, r);
      // The last vote is the answer; anything else is matched again against what it voted.
      if (l > 0 || k < rounds(l) - 1) measure(level, nnf, distance, stride, r);
      done += targets.length;
      onProgress?.(Math.min(0.99, done / total));
      stop();
    }
  }
  return levels[0]!.values;
}

/**
 * Sum of squared differences between the patch around target `p` (clipped to the level by
 * x0…x1, y0…y1) and the patch around source `q`, stopping as soon as it passes `best`.
 */
function patchDistance(
  values: Float32Array,
  width: number,
  stride: number,
  p: number,
  q: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  best: number,
): number {
  const run = (x1 - x0 + 1) * stride;
  let sum = 0;
  for (let dy = y0; dy <= y1; dy++) {
    const t = (p + dy * width + x0) * stride;
    const s = (q + dy * width + x0) * stride;
    for (let k = 0; k < run; k++) {
      const d = values[t + k]! - values[s + k]!;
      sum += d * d;
    }
    if (sum >= best) return sum;
  }
  return sum;
}

/** Every target's distance to its current source. */
function measure(level: Level, nnf: Int32Array, distance: Float32Array, stride: number, r: number): void {
  const { width, height, values, targets } = level;
  for (let k = 0; k < targets.length; k++) {
    const p = targets[k]!;
    const x = p % width;
    const y = (p - x) / width;
    distance[p] = patchDistance(
      values,
      width,
      stride,
      p,
      nnf[p]!,
      x < r ? -x : -r,
      x + r >= width ? width - 1 - x : r,
      y < r ? -y : -r,
      y + r >= height ? height - 1 - y : r,
      Infinity,
    );
  }
}

/** One PatchMatch pass: propagation from the two neighbours already visited, then random search. */
function search(
  level: Level,
  nnf: Int32Array,
  distance: Float32Array,
  stride: number,
  r: number,
  reach: number,
  forward: boolean,
  random: () => number,
  stop: () => void,
): void {
  const { width, height, values, valid, targets } = level;
  const step = forward ? 1 : -1;
  const count = targets.length;
  const loX = r;
  const hiX = width - 1 - r;
  const loY = r;
  const hiY = height - 1 - r;
  for (let k = 0; k < count; k++) {
    if ((k & 8191) === 8191) stop();
    const p = targets[forward ? k : count - 1 - k]!;
    const x = p % width;
    const y = (p - x) / width;
    const x0 = x < r ? -x : -r;
    const x1 = x + r >= width ? width - 1 - x : r;
    const y0 = y < r ? -y : -r;
    const y1 = y + r >= height ? height - 1 - y : r;
    let best = nnf[p]!;
    let bestDistance = distance[p]!;

    // Propagation: the neighbour's source, shifted by one, continues its match here.
    const nx = x - step;
    if (nx >= 0 && nx < width) {
      const from = nnf[p - step]!;
      if (from >= 0) {
        const q = from + step;
        if (q !== best && valid[q]) {
          const d = patchDistance(values, width, stride, p, q, x0, x1, y0, y1, bestDistance);
          if (d < bestDistance) {
            best = q;
            bestDistance = d;
          }
        }
      }
    }
    const ny = y - step;
    if (ny >= 0 && ny < height) {
      const from = nnf[p - step * width]!;
      if (from >= 0) {
        const q = from + step * width;
        if (q !== best && valid[q]) {
          const d = patchDistance(values, width, stride, p, q, x0, x1, y0, y1, bestDistance);
          if (d < bestDistance) {
            best = q;
            bestDistance = d;
          }
        }
      }
    }

    // Random search in windows halving around the best source so far.
    const bx = best % width;
    const by = (best - bx) / width;
    for (let radius = reach; radius >= 1; radius >>= 1) {
      let qx = bx + Math.floor((random() * 2 - 1) * radius);
      let qy = by + Math.floor((random() * 2 - 1) * radius);
      qx = qx < loX ? loX : qx > hiX ? hiX : qx;
      qy = qy < loY ? loY : qy > hiY ? hiY : qy;
      const q = qy * width + qx;
      if (q === best || !valid[q]) continue;
      const d = patchDistance(values, width, stride, p, q, x0, x1, y0, y1, bestDistance);
      if (d < bestDistance) {
        best = q;
        bestDistance = d;
      }
    }
    nnf[p] = best;
    distance[p] = bestDistance;
  }
}

/**
 * Rebuilds every hole pixel as the weighted mean of what the patches covering it say it should be;
 * a patch that matched well counts more. Without distances (`null`) every patch counts the same.
 */
function vote(level: Level, nnf: Int32Array, distance: Float32Array | null, stride: number, r: number): void {
  const { width, height, values, hole, targets } = level;
  // Weights fall off with a patch's mean squared error relative to the typical one: well-matched
  // patches dominate, so the hole keeps the sources' grain instead of averaging it away.
  const weight = new Float32Array(width * height);
  if (distance) {
    // Mean squared error per value, over the part of the patch inside the level.
    let sum = 0;
    for (const p of targets) {
      const x = p % width;
      const y = (p - x) / width;
      const across = Math.min(width - 1, x + r) - Math.max(0, x - r) + 1;
      const down = Math.min(height - 1, y + r) - Math.max(0, y - r) + 1;
      weight[p] = distance[p]! / (across * down * stride);
      sum += weight[p]!;
    }
    const scale = VOTE_SHARPNESS / (2 * (sum / Math.max(1, targets.length)) + 1);
    for (const p of targets) weight[p] = Math.exp(-weight[p]! * scale);
  } else {
    for (const p of targets) weight[p] = 1;
  }
  const out = new Float32Array(stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = y * width + x;
      if (!hole[t]) continue;
      out.fill(0);
      let weights = 0;
      for (let dy = -r; dy <= r; dy++) {
        const py = y - dy;
        if (py < 0 || py >= height) continue;
        for (let dx = -r; dx <= r; dx++) {
          const px = x - dx;
          if (px < 0 || px >= width) continue;
          const p = py * width + px;
          const q = nnf[p]!;
          const w = weight[p]!;
          const s = (q + dy * width + dx) * stride;
          for (let c = 0; c < stride; c++) out[c]! += w * values[s + c]!;
          weights += w;
        }
      }
      if (weights > 0) {
        const i = t * stride;
        for (let c = 0; c < stride; c++) values[i + c] = out[c]! / weights;
      }
    }
  }
}
