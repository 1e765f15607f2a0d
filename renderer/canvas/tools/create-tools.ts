import { boxBetween, travelled, type ToolState } from './tool';

/**
 * Text and shape tools: click to place a layer of a default size, or drag out its box (Shift:
 * square, Alt: from the centre). The new layer is selected and the move tool comes back, as in Figma.
 */
export function createIdle(kind: 'text' | 'rect' | 'ellipse'): ToolState {
  const name = kind === 'text' ? 'text' : 'shape';
  return {
    name: `${name}.idle`,
    cursor: kind === 'text' ? 'text' : 'crosshair',
    down(start) {
      let dragged = false;
      const state: ToolState = {
        name: `${name}.dragging`,
        cursor: 'crosshair',
        move(p, host) {
          dragged ||= travelled(start.screen, p.screen);
          if (dragged)
            host.band({
              kind: kind === 'text' ? 'select' : kind,
              ...boxBetween(start.point, p.point, p.shift, p.alt),
            });
          return state;
        },
        up(p, host) {
          host.band(null);
          const box = dragged ? boxBetween(start.point, p.point, p.shift, p.alt) : null;
          const size = kind === 'text' ? { width: 480, height: 120 } : { width: 240, height: 240 };
          host.addLayer(
            kind,
            box && box.width >= 4 && box.height >= 4
              ? box
              : {
                  x: start.point.x - (kind === 'text' ? 0 : size.width / 2),
                  y: start.point.y - (kind === 'text' ? 0 : size.height / 2),
                  ...size,
                },
          );
          host.setTool('move');
          return createIdle(kind);
        },
        cancel(host) {
          host.band(null);
          return createIdle(kind);
        },
      };
      return state;
    },
  };
}
