import { applyPatches, type Patch } from 'immer';
import type { Document } from './document';
import { applyCommand, applyCommands, type ApplyResult } from './apply';
import type { Command } from './commands/index';
import type { GestureLabel } from './gestures';

/** One undo step: a command, or a whole gesture (a drag) committed at once. */
export interface HistoryStep {
  label: string;
  commands: Command[];
  patches: Patch[];
  inversePatches: Patch[];
}

/** What an edit was, as the feedback log records it and as replay applies it again. */
export type EditRecord =
  | { kind: 'command'; command: Command; label: string; targets: string[] }
  | { kind: 'gesture'; label: GestureLabel; commands: Command[]; targets: string[] }
  | { kind: 'undo'; label: string }
  | { kind: 'redo'; label: string };

/** An edit as sent from the UI to the engine, or read back from the log. */
export type Edit =
  | { kind: 'command'; command: Command }
  | { kind: 'gesture'; label: GestureLabel; commands: Command[] }
  | { kind: 'undo' }
  | { kind: 'redo' };

export type EditResult = { ok: true; record: EditRecord } | { ok: false; reason: string };

interface Gesture {
  label: GestureLabel;
  base: Document;
  commands: Command[];
}

const UPDATE_KEYS: Record<string, string> = {
  'layer.update': 'layerId',
  'canvas.update': 'canvasId',
  'shot.update': 'shotId',
  'track.update': 'trackId',
  'clip.update': 'clipId',
};

/**
 * During a gesture, an update that sets the same fields of the same record as the previous one
 * replaces it (a drag sends many positions; only the last one matters).
 */
function supersedes(previous: Command | undefined, next: Command): boolean {
  if (!previous || previous.type !== next.type) return false;
  const key = UPDATE_KEYS[next.type];
  if (!key) return false;
  const a = previous.args as Record<string, unknown> & { patch: Record<string, unknown> };
  const b = next.args as Record<string, unknown> & { patch: Record<string, unknown> };
  if (a[key] !== b[key]) return false;
  const shape = (patch: Record<string, unknown>) =>
    Object.keys(patch)
      .map((k) =>
        k === 'transform'
          ? `transform:${Object.keys(patch[k] as object)
              .sort()
              .join(',')}`
          : k,
      )
      .sort()
      .join('|');
  return shape(a.patch) === shape(b.patch);
}

/**
 * A document with its undo history. The UI holds one; the engine holds its twin and applies the
 * same edits, which is also how the feedback log is replayed. Pure: no I/O, no clocks.
 *
 * @example
 * const editor = new Editor(doc);
 * editor.dispatch({ type: 'project.rename', args: { name: 'Summer sale' } });
 * editor.undo();
 */
export class Editor {
  private undoStack: HistoryStep[] = [];
  private redoStack: HistoryStep[] = [];
  private gesture: Gesture | null = null;

  constructor(
    private current: Document,
    private readonly limit = 500,
  ) {}

  get doc(): Document {
    return this.current;
  }

  get inGesture(): boolean {
    return this.gesture !== null;
  }

  /** Labels of the undo steps, oldest first (the History panel). */
  get undoLabels(): string[] {
    return this.undoStack.map((s) => s.label);
  }

  get redoLabels(): string[] {
    return this.redoStack.map((s) => s.label).reverse();
  }

  dispatch(command: Command, label?: string): EditResult {
    if (this.gesture) return { ok: false, reason: 'a gesture is in progress' };
    const result: ApplyResult = applyCommand(this.current, command);
    if (!result.ok) return result;
    const { applied } = result;
    this.current = applied.doc;
    this.push({
      label: label ?? applied.label,
      commands: [applied.command],
      patches: applied.patches,
      inversePatches: applied.inversePatches,
    });
    return {
      ok: true,
      record: {
        kind: 'command',
        command: applied.command,
        label: label ?? applied.label,
        targets: applied.targets,
      },
    };
  }

  beginGesture(label: GestureLabel): void {
    if (this.gesture) this.cancelGesture();
    this.gesture = { label, base: this.current, commands: [] };
  }

  /** A live update during a gesture: the document changes, history does not (yet). */
  updateGesture(command: Command): EditResult {
    const gesture = this.gesture;
    if (!gesture) return { ok: false, reason: 'no gesture in progress' };
    const result = applyCommand(this.current, command);
    if (!result.ok)
      return result.noop
        ? {
            ok: true,
            record: { kind: 'gesture', label: gesture.label, commands: gesture.commands, targets: [] },
          }
        : result;
    if (supersedes(gesture.commands[gesture.commands.length - 1], result.applied.command))
      gesture.commands.pop();
    gesture.commands.push(result.applied.command);
    this.current = result.applied.doc;
    return {
      ok: true,
      record: {
        kind: 'gesture',
        label: gesture.label,
        commands: gesture.commands,
        targets: result.applied.targets,
      },
    };
  }

  /** Ends a gesture as one undo step; null when it changed nothing. */
  commitGesture(): EditResult | null {
    const gesture = this.gesture;
    this.gesture = null;
    if (!gesture || gesture.commands.length === 0) return null;
    const combined = applyCommands(gesture.base, gesture.commands);
    if (!combined.ok) {
      this.current = gesture.base;
      return { ok: false, reason: combined.reason };
    }
    if (combined.patches.length === 0) {
      this.current = gesture.base;
      return null;
    }
    this.current = combined.doc;
    this.push({
      label: gesture.label,
      commands: gesture.commands,
      patches: combined.patches,
      inversePatches: combined.inversePatches,
    });
    const targets = [...new Set(gesture.commands.flatMap((c) => applyTargets(c)))];
    return {
      ok: true,
      record: { kind: 'gesture', label: gesture.label, commands: gesture.commands, targets },
    };
  }

  /** Abandons a gesture: the document returns to where it began. */
  cancelGesture(): void {
    if (!this.gesture) return;
    this.current = this.gesture.base;
    this.gesture = null;
  }

  undo(): EditResult {
    if (this.gesture) this.cancelGesture();
    const step = this.undoStack.pop();
    if (!step) return { ok: false, reason: 'nothing to undo' };
    this.current = applyPatches(this.current, step.inversePatches);
    this.redoStack.push(step);
    return { ok: true, record: { kind: 'undo', label: step.label } };
  }

  redo(): EditResult {
    if (this.gesture) this.cancelGesture();
    const step = this.redoStack.pop();
    if (!step) return { ok: false, reason: 'nothing to redo' };
    this.current = applyPatches(this.current, step.patches);
    this.undoStack.push(step);
    return { ok: true, record: { kind: 'redo', label: step.label } };
  }

  /** The editor's whole state, to put back if what follows an edit (logging it) fails. */
  snapshot(): { doc: Document; undo: HistoryStep[]; redo: HistoryStep[] } {
    return { doc: this.current, undo: [...this.undoStack], redo: [...this.redoStack] };
  }

  restore(snapshot: { doc: Document; undo: HistoryStep[]; redo: HistoryStep[] }): void {
    this.gesture = null;
    this.current = snapshot.doc;
    this.undoStack = [...snapshot.undo];
    this.redoStack = [...snapshot.redo];
  }

  /**
   * Forgets the undo and redo steps: the history starts again from the document as it stands,
   * as it does when a project is opened. A gesture in progress goes on (it becomes the first step).
   */
  clearHistory(): void {
    this.undoStack = [];
    this.redoStack = [];
  }

  /** Applies an edit from the UI or the log. */
  apply(edit: Edit): EditResult {
    switch (edit.kind) {
      case 'command':
        return this.dispatch(edit.command);
      case 'undo':
        return this.undo();
      case 'redo':
        return this.redo();
      case 'gesture': {
        this.beginGesture(edit.label);
        for (const command of edit.commands) {
          const result = this.updateGesture(command);
          if (!result.ok) {
            this.cancelGesture();
            return result;
          }
        }
        return this.commitGesture() ?? { ok: false, reason: 'the gesture changed nothing' };
      }
    }
  }

  private push(step: HistoryStep): void {
    this.undoStack.push(step);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
  }
}

function applyTargets(command: Command): string[] {
  const args = command.args as Record<string, unknown>;
  return Object.values(args).filter((v): v is string => typeof v === 'string' && /^[a-z]+:/.test(v));
}
