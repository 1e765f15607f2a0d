import type { Point } from '../../../native/model/geometry';
import { boxBetween, type Pointer, type ToolState } from './tool';

/** Brush or eraser on the mask: press and drag to paint (size with [ and ], hardness in the panel). */
export function brushIdle(mode: 'paint' | 'erase'): ToolState {
  return {
    name: mode === 'paint' ? 'brush.idle' : 'eraser.idle',
    cursor: 'none',
    down(p, host) {
      host.mask.strokeBegin(p.point, mode);
      const painting: ToolState = {
        name: mode === 'paint' ? 'brush.painting' : 'eraser.painting',
        cursor: 'none',
        move(q) {
          host.mask.strokeTo(q.point);
          return painting;
        },
        up() {
          host.mask.strokeEnd();
          return brushIdle(mode);
        },
        cancel() {
          host.mask.strokeEnd();
          return brushIdle(mode);
        },
      };
      return painting;
    },
  };
}

/** Shift adds to the mask, Alt takes away, neither replaces it (as Photoshop's selections). */
function modeOf(p: Pointer): 'add' | 'subtract' | 'replace' {
  return p.shift ? 'add' : p.alt ? 'subtract' : 'replace';
}

/** Rectangle selection into the mask. */
export function rectSelectIdle(): ToolState {
  return {
    name: 'select-rect.idle',
    cursor: 'crosshair',
    down(start) {
      const mode = modeOf(start);
      const dragging: ToolState = {
        name: 'select-rect.dragging',
        cursor: 'crosshair',
        move(p, host) {
          host.band({ kind: 'select', ...boxBetween(start.point, p.point, p.shift && mode !== 'add') });
          return dragging;
        },
        up(p, host) {
          host.band(null);
          const b = boxBetween(start.point, p.point, p.shift && mode !== 'add');
          if (b.width >= 1 && b.height >= 1) {
            host.mask.polygon(
              [
                { x: b.x, y: b.y },
                { x: b.x + b.width, y: b.y },
                { x: b.x + b.width, y: b.y + b.height },
                { x: b.x, y: b.y + b.height },
              ],
              mode,
            );
          }
          return rectSelectIdle();
        },
        cancel(host) {
          host.band(null);
          return rectSelectIdle();
        },
      };
      return dragging;
    },
  };
}

/** Freehand lasso into the mask: the outline closes itself on release. */
export function lassoIdle(): ToolState {
  return {
    name: 'lasso.idle',
    cursor: 'crosshair',
    down(start) {
      const mode = modeOf(start);
      const points: Point[] = [start.point];
      const drawing: ToolState = {
        name: 'lasso.drawing',
        cursor: 'crosshair',
        move(p, host) {
          points.push(p.point);
          host.band({ kind: 'lasso', points: [...points] });
          return drawing;
        },
        up(_p, host) {
          host.band(null);
          if (points.length >= 3) host.mask.polygon(points, mode);
          return lassoIdle();
        },
        cancel(host) {
          host.band(null);
          return lassoIdle();
        },
      };
      return drawing;
    },
  };
}
