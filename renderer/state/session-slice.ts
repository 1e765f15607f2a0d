import type { StateCreator } from 'zustand';
import type { StudioState } from './store';

export type View = 'canvas' | 'storyboard' | 'timeline';
export type ToolId =
  'move' | 'hand' | 'zoom' | 'brush' | 'eraser' | 'select-rect' | 'lasso' | 'text' | 'shape';
export type PanelId = 'layers' | 'properties' | 'history' | 'generate' | 'soundtrack' | 'models' | 'jobs';

export interface Placement {
  id: string;
  name: string;
  width: number;
  height: number;
  ratio: string;
}

/** Screen = artboard point × zoom + (x, y), in CSS pixels of the stage. */
export interface Viewport {
  zoom: number;
  x: number;
  y: number;
}

export interface BrushSettings {
  /** Diameter in artboard pixels. */
  size: number;
  /** 0 = soft edge, 1 = hard edge. */
  hardness: number;
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
  /** Pan and zoom of the Canvas; null until the stage has measured itself (then it fits). */
  viewport: Viewport | null;
  brush: BrushSettings;
  shapeKind: 'rect' | 'ellipse';
  /** Show the placements' safe zones over vertical artboards. */
  safeZones: boolean;
  /** Show the mask as a translucent overlay. */
  maskOverlay: boolean;
  selectLayers(ids: string[]): void;
  setViewport(viewport: Viewport | null): void;
  setBrush(brush: Partial<BrushSettings>): void;
  setShapeKind(kind: 'rect' | 'ellipse'): void;
  toggleSafeZones(): void;
  toggleMaskOverlay(): void;
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
  viewport: null,
  brush: { size: 60, hardness: 0.8 },
  shapeKind: 'rect',
  safeZones: false,
  maskOverlay: true,
  selectLayers: (selectedLayerIds) => set({ selectedLayerIds }),
  setViewport: (viewport) => set({ viewport }),
  setBrush: (brush) =>
    set((s) => ({
      brush: {
        size: Math.round(Math.min(2000, Math.max(1, brush.size ?? s.brush.size))),
        hardness: Math.min(1, Math.max(0, brush.hardness ?? s.brush.hardness)),
      },
    })),
  setShapeKind: (shapeKind) => set({ shapeKind }),
  toggleSafeZones: () => set((s) => ({ safeZones: !s.safeZones })),
  toggleMaskOverlay: () => set((s) => ({ maskOverlay: !s.maskOverlay })),
  setView: (view) => set({ view }),
  setTool: (tool) => set({ tool }),
  setPanel: (panel) => set({ panel }),
  // A different artboard is fitted to the window when it is first shown.
  selectCanvas: (selectedCanvasId) => set({ selectedCanvasId, selectedLayerIds: [], viewport: null }),
});
