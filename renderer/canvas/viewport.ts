import type { Viewport } from '../state/session-slice';

/** Zoom limits, as in Photoshop (about 1% to 3200%). */
export const MIN_ZOOM = 0.01;
export const MAX_ZOOM = 32;

export interface Size {
  width: number;
  height: number;
}

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The whole artboard in view, centred, with a margin; never above 100% for small artboards. */
export function fitViewport(artboard: Size, stage: Size, margin = 40): Viewport {
  const zoom = clampZoom(
    Math.min(1, (stage.width - margin * 2) / artboard.width, (stage.height - margin * 2) / artboard.height),
  );
  return centred(artboard, stage, zoom);
}

/** The artboard at `zoom`, centred in the stage. */
export function centred(artboard: Size, stage: Size, zoom: number): Viewport {
  const z = clampZoom(zoom);
  return {
    zoom: z,
    x: Math.round((stage.width - artboard.width * z) / 2),
    y: Math.round((stage.height - artboard.height * z) / 2),
  };
}

/** Zooms by `factor` keeping the artboard point under `screen` where it is (wheel, zoom tool). */
export function zoomAt(view: Viewport, screen: { x: number; y: number }, factor: number): Viewport {
  const zoom = clampZoom(view.zoom * factor);
  const k = zoom / view.zoom;
  return { zoom, x: screen.x - (screen.x - view.x) * k, y: screen.y - (screen.y - view.y) * k };
}

export function toArtboard(view: Viewport, screen: { x: number; y: number }) {
  return { x: (screen.x - view.x) / view.zoom, y: (screen.y - view.y) / view.zoom };
}

export function toScreen(view: Viewport, p: { x: number; y: number }) {
  return { x: p.x * view.zoom + view.x, y: p.y * view.zoom + view.y };
}

/** The next zoom step up or down (the zoom tool's click, Ctrl+= and Ctrl+-). */
const STEPS = [
  0.01, 0.02, 0.03, 0.05, 0.0833, 0.125, 0.1667, 0.25, 0.333, 0.5, 0.667, 1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32,
];
export function stepZoom(zoom: number, direction: 1 | -1): number {
  if (direction > 0) return STEPS.find((s) => s > zoom * 1.001) ?? MAX_ZOOM;
  return [...STEPS].reverse().find((s) => s < zoom / 1.001) ?? MIN_ZOOM;
}
