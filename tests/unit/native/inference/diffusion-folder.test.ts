// A diffusion model folder: which files it needs (every missing one named at once), the noise
// schedule it carries, and CLIP tokenisation from its tokenizer files, offline.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStudioError } from '../../../../native/api/errors';
import { checkDiffusionFolder } from '../../../../native/inference/diffusion/layout';
import { openDiffusionModel } from '../../../../native/inference/diffusion/pipeline';
import { CLIP_LENGTH, loadClipTokenizer } from '../../../../native/inference/diffusion/tokenizer';
import {
  SD_TURBO_SCHEDULER_CONFIG,
  tinyClipVocab,
  tokenId,
  writeDiffusionStandIn,
  type DiffusionStandInOptions,
} from '../../../helpers/diffusion-standins';
import { tempDir } from '../../../helpers/temp';

const dirs: { cleanup(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));

function folder(options: DiffusionStandInOptions = {}): string {
  const dir = tempDir('atelier-diffusion-folder-');
  dirs.push(dir);
  writeDiffusionStandIn(dir.path, options);
  return dir.path;
}

async function failure(work: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await work();
  } catch (error) {
    return { code: isStudioError(error) ? error.code : 'plain', message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

const { vocab } = tinyClipVocab();
const BOS = vocab['<|startoftext|>']!;
const EOS = vocab['<|endoftext|>']!;

describe('the folder check', () => {
  it('a complete folder: every component file and the tokenizer form', () => {
    const dir = folder();
    const checked = checkDiffusionFolder(dir, { needEncoder: true });
    expect(checked.files.unet).toBe(join(dir, 'unet', 'model.onnx'));
    expect(checked.files.vae_encoder).toBe(join(dir, 'vae_encoder', 'model.onnx'));
    expect(checked.tokenizer.form).toBe('vocab+merges');
    expect(checked.scheduleFromFolder).toBe(false);
    expect(checked.schedule.spacing).toBe('leading');
  });

  it('names every missing component and tokenizer file in one error', async () => {
    const dir = folder({ omit: ['unet/model.onnx', 'text_encoder/model.onnx', 'tokenizer/merges.txt'] });
    const { code, message } = await failure(() => checkDiffusionFolder(dir));
    expect(code).toBe('not_found');
    expect(message).toContain('3 files are missing');
    expect(message).toContain('unet/model.onnx');
    expect(message).toContain('text_encoder/model.onnx');
    expect(message).toContain('tokenizer/merges.txt');
    expect(message).not.toContain('vae_decoder/model.onnx,');
  });

  it('a missing VAE decoder or vocabulary is named too', async () => {
    const { message } = await failure(() =>
      checkDiffusionFolder(folder({ omit: ['vae_decoder/model.onnx', 'tokenizer/vocab.json'] })),
    );
    expect(message).toContain('vae_decoder/model.onnx');
    expect(message).toContain('tokenizer/vocab.json');
  });

  it('the VAE encoder is required only when asked for', async () => {
    const dir = folder({ omit: ['vae_encoder/model.onnx'] });
    expect(checkDiffusionFolder(dir).files.vae_encoder).toBeNull();
    const { code, message } = await failure(() => checkDiffusionFolder(dir, { needEncoder: true }));
    expect(code).toBe('not_found');
    expect(message).toContain('vae_encoder/model.onnx');
  });

  it('opening an inpainting model (9-channel UNet) without a VAE encoder names it', async () => {
    const dir = folder({ inpaint: true, omit: ['vae_encoder/model.onnx'] });
    const { code, message } = await failure(() => openDiffusionModel(dir, { providers: ['cpu'] }));
    expect(code).toBe('not_found');
    expect(message).toContain('vae_encoder/model.onnx');
  });

  it('an empty (interrupted) model file counts as missing', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'vae_decoder', 'model.onnx'), '');
    expect((await failure(() => checkDiffusionFolder(dir))).message).toContain('vae_decoder/model.onnx');
  });

  it('a folder that does not exist, or a file, is said so', async () => {
    expect((await failure(() => checkDiffusionFolder('/nowhere/sd15'))).code).toBe('not_found');
    const dir = folder();
    const { code, message } = await failure(() => checkDiffusionFolder(join(dir, 'model_index.json')));
    expect(code).toBe('invalid_argument');
    expect(message).toContain('not a folder');
  });

  it('a tokenizer.json alone is enough', () => {
    expect(checkDiffusionFolder(folder({ tokenizer: 'tokenizer.json' })).tokenizer.form).toBe(
      'tokenizer.json',
    );
  });

  it('reads the schedule from scheduler/scheduler_config.json (SD-Turbo: trailing)', () => {
    const checked = checkDiffusionFolder(folder({ scheduler: SD_TURBO_SCHEDULER_CONFIG }));
    expect(checked.scheduleFromFolder).toBe(true);
    expect(checked.schedule).toMatchObject({
      spacing: 'trailing',
      stepsOffset: 1,
      betaStart: 0.00085,
      betaEnd: 0.012,
    });
  });

  it('refuses a schedule it cannot follow, naming the field', async () => {
    const dir = folder({ scheduler: { ...SD_TURBO_SCHEDULER_CONFIG, beta_schedule: 'squaredcos_cap_v2' } });
    const { code, message } = await failure(() => checkDiffusionFolder(dir));
    expect(code).toBe('invalid_argument');
    expect(message).toContain('beta_schedule');
  });
});

describe('CLIP tokenisation', () => {
  it('BOS, the words, EOS, then padding with <|endoftext|> to 77 (SD 1.5)', async () => {
    const tokenizer = await loadClipTokenizer(join(folder(), 'tokenizer'));
    const ids = tokenizer.encode('A  red CAT');
    expect(ids.length).toBe(CLIP_LENGTH);
    expect(Array.from(ids.slice(0, 6))).toEqual([
      BOS,
      tokenId('a'),
      tokenId('red'),
      tokenId('cat'),
      EOS,
      EOS,
    ]);
    expect(ids.at(-1)).toBe(EOS);
    expect(tokenizer.padId).toBe(EOS);
  });

  it('pads with "!" (id 0) when the tokenizer says so (SD 2.x, SD-Turbo)', async () => {
    const tokenizer = await loadClipTokenizer(join(folder({ pad: '!' }), 'tokenizer'));
    const ids = tokenizer.encode('blue dog');
    expect(Array.from(ids.slice(0, 6))).toEqual([BOS, tokenId('blue'), tokenId('dog'), EOS, 0, 0]);
    expect(tokenizer.padId).toBe(0);
  });

  it('merges.txt applies: an unknown word falls apart into letters, punctuation is its own token', async () => {
    const tokenizer = await loadClipTokenizer(join(folder(), 'tokenizer'));
    const ids = tokenizer.encode('blurry photo of zap, dog');
    expect(Array.from(ids.slice(1, 9))).toEqual([
      tokenId('blurry'),
      tokenId('photo'),
      tokenId('of'),
      vocab['z']!,
      vocab['a']!,
      vocab['p</w>']!,
      vocab[',</w>']!,
      tokenId('dog'),
    ]);
  });

  it('a tokenizer.json gives the same ids as vocab.json + merges.txt', async () => {
    const a = await loadClipTokenizer(join(folder(), 'tokenizer'));
    const b = await loadClipTokenizer(join(folder({ tokenizer: 'tokenizer.json' }), 'tokenizer'));
    const prompt = 'a blurry photo of a red cat, blue dog';
    expect(b.encode(prompt)).toEqual(a.encode(prompt));
  });

  it('a long prompt is cut to 75 tokens, keeping BOS first and EOS last', async () => {
    const tokenizer = await loadClipTokenizer(join(folder(), 'tokenizer'));
    const ids = tokenizer.encode(Array.from({ length: 100 }, () => 'red').join(' '));
    expect(ids.length).toBe(CLIP_LENGTH);
    expect(ids[0]).toBe(BOS);
    expect(ids[76]).toBe(EOS);
    expect(ids.slice(1, 76).every((id) => id === tokenId('red'))).toBe(true);
  });

  it('the empty prompt (the unconditional half) is BOS, EOS and padding', async () => {
    const tokenizer = await loadClipTokenizer(join(folder(), 'tokenizer'));
    const ids = tokenizer.encode('');
    expect(ids[0]).toBe(BOS);
    expect(ids.slice(1).every((id) => id === EOS)).toBe(true);
  });

  it('a tokenizer folder without vocab.json or merges.txt names the missing file', async () => {
    const { code, message } = await failure(() =>
      loadClipTokenizer(join(folder({ omit: ['tokenizer/merges.txt'] }), 'tokenizer')),
    );
    expect(code).toBe('not_found');
    expect(message).toContain('merges.txt');
  });
});
