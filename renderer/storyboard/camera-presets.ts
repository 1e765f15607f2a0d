import type { Shot } from '../../native/model/document';

/** A shot's camera move: where the framing starts and ends, and how it eases between them. */
export type Camera = Shot['camera'];
/**
 * A framing of the shot's picture (FramingSchema): the point at the middle of the view (`x`,
 * `y`, as fractions of the picture's width and height) and the zoom (`scale` 1 shows the whole
 * picture, 2 half its width).
 */
export type Framing = Camera['from'];
export type Easing = Camera['easing'];

export const EASINGS: { id: Easing; label: string }[] = [
  { id: 'linear', label: 'Linear' },
  { id: 'ease-in', label: 'Ease in' },
  { id: 'ease-out', label: 'Ease out' },
  { id: 'ease-in-out', label: 'Ease in and out' },
];

/** The whole picture, centred: a still shot. */
export const FULL_FRAME: Framing = { x: 0.5, y: 0.5, scale: 1 };
/** How far the presets push in: enough to feel, little enough to keep the picture sharp. */
const CLOSE = 1.25;
/** A pan at CLOSE travels from one edge to the other: 1/CLOSE of the width is in view. */
const PAN_EDGE = 0.5 / CLOSE;

export type CameraPresetId =
  'still' | 'push-in' | 'pull-out' | 'pan-right' | 'pan-left' | 'tilt-down' | 'tilt-up';

/** Camera moves a designer picks by name; "Custom" is any other start and end. */
export const CAMERA_PRESETS: { id: CameraPresetId; label: string; from: Framing; to: Framing }[] = [
  { id: 'still', label: 'Still', from: FULL_FRAME, to: FULL_FRAME },
  { id: 'push-in', label: 'Push in', from: FULL_FRAME, to: { x: 0.5, y: 0.5, scale: CLOSE } },
  { id: 'pull-out', label: 'Pull out', from: { x: 0.5, y: 0.5, scale: CLOSE }, to: FULL_FRAME },
  {
    id: 'pan-right',
    label: 'Pan left → right',
    from: { x: PAN_EDGE, y: 0.5, scale: CLOSE },
    to: { x: 1 - PAN_EDGE, y: 0.5, scale: CLOSE },
  },
  {
    id: 'pan-left',
    label: 'Pan right → left',
    from: { x: 1 - PAN_EDGE, y: 0.5, scale: CLOSE },
    to: { x: PAN_EDGE, y: 0.5, scale: CLOSE },
  },
  {
    id: 'tilt-down',
    label: 'Tilt top → bottom',
    from: { x: 0.5, y: PAN_EDGE, scale: CLOSE },
    to: { x: 0.5, y: 1 - PAN_EDGE, scale: CLOSE },
  },
  {
    id: 'tilt-up',
    label: 'Tilt bottom → top',
    from: { x: 0.5, y: 1 - PAN_EDGE, scale: CLOSE },
    to: { x: 0.5, y: PAN_EDGE, scale: CLOSE },
  },
];

const same = (a: Framing, b: Framing) =>
  Math.abs(a.x - b.x) < 1e-6 && Math.abs(a.y - b.y) < 1e-6 && Math.abs(a.scale - b.scale) < 1e-6;

/**
 * The preset a camera move is, or 'custom'.
 *
 * @example
 * presetOf({ from: FULL_FRAME, to: { x: 0.5, y: 0.5, scale: 1.25 } }) // 'push-in'
 */
export function presetOf(camera: Pick<Camera, 'from' | 'to'>): CameraPresetId | 'custom' {
  return CAMERA_PRESETS.find((p) => same(p.from, camera.from) && same(p.to, camera.to))?.id ?? 'custom';
}

/** The camera with a preset's start and end; the easing stays as the designer set it. */
export function withPreset(camera: Camera, id: CameraPresetId): Camera {
  const preset = CAMERA_PRESETS.find((p) => p.id === id);
  if (!preset) return camera;
  return { ...camera, from: { ...preset.from }, to: { ...preset.to } };
}

/** The document's limits for a framing (ShotSchema): a typed value is brought inside them. */
export const FRAMING_LIMITS = {
  x: { min: 0, max: 1 },
  y: { min: 0, max: 1 },
  scale: { min: 0.05, max: 20 },
} as const;

export function clampFraming(key: keyof Framing, value: number): number {
  const { min, max } = FRAMING_LIMITS[key];
  return Math.min(max, Math.max(min, value));
}

/**
 * The part of a `width` × `height` picture a framing shows, in the picture's pixels. As
 * native/compose films a shot, the view is kept on the picture rather than showing past its
 * edge, and a view larger than the picture (zoomed out below 1) is centred on it.
 *
 * @example
 * framingRect({ x: 0, y: 0, scale: 2 }, 200, 100) // { x: 0, y: 0, width: 100, height: 50 }: the top-left quarter
 */
export function framingRect(
  framing: Framing,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number } {
  const w = width / framing.scale;
  const h = height / framing.scale;
  const centre = (at: number, extent: number, view: number) =>
    view >= extent ? extent / 2 : Math.min(extent - view / 2, Math.max(view / 2, at * extent));
  return {
    x: centre(framing.x, width, w) - w / 2,
    y: centre(framing.y, height, h) - h / 2,
    width: w,
    height: h,
  };
}
