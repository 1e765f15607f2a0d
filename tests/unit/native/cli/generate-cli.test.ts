// `atelier generate`: a prompt in, a PNG out, from a Stable Diffusion folder of the models folder
// (stand-ins from tests/helpers/diffusion-standins.ts): text to image at the asked size, a fill
// that leaves the image outside the mask as it was, the same picture for the same seed; bad
// flags, missing or ambiguous models and a mask of the wrong size refused, nothing written.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { main } from '../../../../native/cli/main';
import { DEFAULT_FILL_FEATHER, featherReach } from '../../../../native/inpaint/pipeline';
import { captureOutput } from '../../../helpers/capture';
import { SD_TURBO_SCHEDULER_CONFIG, writeDiffusionStandIn } from '../../../helpers/diffusion-standins';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-generate-cli-');
const models = join(dir.path, 'models');
const turboOnly = join(dir.path, 'turbo-only');
const empty = join(dir.path, 'no-models');
writeDiffusionStandIn(join(models, 'sd-inpaint'), { inpaint: true });
writeDiffusionStandIn(join(models, 'sd-turbo'), { inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
writeDiffusionStandIn(join(models, 'sd-broken'), { inpaint: true, omit: ['vae_decoder/model.onnx'] });
writeDiffusionStandIn(join(turboOnly, 'turbo'), { inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
mkdirSync(empty);
afterAll(() => dir.cleanup());
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]) {
  const output = captureOutput();
  const code = await main(['generate', ...args]);
  vi.restoreAllMocks();
  return { code, out: output.out(), err: output.err() };
}

const W = 80;
const H = 60;
/** The hole: x 30..39, y 25..34. */
const HOLE = { x: 30, y: 25, size: 10 };
async function inputs(maskWidth = W): Promise<{ image: string; mask: string }> {
  const image = join(dir.path, 'in.png');
  await sharp({ create: { width: W, height: H, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toFile(image);
  const data = Buffer.alloc(maskWidth * H);
  for (let y = HOLE.y; y < HOLE.y + HOLE.size; y++) {
    data.fill(255, y * maskWidth + HOLE.x, y * maskWidth + HOLE.x + HOLE.size);
  }
  const mask = join(dir.path, `mask-${maskWidth}.png`);
  await sharp(data, { raw: { width: maskWidth, height: H, channels: 1 } })
    .png()
    .toFile(mask);
  return { image, mask };
}

describe('atelier generate', () => {
  it('makes a picture of the asked size from the prompt alone, the same for the same seed', async () => {
    const out = join(dir.path, 'frame.png');
    const {
      code,
      out: said,
      err,
    } = await run(
      'red cat',
      '--model',
      'sd-turbo',
      '--models-dir',
      models,
      '--width',
      '96',
      '--height',
      '54',
      '--seed',
      '5',
      '--out',
      out,
    );
    expect(err).toContain('step 1 of 1');
    expect(code).toBe(0);
    expect(said).toMatch(/frame\.png: 96×54 made with SD-Turbo "sd-turbo" on cpu, 1 step, seed 5 in/);
    expect(said).toContain('not cleared for commercial use');
    expect(await sharp(out).metadata()).toMatchObject({ width: 96, height: 54, format: 'png' });
    const again = join(dir.path, 'again.png');
    expect(
      (
        await run(
          'red cat',
          '--model',
          'sd-turbo',
          '--models-dir',
          models,
          '--width',
          '96',
          '--height',
          '54',
          '--seed',
          '5',
          '--out',
          again,
        )
      ).code,
    ).toBe(0);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });

  it('picks the only model that suits when --model is left out', async () => {
    const out = join(dir.path, 'only.png');
    const { code, out: said } = await run('blue dog', '--models-dir', turboOnly, '--out', out);
    expect(code).toBe(0);
    expect(said).toContain('"turbo"');
    expect(await sharp(out).metadata()).toMatchObject({ width: 512, height: 512 });
  });

  it('repaints the masked part of an image and leaves the rest as it was', async () => {
    const { image, mask } = await inputs();
    const out = join(dir.path, 'filled.png');
    const {
      code,
      out: said,
      err,
    } = await run(
      'blue dog',
      '--negative',
      'blurry',
      '--image',
      image,
      '--mask',
      mask,
      '--steps',
      '2',
      '--models-dir',
      models,
      '--out',
      out,
    );
    expect(err).toContain('step 2 of 2');
    expect(code).toBe(0);
    // Both models could fill; the inpainting one is the one for the job.
    expect(said).toMatch(/filled\.png: 80×60 filled with Stable Diffusion 1\.5 inpainting "sd-inpaint"/);
    const before = await sharp(image).ensureAlpha().raw().toBuffer();
    const after = await sharp(out).ensureAlpha().raw().toBuffer();
    let changed = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const k = (y * W + x) * 4;
        const same = before.subarray(k, k + 4).equals(after.subarray(k, k + 4));
        // The fill fades out beyond the hole (its feather); farther out nothing changes.
        const reach = featherReach(DEFAULT_FILL_FEATHER);
        const near =
          x >= HOLE.x - reach &&
          x < HOLE.x + HOLE.size + reach &&
          y >= HOLE.y - reach &&
          y < HOLE.y + HOLE.size + reach;
        if (!near) expect(same).toBe(true);
        if (!same) changed++;
      }
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('refuses bad flags with the usage exit code, writing nothing', async () => {
    const out = join(dir.path, 'never.png');
    const { image, mask } = await inputs();
    const cases: [string[], RegExp][] = [
      [['--out', out], /one prompt/],
      [['  ', '--out', out], /prompt is empty/],
      [['cat'], /--out <out\.png> is required/],
      [['cat', '--out', join(dir.path, 'x.jpg')], /must end in \.png/],
      [['cat', '--image', image, '--out', out], /--image and --mask go together/],
      [
        ['cat', '--image', image, '--mask', mask, '--width', '64', '--height', '64', '--out', out],
        /keeps the image/,
      ],
      [['cat', '--width', '64', '--out', out], /--width and --height go together/],
      [['cat', '--width', '0', '--height', '64', '--out', out], /--width must be a whole number/],
      [['cat', '--steps', 'many', '--out', out], /--steps must be a whole number from 1 to 100/],
      [['cat', '--seed', '-1', '--out', out], /--seed/],
      [
        ['cat', '--guidance', '30', '--models-dir', models, '--out', out],
        /--guidance must be a number from 0 to 20/,
      ],
      [['cat', '--bogus', '--out', out], /bogus/],
      [['cat', '--models-dir', models, '--model', 'Not An Id', '--out', out], /--model must be a model id/],
      [
        ['cat', '--models-dir', models, '--model', 'sd-nope', '--out', out],
        /no Stable Diffusion model "sd-nope".*sd-inpaint/,
      ],
      [['cat', '--models-dir', empty, '--out', out], /no Stable Diffusion model ready/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await run(...args);
      expect(err, args.join(' ')).toMatch(message);
      expect(code, args.join(' ')).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('asks which model when more than one would do', async () => {
    // Two text-to-image models: neither is preferred.
    const two = join(dir.path, 'two');
    writeDiffusionStandIn(join(two, 'turbo-a'), { inpaint: false });
    writeDiffusionStandIn(join(two, 'turbo-b'), { inpaint: false });
    const { code, err } = await run('cat', '--models-dir', two, '--out', join(dir.path, 'never.png'));
    expect(code).toBe(2);
    expect(err).toContain('--model <id> is needed: turbo-a (SD-Turbo), turbo-b (SD-Turbo) would all do');
  });

  it('fails at run time, naming the problem, for a broken model, an unreadable image or a mask of the wrong size', async () => {
    const out = join(dir.path, 'never.png');
    const broken = await run('cat', '--models-dir', models, '--model', 'sd-broken', '--out', out);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('vae_decoder/model.onnx');
    const { image, mask } = await inputs(W + 2);
    const wrong = await run('cat', '--models-dir', models, '--image', image, '--mask', mask, '--out', out);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('the mask is 82×60 but the image is 80×60');
    const missing = await run(
      'cat',
      '--models-dir',
      models,
      '--image',
      join(dir.path, 'nope.png'),
      '--mask',
      mask,
      '--out',
      out,
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.png');
    expect(existsSync(out)).toBe(false);
  });
});
