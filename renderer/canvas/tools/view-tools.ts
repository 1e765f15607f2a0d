import type { Viewport } from '../../state/session-slice';
import { stepZoom, zoomAt } from '../viewport';
import type { Pointer, ToolHost, ToolState } from './tool';

/** Dragging the view; on release `back` says which state follows. */
export function panning(start: Pointer, from: Viewport, back: () => ToolState): ToolState {
  const state: ToolState = {
    name: 'hand.panning',
    cursor: 'grabbing',
    move(p, host) {
      host.setViewport({
        ...from,
        x: from.x + p.screen.x - start.screen.x,
        y: from.y + p.screen.y - start.screen.y,
      });
      return state;
    },
    up: () => back(),
    cancel: () => back(),
  };
  return state;
}

/** The hand: drag to pan (also while Space is held with any other tool). */
export function handIdle(): ToolState {
  return {
    name: 'hand.idle',
    cursor: 'grab',
    down: (p, host) => panning(p, host.viewport(), handIdle),
  };
}

/**
 * Space held: the hand. A pan that ends while Space is still down stays the hand; once Space
 * is up (during the pan or before the next press) the tool comes back.
 */
export function springHand(resume: () => ToolState, held: () => boolean): ToolState {
  return {
    name: 'hand.spring',
    cursor: 'grab',
    down: (p, host: ToolHost) =>
      panning(p, host.viewport(), () => (held() ? springHand(resume, held) : resume())),
  };
}

/** The zoom tool: click to zoom in one step at the pointer, Alt+click to zoom out. */
export function zoomIdle(): ToolState {
  return {
    name: 'zoom.idle',
    cursor: 'zoom-in',
    down(p, host) {
      const view = host.viewport();
      const target = stepZoom(view.zoom, p.alt ? -1 : 1);
      host.setViewport(zoomAt(view, p.screen, target / view.zoom));
      return zoomIdle();
    },
  };
}
