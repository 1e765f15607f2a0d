import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fillClassical } from '../inpaint/classical';
import { encodePng, readMask, readRgba } from '../inpaint/files';
import { inpaintWithModel } from '../inference/adapters';
import { SessionCache } from '../inference/sessions';
import { writeFileAtomic } from '../studio/atomic-file';
import { UsageError } from './usage-error';
import { ModelIdSchema } from '../api/models';
import { readModel, resolveModelsDir } from '../inference/models';
import { SettingsStore } from '../studio/settings';
import { defaultUserDataDir } from '../studio/paths';

export const inpaintUsage = `atelier inpaint <in.png> --mask <mask.png> [--engine telea|patchmatch|auto|<model-id>|<model.onnx>] [--seed N] [--models-dir <dir>] --out <out.png>
  Fills the white part of the mask (black = keep; the mask is the image's size). The built-in
  engines need no model. A model id names a model of the models folder (the studio's, or
  --models-dir); a LaMa or MI-GAN .onnx file is recognised by its inputs and outputs.`;

const BUILT_IN = new Set(['telea', 'patchmatch', 'auto']);

/** A model of the models folder: `--models-dir`, else the studio's (its settings say where). */
async function modelOf(id: string, modelsDir: string | undefined) {
  const userData = defaultUserDataDir();
  const folder = modelsDir
    ? resolve(modelsDir)
    : resolveModelsDir((await new SettingsStore(userData).get()).modelsDir, userData);
  return readModel(folder, id);
}

export async function inpaintCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      mask: { type: 'string' },
      engine: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
      'models-dir': { type: 'string' },
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
  const isFile = extname(engine).toLowerCase() === '.onnx';
  const isId = !BUILT_IN.has(engine) && !isFile && ModelIdSchema.safeParse(engine).success;
  if (!BUILT_IN.has(engine) && !isFile && !isId) {
    throw new UsageError(
      `--engine must be telea, patchmatch, auto, a model id or a .onnx model file, not "${engine}"`,
    );
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
    const model = isId ? await modelOf(engine, values['models-dir']) : null;
    try {
      const result = await inpaintWithModel(image, mask, {
        modelPath: model?.path ?? resolve(engine),
        ...(model ? { family: model.manifest.family } : {}),
        cache,
      });
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
