// `atelier inpaint`: a picture and a mask in, the filled picture out; the pixels the mask keeps
// are untouched; bad flags, files and models are refused with a message and nothing written.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { addModelFile } from '../../../../native/inference/models';
import { join } from 'node:path';
import sharp from 'sharp';
import { main } from '../../../../native/cli/main';
import { captureOutput } from '../../../helpers/capture';
import { miganStandIn, writeModel } from '../../../helpers/onnx-standins';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-inpaint-cli-');
afterAll(() => dir.cleanup());
afterEach(() => vi.restoreAllMocks());

const W = 96;
const H = 64;
/** Vertical stripes, 4 px wide, red and blue. */
async function stripes(): Promise<string> {
  const data = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const red = Math.floor((i % W) / 4) % 2 === 0;
    data.set(red ? [220, 30, 30] : [30, 30, 220], i * 3);
  }
  const path = join(dir.path, 'stripes.png');
  await sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toFile(path);
  return path;
}
/** White (fill) inside the box, black elsewhere. */
async function maskFile(name: string, box: { x: number; y: number; w: number; h: number }, w = W, h = H) {
  const data = Buffer.alloc(w * h);
  for (let y = box.y; y < box.y + box.h; y++) data.fill(255, y * w + box.x, y * w + box.x + box.w);
  const path = join(dir.path, name);
  await sharp(data, { raw: { width: w, height: h, channels: 1 } })
    .png()
    .toFile(path);
  return path;
}
const pixels = async (path: string) => (await sharp(path).ensureAlpha().raw().toBuffer()) as Buffer;

async function run(...args: string[]) {
  const output = captureOutput();
  const code = await main(['inpaint', ...args]);
  vi.restoreAllMocks();
  return { code, out: output.out(), err: output.err() };
}

describe('atelier inpaint', () => {
  it('fills the white part of the mask and keeps every other pixel', async () => {
    const input = await stripes();
    const mask = await maskFile('hole.png', { x: 40, y: 20, w: 16, h: 16 });
    const out = join(dir.path, 'filled.png');
    const { code, out: said } = await run(
      input,
      '--mask',
      mask,
      '--engine',
      'patchmatch',
      '--seed',
      '3',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(said).toMatch(/filled with patchmatch/);
    const [before, after] = [await pixels(input), await pixels(out)];
    let outsideSame = true;
    let stripesInHole = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 4;
        const inHole = x >= 40 && x < 56 && y >= 20 && y < 36;
        if (!inHole && !before.subarray(i, i + 4).equals(after.subarray(i, i + 4))) outsideSame = false;
        if (inHole && (after[i]! > 150 || after[i + 2]! > 150)) stripesInHole++;
      }
    }
    expect(outsideSame).toBe(true);
    // The hole is filled with the stripes' colours, not left black or blurred to purple.
    expect(stripesInHole).toBeGreaterThan(16 * 16 * 0.9);
  });

  it('runs an ONNX model given as the engine, recognised by its signature', async () => {
    const input = await stripes();
    const mask = await maskFile('hole2.png', { x: 10, y: 10, w: 8, h: 8 });
    const model = writeModel(dir.path, 'migan.onnx', miganStandIn());
    const out = join(dir.path, 'model.png');
    const { code, out: said } = await run(input, '--mask', mask, '--engine', model, '--out', out);
    expect(code).toBe(0);
    expect(said).toMatch(/migan on cpu/);
    const after = await pixels(out);
    const i = (14 * W + 14) * 4;
    expect([after[i], after[i + 1], after[i + 2]]).toEqual([200, 200, 200]); // the stand-in's fill
  });

  it('runs a model of the models folder named by its id', async () => {
    const input = await stripes();
    const mask = await maskFile('hole4.png', { x: 10, y: 10, w: 8, h: 8 });
    const elsewhere = tempDir('atelier-inpaint-models-');
    const models = join(elsewhere.path, 'models');
    const added = await addModelFile(models, writeModel(elsewhere.path, 'shop.onnx', miganStandIn()), {
      name: 'Shop MI-GAN',
    });
    const out = join(dir.path, 'by-id.png');
    const { code, out: said } = await run(
      input,
      '--mask',
      mask,
      '--engine',
      added.id,
      '--models-dir',
      models,
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(said).toMatch(/migan on cpu/);
    const after = await pixels(out);
    const i = (14 * W + 14) * 4;
    expect([after[i], after[i + 1], after[i + 2]]).toEqual([200, 200, 200]);
    elsewhere.cleanup();
  });

  it('refuses bad flags, files and models with a message, writing nothing', async () => {
    const input = await stripes();
    const mask = await maskFile('hole3.png', { x: 10, y: 10, w: 8, h: 8 });
    const out = join(dir.path, 'never.png');
    const before = readdirSync(dir.path).length;
    const cases: [string[], RegExp, number][] = [
      [[input, '--out', out], /--mask <mask.png> is required/, 2],
      [[input, '--mask', mask], /--out <out.png> is required/, 2],
      [[input, '--mask', mask, '--out', join(dir.path, 'x.jpg')], /--out must end in \.png/, 2],
      [[input, '--mask', mask, '--seed', '1.5', '--out', out], /--seed must be a whole number/, 2],
      [
        [input, '--mask', mask, '--engine', 'Magic!', '--out', out],
        /--engine must be telea, patchmatch, auto, a model id or a \.onnx/,
        2,
      ],
      [
        [input, '--mask', mask, '--engine', 'magic', '--models-dir', dir.path, '--out', out],
        /there is no model "magic" in /,
        1,
      ],
      [
        [input, '--mask', await maskFile('small.png', { x: 0, y: 0, w: 2, h: 2 }, 10, 10), '--out', out],
        /the mask is 10×10 but the image is 96×64/,
        1,
      ],
      [
        [input, '--mask', await maskFile('empty.png', { x: 0, y: 0, w: 0, h: 0 }), '--out', out],
        /the mask is empty/,
        1,
      ],
    ];
    const junk = join(dir.path, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    cases.push([[input, '--mask', mask, '--engine', junk, '--out', out], /not a valid ONNX model/, 1]);
    const notImage = join(dir.path, 'notes.png');
    writeFileSync(notImage, 'hello');
    cases.push([[notImage, '--mask', mask, '--out', out], /notes\.png: not an image/, 1]);
    for (const [args, message, exit] of cases) {
      const { code, err } = await run(...args);
      expect(err).toMatch(message);
      expect(code).toBe(exit);
    }
    expect(existsSync(out)).toBe(false);
    // Only the files the cases themselves made (masks, junk model, notes): no output, no temporary files.
    expect(readdirSync(dir.path).filter((f) => f.startsWith('.') || f === 'never.png')).toEqual([]);
    expect(readdirSync(dir.path).length).toBe(before + 4);
  });
});
