import type { StateCreator } from 'zustand';
import type { StudioState } from './store';

export type View = 'canvas' | 'storyboard' | 'timeline';
export type ToolId =
  'move' | 'hand' | 'zoom' | 'brush' | 'eraser' | 'select-rect' | 'lasso' | 'text' | 'shape';
export type PanelId = 'layers' | 'properties' | 'generate' | 'jobs';

export interface Placement {
  id: string;
  name: string;
  width: number;
  height: number;
  ratio: string;
}

/** What the user has open. The document itself arrives with the project model (issue 3). */
export interface OpenWork {
  name: string;
  placement: Placement;
}

/** Session state: never saved, never undone, never logged as a document change (STYLE.md 6). */
export interface SessionSlice {
  view: View;
  tool: ToolId;
  panel: PanelId;
  work: OpenWork | null;
  setView(view: View): void;
  setTool(tool: ToolId): void;
  setPanel(panel: PanelId): void;
  startWork(work: OpenWork): void;
  closeWork(): void;
}

export const createSessionSlice: StateCreator<StudioState, [], [], SessionSlice> = (set) => ({
  view: 'canvas',
  tool: 'move',
  panel: 'layers',
  work: null,
  setView: (view) => set({ view }),
  setTool: (tool) => set({ tool }),
  setPanel: (panel) => set({ panel }),
  startWork: (work) => set({ work, view: 'canvas' }),
  closeWork: () => set({ work: null }),
});
