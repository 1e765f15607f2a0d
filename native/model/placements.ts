import { z } from 'zod';
import type { Reframe, Shot } from './document';

/**
 * The video outputs one storyboard is exported to. The ids are the aspect ratios people say
 * aloud; the sizes are what the ad platforms ask for (1080 on the short side).
 */
export const PLACEMENT_IDS = ['16:9', '9:16', '1:1', '4:5'] as const;
export type PlacementId = (typeof PLACEMENT_IDS)[number];

/** A placement id in the document (a shot's reframing is keyed by it). */
export const PlacementIdSchema = z.enum(PLACEMENT_IDS);

/** One video output: its id and frame size in pixels. */
export interface VideoPlacement {
  id: PlacementId;
  width: number;
  height: number;
}

/**
 * Every video placement, landscape first.
 *
 * @example
 * const vertical = VIDEO_PLACEMENTS.find((p) => p.id === '9:16')!; // 1080 × 1920
 */
export const VIDEO_PLACEMENTS: readonly VideoPlacement[] = [
  { id: '16:9', width: 1920, height: 1080 },
  { id: '9:16', width: 1080, height: 1920 },
  { id: '1:1', width: 1080, height: 1080 },
  { id: '4:5', width: 1080, height: 1350 },
];

export function isPlacementId(id: string): id is PlacementId {
  return (PLACEMENT_IDS as readonly string[]).includes(id);
}

export function videoPlacement(id: PlacementId): VideoPlacement {
  return VIDEO_PLACEMENTS.find((p) => p.id === id)!;
}

/**
 * Where a vertical placement's app interface covers the ad (Stories, Reels, TikTok): Meta asks
 * to keep about 14% at the top and 20% at the bottom free of text and logos; 6% at the sides
 * keeps clear of the action buttons. The same numbers as the canvas's safe-zone overlay.
 */
export const VERTICAL_SAFE_ZONE = { top: 0.14, bottom: 0.2, side: 0.06 } as const;

/**
 * The broadcast "title safe" margin on every side, for frames that no app interface covers
 * (16:9, 1:1, 4:5): text stays clear of the edges however a player crops or rounds them.
 */
export const TITLE_SAFE_MARGIN = 0.05;

/** A box in pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Frames at least this much taller than wide are vertical, as the canvas's safe-zone overlay
 * decides: of the four placements only 9:16 (4:5 is 1.25).
 */
const VERTICAL_RATIO = 4 / 3;

/**
 * The box captions must stay inside, in pixels of a frame this size. It depends only on the
 * frame's shape, so a preview drawn at half size keeps its text in the same place.
 *
 * @example
 * safeArea({ width: 1080, height: 1920 }); // { x: 64.8, y: 268.8, width: 950.4, height: 1267.2 }
 * safeArea({ width: 1920, height: 1080 }); // { x: 96, y: 54, width: 1728, height: 972 }
 */
export function safeArea(frame: { width: number; height: number }): Box {
  const { width: w, height: h } = frame;
  if (h / w >= VERTICAL_RATIO) {
    const { top, bottom, side } = VERTICAL_SAFE_ZONE;
    return { x: w * side, y: h * top, width: w * (1 - 2 * side), height: h * (1 - top - bottom) };
  }
  const m = TITLE_SAFE_MARGIN;
  return { x: w * m, y: h * m, width: w * (1 - 2 * m), height: h * (1 - 2 * m) };
}

/**
 * How a shot's picture is placed in a frame when the shot has no entry for the placement:
 * `fill` covers the frame (cut at the long sides), so no placement shows bars unless asked.
 */
export const DEFAULT_REFRAME: Reframe = { mode: 'fill', crop: null };

/** The reframing a shot uses in a placement: its own entry, else DEFAULT_REFRAME. */
export function shotReframe(shot: Pick<Shot, 'reframe'>, placementId: string): Reframe {
  return (isPlacementId(placementId) ? shot.reframe[placementId] : undefined) ?? DEFAULT_REFRAME;
}
