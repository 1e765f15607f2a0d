// The custom reframing's sliders and the crop they stand for, both ways.
import { describe, expect, it } from 'vitest';
import { placePicture } from '../../../../native/compose/story-framing';
import { CropSchema } from '../../../../native/model/document';
import { cropFromView, panCrop, viewFromCrop } from '../../../../renderer/preview/reframe-crop';

const SQUARE = { width: 1080, height: 1080 };
const WIDE = { width: 1920, height: 1080 };
const TALL = { width: 1080, height: 1920 };

describe('cropFromView', () => {
  it('centred at zoom 1 is what fill shows', () => {
    const crop = cropFromView(SQUARE, TALL, { x: 0.5, y: 0.5, zoom: 1 });
    expect(crop.width).toBeCloseTo(0.5625);
    expect(crop.height).toBe(1);
    expect(crop.x).toBeCloseTo((1 - 0.5625) / 2);
    // Placed in the frame it covers it exactly, as fill does.
    const custom = placePicture(SQUARE, TALL, { mode: 'custom', crop });
    const fill = placePicture(SQUARE, TALL, { mode: 'fill', crop: null });
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(custom[key]).toBeCloseTo(fill[key]);
  });

  it('slides to the edges and zooms in, staying inside the picture with the frame’s shape', () => {
    const left = cropFromView(WIDE, SQUARE, { x: 0, y: 0.5, zoom: 1 });
    expect(left).toEqual({ x: 0, y: 0, width: 0.5625, height: 1 });
    const zoomed = cropFromView(WIDE, SQUARE, { x: 1, y: 1, zoom: 2 });
    expect(zoomed.width * WIDE.width).toBeCloseTo(540);
    expect(zoomed.height * WIDE.height).toBeCloseTo(540);
    expect(zoomed.x + zoomed.width).toBeCloseTo(1);
    expect(zoomed.y + zoomed.height).toBeCloseTo(1);
    for (const crop of [left, zoomed]) expect(CropSchema.safeParse(crop).success).toBe(true);
  });

  it('holds the sliders to their ranges', () => {
    const crop = cropFromView(WIDE, SQUARE, { x: 2, y: -1, zoom: 100 });
    expect(CropSchema.safeParse(crop).success).toBe(true);
    expect(crop.x + crop.width).toBeCloseTo(1);
    expect(crop.y).toBe(0);
  });
});

describe('viewFromCrop', () => {
  it('gives back the sliders a crop was made from', () => {
    for (const view of [
      { x: 0.2, y: 0.5, zoom: 1 },
      { x: 0.7, y: 0.1, zoom: 2.5 },
    ]) {
      const back = viewFromCrop(WIDE, TALL, cropFromView(WIDE, TALL, view));
      expect(back.x).toBeCloseTo(view.x);
      expect(back.zoom).toBeCloseTo(view.zoom);
      if (view.zoom > 1) expect(back.y).toBeCloseTo(view.y);
    }
  });

  it('is centred along an axis the crop fills', () => {
    expect(viewFromCrop(WIDE, SQUARE, { x: 0, y: 0, width: 0.5625, height: 1 }).y).toBe(0.5);
  });
});

describe('panCrop', () => {
  it('moves the crop against the drag and keeps it inside the picture', () => {
    const crop = { x: 0.2, y: 0.1, width: 0.5, height: 0.5 };
    expect(panCrop(crop, 0.2, 0)).toEqual({ ...crop, x: 0.1 });
    expect(panCrop(crop, -0.2, -0.2)).toEqual({ ...crop, x: 0.30000000000000004, y: 0.2 });
    expect(panCrop(crop, 1, 1)).toEqual({ ...crop, x: 0, y: 0 });
    expect(panCrop(crop, -5, -5)).toEqual({ ...crop, x: 0.5, y: 0.5 });
  });
});
