import type { Document, Transform } from '../../../native/model/document';
import {
  boundsOf,
  carryTransform,
  corners,
  hitTest,
  layerBounds,
  toLocal,
  withDescendants,
  type Box,
  type Point,
} from '../../../native/model/geometry';
import { snapBox, snapTargets } from '../../../native/model/snap';
import { boxBetween, travelled, type Pointer, type ToolHost, type ToolState } from './tool';

/** Screen pixels within which an edge snaps to a guide. */
export const SNAP_PIXELS = 6;

/**
 * The box a layer is moved and resized by: its own transform, or for a group the box around
 * its children (groups carry no rotation of their own on screen).
 */
export function baseTransform(doc: Document, id: string): Transform | null {
  const layer = doc.layers[id];
  if (!layer) return null;
  if (layer.type !== 'group') return layer.transform;
  const b = layerBounds(doc, id);
  if (!b) return null;
  return {
    ...b,
    width: Math.max(b.width, 1e-3),
    height: Math.max(b.height, 1e-3),
    rotation: 0,
    flipX: false,
    flipY: false,
  };
}

function inside(t: Transform | null, p: Point): boolean {
  if (!t) return false;
  const local = toLocal(t, p);
  return local.x >= 0 && local.y >= 0 && local.x <= t.width && local.y <= t.height;
}

/** The selected layers a drag moves: unlocked ones, minus those inside another selected group. */
export function movable(doc: Document, ids: readonly string[]): string[] {
  const inside = new Set(ids.flatMap((id) => withDescendants(doc, id).slice(1)));
  return ids.filter((id) => doc.layers[id] && !doc.layers[id]!.locked && !inside.has(id));
}

/** Boxes of the visible layers a moving selection can snap to. */
export function snapBoxes(doc: Document, canvasId: string, moving: readonly string[]): Box[] {
  const excluded = new Set(moving.flatMap((id) => withDescendants(doc, id)));
  const boxes: Box[] = [];
  const walk = (ids: readonly string[]) => {
    for (const id of ids) {
      const layer = doc.layers[id];
      if (!layer || !layer.visible || excluded.has(id)) continue;
      if (layer.type === 'group') walk(layer.childIds);
      else boxes.push(boundsOf(corners(layer.transform)));
    }
  };
  walk(doc.canvases[canvasId]?.layerIds ?? []);
  return boxes;
}

/**
 * Leaves out locked layers: a locked layer inside a moved group stays where it is (the
 * document refuses to change it), and the preview shows just that.
 */
export function withoutLocked(
  doc: Document,
  transforms: Record<string, Transform>,
): Record<string, Transform> {
  return Object.fromEntries(
    Object.entries(transforms).filter(([id]) => doc.layers[id] && !doc.layers[id]!.locked),
  );
}

/** Transforms for `ids` shifted by (dx, dy), groups carrying their children. */
export function shifted(
  doc: Document,
  ids: readonly string[],
  dx: number,
  dy: number,
): Record<string, Transform> {
  const result: Record<string, Transform> = {};
  for (const id of ids) {
    const before = baseTransform(doc, id);
    if (!before) continue;
    Object.assign(result, carryTransform(doc, id, before, { ...before, x: before.x + dx, y: before.y + dy }));
  }
  return withoutLocked(doc, result);
}

function translating(start: Pointer, ids: string[], host: ToolHost): ToolState {
  const doc = host.doc();
  const moving = movable(doc, ids);
  const boxes = moving.map((id) => baseTransform(doc, id)).filter((t): t is Transform => t !== null);
  const union = boxes.length ? boundsOf(boxes.flatMap((t) => corners(t))) : null;
  const targets = snapTargets(doc.canvases[host.canvasId]!, snapBoxes(doc, host.canvasId, moving));
  let last: Record<string, Transform> = {};
  const state: ToolState = {
    name: 'move.translating',
    cursor: 'move',
    move(p) {
      let dx = p.point.x - start.point.x;
      let dy = p.point.y - start.point.y;
      // Shift keeps the move on one axis, whichever the pointer has travelled further along.
      if (p.shift) {
        if (Math.abs(dx) > Math.abs(dy)) dy = 0;
        else dx = 0;
      }
      let guides: ReturnType<typeof snapBox>['guides'] = [];
      if (union && !p.mod) {
        const snap = snapBox(
          { ...union, x: union.x + dx, y: union.y + dy },
          targets,
          SNAP_PIXELS / host.viewport().zoom,
        );
        if (!(p.shift && dx === 0)) dx += snap.dx;
        if (!(p.shift && dy === 0)) dy += snap.dy;
        guides = snap.guides.filter(
          (g) => !(p.shift && ((g.axis === 'x' && dx === 0) || (g.axis === 'y' && dy === 0))),
        );
      }
      last = shifted(doc, moving, dx, dy);
      host.preview(last, guides);
      return state;
    },
    up() {
      host.preview(null);
      if (Object.keys(last).length > 0) host.commitTransforms('Move layer', last);
      return moveIdle();
    },
    cancel() {
      host.preview(null);
      return moveIdle();
    },
  };
  return state;
}

/**
 * Pressed on a layer: a drag moves the selection. A click without a drag: with Shift on a
 * selected layer, drops it; pressed inside the selection's box, selects what is on top there.
 */
function pointing(start: Pointer, onClick: ((host: ToolHost) => void) | null): ToolState {
  return {
    name: 'move.pointing',
    cursor: 'move',
    move(p, host) {
      if (!travelled(start.screen, p.screen)) return this;
      const next = translating(start, host.selection(), host);
      return next.move!(p, host);
    },
    up(_p, host) {
      onClick?.(host);
      return moveIdle();
    },
    cancel: () => moveIdle(),
  };
}

function marquee(start: Point, base: string[]): ToolState {
  const state: ToolState = {
    name: 'move.marquee',
    cursor: 'crosshair',
    move(p, host) {
      const box = boxBetween(start, p.point);
      host.band({ kind: 'select', ...box });
      const doc = host.doc();
      const hit = (doc.canvases[host.canvasId]?.layerIds ?? []).filter((id) => {
        const layer = doc.layers[id];
        const b = layer && layer.visible && !layer.locked ? layerBounds(doc, id) : null;
        return (
          b &&
          b.x < box.x + box.width &&
          b.x + b.width > box.x &&
          b.y < box.y + box.height &&
          b.y + b.height > box.y
        );
      });
      host.select([...base, ...hit.filter((id) => !base.includes(id))]);
      return state;
    },
    up(_p, host) {
      host.band(null);
      return moveIdle();
    },
    cancel(host) {
      host.band(null);
      return moveIdle();
    },
  };
  return state;
}

/**
 * The move tool: press on a layer to select it (Ctrl/Cmd picks the innermost layer of a group,
 * Shift adds or removes), drag to move it (Shift: along one axis; edges and centres snap to the
 * artboard and to other layers, Ctrl/Cmd while dragging turns snapping off); press on empty
 * space and drag for a selection rectangle. Resizing and rotating are the Transformer's.
 */
export function moveIdle(): ToolState {
  return {
    name: 'move.idle',
    cursor: 'default',
    down(p, host) {
      const doc = host.doc();
      const selected = host.selection();
      const path = hitTest(doc, host.canvasId, p.point);
      // Inside the selection's box a drag moves the selection, whatever lies on top (as in
      // Figma); a click there selects the layer on top.
      if (
        !p.shift &&
        !p.mod &&
        movable(doc, selected).some((id) => inside(baseTransform(doc, id), p.point))
      ) {
        const top = path.find((id) => selected.includes(id)) ?? path[0];
        return pointing(p, top && !selected.includes(top) ? (h) => h.select([top]) : null);
      }
      if (path.length === 0) {
        if (!p.shift) host.select([]);
        return marquee(p.point, p.shift ? selected : []);
      }
      const pick = p.mod ? path[path.length - 1]! : (path.find((id) => selected.includes(id)) ?? path[0]!);
      if (p.shift && selected.includes(pick)) {
        return pointing(p, (h) => h.select(h.selection().filter((id) => id !== pick)));
      }
      if (p.shift) host.select([...selected, pick]);
      else if (!selected.includes(pick)) host.select([pick]);
      return pointing(p, null);
    },
  };
}
