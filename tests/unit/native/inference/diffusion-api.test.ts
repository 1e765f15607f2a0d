// Stable Diffusion through StudioApi, with a real engine and job process on stand-in folders
// (tests/helpers/diffusion-standins.ts): both SD families listed from their folders with licence,
// size and provider, broken folders naming the missing file; a prompted fill staged in variants by
// seed and accepted with its provenance, the prompt in the log only when the project allows it;
// storyboard frames covering the artboard, kept consistent by seed and reference prompt; the
// licence asked for in a commercial project; jobs started by the engine only; cancel mid-run.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { lstatSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { StudioError } from '../../../../native/api/errors';
import type { JobInfo } from '../../../../native/api/jobs';
import type { ModelInfo, ModelsList } from '../../../../native/api/models';
import type { ProjectState } from '../../../../native/api/project';
import type { Asset } from '../../../../native/model/document';
import { readEvents } from '../../../../native/feedback/log';
import type { LogEvent } from '../../../../native/model/feedback-events';
import { Sqlite } from '../../../../native/project/sqlite';
import { promptSha256 } from '../../../../native/project/prompt-log';
import { createEngine } from '../../../../native/studio/engine';
import { misbehavingWorker, testEngine } from '../../../helpers/engine';
import { SD_TURBO_SCHEDULER_CONFIG, writeDiffusionStandIn } from '../../../helpers/diffusion-standins';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const root = join(dir.path, 'home');
const userData = join(dir.path, 'data');
const models = join(userData, 'models');
mkdirSync(root);
writeDiffusionStandIn(join(models, 'sd-inpaint'), { inpaint: true });
writeDiffusionStandIn(join(models, 'sd-turbo'), { inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
writeDiffusionStandIn(join(models, 'sd-no-unet'), { inpaint: true, omit: ['unet/model.onnx'] });
writeDiffusionStandIn(join(models, 'sd-no-merges'), { inpaint: false, omit: ['tokenizer/merges.txt'] });
const { engine, call, failure, finished } = testEngine(root, userData);
afterEach(async () => {
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

const W = 64;
const H = 48;
/** The mask: x 16..31, y 8..23 of the 64×48 artboard. */
const inMask = (x: number, y: number) => x >= 16 && x < 32 && y >= 8 && y < 24;

async function edit(commands: unknown[], label?: string) {
  const current = await call<ProjectState>('project.current');
  const args = label ? { kind: 'gesture', label, commands } : { kind: 'command', command: commands[0] };
  await call('project.edit', { edit: args, revision: current.revision });
}

/** A 64×48 artboard showing a blue picture, with a mask over x 16..31, y 8..23. */
async function maskedArtboard(commercial = false): Promise<string> {
  const state = await call<ProjectState>('project.new', {
    placement: { id: 'banner', name: 'Banner', width: W, height: H },
    commercial,
  });
  const canvasId = state.document.canvasOrder[0]!;
  const picture = await sharp({
    create: { width: W, height: H, channels: 4, background: { r: 20, g: 60, b: 200, alpha: 1 } },
  })
    .png()
    .toBuffer();
  const image = await call<Asset>('project.importImage', {
    source: { type: 'bytes', name: 'blue.png', bytes: new Uint8Array(picture) },
  });
  const data = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inMask(x, y)) data[y * W + x] = 255;
  const png = await sharp(data, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
  const mask = await call<Asset>('project.importMask', { canvasId, bytes: new Uint8Array(png) });
  await edit(
    [
      { type: 'asset.add', args: { asset: image } },
      {
        type: 'layer.add',
        args: {
          layer: {
            id: 'layer:blue',
            type: 'image',
            canvasId,
            parentId: null,
            name: 'Blue',
            visible: true,
            locked: false,
            opacity: 1,
            blendMode: 'normal',
            transform: { x: 0, y: 0, width: W, height: H, rotation: 0, flipX: false, flipY: false },
            assetId: image.id,
          },
        },
      },
      { type: 'asset.add', args: { asset: mask } },
      { type: 'mask.set', args: { canvasId, assetId: mask.id } },
    ],
    'Paint mask',
  );
  return canvasId;
}

interface FillResult {
  box: { x: number; y: number; width: number; height: number };
  variants: { png: Uint8Array; seed: number; engine: string }[];
  provider: string;
}

async function savedEvents(name: string): Promise<LogEvent[]> {
  const path = join(root, `${name}.atelier`);
  await call('project.saveAs', { path });
  const db = new Sqlite(path, { readonly: true });
  const events = readEvents(db);
  db.close();
  return events;
}

async function rgba(png: Uint8Array) {
  return sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

describe('Stable Diffusion folders in the models folder', () => {
  it('lists both families from their folders, with licence, size on disk and provider', async () => {
    const list = await call<ModelsList>('models.list');
    const byId = Object.fromEntries(list.models.map((m) => [m.id, m])) as Record<string, ModelInfo>;
    expect(byId['sd-inpaint']).toMatchObject({
      family: 'sd15-inpaint',
      licence: { name: 'CreativeML OpenRAIL-M', commercialUse: true },
      problem: null,
      provider: 'cpu',
      sha256: null,
      removable: true,
    });
    expect(byId['sd-turbo']).toMatchObject({
      family: 'sd-turbo',
      licence: { commercialUse: false },
      problem: null,
      provider: 'cpu',
    });
    expect(byId['sd-turbo']!.licence!.name).toMatch(/^Stability AI Community License/);
    // The size is the whole folder: every component and the tokenizer.
    expect(byId['sd-inpaint']!.bytes).toBeGreaterThan(byId['sd-turbo']!.bytes! - 10_000);
    expect(byId['sd-inpaint']!.bytes).toBeGreaterThan(1000);
  });

  it('lists an incomplete folder with a problem naming the missing file', async () => {
    const list = await call<ModelsList>('models.list');
    const noUnet = list.models.find((m) => m.id === 'sd-no-unet')!;
    expect(noUnet.problem).toContain('unet/model.onnx');
    expect(noUnet.provider).toBeNull();
    const noMerges = list.models.find((m) => m.id === 'sd-no-merges')!;
    expect(noMerges.problem).toContain('tokenizer/merges.txt');
    // Using one says the same.
    const canvasId = await maskedArtboard();
    const refused = await failure('project.generateFill', {
      canvasId,
      engine: 'model:sd-no-unet',
      prompt: 'red cat',
    });
    expect(refused?.code).toBe('unavailable');
    expect(refused?.message).toContain('unet/model.onnx');
  });

  it('takes the licence the user chose from atelier.json', async () => {
    const own = join(models, 'sd-turbo-licensed');
    writeDiffusionStandIn(own, { inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
    writeFileSync(
      join(own, 'atelier.json'),
      JSON.stringify({
        name: 'Turbo (enterprise)',
        licence: { name: 'Stability AI Enterprise', commercialUse: true },
      }),
    );
    const list = await call<ModelsList>('models.list');
    expect(list.models.find((m) => m.id === 'sd-turbo-licensed')).toMatchObject({
      name: 'Turbo (enterprise)',
      family: 'sd-turbo',
      licence: { name: 'Stability AI Enterprise', commercialUse: true },
      problem: null,
    });
  });
});

describe('adding a Stable Diffusion folder', () => {
  it('copies an export folder in as a job, with the name and licence the user chose', async () => {
    const source = join(root, 'downloads', 'sd-turbo-onnx');
    writeDiffusionStandIn(source, { inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
    const { jobId } = await call<{ jobId: string }>('models.add', {
      path: source,
      name: 'Studio Turbo',
      licence: { name: 'Stability AI Enterprise', commercialUse: true },
    });
    const info = await finished(jobId);
    expect(info.error).toBeNull();
    expect(info.result).toEqual({ id: 'studio-turbo', name: 'Studio Turbo', family: 'sd-turbo' });
    const list = await call<ModelsList>('models.list');
    expect(list.models.find((m) => m.id === 'studio-turbo')).toMatchObject({
      name: 'Studio Turbo',
      family: 'sd-turbo',
      licence: { name: 'Stability AI Enterprise', commercialUse: true },
      addedFrom: 'file',
      addedAt: expect.any(Number),
      problem: null,
    });
    // Removable like any model; the source folder is left alone.
    await call('models.remove', { id: 'studio-turbo' });
    expect((await call<ModelsList>('models.list')).models.some((m) => m.id === 'studio-turbo')).toBe(false);
  });

  it('follows links in the export (a Hugging Face cache) and copies their targets', async () => {
    const blobs = join(root, 'hf-cache', 'blobs');
    const linked = join(root, 'hf-cache', 'snapshot');
    writeDiffusionStandIn(blobs, { inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
    // The snapshot links every component folder's model.onnx to the blob, as the hub cache does.
    writeDiffusionStandIn(linked, { inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
    for (const part of ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder']) {
      rmSync(join(linked, part, 'model.onnx'));
      symlinkSync(join(blobs, part, 'model.onnx'), join(linked, part, 'model.onnx'));
    }
    const { jobId } = await call<{ jobId: string }>('models.add', { path: linked, name: 'Cached Turbo' });
    const info = await finished(jobId);
    expect(info.error).toBeNull();
    const model = (await call<ModelsList>('models.list')).models.find((m) => m.id === 'cached-turbo')!;
    expect(model.problem).toBeNull();
    const copied = join(models, 'cached-turbo', 'unet', 'model.onnx');
    expect(lstatSync(copied).isSymbolicLink()).toBe(false);
    expect(statSync(copied).size).toBe(statSync(join(blobs, 'unet', 'model.onnx')).size);
    await call('models.remove', { id: 'cached-turbo' });
  });

  it('refuses a folder that is no export, and an incomplete export naming what is missing', async () => {
    const plain = join(root, 'holiday-photos');
    mkdirSync(plain, { recursive: true });
    const refused = await failure('models.add', { path: plain });
    expect(refused?.code).toBe('invalid_argument');
    expect(refused?.message).toContain('Stable Diffusion');
    const partial = join(root, 'downloads', 'partial');
    writeDiffusionStandIn(partial, { inpaint: true, omit: ['vae_encoder/model.onnx'] });
    const { jobId } = await call<{ jobId: string }>('models.add', { path: partial });
    const info = await finished(jobId);
    expect(info.state).toBe('failed');
    expect(info.error?.message).toContain('vae_encoder/model.onnx');
    expect((await call<ModelsList>('models.list')).models.some((m) => m.id === 'partial')).toBe(false);
  });
});

describe('a prompted fill', () => {
  it('stages variants by seed in the fill’s shape, transparent outside the mask, and records the prompt in provenance', async () => {
    const canvasId = await maskedArtboard();
    const prompt = 'red cat';
    const { jobId, seeds } = await call<{ jobId: string; seeds: number[] }>('project.generateFill', {
      canvasId,
      engine: 'model:sd-inpaint',
      prompt,
      negativePrompt: 'blurry',
      variants: 2,
      seed: 41,
      steps: 3,
    });
    expect(seeds).toEqual([41, 42]);
    const info = await finished(jobId);
    expect(info.error).toBeNull();
    expect(info.state).toBe('done');
    expect(info.kind).toBe('diffusion');
    expect(info.label).toBe('Fill with sd-inpaint (2 variants)');
    const result = info.result as FillResult;
    expect(result.box).toEqual({ x: 16, y: 8, width: 16, height: 16 });
    expect(result.provider).toBe('cpu');
    expect(result.variants.map((v) => [v.seed, v.engine])).toEqual([
      [41, 'sd15-inpaint'],
      [42, 'sd15-inpaint'],
    ]);
    const first = await rgba(result.variants[0]!.png);
    expect([first.info.width, first.info.height]).toEqual([16, 16]);
    // The mask covers the whole box: every pixel is the fill, opaque.
    for (let k = 0; k < 16 * 16; k++) expect(first.data[k * 4 + 3]).toBe(255);
    const second = await rgba(result.variants[1]!.png);
    expect(Buffer.compare(first.data, second.data)).not.toBe(0);

    const accepted = await call<{ asset: Asset; box: FillResult['box']; maskAssetId: string | null }>(
      'project.acceptVariant',
      { jobId, index: 1 },
    );
    expect(accepted.box).toEqual(result.box);
    expect(accepted.maskAssetId).toMatch(/^asset:/);
    expect(accepted.asset.provenance).toMatchObject({
      type: 'generated',
      modelId: 'model:sd-inpaint',
      modelSha256: null,
      seed: 42,
      maskAssetId: accepted.maskAssetId,
      parentAssetIds: [expect.stringMatching(/^asset:/)],
      parameters: {
        engine: 'model:sd-inpaint',
        family: 'sd15-inpaint',
        mode: 'fill',
        prompt,
        negativePrompt: 'blurry',
        promptSha256: promptSha256(prompt),
        steps: 3,
        guidance: 7.5,
        jobId,
      },
    });
  });

  it('logs the prompt’s hash and length, never its text, unless the project allows it', async () => {
    const canvasId = await maskedArtboard();
    const prompt = 'photo of a red dog';
    const { jobId } = await call<{ jobId: string }>('project.generateFill', {
      canvasId,
      engine: 'model:sd-inpaint',
      prompt,
      variants: 1,
      steps: 2,
    });
    expect((await finished(jobId)).state).toBe('done');
    const { asset } = await call<{ asset: Asset }>('project.acceptVariant', { jobId, index: 0 });
    await edit([{ type: 'asset.add', args: { asset } }]);
    let events = await savedEvents('private-prompt');
    const requested = events.find((e) => e.type === 'generation.requested')!;
    expect(requested).toMatchObject({
      name: 'sd15-inpaint',
      args: {
        engine: 'model',
        mode: 'fill',
        family: 'sd15-inpaint',
        promptSha256: promptSha256(prompt),
        promptChars: prompt.length,
        negativePromptChars: 0,
        steps: 2,
        guidance: 7.5,
        variants: 1,
      },
    });
    expect(requested.args).not.toHaveProperty('prompt');
    // Nowhere in what the log exports for analysis (the asset's provenance is sanitized too).
    for (const event of events) expect(JSON.stringify(event.args)).not.toContain('red dog');
    expect(events.some((e) => e.type === 'generation.finished' && e.name === 'sd15-inpaint')).toBe(true);

    // The project allows prompts in its log: the next request carries the text.
    await edit([{ type: 'project.setLogPrompts', args: { logPrompts: true } }]);
    expect((await call<ProjectState>('project.current')).document.logPrompts).toBe(true);
    const again = await call<{ jobId: string }>('project.generateFill', {
      canvasId,
      engine: 'model:sd-inpaint',
      prompt,
      negativePrompt: 'blurry',
      variants: 1,
      steps: 2,
      regenerateOf: jobId,
    });
    expect((await finished(again.jobId)).state).toBe('done');
    events = await savedEvents('open-prompt');
    const regenerated = events.find((e) => e.type === 'generation.regenerated')!;
    expect(regenerated.args).toMatchObject({
      prompt,
      negativePrompt: 'blurry',
      promptSha256: promptSha256(prompt),
      regenerateOf: jobId,
    });
    expect(events.find((e) => e.type === 'command' && e.name === 'project.setLogPrompts')).toBeDefined();
  });

  it('leaves every pixel outside the mask as it was, once the accepted variant is over the picture', async () => {
    const canvasId = await maskedArtboard();
    const { jobId } = await call<{ jobId: string }>('project.generateFill', {
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'blue dog',
      variants: 1,
      seed: 3,
    });
    const info = await finished(jobId);
    expect(info.state).toBe('done');
    const result = info.result as FillResult;
    // SD-Turbo fills by blending latents: 4 steps, no guidance, by default.
    const { asset, box } = await call<{ asset: Asset; box: FillResult['box'] }>('project.acceptVariant', {
      jobId,
      index: 0,
    });
    expect(asset.provenance).toMatchObject({ parameters: { family: 'sd-turbo', steps: 4, guidance: 0 } });
    const bytes = await call<{ bytes: Uint8Array }>('project.asset', { sha256: asset.sha256 });
    const layer = await rgba(bytes.bytes);
    expect(Buffer.compare(layer.data, (await rgba(result.variants[0]!.png)).data)).toBe(0);
    for (let y = 0; y < box.height; y++) {
      for (let x = 0; x < box.width; x++) {
        const alpha = layer.data[(y * box.width + x) * 4 + 3];
        expect(alpha).toBe(inMask(box.x + x, box.y + y) ? 255 : 0);
      }
    }
  });

  it('asks for a prompt, and names bad settings', async () => {
    const canvasId = await maskedArtboard();
    const empty = await failure('project.generateFill', {
      canvasId,
      engine: 'model:sd-inpaint',
      prompt: '  ',
    });
    expect(empty?.code).toBe('invalid_argument');
    expect(empty?.field).toBe('prompt');
    expect(empty?.message).toContain('type a prompt');
    const steps = await failure('project.generateFill', {
      canvasId,
      engine: 'model:sd-inpaint',
      prompt: 'cat',
      steps: 0,
    });
    expect(steps?.code).toBe('invalid_argument');
    const long = await failure('project.generateFill', {
      canvasId,
      engine: 'model:sd-inpaint',
      prompt: 'x'.repeat(1001),
    });
    expect(long?.code).toBe('invalid_argument');
  });

  it('refuses to fill with a text-to-image export that has no image encoder, naming the file', async () => {
    writeDiffusionStandIn(join(models, 'turbo-frames-only'), {
      inpaint: false,
      scheduler: SD_TURBO_SCHEDULER_CONFIG,
      omit: ['vae_encoder/model.onnx'],
    });
    const canvasId = await maskedArtboard();
    const refused = await failure('project.generateFill', {
      canvasId,
      engine: 'model:turbo-frames-only',
      prompt: 'cat',
    });
    expect(refused).toMatchObject({ code: 'invalid_argument', field: 'engine' });
    expect(refused?.message).toContain('vae_encoder/model.onnx');
    rmSync(join(models, 'turbo-frames-only'), { recursive: true, force: true });
  });
});

describe('storyboard frames', () => {
  async function frame(args: object): Promise<{ jobId: string; seeds: number[]; result: FillResult }> {
    const { jobId, seeds } = await call<{ jobId: string; seeds: number[] }>('project.generateFrame', args);
    const info = await finished(jobId);
    expect(info.error).toBeNull();
    return { jobId, seeds, result: info.result as FillResult };
  }

  it('makes a frame covering the artboard, accepted as an image asset without a mask', async () => {
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'landscape', name: 'Shot 1', width: 96, height: 54 },
      commercial: false,
    });
    const canvasId = state.document.canvasOrder[0]!;
    const { jobId, seeds, result } = await frame({
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'red cat',
      seed: 7,
    });
    expect(seeds).toEqual([7, 8]);
    expect(result.box).toEqual({ x: 0, y: 0, width: 96, height: 54 });
    expect(result.variants).toHaveLength(2);
    const picture = await rgba(result.variants[0]!.png);
    expect([picture.info.width, picture.info.height]).toEqual([96, 54]);
    expect((await call<JobInfo>('jobs.get', { jobId })).label).toBe('Frame with sd-turbo (2 variants)');

    const accepted = await call<{ asset: Asset; box: FillResult['box']; maskAssetId: string | null }>(
      'project.acceptVariant',
      { jobId, index: 0 },
    );
    expect(accepted.maskAssetId).toBeNull();
    expect(accepted.box).toEqual({ x: 0, y: 0, width: 96, height: 54 });
    expect(accepted.asset).toMatchObject({ kind: 'image', width: 96, height: 54, name: 'Frame 1.png' });
    expect(accepted.asset.provenance).toMatchObject({
      type: 'generated',
      modelId: 'model:sd-turbo',
      seed: 7,
      maskAssetId: null,
      parentAssetIds: [],
      parameters: { mode: 'frame', family: 'sd-turbo', prompt: 'red cat', steps: 1, guidance: 0 },
    });

    const events = await savedEvents('frame');
    expect(events.find((e) => e.type === 'generation.requested')).toMatchObject({
      name: 'sd-turbo',
      targetIds: [canvasId, jobId],
      args: { mode: 'frame', width: 96, height: 54, consistent: false, promptChars: 7, seed: 7 },
    });
  });

  it('keeps shots consistent: the same seed and reference prompt give the same frame', async () => {
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'square', name: 'Shot', width: 64, height: 64 },
      commercial: false,
    });
    const canvasId = state.document.canvasOrder[0]!;
    const consistency = { seed: 1234, referencePrompt: 'photo of' };
    const a = await frame({
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'red cat',
      variants: 1,
      consistency,
    });
    const b = await frame({
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'red cat',
      variants: 1,
      seed: 99, // the consistency seed wins
      consistency,
    });
    expect(a.seeds).toEqual([1234]);
    expect(b.seeds).toEqual([1234]);
    expect(Buffer.compare(a.result.variants[0]!.png, b.result.variants[0]!.png)).toBe(0);
    // The model is given the reference prompt, then the shot's.
    const plain = await frame({
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'photo of, red cat',
      variants: 1,
      seed: 1234,
    });
    expect(Buffer.compare(plain.result.variants[0]!.png, a.result.variants[0]!.png)).toBe(0);
    const other = await frame({
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'blue dog',
      variants: 1,
      consistency,
    });
    expect(Buffer.compare(other.result.variants[0]!.png, a.result.variants[0]!.png)).not.toBe(0);

    const { asset } = await call<{ asset: Asset }>('project.acceptVariant', { jobId: a.jobId, index: 0 });
    expect(asset.provenance).toMatchObject({
      seed: 1234,
      parameters: { prompt: 'red cat', referencePrompt: 'photo of' },
    });
  });

  it('makes frames with the inpainting model too, repainting a blank artboard', async () => {
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'story', name: 'Shot', width: 36, height: 64 },
      commercial: false,
    });
    const canvasId = state.document.canvasOrder[0]!;
    const { result } = await frame({
      canvasId,
      engine: 'model:sd-inpaint',
      prompt: 'blue dog',
      variants: 1,
      steps: 2,
    });
    const picture = await rgba(result.variants[0]!.png);
    expect([picture.info.width, picture.info.height]).toEqual([36, 64]);
    expect(picture.data[3]).toBe(255);
  });

  it('asks before SD-Turbo is used in a commercial project, and logs the confirmation', async () => {
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'square', name: 'Client shot', width: 64, height: 64 },
      commercial: true,
    });
    const canvasId = state.document.canvasOrder[0]!;
    const refused = await failure('project.generateFrame', {
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'red cat',
    });
    expect(refused?.code).toBe('conflict');
    expect(refused?.field).toBe('confirmLicence');
    expect(refused?.message).toMatch(/^"sd-turbo" is licensed Stability AI Community License/);
    await frame({ canvasId, engine: 'model:sd-turbo', prompt: 'red cat', variants: 1, confirmLicence: true });
    const events = await savedEvents('licence');
    expect(events.find((e) => e.type === 'generation.requested')?.args).toMatchObject({
      commercialUse: false,
      licenceConfirmed: true,
    });
    // SD 1.5 inpainting's OpenRAIL-M allows client work: no question.
    await frame({ canvasId, engine: 'model:sd-inpaint', prompt: 'red cat', variants: 1, steps: 1 });
  });

  it('refuses a missing model, an empty prompt and an unknown artboard', async () => {
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'square', name: 'Shot', width: 64, height: 64 },
      commercial: false,
    });
    const canvasId = state.document.canvasOrder[0]!;
    expect(
      (await failure('project.generateFrame', { canvasId, engine: 'model:nope', prompt: 'cat' }))?.code,
    ).toBe('not_found');
    expect(
      (await failure('project.generateFrame', { canvasId, engine: 'model:sd-turbo', prompt: ' ' }))?.code,
    ).toBe('invalid_argument');
    expect(
      (
        await failure('project.generateFrame', {
          canvasId: 'canvas:gone',
          engine: 'model:sd-turbo',
          prompt: 'cat',
        })
      )?.field,
    ).toBe('canvasId');
  });

  it('is started by the engine only: jobs.submit refuses a diffusion job', async () => {
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'square', name: 'Shot', width: 64, height: 64 },
      commercial: false,
    });
    const refused = await failure('jobs.submit', {
      kind: 'diffusion',
      args: {
        mode: 'frame',
        document: state.document,
        canvasId: state.document.canvasOrder[0],
        images: {},
        mask: null,
        model: { id: 'sd-turbo', dir: join(models, 'sd-turbo'), family: 'sd-turbo', providers: ['cpu'] },
        prompt: 'red cat',
        negativePrompt: '',
        steps: 1,
        guidance: 0,
        seeds: [1],
      },
    });
    expect(refused?.code).toBe('invalid_argument');
    expect(refused?.message).toContain('not jobs.submit');
  });
});

describe('cancelling a prompted generation', () => {
  const shakyDir = tempDir();
  const shakyRoot = join(shakyDir.path, 'home');
  const shakyData = join(shakyDir.path, 'data');
  mkdirSync(shakyRoot);
  writeDiffusionStandIn(join(shakyData, 'models', 'sd-turbo'), {
    inpaint: false,
    scheduler: SD_TURBO_SCHEDULER_CONFIG,
  });
  const shaky = createEngine({
    mode: 'web',
    userDataDir: shakyData,
    fileRoot: shakyRoot,
    spawnJobProcess: misbehavingWorker,
  });
  const callShaky = <T>(method: string, args?: unknown) =>
    shaky.dispatcher.call(method, args, { origin: 'test' }) as Promise<T>;
  afterAll(() => {
    shaky.close();
    shakyDir.cleanup();
  });
  async function settled(jobId: string): Promise<JobInfo> {
    for (;;) {
      const info = await callShaky<JobInfo>('jobs.get', { jobId });
      if (['done', 'failed', 'cancelled'].includes(info.state)) return info;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('kills the job mid-run; the log says so; the next frame runs', async () => {
    const state = await callShaky<ProjectState>('project.new', {
      placement: { id: 'square', name: 'Shot', width: 64, height: 64 },
      commercial: false,
    });
    const canvasId = state.document.canvasOrder[0]!;
    const { jobId } = await callShaky<{ jobId: string }>('project.generateFrame', {
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'red cat hang',
      steps: 4,
      variants: 1,
    });
    await expect.poll(async () => (await callShaky<JobInfo>('jobs.get', { jobId })).state).toBe('running');
    expect(await callShaky('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    expect((await settled(jobId)).state).toBe('cancelled');
    // Nothing of it is left to accept.
    const refused = await callShaky('project.acceptVariant', { jobId, index: 0 }).catch(
      (e: StudioError) => e.code,
    );
    expect(refused).toBe('not_found');

    const next = await callShaky<{ jobId: string }>('project.generateFrame', {
      canvasId,
      engine: 'model:sd-turbo',
      prompt: 'red cat',
      variants: 1,
    });
    expect((await settled(next.jobId)).state).toBe('done');
    const path = join(shakyRoot, 'cancelled.atelier');
    await callShaky('project.saveAs', { path });
    const db = new Sqlite(path, { readonly: true });
    const failed = readEvents(db).find((e) => e.type === 'generation.failed');
    db.close();
    expect(failed).toMatchObject({ name: 'sd-turbo', args: { reason: 'cancelled' } });
  });
});
