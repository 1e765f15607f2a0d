import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fillClassical } from '../inpaint/classical';
import { encodePng, readMask, readRgba } from '../inpaint/files';
import { inpaintWithModel } from '../inference/adapters';
import { SessionCache } from '../inference/sessions';
import { writeFileAtomic } from '../studio/atomic-file';
import { UsageError } from './usage-error';

export const inpaintUsage = `atelier inpaint <in.png> --mask <mask.png> [--engine telea|patchmatch|auto|<model.onnx>] [--seed N] --out <out.png>
  Fills the white part of the mask (black = keep; the mask is the image's size). The built-in
  engines need no model; a LaMa or MI-GAN .onnx file is recognised by its inputs and outputs.`;

const BUILT_IN = new Set(['telea', 'patchmatch', 'auto']);

export async function inpaintCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      mask: { type: 'string' },
      engine: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('inpaint takes one input image');
  if (!values.mask) throw new UsageError('--mask <mask.png> is required (white = fill)');
  if (!values.out) throw new UsageError('--out <out.png> is required');
  if (extname(values.out).toLowerCase() !== '.png')
    throw new UsageError(`--out must end in .png, not "${values.out}"`);
  if (!/^\d{1,10}$/.test(values.seed))
    throw new UsageError(`--seed must be a whole number ≥ 0, not "${values.seed}"`);
  const engine = values.engine;
  if (!BUILT_IN.has(engine) && extname(engine).toLowerCase() !== '.onnx') {
    throw new UsageError(`--engine must be telea, patchmatch, auto or a .onnx model file, not "${engine}"`);
  }
  const seed = Number(values.seed);
  const image = await readRgba({ type: 'path', path: resolve(positionals[0]!) });
  const mask = await readMask({ type: 'path', path: resolve(values.mask) }, image.width, image.height);

  const started = performance.now();
  let filled;
  let used: string;
  if (BUILT_IN.has(engine)) {
    const result = fillClassical(image, mask, { engine: engine as 'auto', seed });
    filled = result.image;
    used = result.engine;
  } else {
    const cache = new SessionCache();
    try {
      const result = await inpaintWithModel(image, mask, { modelPath: resolve(engine), cache });
      filled = result.image;
      used = `${result.family} on ${result.provider}`;
    } finally {
      await cache.release();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await writeFileAtomic(resolve(values.out), await encodePng(filled));
  process.stdout.write(`${values.out}: filled with ${used} in ${seconds.toFixed(2)} s\n`);
  return 0;
}
