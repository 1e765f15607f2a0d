// Camera moves by name: each preset is recognised back from its framings, keeps the easing,
// and never shows past the picture's edges; typed framings stay inside the document's limits.
import { describe, expect, it } from 'vitest';
import {
  CAMERA_PRESETS,
  clampFraming,
  framingRect,
  FULL_FRAME,
  presetOf,
  withPreset,
  type Camera,
} from '../../../../renderer/storyboard/camera-presets';
import { ShotSchema } from '../../../../native/model/document';

const still: Camera = { from: FULL_FRAME, to: FULL_FRAME, easing: 'ease-out' };

describe('camera presets', () => {
  it('names every preset back from its start and end', () => {
    for (const preset of CAMERA_PRESETS) expect(presetOf(withPreset(still, preset.id))).toBe(preset.id);
  });

  it('pushes in towards the middle and pulls out from it', () => {
    const push = withPreset(still, 'push-in');
    expect(push.from).toEqual(FULL_FRAME);
    expect(push.to.scale).toBeGreaterThan(1);
    expect(push.to).toMatchObject({ x: 0.5, y: 0.5 });
    const pull = withPreset(still, 'pull-out');
    expect(pull.from).toEqual(push.to);
    expect(pull.to).toEqual(FULL_FRAME);
  });

  it('pans left to right across the picture at one zoom, and back the other way', () => {
    const right = withPreset(still, 'pan-right');
    expect(right.from.x).toBeLessThan(right.to.x);
    expect(right.from.scale).toBe(right.to.scale);
    expect(right.from.y).toBe(0.5);
    const left = withPreset(still, 'pan-left');
    expect(left.from).toEqual(right.to);
    expect(left.to).toEqual(right.from);
  });

  it('keeps the easing the designer chose', () => {
    expect(withPreset(still, 'push-in').easing).toBe('ease-out');
  });

  it('calls any other move custom', () => {
    expect(presetOf({ from: FULL_FRAME, to: { x: 0.3, y: 0.5, scale: 2 } })).toBe('custom');
  });

  it('shows only the picture in every preset (no empty edges) and fits the document', () => {
    for (const preset of CAMERA_PRESETS) {
      for (const framing of [preset.from, preset.to]) {
        const r = framingRect(framing, 1920, 1080);
        expect(r.x).toBeGreaterThanOrEqual(-1e-9);
        expect(r.y).toBeGreaterThanOrEqual(-1e-9);
        expect(r.x + r.width).toBeLessThanOrEqual(1920 + 1e-9);
        expect(r.y + r.height).toBeLessThanOrEqual(1080 + 1e-9);
      }
      const camera = withPreset(still, preset.id);
      expect(() => ShotSchema.shape.camera.parse(camera)).not.toThrow();
    }
  });
});

describe('framing', () => {
  it('is the middle of the view and a zoom, the view kept on the picture', () => {
    expect(framingRect(FULL_FRAME, 200, 100)).toEqual({ x: 0, y: 0, width: 200, height: 100 });
    expect(framingRect({ x: 0.25, y: 0.5, scale: 2 }, 200, 100)).toEqual({
      x: 0,
      y: 25,
      width: 100,
      height: 50,
    });
    expect(framingRect({ x: 0, y: 1, scale: 2 }, 200, 100)).toEqual({ x: 0, y: 50, width: 100, height: 50 });
    // Zoomed out, the view is centred on the picture.
    expect(framingRect({ x: 0, y: 0, scale: 0.5 }, 200, 100)).toEqual({
      x: -100,
      y: -50,
      width: 400,
      height: 200,
    });
  });

  it('brings typed values inside the limits the document allows', () => {
    expect(clampFraming('x', -0.2)).toBe(0);
    expect(clampFraming('y', 1.5)).toBe(1);
    expect(clampFraming('scale', 0)).toBe(0.05);
    expect(clampFraming('scale', 50)).toBe(20);
    expect(clampFraming('scale', 1.5)).toBe(1.5);
  });
});
