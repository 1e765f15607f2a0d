import type { StateCreator } from 'zustand';
import type { StudioState } from './store';

export type View = 'canvas' | 'storyboard' | 'timeline';
export type ToolId =
  'move' | 'hand' | 'zoom' | 'brush' | 'eraser' | 'select-rect' | 'lasso' | 'text' | 'shape';
export type PanelId = 'layers' | 'properties' | 'history' | 'generate' | 'jobs';

export interface Placement {
  id: string;
  name: string;
  width: number;
  height: number;
  ratio: string;
}

/** Session state: never saved, never undone, never logged as a document change (STYLE.md 6). */
export interface SessionSlice {
  view: View;
  tool: ToolId;
  panel: PanelId;
  /** The artboard shown on the Canvas. */
  selectedCanvasId: string | null;
  /** Selected layers (session state: never saved, never undone). */
  selectedLayerIds: string[];
  selectLayers(ids: string[]): void;
  setView(view: View): void;
  setTool(tool: ToolId): void;
  setPanel(panel: PanelId): void;
  selectCanvas(id: string | null): void;
}

export const createSessionSlice: StateCreator<StudioState, [], [], SessionSlice> = (set) => ({
  view: 'canvas',
  tool: 'move',
  panel: 'layers',
  selectedCanvasId: null,
  selectedLayerIds: [],
  selectLayers: (selectedLayerIds) => set({ selectedLayerIds }),
  setView: (view) => set({ view }),
  setTool: (tool) => set({ tool }),
  setPanel: (panel) => set({ panel }),
  selectCanvas: (selectedCanvasId) => set({ selectedCanvasId, selectedLayerIds: [] }),
});
