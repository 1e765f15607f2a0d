// Keeping a painted mask: the studio hands the engine a PNG the size of the artboard, the engine
// stores it and returns an asset that the edit adding it and setting the mask then accepts.
// Anything else is refused with a message that says why, and the document is left as it was.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { StudioError } from '../../../../native/api/errors';
import type { ProjectState } from '../../../../native/api/project';
import type { Asset } from '../../../../native/model/document';
import { testEngine } from '../../../helpers/engine';
import { encodeAs } from '../../../helpers/images';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(root);
const { engine, call, failure } = testEngine(root, join(dir.path, 'data'));
afterEach(async () => {
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

/** A greyscale mask as the studio paints it: black, with a white square in the middle (fill). */
async function maskPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height);
  for (let y = Math.floor(height / 4); y < (3 * height) / 4; y++)
    data.fill(255, y * width + Math.floor(width / 4), y * width + Math.ceil((3 * width) / 4));
  return sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A new project with one 120×80 artboard; its id. */
async function newBanner(): Promise<{ state: ProjectState; canvasId: string }> {
  const state = await call<ProjectState>('project.new', {
    placement: { id: 'banner', name: 'Banner', width: 120, height: 80 },
  });
  return { state, canvasId: state.document.canvasOrder[0]! };
}

const current = () => call<ProjectState>('project.current');

describe('project.importMask', () => {
  it('stores a PNG the size of the artboard and returns an asset that becomes the artboard’s mask', async () => {
    const { state, canvasId } = await newBanner();
    const png = await maskPng(120, 80);
    const asset = await call<Asset>('project.importMask', { canvasId, bytes: new Uint8Array(png) });
    expect(asset).toMatchObject({
      id: expect.stringMatching(/^asset:/),
      kind: 'image',
      mime: 'image/png',
      width: 120,
      height: 80,
      byteSize: png.byteLength,
      sha256: sha256(png),
      name: expect.stringMatching(/Banner.*\.png$/),
      provenance: { type: 'painted' },
    });
    // Stored byte for byte, though not in the document until an edit puts it there.
    const back = await call<{ mime: string; bytes: Uint8Array }>('project.asset', { sha256: asset.sha256 });
    expect(back.mime).toBe('image/png');
    expect(Buffer.from(back.bytes).equals(png)).toBe(true);
    const before = await current();
    expect(before.revision).toBe(state.revision);
    expect(before.document.assets[asset.id]).toBeUndefined();

    // What the mask editor does with it: add the asset and set the mask, one undo step.
    const edited = await call<ProjectState>('project.edit', {
      edit: {
        kind: 'gesture',
        label: 'Paint mask',
        commands: [
          { type: 'asset.add', args: { asset } },
          { type: 'mask.set', args: { canvasId, assetId: asset.id } },
        ],
      },
      revision: before.revision,
    });
    expect(edited.undoLabels.at(-1)).toBe('Paint mask');
    const after = await current();
    expect(after.document.canvases[canvasId]!.maskAssetId).toBe(asset.id);
    expect(after.document.assets[asset.id]).toEqual(asset);
  });

  it('checks the size against the artboard the mask is for', async () => {
    const { state } = await newBanner();
    await call('project.edit', {
      edit: {
        kind: 'command',
        command: {
          type: 'canvas.add',
          args: {
            canvas: {
              id: 'canvas:tall',
              name: 'Tall',
              width: 40,
              height: 90,
              background: '#ffffff',
              layerIds: [],
              maskAssetId: null,
              placement: null,
            },
          },
        },
      },
      revision: state.revision,
    });
    const asset = await call<Asset>('project.importMask', {
      canvasId: 'canvas:tall',
      bytes: new Uint8Array(await maskPng(40, 90)),
    });
    expect(asset).toMatchObject({ width: 40, height: 90, provenance: { type: 'painted' } });
    const refused = await failure('project.importMask', {
      canvasId: 'canvas:tall',
      bytes: new Uint8Array(await maskPng(120, 80)),
    });
    expect(refused?.message).toMatch(/120×80.*40×90/);
  });

  describe('refuses, storing nothing and leaving the document as it was,', () => {
    /** Calls importMask and checks that it was refused and changed nothing; the error. */
    async function refused(args: { canvasId: string; bytes: Uint8Array }): Promise<StudioError> {
      const before = await current();
      const error = await failure('project.importMask', args);
      expect(error).not.toBeNull();
      const after = await current();
      expect(after.revision).toBe(before.revision);
      expect(after.document).toEqual(before.document);
      expect(after.undoLabels).toEqual(before.undoLabels);
      if (args.bytes.byteLength > 0) {
        const stored = await failure('project.asset', { sha256: sha256(args.bytes) });
        expect(stored?.code).toBe('not_found');
      }
      return error!;
    }

    it('a PNG of another size, naming both sizes', async () => {
      const { canvasId } = await newBanner();
      const error = await refused({ canvasId, bytes: new Uint8Array(await maskPng(100, 80)) });
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toBe('the mask is 100×80 but the artboard is 120×80');
      expect(error.field).toBe('bytes');
      // Right width, wrong height, too.
      const tall = await refused({ canvasId, bytes: new Uint8Array(await maskPng(120, 81)) });
      expect(tall.message).toMatch(/120×81.*120×80/);
    });

    it('a JPEG, even of the right size', async () => {
      const { canvasId } = await newBanner();
      const jpeg = await encodeAs(await maskPng(120, 80), 'jpeg');
      const error = await refused({ canvasId, bytes: new Uint8Array(jpeg) });
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toMatch(/a mask must be a PNG, not jpeg/);
    });

    it('bytes that are not an image', async () => {
      const { canvasId } = await newBanner();
      const error = await refused({ canvasId, bytes: new TextEncoder().encode('not a picture at all') });
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toMatch(/not an image/);
    });

    it('a PNG cut short', async () => {
      const { canvasId } = await newBanner();
      const png = await maskPng(120, 80);
      const error = await refused({ canvasId, bytes: new Uint8Array(png.subarray(0, 20)) });
      expect(error.code).toBe('invalid_argument');
    });

    it('no bytes at all', async () => {
      const { canvasId } = await newBanner();
      const error = await refused({ canvasId, bytes: new Uint8Array(0) });
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toMatch(/the mask is empty/);
    });

    it('a PNG cut short after its header', async () => {
      const { canvasId } = await newBanner();
      const png = await maskPng(120, 80);
      const error = await refused({ canvasId, bytes: new Uint8Array(png.subarray(0, png.length - 30)) });
      expect(error.message).toMatch(/damaged/);
    });

    it('an artboard that does not exist', async () => {
      await newBanner();
      const error = await refused({ canvasId: 'canvas:nope', bytes: new Uint8Array(await maskPng(120, 80)) });
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toMatch(/no artboard canvas:nope/);
      expect(error.field).toBe('canvasId');
    });
  });

  it('names the mask after its artboard even with a slash in the name', async () => {
    const s = await call<ProjectState>('project.new', {
      placement: { id: 'story', name: 'Story / Reel', width: 120, height: 80 },
    });
    const asset = await call<Asset>('project.importMask', {
      canvasId: s.document.canvasOrder[0]!,
      bytes: new Uint8Array(await maskPng(120, 80)),
    });
    expect(asset.name).toBe('Mask of Story - Reel.png');
  });

  it('is refused when no project is open', async () => {
    const error = await failure('project.importMask', {
      canvasId: 'canvas:any',
      bytes: new Uint8Array(await maskPng(120, 80)),
    });
    expect(error?.code).toBe('conflict');
    expect(error?.message).toMatch(/no project is open/);
  });
});
