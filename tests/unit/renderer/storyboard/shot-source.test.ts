// The picture picker: what a shot can show, and its value back and forth.
import { describe, expect, it } from 'vitest';
import type { Asset } from '../../../../native/model/document';
import { Editor } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import type { AssetId, CanvasId } from '../../../../native/model/ids';
import {
  sourceOf,
  sourceOptions,
  sourceSize,
  sourceValue,
} from '../../../../renderer/storyboard/shot-source';

const board = 'canvas:board' as CanvasId;

function image(id: string, provenance: Asset['provenance']): Asset {
  return {
    id: `asset:${id}` as AssetId,
    kind: 'image',
    sha256: 'a'.repeat(64),
    mime: 'image/png',
    byteSize: 10,
    name: `${id}.png`,
    width: 640,
    height: 480,
    durationSamples: null,
    sampleRate: null,
    provenance,
  };
}

function editor(fps: 24 | 25 | 30 = 25) {
  const e = new Editor(createDocument({ id: 'project:story', name: 'Story', createdAt: 0, fps }));
  const run = (command: Parameters<Editor['dispatch']>[0]) => {
    const result = e.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  };
  run({ type: 'canvas.add', args: { canvas: blankCanvas(board, 'Hero', 1080, 1920) } });
  return { editor: e, run };
}

describe('the picture picker', () => {
  it('offers nothing, the artboards in order and the images, but not painted masks', () => {
    const { editor: e, run } = editor();
    run({ type: 'asset.add', args: { asset: image('photo', { type: 'imported', fileName: 'photo.png' }) } });
    run({ type: 'asset.add', args: { asset: image('mask', { type: 'painted' }) } });
    expect(sourceOptions(e.doc)).toEqual([
      { value: 'none', label: 'No picture', group: null },
      { value: board, label: 'Hero', group: 'Artboards' },
      { value: 'asset:photo', label: 'photo.png', group: 'Images' },
    ]);
    expect(sourceSize(e.doc, { kind: 'asset', assetId: 'asset:photo' as AssetId })).toEqual({
      width: 640,
      height: 480,
    });
    expect(sourceSize(e.doc, { kind: 'canvas', canvasId: board })).toEqual({ width: 1080, height: 1920 });
    expect(sourceSize(e.doc, null)).toBeNull();
  });

  it('turns a source into the picker value and back', () => {
    for (const source of [
      null,
      { kind: 'canvas', canvasId: board },
      { kind: 'asset', assetId: 'asset:photo' as AssetId },
    ] as const)
      expect(sourceOf(sourceValue(source))).toEqual(source);
  });
});
