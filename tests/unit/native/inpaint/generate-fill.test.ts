// Generative fill through the engine, as the studio asks for it: the artboard's mask is filled
// in the job process (the real worker), one variant per seed; a variant becomes an asset with
// its provenance; the edit log holds the request and the outcome.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { JobInfo } from '../../../../native/api/jobs';
import type { ProjectState } from '../../../../native/api/project';
import type { Asset, Layer } from '../../../../native/model/document';
import { readEvents } from '../../../../native/feedback/log';
import { Sqlite } from '../../../../native/project/sqlite';
import { misbehavingWorker, testEngine } from '../../../helpers/engine';
import { createEngine } from '../../../../native/studio/engine';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(root);
const { engine, call, failure, finished } = testEngine(root, join(dir.path, 'data'));
afterEach(async () => {
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

const W = 120;
const H = 80;
/** Hole: x 40..63, y 24..47 (white = fill). */
async function maskPng(): Promise<Buffer> {
  const data = Buffer.alloc(W * H);
  for (let y = 24; y < 48; y++) data.fill(255, y * W + 40, y * W + 64);
  return sharp(data, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
}

async function edit(commands: unknown[], label = 'Paint mask') {
  const state = await call<ProjectState>('project.current');
  return call<ProjectState>('project.edit', {
    edit: { kind: 'gesture', label, commands },
    revision: state.revision,
  });
}

/** A 120×80 artboard with a red and blue striped fill layer, and a painted mask. */
async function striped(withMask = true): Promise<string> {
  const state = await call<ProjectState>('project.new', {
    placement: { id: 'banner', name: 'Banner', width: W, height: H },
  });
  const canvasId = state.document.canvasOrder[0]!;
  const stripe = (i: number): Layer => ({
    id: `layer:s${i}`,
    canvasId: canvasId as `canvas:${string}`,
    parentId: null,
    name: `Stripe ${i}`,
    visible: true,
    locked: false,
    opacity: 1,
    blendMode: 'normal',
    transform: { x: i * 8, y: 0, width: 4, height: H, rotation: 0, flipX: false, flipY: false },
    type: 'shape',
    shape: 'rect',
    fill: '#dd2222',
    stroke: null,
    cornerRadius: 0,
  });
  await edit(
    Array.from({ length: W / 8 }, (_, i) => ({ type: 'layer.add', args: { layer: stripe(i) } })),
    'Adjust property',
  );
  if (withMask) {
    const asset = await call<Asset>('project.importMask', {
      canvasId,
      bytes: new Uint8Array(await maskPng()),
    });
    await edit([
      { type: 'asset.add', args: { asset } },
      { type: 'mask.set', args: { canvasId, assetId: asset.id } },
    ]);
  }
  return canvasId;
}

describe('generative fill in the studio', () => {
  it('fills the mask in variants, one per seed, each the mask’s box with the picture showing around the fill', async () => {
    const canvasId = await striped();
    const { jobId, seeds } = await call<{ jobId: string; seeds: number[] }>('project.generateFill', {
      canvasId,
      engine: 'patchmatch',
      variants: 3,
      seed: 41,
    });
    expect(seeds).toEqual([41, 42, 43]);
    const info = await finished(jobId);
    expect(info.state).toBe('done');
    const result = info.result as {
      box: object;
      variants: { png: Uint8Array; seed: number; engine: string }[];
    };
    expect(result.box).toEqual({ x: 40, y: 24, width: 24, height: 24 });
    expect(result.variants.map((v) => [v.seed, v.engine])).toEqual([
      [41, 'patchmatch'],
      [42, 'patchmatch'],
      [43, 'patchmatch'],
    ]);
    for (const v of result.variants) {
      const { data, info: size } = await sharp(v.png)
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([size.width, size.height]).toEqual([24, 24]);
      // Opaque throughout (the whole box is masked) and striped: red and white columns, no mush.
      let red = 0;
      let white = 0;
      for (let i = 0; i < 24 * 24; i++) {
        expect(data[i * 4 + 3]).toBe(255);
        if (data[i * 4]! > 180 && data[i * 4 + 1]! < 90) red++;
        if (data[i * 4]! > 200 && data[i * 4 + 1]! > 200) white++;
      }
      expect(red).toBeGreaterThan(24 * 24 * 0.3);
      expect(white).toBeGreaterThan(24 * 24 * 0.3);
    }
    // The same seed gives the same variant.
    const again = await call<{ jobId: string }>('project.generateFill', {
      canvasId,
      engine: 'patchmatch',
      variants: 1,
      seed: 42,
    });
    const repeat = (await finished(again.jobId)).result as { variants: { png: Uint8Array }[] };
    expect(Buffer.from(repeat.variants[0]!.png).equals(Buffer.from(result.variants[1]!.png))).toBe(true);
  });

  it('stores an accepted variant as an asset that records how it was made; the log holds request and outcome', async () => {
    const canvasId = await striped();
    // A photo on the artboard too: the fill is made from it, and says so.
    const photoPng = await sharp({
      create: { width: 16, height: 16, channels: 3, background: { r: 0, g: 160, b: 0 } },
    })
      .png()
      .toBuffer();
    const photo = await call<Asset>('project.importImage', {
      source: { type: 'bytes', name: 'photo.png', bytes: new Uint8Array(photoPng) },
    });
    await edit(
      [
        { type: 'asset.add', args: { asset: photo } },
        {
          type: 'layer.add',
          args: {
            index: 0,
            layer: {
              id: 'layer:photo',
              canvasId,
              parentId: null,
              name: 'Photo',
              visible: true,
              locked: false,
              opacity: 1,
              blendMode: 'normal',
              transform: { x: 0, y: 0, width: 16, height: 16, rotation: 0, flipX: false, flipY: false },
              type: 'image',
              assetId: photo.id,
            },
          },
        },
      ],
      'Adjust property',
    );
    const { jobId } = await call<{ jobId: string }>('project.generateFill', {
      canvasId,
      engine: 'auto',
      variants: 2,
      seed: 5,
    });
    await finished(jobId);
    const { asset, box, maskAssetId } = await call<{ asset: Asset; box: object; maskAssetId: string }>(
      'project.acceptVariant',
      { jobId, index: 1 },
    );
    const doc = (await call<ProjectState>('project.current')).document;
    expect(box).toEqual({ x: 40, y: 24, width: 24, height: 24 });
    expect(maskAssetId).toBe(doc.canvases[canvasId]!.maskAssetId);
    expect(asset).toMatchObject({
      kind: 'image',
      mime: 'image/png',
      width: 24,
      height: 24,
      provenance: {
        type: 'generated',
        seed: 6,
        maskAssetId: doc.canvases[canvasId]!.maskAssetId,
        modelSha256: null,
        parentAssetIds: [photo.id],
      },
    });
    expect((await failure('project.acceptVariant', { jobId, index: 5 }))?.message).toMatch(/no variant 6/);
    expect((await failure('project.acceptVariant', { jobId: 'job:nope', index: 0 }))?.code).toBe('not_found');

    const path = join(root, 'fill.atelier');
    await call('project.saveAs', { path });
    await call('project.close', {});
    const db = new Sqlite(path, { readonly: true });
    const events = readEvents(db).filter((e) => e.type.startsWith('generation.'));
    db.close();
    expect(events.map((e) => e.type)).toEqual(['generation.requested', 'generation.finished']);
    expect(events[0]!.args).toMatchObject({
      engine: 'auto',
      variants: 2,
      seed: 5,
      maskAreaPx: 24 * 24,
      modelSha256: null,
    });
    expect(events[1]!.args).toMatchObject({ variants: 2, provider: 'builtin' });
    expect(events[1]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('asks for a mask first, and names bad arguments', async () => {
    const canvasId = await striped(false);
    expect((await failure('project.generateFill', { canvasId }))?.message).toMatch(/paint a mask/);
    expect((await failure('project.generateFill', { canvasId: 'canvas:nope' }))?.message).toMatch(
      /no artboard/,
    );
    expect((await failure('project.generateFill', { canvasId, variants: 9 }))?.field).toBe('args.variants');
    expect((await failure('project.generateFill', { canvasId, engine: 'magic' }))?.field).toBe('args.engine');
  });
});

describe('a fill that hangs or crashes', () => {
  const { engine: shaky, call: callShaky } = (() => {
    const engine = createEngine({
      mode: 'web',
      userDataDir: join(dir.path, 'shaky-data'),
      fileRoot: root,
      spawnJobProcess: misbehavingWorker,
    });
    return {
      engine,
      call: <T>(method: string, args?: unknown) =>
        engine.dispatcher.call(method, args, { origin: 'test' }) as Promise<T>,
    };
  })();
  afterAll(() => shaky.close());

  async function maskedArtboard(): Promise<string> {
    const state = await callShaky<ProjectState>('project.new', {
      placement: { id: 'banner', name: 'Banner', width: W, height: H },
    });
    const canvasId = state.document.canvasOrder[0]!;
    const asset = await callShaky<Asset>('project.importMask', {
      canvasId,
      bytes: new Uint8Array(await maskPng()),
    });
    const current = await callShaky<ProjectState>('project.current');
    await callShaky('project.edit', {
      edit: {
        kind: 'gesture',
        label: 'Paint mask',
        commands: [
          { type: 'asset.add', args: { asset } },
          { type: 'mask.set', args: { canvasId, assetId: asset.id } },
        ],
      },
      revision: current.revision,
    });
    return canvasId;
  }
  async function settledJob(jobId: string): Promise<JobInfo> {
    for (;;) {
      const info = await callShaky<JobInfo>('jobs.get', { jobId });
      if (['done', 'failed', 'cancelled'].includes(info.state)) return info;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('is cancelled by killing its process; the next fill runs; the log says it was cancelled', async () => {
    const canvasId = await maskedArtboard();
    const { jobId } = await callShaky<{ jobId: string }>('project.generateFill', {
      canvasId,
      variants: 1,
      seed: 777,
    });
    for (;;) {
      const info = await callShaky<JobInfo>('jobs.get', { jobId });
      if (info.state === 'running' && info.progress > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await callShaky('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    expect((await settledJob(jobId)).state).toBe('cancelled');
    const next = await callShaky<{ jobId: string }>('project.generateFill', {
      canvasId,
      variants: 1,
      seed: 1,
    });
    expect((await settledJob(next.jobId)).state).toBe('done');

    const path = join(root, 'cancelled.atelier');
    await callShaky('project.saveAs', { path });
    await callShaky('project.close', {});
    const db = new Sqlite(path, { readonly: true });
    const outcomes = readEvents(db).filter(
      (e) => e.type === 'generation.failed' || e.type === 'generation.finished',
    );
    db.close();
    expect(outcomes.map((e) => [e.type, e.args.reason ?? null])).toEqual([
      ['generation.failed', 'cancelled'],
      ['generation.finished', null],
    ]);
  });

  it('crashing fails that fill with a message and leaves the studio working', async () => {
    const canvasId = await maskedArtboard();
    const { jobId } = await callShaky<{ jobId: string }>('project.generateFill', {
      canvasId,
      variants: 1,
      seed: 666,
    });
    const crashed = await settledJob(jobId);
    expect(crashed.state).toBe('failed');
    expect(crashed.error?.message).toMatch(/job process/i);
    const next = await callShaky<{ jobId: string }>('project.generateFill', {
      canvasId,
      variants: 1,
      seed: 2,
    });
    expect((await settledJob(next.jobId)).state).toBe('done');
    await callShaky('project.close', { discard: true });
  });
});

describe('a variant as a layer', () => {
  it('carries the fill at the mask’s strength once: over the source it gives the engine’s blend, and nothing where the mask is under half', async () => {
    const { variantOf } = await import('../../../../native/inpaint/inpaint-job');
    const source = {
      width: 4,
      height: 1,
      data: new Uint8ClampedArray([10, 10, 10, 255, 10, 10, 10, 255, 10, 10, 10, 255, 10, 10, 10, 255]),
    };
    const mask = { width: 4, height: 1, data: new Uint8Array([255, 191, 128, 100]) };
    // What the engines return: src + (fill − src)·a where the mask is at least half, fill = 210.
    const blended = source.data.slice();
    for (let i = 0; i < 3; i++) {
      const a = mask.data[i]! / 255;
      for (let c = 0; c < 3; c++) blended[i * 4 + c] = 10 + (210 - 10) * a;
    }
    const layer = variantOf(source, { ...source, data: blended }, mask, { x: 0, y: 0, width: 4, height: 1 });
    for (let i = 0; i < 3; i++) {
      const alpha = layer.data[i * 4 + 3]! / 255;
      expect(Math.abs(layer.data[i * 4]! - 210)).toBeLessThanOrEqual(1); // the fill itself
      expect(alpha).toBeCloseTo(mask.data[i]! / 255, 2);
      // Composited over the source: exactly the engine's blend (to rounding).
      expect(Math.abs(10 + (layer.data[i * 4]! - 10) * alpha - blended[i * 4]!)).toBeLessThanOrEqual(1);
    }
    expect(layer.data[3 * 4 + 3]).toBe(0);
  });
});
