import type { Document, Transform } from '../../../native/model/document';
import type { Point } from '../../../native/model/geometry';
import type { Guide } from '../../../native/model/snap';
import type { Viewport } from '../../state/session-slice';

/** A pointer event as the tools see it: where on screen, where on the artboard, which keys. */
export interface Pointer {
  /** Stage pixels (CSS). */
  screen: Point;
  /** Artboard pixels. */
  point: Point;
  shift: boolean;
  alt: boolean;
  /** Ctrl, or Cmd on macOS. */
  mod: boolean;
}

/** What a tool sees of the world and the few things it may do to it. */
export interface ToolHost {
  doc(): Document;
  canvasId: string;
  viewport(): Viewport;
  setViewport(view: Viewport): void;
  selection(): string[];
  select(ids: string[]): void;
  /** Shows layers at other transforms without changing the document (a drag in progress). */
  preview(transforms: Record<string, Transform> | null, guides?: Guide[]): void;
  /** The rubber band of a selection or of a shape being drawn, in artboard pixels. */
  band(shape: Band | null): void;
  /** Applies transforms as one undo step. */
  commitTransforms(
    label: 'Move layer' | 'Resize layer' | 'Rotate layer',
    transforms: Record<string, Transform>,
  ): void;
  mask: MaskHost;
  /** Adds a text or shape layer with its box at `box` and selects it. */
  addLayer(
    kind: 'text' | 'rect' | 'ellipse',
    box: { x: number; y: number; width: number; height: number },
  ): void;
  setTool(tool: 'move'): void;
  brush(): { size: number; hardness: number };
}

export type Band =
  | { kind: 'rect' | 'ellipse' | 'select'; x: number; y: number; width: number; height: number }
  | { kind: 'lasso'; points: Point[] };

/** The mask operations tools need (the mask editor does the pixels). */
export interface MaskHost {
  /** Starts a stroke (a dab at `p`). */
  strokeBegin(p: Point, mode: 'paint' | 'erase'): void;
  strokeTo(p: Point): void;
  strokeEnd(): void;
  polygon(points: Point[], mode: 'add' | 'subtract' | 'replace'): void;
}

/**
 * A tool's current state (STYLE.md 7): each handler returns the next state, so a tool reads as
 * `Idle → Pointing → Dragging` rather than a bag of flags.
 */
export interface ToolState {
  readonly name: string;
  readonly cursor?: string;
  down?(p: Pointer, host: ToolHost): ToolState;
  move?(p: Pointer, host: ToolHost): ToolState;
  up?(p: Pointer, host: ToolHost): ToolState;
  /** Escape, or the tool changed mid-gesture: undo any preview. */
  cancel?(host: ToolHost): ToolState;
}

/** Screen pixels a press must travel before it counts as a drag. */
export const DRAG_THRESHOLD = 3;

export function travelled(a: Point, b: Point): boolean {
  return Math.hypot(a.x - b.x, a.y - b.y) >= DRAG_THRESHOLD;
}

/** The box between two points (any direction), square or from the centre when asked. */
export function boxBetween(a: Point, b: Point, square = false, fromCentre = false) {
  let w = b.x - a.x;
  let h = b.y - a.y;
  if (square) {
    const side = Math.max(Math.abs(w), Math.abs(h));
    w = Math.sign(w || 1) * side;
    h = Math.sign(h || 1) * side;
  }
  if (fromCentre)
    return { x: a.x - Math.abs(w), y: a.y - Math.abs(h), width: Math.abs(w) * 2, height: Math.abs(h) * 2 };
  return { x: Math.min(a.x, a.x + w), y: Math.min(a.y, a.y + h), width: Math.abs(w), height: Math.abs(h) };
}
