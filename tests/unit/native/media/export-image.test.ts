// Exporting artboards through the engine and the real job process; the files are read back
// with sharp and checked against the composition (known colours at known places).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { JobInfo } from '../../../../native/api/jobs';
import type { ProjectState } from '../../../../native/api/project';
import type { StudioError } from '../../../../native/api/errors';
import { testEngine } from '../../../helpers/engine';
import { gradientPng } from '../../../helpers/images';
import { shapeLayer } from '../../../helpers/layers';
import { tempDir } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(join(root, 'out'), { recursive: true });
const { engine, call } = testEngine(root, join(dir.path, 'ud'));
afterAll(() => {
  engine.close();
  dir.cleanup();
});

let revision = 0;
const edit = (command: unknown) =>
  call('project.edit', { edit: { kind: 'command', command }, revision: revision++ });
const done = (jobId: string) =>
  waitFor(() => {
    const job = engine.jobs.get(jobId) as JobInfo;
    return job.endedAt !== null ? job : undefined;
  }, `export ${jobId}`);

/** The file's own size and format, and its pixels decoded by sharp (an independent decoder). */
async function pixels(path: string) {
  const { format } = await sharp(path).metadata();
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    info: { width: info.width, height: info.height, format },
    at: (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)),
  };
}

describe('exporting artboards', () => {
  let canvasId = '';

  it('writes a PNG at 2× that matches the composition', async () => {
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'mrec', name: 'Medium rectangle', width: 300, height: 250 },
    });
    canvasId = state.document.canvasOrder[0]!;
    await edit({
      type: 'layer.add',
      args: {
        layer: {
          ...shapeLayer('layer:red', canvasId),
          transform: { x: 20, y: 20, width: 100, height: 50, rotation: 0, flipX: false, flipY: false },
        },
      },
    });
    writeFileSync(join(root, 'pic.png'), await gradientPng(100, 100));
    const asset = await call<{ id: string }>('project.importImage', {
      source: { type: 'path', path: join(root, 'pic.png') },
    });
    await edit({ type: 'asset.add', args: { asset } });
    const image = {
      ...shapeLayer('layer:img', canvasId),
      transform: { x: 180, y: 120, width: 100, height: 100, rotation: 0, flipX: false, flipY: false },
    } as Record<string, unknown>;
    delete image.shape;
    delete image.fill;
    delete image.stroke;
    delete image.cornerRadius;
    await edit({ type: 'layer.add', args: { layer: { ...image, type: 'image', assetId: asset.id } } });

    const path = join(root, 'out', 'banner@2x.png');
    const { jobs } = await call<{ jobs: { jobId: string }[] }>('project.exportImage', {
      canvasId,
      path,
      format: 'png',
      scale: 2,
    });
    const job = await done(jobs[0]!.jobId);
    expect(job).toMatchObject({ state: 'done', result: { width: 600, height: 500 } });
    const { info, at } = await pixels(path);
    expect([info.width, info.height, info.format]).toEqual([600, 500, 'png']);
    expect(at(140, 90)).toEqual([255, 0, 0]); // the red box (70, 45 at 1×)
    expect(at(10, 10)).toEqual([255, 255, 255]); // the background
    const left = at(362, 340); // the image's left edge: dark red channel
    const right = at(556, 340); // its right edge: bright red channel
    expect(left[0]).toBeLessThan(30);
    expect(right[0]).toBeGreaterThan(225);
  });

  it('writes JPEG and WebP that decode to the same picture', async () => {
    for (const format of ['jpeg', 'webp'] as const) {
      const path = join(root, 'out', `banner.${format}`);
      const { jobs } = await call<{ jobs: { jobId: string }[] }>('project.exportImage', {
        canvasId,
        path,
        format,
        scale: 1,
        quality: 92,
      });
      expect((await done(jobs[0]!.jobId)).state).toBe('done');
      const { info, at } = await pixels(path);
      expect([info.width, info.height, info.format]).toEqual([300, 250, format]);
      const red = at(70, 45);
      expect(red[0]).toBeGreaterThan(230);
      expect(red[1]).toBeLessThan(30);
    }
  });

  it('exports every artboard into a folder, named after the artboards', async () => {
    await edit({
      type: 'canvas.add',
      args: {
        canvas: {
          id: 'canvas:second',
          name: 'Story: v2/final',
          width: 90,
          height: 160,
          background: '#000000',
          layerIds: [],
          maskAssetId: null,
          placement: null,
        },
      },
    });
    const { jobs } = await call<{ jobs: { jobId: string; path: string }[] }>('project.exportAll', {
      dir: join(root, 'out'),
      format: 'png',
    });
    await Promise.all(jobs.map((j) => done(j.jobId)));
    expect(
      readdirSync(join(root, 'out'))
        .filter((f) => f.endsWith('.png'))
        .sort(),
    ).toEqual(['Medium rectangle.png', 'Story- v2-final.png', 'banner@2x.png']);
    expect((await pixels(join(root, 'out', 'Story- v2-final.png'))).at(45, 80)).toEqual([0, 0, 0]);
  });

  it('refuses a destination outside the root and an unknown artboard', async () => {
    const outside = (await call('project.exportImage', { canvasId, path: '/tmp/x.png', format: 'png' }).catch(
      (e: StudioError) => e,
    )) as StudioError;
    expect(outside.code).toBe('forbidden');
    const unknown = (await call('project.exportImage', {
      canvasId: 'canvas:nope',
      path: join(root, 'x.png'),
      format: 'png',
    }).catch((e: StudioError) => e)) as StudioError;
    expect(unknown.message).toMatch(/no artboard canvas:nope/);
    await call('project.close', { discard: true });
  });
});
