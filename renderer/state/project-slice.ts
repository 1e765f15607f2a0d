import type { StateCreator } from 'zustand';
import type { ProjectState, ProjectStatus } from '../../native/api/project';
import type { Document } from '../../native/model/document';
import { Editor } from '../../native/model/editor';
import type { StudioState } from './store';

export interface OpenProject {
  status: ProjectStatus;
  doc: Document;
  /** The UI's Editor: the engine holds its twin and applies the same edits. */
  editor: Editor;
}

/** The document and its history live here; components never change them directly. */
export interface ProjectSlice {
  project: OpenProject | null;
  setProject(state: ProjectState | null): void;
  /** After the local editor changed: show its document. */
  refreshDoc(): void;
  setStatus(status: ProjectStatus): void;
  /**
   * The undo history starts again from the document on screen, as the engine's did (a study
   * participant resumed logging): the document and the view stay as they are.
   */
  clearHistory(): void;
}

export const createProjectSlice: StateCreator<StudioState, [], [], ProjectSlice> = (set, get) => ({
  project: null,
  setProject: (state) => {
    // Staged variants belong to the project they were made in.
    if (!state)
      return set({
        project: null,
        selectedCanvasId: null,
        viewport: null,
        staging: null,
        fillJobId: null,
        selectedClipId: null,
        targetTrackId: null,
        playheadFrame: 0,
        editingCaption: null,
      });
    const { document, ...status } = state;
    set({
      project: { status, doc: document, editor: new Editor(document) },
      view: 'canvas',
      selectedCanvasId: document.canvasOrder[0] ?? null,
      selectedLayerIds: [],
      viewport: null,
      staging: null,
      fillJobId: null,
      selectedClipId: null,
      targetTrackId: null,
      playheadFrame: 0,
      editingCaption: null,
    });
  },
  refreshDoc: () => {
    const project = get().project;
    if (!project) return;
    const doc = project.editor.doc;
    const selected = get().selectedCanvasId;
    // The UI knows at once that there are unsaved changes; the engine's status confirms it.
    const status = {
      ...project.status,
      dirty: project.status.dirty || doc !== project.doc,
      undoLabels: project.editor.undoLabels,
      redoLabels: project.editor.redoLabels,
    };
    const shown = selected && doc.canvases[selected] ? selected : (doc.canvasOrder[0] ?? null);
    set({
      project: { ...project, doc, status },
      selectedCanvasId: shown,
      ...(shown !== selected ? { viewport: null } : {}),
      // A deleted (or undone) layer leaves the selection.
      selectedLayerIds: get().selectedLayerIds.filter((id) => doc.layers[id]),
    });
  },
  setStatus: (status) => {
    const project = get().project;
    if (project) set({ project: { ...project, status } });
  },
  clearHistory: () => {
    const project = get().project;
    if (!project) return;
    project.editor.clearHistory();
    set({ project: { ...project, status: { ...project.status, undoLabels: [], redoLabels: [] } } });
  },
});
