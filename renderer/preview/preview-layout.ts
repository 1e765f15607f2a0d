import type { PlacementId, VideoPlacement } from '../../native/model/placements';

/** Where one placement's frame is drawn in the preview, in CSS pixels of the preview's box. */
export interface PreviewSlot {
  id: PlacementId;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The frames of `placements` laid out side by side in a box, all the same height (as tall as
 * fits), in whole CSS pixels, centred; one placement alone is as large as fits.
 *
 * @example
 * layoutPreview(VIDEO_PLACEMENTS, { width: 1000, height: 200 }, 8);
 * // four frames 200 px tall: 356, 113, 200 and 160 wide
 */
export function layoutPreview(
  placements: readonly VideoPlacement[],
  box: { width: number; height: number },
  gap: number,
): PreviewSlot[] {
  if (placements.length === 0 || box.width <= 0 || box.height <= 0) return [];
  const aspects = placements.map((p) => p.width / p.height);
  const room = Math.max(1, box.width - gap * (placements.length - 1));
  const height = Math.max(1, Math.floor(Math.min(box.height, room / aspects.reduce((a, b) => a + b, 0))));
  const widths = aspects.map((a) => Math.max(1, Math.floor(height * a)));
  const total = widths.reduce((a, b) => a + b, 0) + gap * (placements.length - 1);
  let x = Math.max(0, Math.floor((box.width - total) / 2));
  const y = Math.max(0, Math.floor((box.height - height) / 2));
  return placements.map((p, i) => {
    const slot = { id: p.id, x, y, width: widths[i]!, height };
    x += widths[i]! + gap;
    return slot;
  });
}
