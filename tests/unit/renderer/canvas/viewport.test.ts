// Where the artboard sits on the stage: fitting it in view, zooming about the cursor, and the
// zoom tool's steps.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_ZOOM,
  MIN_ZOOM,
  fitViewport,
  stepZoom,
  toArtboard,
  toScreen,
  zoomAt,
} from '../../../../renderer/canvas/viewport';

const zoomArb = fc.double({ min: MIN_ZOOM, max: MAX_ZOOM, noNaN: true });
const coord = fc.double({ min: -5000, max: 5000, noNaN: true });
const view = fc.record({ zoom: zoomArb, x: coord, y: coord });
const point = fc.record({ x: coord, y: coord });

describe('fitViewport', () => {
  it('fits a tall artboard with the margin above and below, centred across', () => {
    const v = fitViewport({ width: 1080, height: 1920 }, { width: 800, height: 600 });
    expect(v.zoom).toBeCloseTo((600 - 80) / 1920, 9);
    expect(v.y).toBe(40);
    // Centred: the gaps either side differ by at most the rounding.
    const right = 800 - (v.x + 1080 * v.zoom);
    expect(Math.abs(v.x - right)).toBeLessThanOrEqual(1);
  });

  it('shows a small artboard at 100%, centred, rather than blowing it up', () => {
    expect(fitViewport({ width: 200, height: 100 }, { width: 800, height: 600 })).toEqual({
      zoom: 1,
      x: 300,
      y: 250,
    });
  });

  it('takes the margin it is given', () => {
    const v = fitViewport({ width: 1000, height: 1000 }, { width: 1200, height: 700 }, 100);
    expect(v.zoom).toBeCloseTo(0.5, 9);
    expect(v).toMatchObject({ x: 350, y: 100 });
  });

  it('always puts the whole artboard inside the stage, within the margin, and centred', () => {
    const side = fc.integer({ min: 1, max: 16_384 });
    const stageSide = fc.integer({ min: 400, max: 4000 });
    fc.assert(
      fc.property(side, side, stageSide, stageSide, (aw, ah, sw, sh) => {
        const v = fitViewport({ width: aw, height: ah }, { width: sw, height: sh });
        expect(v.zoom).toBeLessThanOrEqual(1);
        const right = v.x + aw * v.zoom;
        const bottom = v.y + ah * v.zoom;
        expect(v.x).toBeGreaterThanOrEqual(40 - 1);
        expect(v.y).toBeGreaterThanOrEqual(40 - 1);
        expect(right).toBeLessThanOrEqual(sw - 40 + 1);
        expect(bottom).toBeLessThanOrEqual(sh - 40 + 1);
        expect(Math.abs(v.x - (sw - right))).toBeLessThanOrEqual(1);
        expect(Math.abs(v.y - (sh - bottom))).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('zoomAt', () => {
  it('zooms in 2× about the cursor', () => {
    const v = zoomAt({ zoom: 1, x: 100, y: 50 }, { x: 300, y: 250 }, 2);
    expect(v).toEqual({ zoom: 2, x: -100, y: -150 });
  });

  it('keeps the artboard point under the cursor where it is, at any zoom and factor', () => {
    fc.assert(
      fc.property(view, point, fc.double({ min: 0.001, max: 1000, noNaN: true }), (v, cursor, factor) => {
        const before = toArtboard(v, cursor);
        const zoomed = zoomAt(v, cursor, factor);
        const after = toArtboard(zoomed, cursor);
        expect(after.x).toBeCloseTo(before.x, 4);
        expect(after.y).toBeCloseTo(before.y, 4);
      }),
    );
  });

  it('stops at the zoom limits', () => {
    expect(zoomAt({ zoom: 16, x: 0, y: 0 }, { x: 10, y: 10 }, 10).zoom).toBe(MAX_ZOOM);
    expect(zoomAt({ zoom: 0.02, x: 0, y: 0 }, { x: 10, y: 10 }, 0.1).zoom).toBe(MIN_ZOOM);
  });
});

describe('toArtboard and toScreen', () => {
  it('map a screen point to the artboard at the viewport’s zoom and offset', () => {
    const v = { zoom: 0.5, x: 100, y: 20 };
    expect(toArtboard(v, { x: 150, y: 70 })).toEqual({ x: 100, y: 100 });
    expect(toScreen(v, { x: 100, y: 100 })).toEqual({ x: 150, y: 70 });
  });

  it('undo each other', () => {
    fc.assert(
      fc.property(view, point, (v, p) => {
        const round = toScreen(v, toArtboard(v, p));
        expect(round.x).toBeCloseTo(p.x, 6);
        expect(round.y).toBeCloseTo(p.y, 6);
        const back = toArtboard(v, toScreen(v, p));
        expect(back.x).toBeCloseTo(p.x, 6);
        expect(back.y).toBeCloseTo(p.y, 6);
      }),
    );
  });
});

describe('stepZoom', () => {
  it('goes to the next step up or down from a step', () => {
    expect(stepZoom(1, 1)).toBe(2);
    expect(stepZoom(1, -1)).toBe(0.667);
    expect(stepZoom(0.5, 1)).toBe(0.667);
    expect(stepZoom(0.5, -1)).toBe(0.333);
  });

  it('goes to the nearest step in that direction from a zoom between steps', () => {
    expect(stepZoom(0.7, 1)).toBe(1);
    expect(stepZoom(0.7, -1)).toBe(0.667);
    expect(stepZoom(1.5, 1)).toBe(2);
    expect(stepZoom(1.5, -1)).toBe(1);
  });

  it('treats a zoom a hair off a step as that step', () => {
    expect(stepZoom(0.6666, 1)).toBe(1);
    expect(stepZoom(1.0004, -1)).toBe(0.667);
  });

  it('climbs from the least zoom to the most, one step at a time, and stays at each limit', () => {
    const up = [MIN_ZOOM];
    while (up.at(-1)! < MAX_ZOOM && up.length < 100) up.push(stepZoom(up.at(-1)!, 1));
    expect(up.at(-1)).toBe(MAX_ZOOM);
    expect(up).toContain(1);
    expect(up.length).toBeGreaterThan(10);
    for (let i = 1; i < up.length; i++) expect(up[i]!).toBeGreaterThan(up[i - 1]!);
    const down = [...up].reverse();
    for (let i = 1; i < down.length; i++) expect(stepZoom(down[i - 1]!, -1)).toBe(down[i]);
    expect(stepZoom(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
  });

  it('always moves in the direction asked, within the limits', () => {
    fc.assert(
      fc.property(zoomArb, (z) => {
        const higher = stepZoom(z, 1);
        const lower = stepZoom(z, -1);
        expect(higher).toBeLessThanOrEqual(MAX_ZOOM);
        expect(lower).toBeGreaterThanOrEqual(MIN_ZOOM);
        if (z < MAX_ZOOM / 1.001) expect(higher).toBeGreaterThan(z);
        if (z > MIN_ZOOM * 1.001) expect(lower).toBeLessThan(z);
      }),
    );
  });
});
