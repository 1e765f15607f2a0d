// One adapter per inpainting family: the mask's orientation and the value ranges each model
// expects, checked on the tensors and end to end through onnxruntime with stand-in models that
// paint the hole 200 and give everything else back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { featherMask } from '../../../../native/compose/mask-ops';
import {
  adapterFor,
  inpaintWithModel,
  lama4chAdapter,
  lama512Adapter,
  miganAdapter,
} from '../../../../native/inference/adapters';
import { SessionCache } from '../../../../native/inference/sessions';
import type { InpaintFamily, Tensors } from '../../../../native/inference/signatures';
import { createImage, type Mask, type RgbaImage } from '../../../../native/inpaint/image';
import {
  HOLE_VALUE,
  lama4chStandIn,
  lama512StandIn,
  miganStandIn,
  writeModel,
} from '../../../helpers/onnx-standins';
import { tempDir } from '../../../helpers/temp';

/** An image of seeded noise: every pixel different, so a misplaced pixel shows. */
function noiseImage(width: number, height: number, seed = 1): RgbaImage {
  const image = createImage(width, height);
  let state = seed >>> 0 || 1;
  for (let k = 0; k < image.data.length; k++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    // Alpha too, so a blend that forgot alpha would show; never exactly HOLE_VALUE in colour.
    const v = (state >>> 0) % 255;
    image.data[k] = v === HOLE_VALUE ? 199 : v;
  }
  return image;
}

function maskOf(width: number, height: number, painted: (x: number, y: number) => number): Mask {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = painted(x, y);
  return { width, height, data };
}

/**
 * The fill is right when: every pixel the blend mask leaves alone is byte-identical, every fully
 * painted pixel is the stand-in's 200 (opaque), and the rest lie between the two.
 */
function expectFilled(original: RgbaImage, mask: Mask, result: RgbaImage, feather: number): void {
  const soft = featherMask(mask, feather).data;
  for (let k = 0; k < mask.data.length; k++) {
    const blend = Math.max(mask.data[k]!, soft[k]!);
    const p = k * 4;
    const before = [...original.data.subarray(p, p + 4)];
    const after = [...result.data.subarray(p, p + 4)];
    if (blend === 0) {
      if (after.join() !== before.join())
        throw new Error(`pixel ${k} outside the blend mask changed: ${before} → ${after}`);
    } else if (mask.data[k] === 255) {
      if (after.join() !== [HOLE_VALUE, HOLE_VALUE, HOLE_VALUE, 255].join()) {
        throw new Error(`hole pixel ${k} is ${after}, not the model's ${HOLE_VALUE}`);
      }
    } else {
      // Outside the hole the stand-ins return the original colour, so only alpha moves.
      for (let c = 0; c < 3; c++) {
        const lo = Math.min(before[c]!, HOLE_VALUE);
        const hi = Math.max(before[c]!, HOLE_VALUE);
        if (after[c]! < lo || after[c]! > hi) throw new Error(`soft pixel ${k} channel ${c} out of range`);
      }
    }
  }
}

describe('LaMa, fixed 512', () => {
  it('resizes the crop to 512, zeroes the hole in the image and marks it 1 in the mask', () => {
    const crop = noiseImage(300, 200);
    const mask = maskOf(300, 200, (x, y) => (x >= 100 && x < 200 && y >= 50 && y < 150 ? 255 : 0));
    const { feeds, state } = lama512Adapter.prepare(crop, mask);
    expect(state).toEqual({ width: 300, height: 200 });
    expect(feeds.image).toMatchObject({ type: 'float32', dims: [1, 3, 512, 512] });
    expect(feeds.mask).toMatchObject({ type: 'float32', dims: [1, 1, 512, 512] });
    const image = feeds.image!.data as Float32Array;
    const holes = feeds.mask!.data as Float32Array;
    expect(new Set(holes)).toEqual(new Set([0, 1]));
    expect(image.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The centre of the hole (x 150/300, y 100/200 → 256, 256) is a hole; a corner is not.
    const at = (x: number, y: number) => y * 512 + x;
    expect(holes[at(256, 256)]).toBe(1);
    expect(image[at(256, 256)]).toBe(0);
    expect(holes[at(10, 10)]).toBe(0);
    expect(image[at(10, 10)]).toBeGreaterThan(0);
  });

  it('takes the output as 0..255: 200 stays 200, it is neither scaled up nor down', () => {
    const output = new Float32Array(3 * 512 * 512).fill(HOLE_VALUE);
    const back = lama512Adapter.finish(
      { output: { type: 'float32', data: output, dims: [1, 3, 512, 512] } },
      { width: 70, height: 90 },
    );
    expect(back.width).toBe(70);
    expect(new Set(back.data)).toEqual(new Set([HOLE_VALUE, 255]));
  });

  it('clamps what lies outside 0..255', () => {
    const output = new Float32Array(3 * 512 * 512);
    output.fill(-40, 0, 512 * 512);
    output.fill(400, 512 * 512);
    const back = lama512Adapter.finish(
      { output: { type: 'float32', data: output, dims: [1, 3, 512, 512] } },
      { width: 512, height: 512 },
    );
    expect([...back.data.subarray(0, 4)]).toEqual([0, 255, 255, 255]);
  });

  it('rounds as Math.round does, halves up, and turns NaN into 0', () => {
    const given = [NaN, -Infinity, -0.5, 0.49999997, 0.5, 1.5, 2.4999998, 127.5, 254.49998, 254.5, 1e12];
    const output = new Float32Array(3 * 512 * 512);
    for (let c = 0; c < 3; c++) output.set(given, c * 512 * 512);
    // At 512 × 512 nothing is resampled, so the values reach the rounding as they are.
    const back = lama512Adapter.finish(
      { output: { type: 'float32', data: output, dims: [1, 3, 512, 512] } },
      { width: 512, height: 512 },
    );
    const reds = given.map((_, x) => back.data[x * 4]);
    expect(reds).toEqual(given.map((v) => Math.min(255, Math.max(0, Math.round(v) || 0))));
    expect(reds).toEqual([0, 0, 0, 0, 1, 2, 2, 128, 254, 255, 255]);
  });

  it('a smooth crop sent to 512 and back (a model that changes nothing) comes back within a level', () => {
    const [w, h] = [300, 200];
    const crop = createImage(w, h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const k = (y * w + x) * 4;
        crop.data.set([128 + 100 * Math.sin(x / 23), 128 + 100 * Math.cos(y / 17), (x + y) / 2, 255], k);
      }
    }
    const { feeds, state } = lama512Adapter.prepare(
      crop,
      maskOf(w, h, () => 0),
    );
    const output = (feeds.image!.data as Float32Array).map((v) => v * 255);
    const back = lama512Adapter.finish(
      { output: { type: 'float32', data: output, dims: [1, 3, 512, 512] } },
      state,
    );
    for (let k = 0; k < crop.data.length; k++)
      expect(Math.abs(back.data[k]! - crop.data[k]!)).toBeLessThanOrEqual(1);
  });
});

describe('LaMa, 4 channels', () => {
  it('pads to multiples of 32 with the edge pixels, never a hole in the padding', () => {
    const crop = noiseImage(100, 70);
    const mask = maskOf(100, 70, (x, y) => (x >= 90 && y >= 60 ? 255 : 0));
    const { feeds, state } = lama4chAdapter().prepare(crop, mask);
    expect(feeds.input).toMatchObject({ type: 'float32', dims: [1, 4, 96, 128] });
    expect(state).toMatchObject({ scaledWidth: 100, scaledHeight: 70, paddedWidth: 128, paddedHeight: 96 });
    const data = feeds.input!.data as Float32Array;
    const plane = 128 * 96;
    const at = (c: number, x: number, y: number) => data[c * plane + y * 128 + x]!;
    // Padding repeats the last column and row of the crop; the hole reaches the corner but the
    // padding beyond it is not a hole (and so keeps the edge colour of the masked input: 0).
    expect(at(3, 99, 69)).toBe(1);
    expect(at(3, 127, 95)).toBe(0);
    expect(at(0, 127, 10)).toBeCloseTo(crop.data[(10 * 100 + 99) * 4]! / 255, 6);
    expect(at(1, 10, 95)).toBeCloseTo(crop.data[(69 * 100 + 10) * 4 + 1]! / 255, 6);
    // Masked RGB: zero in the hole, 0..1 elsewhere.
    expect(at(2, 95, 65)).toBe(0);
    expect(at(2, 5, 5)).toBeCloseTo(crop.data[(5 * 100 + 5) * 4 + 2]! / 255, 6);
  });

  it('shrinks a crop longer than maxSide before padding', () => {
    const crop = noiseImage(2000, 1000);
    const mask = maskOf(2000, 1000, (x) => (x < 10 ? 255 : 0));
    const { feeds, state } = lama4chAdapter({ maxSide: 500 }).prepare(crop, mask);
    expect(state).toMatchObject({ scaledWidth: 500, scaledHeight: 250, paddedWidth: 512, paddedHeight: 256 });
    expect(feeds.input!.dims).toEqual([1, 4, 256, 512]);
  });

  it('takes the output as 0..1 and brings it back to the crop, without the padding', () => {
    const state = {
      width: 100,
      height: 70,
      scaledWidth: 100,
      scaledHeight: 70,
      paddedWidth: 128,
      paddedHeight: 96,
    };
    const output = new Float32Array(3 * 128 * 96).fill(1); // the padding: white
    for (let c = 0; c < 3; c++) output.fill(HOLE_VALUE / 255, c * 128 * 96, c * 128 * 96 + 128 * 70);
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 70; y++) output.fill(1, c * 128 * 96 + y * 128 + 100, c * 128 * 96 + y * 128 + 128);
    const back = lama4chAdapter().finish(
      { output: { type: 'float32', data: output, dims: [1, 3, 96, 128] } },
      state,
    );
    expect(back.width * back.height).toBe(7000);
    expect(new Set(back.data)).toEqual(new Set([HOLE_VALUE, 255]));
    expect(back.data.filter((v) => v === 255).length).toBe(7000);
  });

  it('refuses a maxSide below 32', () => {
    expect(() => lama4chAdapter({ maxSide: 16 })).toThrow('maxSide must be a whole number ≥ 32');
  });
});

describe('MI-GAN', () => {
  it('feeds uint8 planes and a mask with 255 = keep and 0 = hole (the artboard mask inverted)', () => {
    const crop = createImage(2, 1);
    crop.data.set([1, 2, 3, 255, 4, 5, 6, 255]);
    const mask: Mask = { width: 2, height: 1, data: new Uint8Array([0, 255]) };
    const { feeds } = miganAdapter.prepare(crop, mask);
    expect(feeds.image).toEqual({
      type: 'uint8',
      data: new Uint8Array([1, 4, 2, 5, 3, 6]),
      dims: [1, 3, 1, 2],
    });
    expect(feeds.mask).toEqual({ type: 'uint8', data: new Uint8Array([255, 0]), dims: [1, 1, 1, 2] });
  });

  it('a soft edge (any painted value) is part of the hole', () => {
    const mask: Mask = { width: 3, height: 1, data: new Uint8Array([0, 1, 128]) };
    const { feeds } = miganAdapter.prepare(createImage(3, 1), mask);
    expect([...feeds.mask!.data]).toEqual([255, 0, 0]);
  });
});

describe('outputs that do not match the signature are named', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'a missing output',
      () =>
        miganAdapter.finish(
          { output: { type: 'uint8', data: new Uint8Array(6), dims: [1, 3, 1, 2] } },
          { width: 2, height: 1 },
        ),
      'the migan model returned no output "result" (it returned "output")',
    ],
    [
      'the wrong type',
      () =>
        miganAdapter.finish(
          { result: { type: 'float32', data: new Float32Array(6), dims: [1, 3, 1, 2] } },
          { width: 2, height: 1 },
        ),
      'output "result" of the migan model: expected uint8 [1,3,1,2], found float32 [1,3,1,2]',
    ],
    [
      'the wrong size',
      () =>
        lama512Adapter.finish(
          { output: { type: 'float32', data: new Float32Array(3 * 256 * 256), dims: [1, 3, 256, 256] } },
          { width: 9, height: 9 },
        ),
      'output "output" of the lama-512 model: expected float32 [1,3,512,512], found float32 [1,3,256,256]',
    ],
  ];
  it.each(cases)('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('end to end with onnxruntime and the stand-ins', () => {
  const dir = tempDir('atelier-adapters-');
  const cache = new SessionCache({ capacity: 3 });
  const models = {} as Record<InpaintFamily, string>;
  beforeAll(() => {
    models['lama-512'] = writeModel(dir.path, 'lama_fp32.onnx', lama512StandIn());
    models['lama-4ch'] = writeModel(dir.path, 'lama_4ch.onnx', lama4chStandIn());
    models.migan = writeModel(dir.path, 'migan_pipeline_v2.onnx', miganStandIn());
  });
  afterAll(async () => {
    await cache.release();
    dir.cleanup();
  });

  it('recognises each family from the file, runs on cpu when cuda is asked first, and reports it', async () => {
    const image = noiseImage(64, 48);
    const mask = maskOf(64, 48, (x, y) => (x > 20 && x < 30 && y > 10 && y < 20 ? 255 : 0));
    for (const family of ['lama-4ch', 'migan'] as const) {
      const result = await inpaintWithModel(image, mask, {
        modelPath: models[family],
        cache,
        providers: ['cuda', 'cpu'],
      });
      expect(result.family).toBe(family);
      expect(result.provider).toBe('cpu');
      expect(result.fallbacks.map((f) => f.provider)).toEqual(['cuda']);
      expectFilled(image, mask, result.image, 8);
    }
  });

  it('checks the family it is told, by name of the file', async () => {
    const image = noiseImage(8, 8);
    const mask = maskOf(8, 8, () => 255);
    await expect(
      inpaintWithModel(image, mask, {
        modelPath: models.migan,
        family: 'lama-512',
        cache,
        providers: ['cpu'],
      }),
    ).rejects.toThrow(
      `${models.migan} does not match the lama-512 signature: input "image": expected float32, found uint8`,
    );
  });

  // Random masks, hard and soft, over random sizes: the hole gets the model's 200 and every pixel
  // outside the feathered mask stays byte for byte what it was, for both mask conventions.
  it.each(['migan', 'lama-4ch'] as const)('%s: random masks', async (family) => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 70 }),
        fc.array(
          fc.record({
            x: fc.nat(89),
            y: fc.nat(69),
            w: fc.integer({ min: 1, max: 30 }),
            h: fc.integer({ min: 1, max: 30 }),
            v: fc.integer({ min: 1, max: 255 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        async (width, height, rects, feather, seed) => {
          const mask = maskOf(width, height, (x, y) => {
            let v = 0;
            for (const r of rects)
              if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) v = Math.max(v, r.v);
            return v;
          });
          if (mask.data.every((v) => v === 0)) mask.data[0] = 255;
          const image = noiseImage(width, height, seed);
          const result = await inpaintWithModel(image, mask, {
            modelPath: models[family],
            family,
            cache,
            providers: ['cpu'],
            margin: 16,
            feather,
          });
          expectFilled(image, mask, result.image, feather);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('lama-512: random scattered masks over a 512 × 512 image (no resizing: exact)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 10 }),
        async (seed, feather) => {
          let state = seed;
          const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
          // Painted specks from corner to corner, so the crop is the whole image.
          const mask = maskOf(512, 512, (x, y) =>
            (x === 0 && y === 0) || (x === 511 && y === 511) || next() < 0.01 ? 255 : 0,
          );
          const image = noiseImage(512, 512, seed);
          const result = await inpaintWithModel(image, mask, {
            modelPath: models['lama-512'],
            cache,
            providers: ['cpu'],
            feather,
          });
          expect(result.family).toBe('lama-512');
          expect(result.box).toEqual({ x: 0, y: 0, width: 512, height: 512 });
          expectFilled(image, mask, result.image, feather);
        },
      ),
      { numRuns: 4 },
    );
  });

  it('reports timings for the adapter work apart from the run, and the load apart from both', async () => {
    const image = noiseImage(40, 40);
    const mask = maskOf(40, 40, (x, y) => (x === 20 && y === 20 ? 255 : 0));
    const result = await inpaintWithModel(image, mask, {
      modelPath: models.migan,
      cache,
      providers: ['cpu'],
    });
    for (const value of [result.timings.preMs, result.timings.runMs, result.timings.postMs, result.loadMs]) {
      expect(Number.isFinite(value) && value >= 0).toBe(true);
    }
  });
});

describe('adapterFor', () => {
  it('has one adapter per family', () => {
    expect(adapterFor('lama-512').family).toBe('lama-512');
    expect(adapterFor('lama-4ch', { maxSide: 64 }).family).toBe('lama-4ch');
    expect(adapterFor('migan').family).toBe('migan');
    expect(adapterFor('lama-512').squareCrop).toBe(true);
  });

  it('its tensors are only float32 and uint8', () => {
    const { feeds } = adapterFor('lama-4ch').prepare(
      createImage(3, 3),
      maskOf(3, 3, () => 0),
    );
    const types = Object.values(feeds as Tensors).map((t) => t.type);
    expect(types).toEqual(['float32']);
  });
});
