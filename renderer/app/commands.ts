import type { StudioApi } from '../../native/api/contract';
import type { ToolId, View } from '../state/session-slice';
import { useStudio } from '../state/store';
import { closeProject, readyToLeave, redo, saveProject, undo } from './project-actions';
import {
  deleteLayers,
  duplicateLayers,
  flipLayers,
  groupLayers,
  hasSelection,
  nudgeLayers,
  ungroupLayers,
  selectAllLayers,
} from './layer-actions';
import { addFillLayer, currentMask } from '../canvas/canvas-actions';
import { zoomStep, zoomToActual, zoomToFit } from '../canvas/view-actions';
import { isTyping } from './typing';
import { deleteSelectedClip } from '../timeline/timeline-actions';
import { endFrame, seek, shuttle, step, stop, togglePlay } from '../timeline/transport';
import { endParticipant, openParticipantStart } from '../research/study-actions';

/**
 * What the menu bar, the keyboard and the command palette can do. Every entry names its
 * shortcut once; the menus and the shortcuts sheet read it from here.
 */
export interface ShellCommand {
  id: string;
  label: string;
  keys?: string;
  /** Other chords for the same command (Ctrl+Y for redo). */
  altKeys?: string[];
  enabled?: () => boolean;
  run(studio: StudioApi): void;
}

const hasWork = () => useStudio.getState().project !== null;
const onCanvas = () => {
  const { project, view, selectedCanvasId } = useStudio.getState();
  return Boolean(project && view === 'canvas' && selectedCanvasId);
};
const onTimeline = () => {
  const { project, view } = useStudio.getState();
  return Boolean(project && view === 'timeline');
};
const fps = () => useStudio.getState().project?.doc.timeline.fps ?? 30;
const zoomTimeline = (factor: number) => {
  const { timelineZoom, setTimelineZoom } = useStudio.getState();
  setTimelineZoom(timelineZoom * factor);
};
const studyLoaded = () => useStudio.getState().study !== null;
const inSession = () => useStudio.getState().study?.participant != null;
const outsideSession = () => !inSession();
const canUndo = () => (useStudio.getState().project?.editor.undoLabels.length ?? 0) > 0;
const canRedo = () => (useStudio.getState().project?.editor.redoLabels.length ?? 0) > 0;

export const tools: { id: ToolId; label: string; keys: string }[] = [
  { id: 'move', label: 'Move', keys: 'V' },
  { id: 'hand', label: 'Hand', keys: 'H' },
  { id: 'zoom', label: 'Zoom', keys: 'Z' },
  { id: 'select-rect', label: 'Rectangle select', keys: 'M' },
  { id: 'lasso', label: 'Lasso', keys: 'L' },
  { id: 'brush', label: 'Mask brush', keys: 'B' },
  { id: 'eraser', label: 'Mask eraser', keys: 'E' },
  { id: 'text', label: 'Text', keys: 'T' },
  { id: 'shape', label: 'Shape', keys: 'U' },
];

export const views: { id: View; label: string; keys: string }[] = [
  { id: 'canvas', label: 'Canvas', keys: 'Alt+1' },
  { id: 'storyboard', label: 'Storyboard', keys: 'Alt+2' },
  { id: 'timeline', label: 'Timeline', keys: 'Alt+3' },
];

export const menus: { label: string; items: ShellCommand[] }[] = [
  {
    label: 'File',
    items: [
      {
        id: 'file.new',
        label: 'New…',
        keys: 'Ctrl+N',
        enabled: outsideSession,
        run: (studio) => void closeProject(studio),
      },
      {
        id: 'file.open',
        label: 'Open…',
        keys: 'Ctrl+O',
        enabled: outsideSession,
        run: (studio) =>
          void readyToLeave(studio).then(
            (ok) => ok && useStudio.getState().openDialog({ kind: 'file-browser', purpose: 'open-project' }),
          ),
      },
      {
        id: 'file.save',
        label: 'Save',
        keys: 'Ctrl+S',
        enabled: hasWork,
        run: (studio) => void saveProject(studio),
      },
      {
        id: 'file.saveAs',
        label: 'Save As…',
        keys: 'Ctrl+Shift+S',
        // A participant's work stays in the study's data folder (the engine refuses it too).
        enabled: () => hasWork() && outsideSession(),
        run: () => useStudio.getState().openDialog({ kind: 'file-browser', purpose: 'save-project' }),
      },
      {
        id: 'file.export',
        label: 'Export…',
        keys: 'Ctrl+Shift+E',
        enabled: hasWork,
        run: () => useStudio.getState().openDialog({ kind: 'export' }),
      },
      {
        id: 'file.exportVideo',
        label: 'Export video…',
        keys: 'Ctrl+M', // as Premiere's Export Media (Ctrl+Alt+E is AltGr+E, the € key, on many layouts)
        enabled: () => (useStudio.getState().project?.doc.shotOrder.length ?? 0) > 0,
        run: () => useStudio.getState().openDialog({ kind: 'export-video' }),
      },
      {
        id: 'file.import',
        label: 'Import image…',
        keys: 'Ctrl+I',
        run: () => useStudio.getState().openDialog({ kind: 'file-browser', purpose: 'import-image' }),
      },
      {
        id: 'file.close',
        label: 'Close',
        keys: 'Ctrl+W',
        enabled: () => hasWork() && outsideSession(),
        run: (studio) => void closeProject(studio),
      },
    ],
  },
  {
    label: 'Edit',
    items: [
      { id: 'edit.undo', label: 'Undo', keys: 'Ctrl+Z', enabled: canUndo, run: (studio) => undo(studio) },
      {
        id: 'edit.redo',
        label: 'Redo',
        keys: 'Ctrl+Shift+Z',
        altKeys: ['Ctrl+Y'],
        enabled: canRedo,
        run: (studio) => redo(studio),
      },
      {
        id: 'edit.selectAll',
        label: 'Select all layers',
        keys: 'Ctrl+A',
        enabled: onCanvas,
        run: () => selectAllLayers(),
      },
      {
        id: 'edit.deselect',
        label: 'Deselect',
        keys: 'Ctrl+Shift+A',
        enabled: hasSelection,
        run: () => useStudio.getState().selectLayers([]),
      },
    ],
  },
  {
    label: 'Layer',
    items: [
      {
        id: 'layer.duplicate',
        label: 'Duplicate',
        keys: 'Ctrl+D',
        enabled: hasSelection,
        run: (studio) => duplicateLayers(studio),
      },
      {
        id: 'layer.delete',
        label: 'Delete',
        keys: 'Delete',
        altKeys: ['Backspace'],
        enabled: hasSelection,
        run: (studio) => deleteLayers(studio),
      },
      {
        id: 'layer.group',
        label: 'Group',
        keys: 'Ctrl+G',
        enabled: hasSelection,
        run: (studio) => groupLayers(studio),
      },
      {
        id: 'layer.ungroup',
        label: 'Ungroup',
        keys: 'Ctrl+Shift+G',
        enabled: hasSelection,
        run: (studio) => ungroupLayers(studio),
      },
      {
        id: 'layer.flipX',
        label: 'Flip horizontal',
        enabled: hasSelection,
        run: (studio) => flipLayers(studio, 'flipX'),
      },
      {
        id: 'layer.flipY',
        label: 'Flip vertical',
        enabled: hasSelection,
        run: (studio) => flipLayers(studio, 'flipY'),
      },
      {
        id: 'layer.newFill',
        label: 'New colour fill',
        enabled: onCanvas,
        run: (studio) => addFillLayer(studio, 'solid'),
      },
      {
        id: 'layer.newGradient',
        label: 'New gradient fill',
        enabled: onCanvas,
        run: (studio) => addFillLayer(studio, 'linear'),
      },
    ],
  },
  {
    label: 'Mask',
    items: [
      {
        id: 'mask.invert',
        label: 'Invert mask',
        keys: 'Ctrl+Shift+I',
        enabled: onCanvas,
        run: () => currentMask()?.invert(),
      },
      { id: 'mask.clear', label: 'Clear mask', enabled: onCanvas, run: () => currentMask()?.clear() },
      {
        id: 'mask.overlay',
        label: 'Show mask overlay',
        enabled: onCanvas,
        run: () => useStudio.getState().toggleMaskOverlay(),
      },
    ],
  },
  {
    label: 'Timeline',
    items: [
      {
        id: 'timeline.play',
        label: 'Play / pause',
        keys: 'Space',
        enabled: onTimeline,
        run: (studio) => togglePlay(studio),
      },
      {
        id: 'timeline.backwards',
        label: 'Play backwards (again: faster)',
        keys: 'J',
        enabled: onTimeline,
        run: (studio) => shuttle(studio, 'J'),
      },
      {
        id: 'timeline.stop',
        label: 'Stop',
        keys: 'K',
        enabled: onTimeline,
        run: (studio) => shuttle(studio, 'K'),
      },
      {
        id: 'timeline.forwards',
        label: 'Play forwards (again: faster)',
        keys: 'L',
        enabled: onTimeline,
        run: (studio) => shuttle(studio, 'L'),
      },
      {
        id: 'timeline.start',
        label: 'Go to start',
        keys: 'Home',
        enabled: onTimeline,
        run: () => {
          stop();
          seek(0);
        },
      },
      {
        id: 'timeline.end',
        label: 'Go to end',
        keys: 'End',
        enabled: onTimeline,
        run: () => {
          stop();
          seek(endFrame());
        },
      },
      {
        id: 'timeline.prevFrame',
        label: 'Previous frame',
        keys: 'ArrowLeft',
        enabled: onTimeline,
        run: () => step(-1),
      },
      {
        id: 'timeline.nextFrame',
        label: 'Next frame',
        keys: 'ArrowRight',
        enabled: onTimeline,
        run: () => step(1),
      },
      {
        id: 'timeline.backSecond',
        label: 'Back one second',
        keys: 'Shift+ArrowLeft',
        enabled: onTimeline,
        run: () => step(-fps()),
      },
      {
        id: 'timeline.forwardSecond',
        label: 'Forward one second',
        keys: 'Shift+ArrowRight',
        enabled: onTimeline,
        run: () => step(fps()),
      },
      {
        id: 'timeline.deleteClip',
        label: 'Delete clip',
        keys: 'Delete',
        altKeys: ['Backspace'],
        // On the timeline, Delete never reaches the canvas's layers, clip selected or not.
        enabled: onTimeline,
        run: (studio) => deleteSelectedClip(studio),
      },
      {
        id: 'timeline.snapping',
        label: 'Snapping',
        keys: 'S',
        enabled: onTimeline,
        run: () => useStudio.getState().toggleSnapping(),
      },
      {
        id: 'timeline.zoomIn',
        label: 'Zoom in',
        keys: '=',
        altKeys: ['+', 'Shift++', 'Ctrl+=', 'Ctrl++', 'Ctrl+Shift++'],
        enabled: onTimeline,
        run: () => zoomTimeline(1.5),
      },
      {
        id: 'timeline.zoomOut',
        label: 'Zoom out',
        keys: '-',
        altKeys: ['Ctrl+-'],
        enabled: onTimeline,
        run: () => zoomTimeline(1 / 1.5),
      },
    ],
  },
  {
    label: 'View',
    items: [
      ...views.map((v) => ({
        id: `view.${v.id}`,
        label: v.label,
        keys: v.keys,
        enabled: hasWork,
        run: () => useStudio.getState().setView(v.id),
      })),
      { id: 'view.fit', label: 'Fit on screen', keys: 'Ctrl+0', enabled: onCanvas, run: () => zoomToFit() },
      {
        id: 'view.actual',
        label: 'Actual pixels (100%)',
        keys: 'Ctrl+1',
        enabled: onCanvas,
        run: () => zoomToActual(),
      },
      {
        id: 'view.zoomIn',
        label: 'Zoom in',
        keys: 'Ctrl+=',
        altKeys: ['Ctrl++', 'Ctrl+Shift++'],
        enabled: onCanvas,
        run: () => zoomStep(1),
      },
      { id: 'view.zoomOut', label: 'Zoom out', keys: 'Ctrl+-', enabled: onCanvas, run: () => zoomStep(-1) },
      {
        id: 'view.safeZones',
        label: 'Safe zones',
        enabled: onCanvas,
        run: () => useStudio.getState().toggleSafeZones(),
      },
    ],
  },
  {
    label: 'Study',
    items: [
      {
        id: 'study.load',
        label: 'Load study…',
        enabled: outsideSession,
        run: () => useStudio.getState().openDialog({ kind: 'file-browser', purpose: 'load-study' }),
      },
      {
        id: 'study.new',
        label: 'New study…',
        enabled: outsideSession,
        run: () => useStudio.getState().openDialog({ kind: 'study-form' }),
      },
      {
        id: 'study.start',
        label: 'Start participant…',
        enabled: () => studyLoaded() && outsideSession(),
        run: (studio) => void openParticipantStart(studio),
      },
      {
        id: 'study.end',
        label: 'End participant session…',
        enabled: inSession,
        run: (studio) => void endParticipant(studio),
      },
      {
        id: 'study.dashboard',
        label: 'Dashboard…',
        enabled: outsideSession,
        run: () => useStudio.getState().openDialog({ kind: 'research-dashboard' }),
      },
    ],
  },
  {
    label: 'Help',
    items: [
      {
        id: 'help.shortcuts',
        label: 'Keyboard shortcuts',
        keys: '?',
        run: () => useStudio.getState().openDialog({ kind: 'shortcuts' }),
      },
      {
        id: 'help.about',
        label: 'About Atelier',
        run: () => useStudio.getState().openDialog({ kind: 'about' }),
      },
    ],
  },
];

/** "Ctrl+Shift+K" for a keyboard event, with Cmd counted as Ctrl on macOS. */
export function chordOf(event: KeyboardEvent): string {
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  const key = event.key === ' ' ? 'Space' : event.key.length === 1 ? event.key.toUpperCase() : event.key;
  if (event.shiftKey && key !== '?') parts.push('Shift');
  // Alt+digit is reported as a special character on some layouts: use the physical key.
  if (event.altKey && /^Digit\d$/.test(event.code)) return [...parts, event.code.slice(5)].join('+');
  return [...parts, key].join('+');
}

/** Runs the shell command or tool bound to a chord; true when something ran. */
export function runChord(chord: string, studio: StudioApi): boolean {
  // On the timeline its own keys come first (L plays there; elsewhere it is the lasso).
  const ordered = onTimeline()
    ? [...menus.filter((m) => m.label === 'Timeline'), ...menus.filter((m) => m.label !== 'Timeline')]
    : menus;
  for (const menu of ordered) {
    for (const item of menu.items) {
      if ((item.keys === chord || item.altKeys?.includes(chord)) && (item.enabled?.() ?? true)) {
        item.run(studio);
        return true;
      }
    }
  }
  const nudge: Record<string, [number, number]> = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };
  const arrow = chord.replace(/^Shift\+/, '');
  if (nudge[arrow] && hasSelection()) {
    const step = chord.startsWith('Shift+') ? 10 : 1;
    nudgeLayers(studio, nudge[arrow][0] * step, nudge[arrow][1] * step);
    return true;
  }
  const tool = tools.find((t) => t.keys === chord);
  if (tool && hasWork()) {
    useStudio.getState().setTool(tool.id);
    return true;
  }
  return false;
}

/** Runs a shell command by id (from the native menu of the desktop app). */
export function runCommand(id: string, studio: StudioApi): void {
  // The desktop menu's Select All while typing in a field selects the field's text.
  if (id === 'edit.selectAll' && isTyping(document.activeElement)) {
    const field = document.activeElement;
    if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.select();
    return;
  }
  if (id === 'window.close') {
    // The desktop window is closing: ask about unsaved changes, then let it close.
    void closeProject(studio).then(() => !useStudio.getState().project && window.close());
    return;
  }
  const item = menus.flatMap((m) => m.items).find((i) => i.id === id);
  if (item && (item.enabled?.() ?? true)) item.run(studio);
}
