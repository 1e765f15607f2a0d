import type { Command } from '../../native/model/commands/index';
import type { Document } from '../../native/model/document';
import type { GestureLabel } from '../../native/model/gestures';
import type { ShotId } from '../../native/model/ids';
import { dropIndex, type Box } from './shot-order';

/** What a card drag reads and does: the document, the cards' boxes, and a gesture to edit through. */
export interface ShotDragHost {
  doc(): Document;
  /** The box of a shot's card on the page now, or undefined when it is not shown. */
  box(shotId: string): Box | undefined;
  begin(label: GestureLabel): void;
  update(command: Command): void;
  commit(): void;
  cancel(): void;
  /** The card being dragged (it is drawn lifted), or null when none is. */
  dragging(shotId: string | null): void;
}

/** A pointer as the card drag sees it: page pixels. */
export interface ShotPointer {
  x: number;
  y: number;
}

/**
 * A card drag's current state (STYLE.md 7): `Idle → Pressing → Moving`, each handler returning
 * the next state. The shot moves in the document as it is dragged (the other cards make room),
 * all of it one undo step, "Move shot".
 */
export interface ShotDragState {
  readonly name: 'idle' | 'pressing' | 'moving';
  move?(p: ShotPointer): ShotDragState;
  up?(p: ShotPointer): ShotDragState;
  /** Escape: the shot goes back to where the drag began. */
  cancel?(): ShotDragState;
}

/** Screen pixels a press travels before it is a drag (a click selects). */
export const DRAG_THRESHOLD = 4;

export const idle: ShotDragState = { name: 'idle' };

/** The pointer went down on a shot's card: a drag starts once it travels. */
export function press(shotId: ShotId, start: ShotPointer, host: ShotDragHost): ShotDragState {
  const pressing: ShotDragState = {
    name: 'pressing',
    move(p) {
      if (Math.hypot(p.x - start.x, p.y - start.y) < DRAG_THRESHOLD) return pressing;
      if (!host.doc().shots[shotId]) return idle;
      host.begin('Move shot');
      host.dragging(shotId);
      const next = moving(shotId, host);
      return next.move?.(p) ?? next;
    },
    up: () => idle,
    cancel: () => idle,
  };
  return pressing;
}

function moving(shotId: ShotId, host: ShotDragHost): ShotDragState {
  const end = (keep: boolean): ShotDragState => {
    host.dragging(null);
    if (keep) host.commit();
    else host.cancel();
    return idle;
  };
  const state: ShotDragState = {
    name: 'moving',
    move(p) {
      const order = host.doc().shotOrder;
      const others = order.filter((id) => id !== shotId);
      const boxes = others.map((id) => host.box(id));
      // A card not on the page (scrolled off, not drawn yet) gives no place to land.
      if (boxes.some((b) => !b)) return state;
      const index = dropIndex(p, boxes as Box[]);
      if (order.indexOf(shotId) !== index) host.update({ type: 'shot.reorder', args: { shotId, index } });
      return state;
    },
    up: () => end(true),
    cancel: () => end(false),
  };
  return state;
}
