import type { Crop } from '../../native/model/document';

interface Size {
  width: number;
  height: number;
}

/**
 * A custom reframing as a person sets it with three sliders: where the view sits across the
 * picture (`x`, `y`: 0 at the left/top edge, 1 at the right/bottom, 0.5 centred) and how far it
 * zooms in past filling the frame (`zoom` ≥ 1).
 */
export interface CropView {
  x: number;
  y: number;
  zoom: number;
}

export const MAX_CROP_ZOOM = 4;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The largest part of the picture with the frame's shape, in picture pixels (what `fill` shows). */
function fillSize(picture: Size, frame: Size): Size {
  const aspect = frame.width / frame.height;
  return picture.width / picture.height > aspect
    ? { width: picture.height * aspect, height: picture.height }
    : { width: picture.width, height: picture.width / aspect };
}

/**
 * The crop (0..1 of the picture) the sliders describe: the frame's shape, `zoom` times smaller
 * than what `fill` shows, placed at `x`, `y` of the room left around it.
 *
 * @example
 * cropFromView({ width: 1080, height: 1080 }, { width: 1080, height: 1920 }, { x: 0, y: 0.5, zoom: 1 });
 * // { x: 0, y: 0, width: 0.5625, height: 1 }: the left of a square picture, in a 9:16 frame
 */
export function cropFromView(picture: Size, frame: Size, view: CropView): Crop {
  const fill = fillSize(picture, frame);
  const zoom = clamp(view.zoom, 1, MAX_CROP_ZOOM);
  const w = fill.width / zoom;
  const h = fill.height / zoom;
  const width = clamp(w / picture.width, 1e-6, 1);
  const height = clamp(h / picture.height, 1e-6, 1);
  return {
    x: clamp(view.x, 0, 1) * (1 - width),
    y: clamp(view.y, 0, 1) * (1 - height),
    width,
    height,
  };
}

/** The sliders' positions for a crop (the inverse of `cropFromView` for crops of the frame's shape). */
export function viewFromCrop(picture: Size, frame: Size, crop: Crop): CropView {
  const fill = fillSize(picture, frame);
  const zoom = clamp(fill.width / (crop.width * picture.width), 1, MAX_CROP_ZOOM);
  const along = (start: number, extent: number) =>
    extent < 1 - 1e-9 ? clamp(start / (1 - extent), 0, 1) : 0.5;
  return { x: along(crop.x, crop.width), y: along(crop.y, crop.height), zoom };
}

/**
 * The crop after dragging the picture by (`dx`, `dy`), given as shares of the frame's width and
 * height: the picture follows the pointer, so the crop moves the other way, and stays inside the
 * picture.
 *
 * @example
 * panCrop({ x: 0.2, y: 0, width: 0.5, height: 1 }, 0.2, 0) // { x: 0.1, … }: dragged right, shows more of the left
 */
export function panCrop(crop: Crop, dx: number, dy: number): Crop {
  return {
    ...crop,
    x: clamp(crop.x - dx * crop.width, 0, 1 - crop.width),
    y: clamp(crop.y - dy * crop.height, 0, 1 - crop.height),
  };
}
