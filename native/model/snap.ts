import type { Box } from './geometry';

/**
 * Snapping a moving box to guide lines: the artboard's edges and centre lines and the edges and
 * centres of the other layers, as in Figma and Photoshop's smart guides. Pure.
 */
export interface SnapTargets {
  /** Vertical guide lines (x positions). */
  xs: number[];
  /** Horizontal guide lines (y positions). */
  ys: number[];
}

/** A guide to draw: a vertical line at `x` (axis 'x') or a horizontal one at `y` (axis 'y'). */
export interface Guide {
  axis: 'x' | 'y';
  at: number;
}

/** Guides from the artboard (edges and centre) and from other layers' boxes (edges and centre). */
export function snapTargets(
  artboard: { width: number; height: number },
  others: readonly Box[],
): SnapTargets {
  const xs = [0, artboard.width / 2, artboard.width];
  const ys = [0, artboard.height / 2, artboard.height];
  for (const b of others) {
    xs.push(b.x, b.x + b.width / 2, b.x + b.width);
    ys.push(b.y, b.y + b.height / 2, b.y + b.height);
  }
  return { xs, ys };
}

function nearest(candidates: readonly number[], lines: readonly number[], threshold: number) {
  let best: { delta: number; at: number } | null = null;
  for (const value of candidates) {
    for (const line of lines) {
      const delta = line - value;
      if (Math.abs(delta) <= threshold && (!best || Math.abs(delta) < Math.abs(best.delta))) {
        best = { delta, at: line };
      }
    }
  }
  return best;
}

/**
 * How far to shift a moving box so its nearest edge or centre lands on a guide within
 * `threshold` (artboard pixels; pass screen pixels divided by the zoom), per axis, and the
 * guides it landed on.
 *
 * @example
 * const { dx, dy, guides } = snapBox(box, snapTargets(canvas, otherBoxes), 6 / zoom);
 */
export function snapBox(
  box: Box,
  targets: SnapTargets,
  threshold: number,
): { dx: number; dy: number; guides: Guide[] } {
  const x = nearest([box.x, box.x + box.width / 2, box.x + box.width], targets.xs, threshold);
  const y = nearest([box.y, box.y + box.height / 2, box.y + box.height], targets.ys, threshold);
  const guides: Guide[] = [];
  if (x) guides.push({ axis: 'x', at: x.at });
  if (y) guides.push({ axis: 'y', at: y.at });
  return { dx: x?.delta ?? 0, dy: y?.delta ?? 0, guides };
}

/** Snaps one point (a resize handle being dragged) to the nearest guides within `threshold`. */
export function snapPoint(
  p: { x: number; y: number },
  targets: SnapTargets,
  threshold: number,
): { x: number; y: number; guides: Guide[] } {
  const x = nearest([p.x], targets.xs, threshold);
  const y = nearest([p.y], targets.ys, threshold);
  const guides: Guide[] = [];
  if (x) guides.push({ axis: 'x', at: x.at });
  if (y) guides.push({ axis: 'y', at: y.at });
  return { x: x?.at ?? p.x, y: y?.at ?? p.y, guides };
}
