import type { Document, Layer, Transform } from './document';

/**
 * Where layers are on their artboard: boxes, corners, hit testing and how a change to one box
 * carries a group's children along. Pure; the canvas tools and the generators both use it.
 */
export interface Point {
  x: number;
  y: number;
}
/** An axis-aligned box in artboard pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEG = Math.PI / 180;

/** The four corners of a layer's box after rotation about its centre (flips do not move them). */
export function corners(t: Transform): Point[] {
  const cx = t.x + t.width / 2;
  const cy = t.y + t.height / 2;
  const cos = Math.cos(t.rotation * DEG);
  const sin = Math.sin(t.rotation * DEG);
  return [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([sx, sy]) => {
    const dx = (sx! * t.width) / 2;
    const dy = (sy! * t.height) / 2;
    return { x: cx + dx * cos - dy * sin, y: cy + dx * sin + dy * cos };
  });
}

/** The axis-aligned box around points. */
export function boundsOf(points: readonly Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The axis-aligned box around a layer as drawn (a group: around its visible children). */
export function layerBounds(doc: Document, id: string): Box | null {
  const layer = doc.layers[id];
  if (!layer) return null;
  if (layer.type !== 'group') return boundsOf(corners(layer.transform));
  // Around the children that are drawn; a group of hidden layers still has its children's box.
  const shown = layer.childIds.filter((c) => doc.layers[c]?.visible);
  const boxes = (shown.length > 0 ? shown : layer.childIds)
    .map((c) => layerBounds(doc, c))
    .filter((b): b is Box => b !== null);
  if (boxes.length === 0) return null;
  return boundsOf(boxes.flatMap((b) => [b, { x: b.x + b.width, y: b.y + b.height }]));
}

/** The layer's own coordinates of an artboard point: origin at its box's top-left, unrotated. */
export function toLocal(t: Transform, p: Point): Point {
  const cx = t.x + t.width / 2;
  const cy = t.y + t.height / 2;
  const cos = Math.cos(-t.rotation * DEG);
  const sin = Math.sin(-t.rotation * DEG);
  const dx = p.x - cx;
  const dy = p.y - cy;
  return { x: dx * cos - dy * sin + t.width / 2, y: dx * sin + dy * cos + t.height / 2 };
}

function hitsLayer(layer: Layer, p: Point): boolean {
  const local = toLocal(layer.transform, p);
  const { width: w, height: h } = layer.transform;
  if (local.x < 0 || local.y < 0 || local.x > w || local.y > h) return false;
  if (layer.type === 'shape' && layer.shape === 'ellipse') {
    const nx = (local.x - w / 2) / (w / 2);
    const ny = (local.y - h / 2) / (h / 2);
    return nx * nx + ny * ny <= 1;
  }
  return true;
}

/**
 * The top-most visible, unlocked layer under an artboard point, as a path from the top level
 * down (`[group, child]`); empty when there is none. Locked layers are passed over, as in Figma.
 */
export function hitTest(doc: Document, canvasId: string, p: Point): string[] {
  const canvas = doc.canvases[canvasId];
  if (!canvas) return [];
  const search = (ids: readonly string[]): string[] => {
    for (let i = ids.length - 1; i >= 0; i--) {
      const layer = doc.layers[ids[i]!];
      if (!layer || !layer.visible || layer.locked) continue;
      if (layer.type === 'group') {
        const inner = search(layer.childIds);
        if (inner.length > 0) return [layer.id, ...inner];
      } else if (hitsLayer(layer, p)) {
        return [layer.id];
      }
    }
    return [];
  };
  return search(canvas.layerIds);
}

/** A layer and everything inside it. */
export function withDescendants(doc: Document, id: string): string[] {
  const layer = doc.layers[id];
  if (!layer) return [];
  return layer.type === 'group' ? [id, ...layer.childIds.flatMap((c) => withDescendants(doc, c))] : [id];
}

/** The top-level layer of the artboard that holds `id` (itself when it is top-level). */
export function topLevelOf(doc: Document, id: string): string {
  let layer = doc.layers[id];
  while (layer?.parentId) layer = doc.layers[layer.parentId];
  return layer?.id ?? id;
}

/**
 * New transforms for a layer whose box goes from `before` to `after`, and for everything inside
 * it: each child's centre is carried through the same move, scale (along the box's own axes) and
 * rotation, its size scaled and its rotation turned by the same angle. Exact for moves, rotations
 * and for children that sit square in their group; a skew cannot be represented, so a child at
 * an angle to a group stretched unevenly keeps its angle and takes the scaled size.
 */
export function carryTransform(
  doc: Document,
  id: string,
  before: Transform,
  after: Transform,
): Record<string, Transform> {
  const result: Record<string, Transform> = { [id]: after };
  const sx = after.width / before.width;
  const sy = after.height / before.height;
  const turn = after.rotation - before.rotation;
  const bc = { x: before.x + before.width / 2, y: before.y + before.height / 2 };
  const ac = { x: after.x + after.width / 2, y: after.y + after.height / 2 };
  const unrotate = -before.rotation * DEG;
  const rotate = after.rotation * DEG;
  const map = (p: Point): Point => {
    // Into the old box's frame, scale there, out through the new box's frame.
    const dx = p.x - bc.x;
    const dy = p.y - bc.y;
    const lx = (dx * Math.cos(unrotate) - dy * Math.sin(unrotate)) * sx;
    const ly = (dx * Math.sin(unrotate) + dy * Math.cos(unrotate)) * sy;
    return {
      x: ac.x + lx * Math.cos(rotate) - ly * Math.sin(rotate),
      y: ac.y + lx * Math.sin(rotate) + ly * Math.cos(rotate),
    };
  };
  for (const child of withDescendants(doc, id).slice(1)) {
    const t = doc.layers[child]!.transform;
    const centre = map({ x: t.x + t.width / 2, y: t.y + t.height / 2 });
    const relative = (t.rotation - before.rotation) * DEG;
    // Each side of the child is a vector in the group's frame: scaled, its new length is the side's.
    const c = Math.cos(relative);
    const s = Math.sin(relative);
    const width = Math.max(1e-3, t.width * Math.hypot(c * sx, s * sy));
    const height = Math.max(1e-3, t.height * Math.hypot(s * sx, c * sy));
    result[child] = {
      ...t,
      x: centre.x - width / 2,
      y: centre.y - height / 2,
      width,
      height,
      rotation: normaliseAngle(t.rotation + turn),
    };
  }
  return result;
}

/** An angle in degrees brought into (-180, 180]. */
export function normaliseAngle(degrees: number): number {
  let a = degrees % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}

/** A document with some layers' transforms replaced (a live preview while dragging). */
export function withTransforms(doc: Document, transforms: Record<string, Transform>): Document {
  const layers = { ...doc.layers };
  for (const [id, transform] of Object.entries(transforms)) {
    const layer = layers[id];
    if (layer) layers[id] = { ...layer, transform } as Layer;
  }
  return { ...doc, layers };
}

/**
 * How an artboard's picture sits in an artboard of another size when it is extended there (an
 * outpaint): as large as fits without cropping, centred; `area` is the part of
 * the new artboard it covers, in whole pixels inside the picture (the rest is new, to be filled).
 *
 * @example
 * fitInto({ width: 1080, height: 1080 }, { width: 1080, height: 1920 });
 * // → { scale: 1, x: 0, y: 420, area: { x: 0, y: 420, width: 1080, height: 1080 } }
 */
export function fitInto(
  from: { width: number; height: number },
  to: { width: number; height: number },
): { scale: number; x: number; y: number; area: Box } {
  const scale = Math.min(to.width / from.width, to.height / from.height);
  const w = from.width * scale;
  const h = from.height * scale;
  const x = (to.width - w) / 2;
  const y = (to.height - h) / 2;
  // `+ 0` turns the -0 that ceil gives just below zero into 0.
  const left = Math.ceil(x - 1e-9) + 0;
  const top = Math.ceil(y - 1e-9) + 0;
  const right = Math.floor(x + w + 1e-9);
  const bottom = Math.floor(y + h + 1e-9);
  return { scale, x, y, area: { x: left, y: top, width: right - left, height: bottom - top } };
}
