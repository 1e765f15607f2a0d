import type { StateCreator } from 'zustand';
import type { ModelsList } from '../../native/api/models';
import type { StudioState } from './store';

/** The models folder as the engine last reported it (the Models and Generate panels show it). */
export interface ModelsSlice {
  models: ModelsList | null;
  setModels(models: ModelsList): void;
}

export const createModelsSlice: StateCreator<StudioState, [], [], ModelsSlice> = (set) => ({
  models: null,
  setModels: (models) => set({ models }),
});
