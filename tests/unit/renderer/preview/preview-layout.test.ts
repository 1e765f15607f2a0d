// Laying out the preview's frames: one placement as large as fits, all four side by side.
import { describe, expect, it } from 'vitest';
import { VIDEO_PLACEMENTS, videoPlacement } from '../../../../native/model/placements';
import { layoutPreview } from '../../../../renderer/preview/preview-layout';

describe('layoutPreview', () => {
  it('fits one placement into the box, centred, keeping its shape', () => {
    const [slot] = layoutPreview([videoPlacement('9:16')], { width: 800, height: 240 }, 10);
    expect(slot).toEqual({ id: '9:16', x: 332, y: 0, width: 135, height: 240 });
    // Narrow: as wide as fits, whole pixels, centred both ways.
    const [wide] = layoutPreview([videoPlacement('16:9')], { width: 300, height: 240 }, 10);
    expect(wide).toEqual({ id: '16:9', x: 1, y: 36, width: 298, height: 168 });
  });

  it('puts all four side by side at one height, in order, without overlapping or overflowing', () => {
    const box = { width: 900, height: 210 };
    const slots = layoutPreview(VIDEO_PLACEMENTS, box, 10);
    expect(slots.map((s) => s.id)).toEqual(['16:9', '9:16', '1:1', '4:5']);
    expect(new Set(slots.map((s) => s.height)).size).toBe(1);
    for (let i = 1; i < slots.length; i++)
      expect(slots[i]!.x).toBe(slots[i - 1]!.x + slots[i - 1]!.width + 10);
    const last = slots.at(-1)!;
    expect(last.x + last.width).toBeLessThanOrEqual(box.width);
    expect(slots[0]!.height).toBeLessThanOrEqual(box.height);
    for (const s of slots) {
      const p = videoPlacement(s.id);
      expect(s.width / s.height).toBeCloseTo(p.width / p.height, 1);
    }
  });

  it('is limited by the height when the box is wide', () => {
    const slots = layoutPreview(VIDEO_PLACEMENTS, { width: 4000, height: 100 }, 10);
    expect(slots[0]!.height).toBe(100);
  });

  it('lays out nothing in an empty box', () => {
    expect(layoutPreview(VIDEO_PLACEMENTS, { width: 0, height: 100 }, 10)).toEqual([]);
  });
});
