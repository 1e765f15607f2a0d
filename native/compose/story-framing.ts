import type { Framing, Reframe } from '../model/document';
import type { Box } from '../model/placements';

export interface Size {
  width: number;
  height: number;
}

/**
 * Where the whole picture lands in the frame for a reframing, in frame pixels; it reaches past
 * the frame wherever the frame cuts it. `fit` shows all of it, centred, with black bars; `fill`
 * covers the frame, centred; `custom` covers the frame with the crop, the crop's centre at the
 * frame's centre (a crop of another shape than the frame is cut further at its long sides, so a
 * frame never shows bars or anything outside the crop).
 *
 * @example
 * placePicture({ width: 1920, height: 1080 }, { width: 1080, height: 1920 }, { mode: 'fit', crop: null });
 * // { x: 0, y: 656.25, width: 1080, height: 607.5 }
 */
export function placePicture(picture: Size, frame: Size, reframe: Reframe): Box {
  const { width: pw, height: ph } = picture;
  const { width: W, height: H } = frame;
  if (reframe.mode === 'custom' && reframe.crop) {
    const c = reframe.crop;
    const s = Math.max(W / (c.width * pw), H / (c.height * ph));
    return {
      x: W / 2 - (c.x + c.width / 2) * pw * s,
      y: H / 2 - (c.y + c.height / 2) * ph * s,
      width: pw * s,
      height: ph * s,
    };
  }
  const s = reframe.mode === 'fit' ? Math.min(W / pw, H / ph) : Math.max(W / pw, H / ph);
  return { x: (W - pw * s) / 2, y: (H - ph * s) / 2, width: pw * s, height: ph * s };
}

function intersect(a: Box, b: Box): Box | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/**
 * The centre of the camera's view along one axis: at `t` of the picture's visible extent,
 * moved just enough for the view to stay on the picture; centred when the view is wider.
 */
function viewCentre(start: number, extent: number, t: number, view: number): number {
  if (view >= extent) return start + extent / 2;
  const c = start + t * extent;
  return Math.min(start + extent - view / 2, Math.max(start + view / 2, c));
}

/** Which part of the picture to draw (in its pixels) and where (in frame pixels). */
export interface PictureDraw {
  source: Box;
  dest: Box;
}

/**
 * A shot's picture in a frame: placed by the placement's reframing, then filmed by the camera.
 * The camera looks at the part of the picture the frame shows (all of it for `fit`, the frame
 * for `fill` and `custom`): `camera.x`, `camera.y` put the centre of the view at that share of
 * it, `camera.scale` zooms in (2 shows half the width). The view is pushed back inside the
 * picture rather than showing black beyond its edge, so `{x: 0, y: 0, scale: 2}` shows the
 * top-left quarter. `{x: 0.5, y: 0.5, scale: 1}` is the reframed picture unchanged. A zoom
 * below 1 shrinks the framed picture towards the centre, with black around it.
 *
 * Returns null when nothing of the picture is in the frame.
 */
export function framePicture(
  picture: Size,
  frame: Size,
  reframe: Reframe,
  camera: Framing,
): PictureDraw | null {
  const placed = placePicture(picture, frame, reframe);
  const visible = intersect(placed, { x: 0, y: 0, width: frame.width, height: frame.height });
  if (!visible) return null;
  const s = camera.scale;
  const cx = viewCentre(visible.x, visible.width, camera.x, frame.width / s);
  const cy = viewCentre(visible.y, visible.height, camera.y, frame.height / s);
  const kx = picture.width / placed.width;
  const ky = picture.height / placed.height;
  const source = {
    x: Math.max(0, (visible.x - placed.x) * kx),
    y: Math.max(0, (visible.y - placed.y) * ky),
    width: Math.min(picture.width, visible.width * kx),
    height: Math.min(picture.height, visible.height * ky),
  };
  return {
    source,
    dest: {
      x: (visible.x - cx) * s + frame.width / 2,
      y: (visible.y - cy) * s + frame.height / 2,
      width: visible.width * s,
      height: visible.height * s,
    },
  };
}
