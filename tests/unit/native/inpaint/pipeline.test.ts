// The shared fill pipeline: crop around the hole, hand the crop to the model's adapter, and blend
// the answer back through a feathered mask, so nothing outside it changes by even one byte.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { featherMask } from '../../../../native/compose/mask-ops';
import { lama512Adapter } from '../../../../native/inference/adapters';
import { SessionCache } from '../../../../native/inference/sessions';
import type { Tensors } from '../../../../native/inference/signatures';
import { createImage, type Mask, type RgbaImage } from '../../../../native/inpaint/image';
import {
  blendMask,
  featherReach,
  growToSquare,
  runFill,
  type Adapter,
  type RunModel,
} from '../../../../native/inpaint/pipeline';
import { HOLE_VALUE, lama512StandIn, writeModel } from '../../../helpers/onnx-standins';
import { tempDir } from '../../../helpers/temp';

function noiseImage(width: number, height: number, seed = 7): RgbaImage {
  const image = createImage(width, height);
  let state = seed;
  for (let k = 0; k < image.data.length; k++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    image.data[k] = state >>> 23;
  }
  return image;
}

function rectMask(width: number, height: number, x0: number, y0: number, w: number, h: number): Mask {
  const data = new Uint8Array(width * height);
  for (let y = y0; y < y0 + h; y++) data.fill(255, y * width + x0, y * width + x0 + w);
  return { width, height, data };
}

/**
 * A stand-in adapter that ignores the model and paints its whole crop with noise, so any pixel
 * the pipeline fails to protect changes. It records what it was given.
 */
function scribbler(): Adapter<{ width: number; height: number }> & {
  crops: { width: number; height: number }[];
} {
  const crops: { width: number; height: number }[] = [];
  return {
    family: 'migan',
    crops,
    prepare(crop) {
      crops.push({ width: crop.width, height: crop.height });
      return { feeds: {}, state: { width: crop.width, height: crop.height } };
    },
    finish(_outputs, { width, height }) {
      return noiseImage(width, height, 99);
    },
  };
}

const noModel: RunModel = async () => ({ outputs: {}, provider: 'cpu' });

describe('only the feathered mask changes', () => {
  it('for random masks, margins and feathers, even when the model changes its whole crop', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.tuple(fc.nat(79), fc.nat(59), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 16 }),
        async (width, height, specks, margin, feather) => {
          const mask: Mask = { width, height, data: new Uint8Array(width * height) };
          for (const [x, y, v] of specks) mask.data[(y % height) * width + (x % width)] = v;
          const image = noiseImage(width, height);
          const before = image.data.slice();
          const { image: out } = await runFill(image, mask, scribbler(), noModel, { margin, feather });
          expect(image.data).toEqual(before); // the input is not modified
          const blend = featherMask(mask, feather).data;
          for (let k = 0; k < mask.data.length; k++) {
            if (mask.data[k] === 0 && blend[k] === 0) {
              for (let c = 0; c < 4; c++) {
                if (out.data[k * 4 + c] !== before[k * 4 + c])
                  throw new Error(`pixel ${k} changed outside the mask`);
              }
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('inside the hole the model wins completely, and the feather fades it out beyond', async () => {
    const mask = rectMask(60, 20, 20, 0, 20, 20);
    const image = createImage(60, 20);
    const adapter: Adapter<{ width: number; height: number }> = {
      family: 'migan',
      prepare: (crop) => ({ feeds: {}, state: { width: crop.width, height: crop.height } }),
      finish: (_o, { width, height }) => {
        const white = createImage(width, height);
        white.data.fill(255);
        return white;
      },
    };
    const { image: out } = await runFill(image, mask, adapter, noModel, { feather: 6 });
    const red = (x: number) => out.data[(10 * 60 + x) * 4]!;
    expect(red(20)).toBe(255);
    expect(red(39)).toBe(255);
    // Fading out to the right of the hole, monotonically, and gone well beyond.
    const fade = [40, 41, 42, 43, 44, 45, 46].map(red);
    expect(fade[0]).toBeGreaterThan(0);
    expect(fade[0]).toBeLessThan(255);
    for (let i = 1; i < fade.length; i++) expect(fade[i]).toBeLessThanOrEqual(fade[i - 1]!);
    expect(red(59)).toBe(0);
    // Alpha: the fill is opaque where it fully replaces a transparent pixel.
    expect(out.data[(10 * 60 + 30) * 4 + 3]).toBe(255);
  });
});

describe('the blend is computed only where it can be above 0, with the same bytes', () => {
  /** What the pipeline did before it limited the work: feather the whole mask, then take the max. */
  function wholeBlend(mask: Mask, feather: number): Uint8Array {
    const soft = featherMask(mask, feather).data;
    for (let k = 0; k < soft.length; k++) soft[k] = Math.max(soft[k]!, mask.data[k]!);
    return soft;
  }

  const specks = fc.array(fc.tuple(fc.nat(99), fc.nat(79), fc.integer({ min: 1, max: 255 })), {
    minLength: 0,
    maxLength: 30,
  });

  it('blendMask is max(mask, featherMask(mask)) of the whole mask, for any mask and feather', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 80 }),
        specks,
        fc.option(fc.tuple(fc.nat(99), fc.nat(79), fc.nat(60), fc.nat(60)), { nil: undefined }),
        fc.integer({ min: 0, max: 40 }),
        (width, height, dots, rect, feather) => {
          const mask: Mask = { width, height, data: new Uint8Array(width * height) };
          for (const [x, y, v] of dots) mask.data[(y % height) * width + (x % width)] = v;
          if (rect) {
            const [x0, y0, w, h] = rect;
            for (let y = y0 % height; y < Math.min(height, (y0 % height) + h); y++) {
              mask.data.fill(255, y * width + (x0 % width), y * width + Math.min(width, (x0 % width) + w));
            }
          }
          expect(blendMask(mask, feather).data).toEqual(wholeBlend(mask, feather));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('runFill gives the bytes of the whole-crop blend, for random holes, margins and feathers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 70 }),
        specks.filter((s) => s.length > 0),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 16 }),
        fc.boolean(),
        async (width, height, dots, margin, feather, square) => {
          const mask: Mask = { width, height, data: new Uint8Array(width * height) };
          for (const [x, y, v] of dots) mask.data[(y % height) * width + (x % width)] = v;
          const image = noiseImage(width, height, 3);
          const adapter = { ...scribbler(), squareCrop: square };
          const { image: out, box } = await runFill(image, mask, adapter, noModel, { margin, feather });
          // The reference: the whole crop feathered, every pixel of the box blended.
          const crop: Mask = {
            width: box.width,
            height: box.height,
            data: new Uint8Array(box.width * box.height),
          };
          for (let y = 0; y < box.height; y++) {
            crop.data.set(
              mask.data.subarray((box.y + y) * width + box.x, (box.y + y) * width + box.x + box.width),
              y * box.width,
            );
          }
          const blend = wholeBlend(crop, feather);
          const fill = noiseImage(box.width, box.height, 99).data;
          const expected = image.data.slice();
          for (let y = 0; y < box.height; y++) {
            for (let x = 0; x < box.width; x++) {
              const a = blend[y * box.width + x]!;
              if (a === 0) continue;
              const to = ((box.y + y) * width + box.x + x) * 4;
              const from = (y * box.width + x) * 4;
              for (let c = 0; c < 3; c++) {
                expected[to + c] = Math.round((expected[to + c]! * (255 - a) + fill[from + c]! * a) / 255);
              }
              expected[to + 3] = Math.round((expected[to + 3]! * (255 - a) + 255 * a) / 255);
            }
          }
          expect(out.data).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('a small hole in a large image (LaMa, fixed 512)', () => {
  const dir = tempDir('atelier-pipeline-');
  const cache = new SessionCache();
  afterAll(async () => {
    await cache.release();
    dir.cleanup();
  });

  it('is cropped with its margin, processed at 512 and pasted back in the right place', async () => {
    const model = writeModel(dir.path, 'lama_fp32.onnx', lama512StandIn());
    const image = noiseImage(2000, 1500);
    const before = image.data.slice();
    const mask = rectMask(2000, 1500, 1500, 300, 40, 30);
    const seen: Tensors[] = [];
    const result = await runFill(
      image,
      mask,
      lama512Adapter,
      async (feeds) => {
        seen.push(feeds);
        return cache.run(model, ['cuda', 'cpu'], feeds);
      },
      { margin: 128, feather: 8 },
    );
    expect(result.provider).toBe('cpu');
    // The hole's box plus 128 each side (296 × 286), grown to a square around it.
    expect(result.box).toEqual({ x: 1372, y: 167, width: 296, height: 296 });
    expect(seen[0]!.image!.dims).toEqual([1, 3, 512, 512]);
    expect(seen[0]!.mask!.dims).toEqual([1, 1, 512, 512]);

    const out = result.image;
    const px = (x: number, y: number) => [...out.data.subarray((y * 2000 + x) * 4, (y * 2000 + x) * 4 + 4)];
    const was = (x: number, y: number) => [...before.subarray((y * 2000 + x) * 4, (y * 2000 + x) * 4 + 4)];
    // Inside the hole, away from its rim (where 512 → 296 resampling mixes in the edge): the model's 200.
    for (let y = 303; y < 327; y++) {
      for (let x = 1503; x < 1537; x++) expect(px(x, y)).toEqual([HOLE_VALUE, HOLE_VALUE, HOLE_VALUE, 255]);
    }
    // The resampled crop differs from the original nearly everywhere, yet outside the feathered
    // mask the result is the original, byte for byte: only the blend mask let the model through.
    const blend = blendMask(mask, 8);
    let changed = 0;
    for (let k = 0; k < mask.data.length; k++) {
      const same =
        out.data[k * 4] === before[k * 4] &&
        out.data[k * 4 + 1] === before[k * 4 + 1] &&
        out.data[k * 4 + 2] === before[k * 4 + 2] &&
        out.data[k * 4 + 3] === before[k * 4 + 3];
      if (blend.data[k] === 0 && !same) throw new Error(`pixel ${k % 2000},${Math.floor(k / 2000)} changed`);
      if (!same) changed++;
    }
    expect(changed).toBeGreaterThanOrEqual(40 * 30);
    expect(changed).toBeLessThanOrEqual((40 + 2 * featherReach(8)) * (30 + 2 * featherReach(8)));
    expect(px(10, 10)).toEqual(was(10, 10));
    expect(px(1999, 1499)).toEqual(was(1999, 1499));
  });
});

describe('progress, timings, cancel and bad input', () => {
  const image = noiseImage(30, 30);
  const mask = rectMask(30, 30, 10, 10, 5, 5);

  it('reports its stages in order and the provider the run reported', async () => {
    const stages: [number, string][] = [];
    const result = await runFill(image, mask, scribbler(), async () => ({ outputs: {}, provider: 'dml' }), {
      onProgress: (fraction, stage) => stages.push([fraction, stage]),
    });
    expect(stages.map(([, s]) => s)).toEqual(['preparing', 'running', 'blending', 'done']);
    expect(stages.map(([f]) => f)).toEqual([...stages.map(([f]) => f)].sort((a, b) => a - b));
    expect(result.provider).toBe('dml');
    for (const ms of Object.values(result.timings)) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
  });

  it('stops before running when cancelled, and after the run when cancelled during it', async () => {
    const early = new AbortController();
    early.abort();
    let ran = false;
    await expect(
      runFill(image, mask, scribbler(), async () => ((ran = true), { outputs: {}, provider: 'cpu' }), {
        signal: early.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toBe(false);

    const during = new AbortController();
    const adapter = scribbler();
    let finished = false;
    const original = adapter.finish;
    adapter.finish = (o, s) => ((finished = true), original(o, s));
    await expect(
      runFill(image, mask, adapter, async () => (during.abort(), { outputs: {}, provider: 'cpu' }), {
        signal: during.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(finished).toBe(false);
  });

  it.each([
    [
      'an empty mask',
      image,
      { width: 30, height: 30, data: new Uint8Array(900) },
      'the mask is empty: paint over the area to fill first',
    ],
    [
      'a mask of another size',
      image,
      rectMask(20, 30, 1, 1, 2, 2),
      'the mask is 20×30 but the image is 30×30',
    ],
    [
      'a mask of the wrong length',
      image,
      { width: 30, height: 30, data: new Uint8Array(10) },
      'the mask must be width × height bytes',
    ],
    [
      'an image of the wrong length',
      { width: 30, height: 30, data: new Uint8ClampedArray(5) },
      mask,
      'the image must be RGBA pixels',
    ],
  ])('%s is refused', async (_name, img, msk, message) => {
    await expect(runFill(img as RgbaImage, msk as Mask, scribbler(), noModel)).rejects.toThrow(message);
  });

  it('a negative margin or feather is refused', async () => {
    await expect(runFill(image, mask, scribbler(), noModel, { margin: -1 })).rejects.toThrow(
      'margin must be a number of pixels from 0 to 4096, got -1',
    );
    await expect(runFill(image, mask, scribbler(), noModel, { feather: Number.NaN })).rejects.toThrow(
      'feather must be',
    );
  });

  it('an adapter that returns the wrong size is an error, not a misplaced paste', async () => {
    const adapter = scribbler();
    adapter.finish = () => createImage(3, 3);
    await expect(runFill(image, mask, adapter, noModel, { margin: 2, feather: 0 })).rejects.toThrow(
      'the migan adapter returned 3×3 pixels for a 9×9 crop',
    );
  });
});

describe('crop geometry', () => {
  it('the feather never reaches further than featherReach', () => {
    for (const feather of [0, 1, 2, 3, 5, 8, 13, 32, 64]) {
      const size = 2 * featherReach(feather) + 5;
      const mask: Mask = { width: size, height: 1, data: new Uint8Array(size) };
      mask.data[Math.floor(size / 2)] = 255;
      const soft = featherMask(mask, feather);
      const reached = [...soft.data].map((v, i) => (v > 0 ? Math.abs(i - Math.floor(size / 2)) : 0));
      expect(Math.max(...reached)).toBeLessThanOrEqual(featherReach(feather));
    }
  });

  it('a fixed-size model gets a square crop, kept inside the image', () => {
    expect(growToSquare({ x: 100, y: 100, width: 50, height: 10 }, 1000, 1000)).toEqual({
      x: 100,
      y: 80,
      width: 50,
      height: 50,
    });
    expect(growToSquare({ x: 0, y: 0, width: 10, height: 50 }, 1000, 1000)).toEqual({
      x: 0,
      y: 0,
      width: 50,
      height: 50,
    });
    expect(growToSquare({ x: 990, y: 5, width: 10, height: 30 }, 1000, 1000)).toEqual({
      x: 970,
      y: 5,
      width: 30,
      height: 30,
    });
    // A wide, short image: the square is as tall as the image allows.
    expect(growToSquare({ x: 10, y: 0, width: 80, height: 5 }, 200, 20)).toEqual({
      x: 10,
      y: 0,
      width: 80,
      height: 20,
    });
  });

  it('the blend mask is the mask itself inside the hole and the feather beyond it', () => {
    const mask: Mask = { width: 9, height: 1, data: new Uint8Array([0, 0, 0, 255, 255, 255, 0, 0, 0]) };
    const blend = blendMask(mask, 4);
    expect([...blend.data.subarray(3, 6)]).toEqual([255, 255, 255]);
    expect(blend.data[2]).toBeGreaterThan(0);
    expect(blend.data[2]).toBeLessThan(255);
    expect(blend.data[0]).toBeLessThanOrEqual(blend.data[2]!);
  });
});
