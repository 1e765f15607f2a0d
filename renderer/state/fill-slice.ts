import type { StateCreator } from 'zustand';
import type { FillEngine } from '../../native/api/jobs';
import type { StudioState } from './store';

export interface FillSettings {
  engine: FillEngine;
  variants: number;
  /** The seed asked for; ignored while `randomSeed` is on. */
  seed: number;
  randomSeed: boolean;
}

export interface StagedVariant {
  /** The filled box as an image (transparent where the mask keeps the picture). */
  image: ImageBitmap;
  seed: number;
  engine: string;
  /** The index the engine knows it by (the strip may have dropped some). */
  index: number;
}

/** Variants over the canvas, waiting to be accepted or discarded (session state: never saved). */
export interface Staging {
  jobId: string;
  canvasId: string;
  box: { x: number; y: number; width: number; height: number };
  variants: StagedVariant[];
  /** The one shown. */
  current: number;
  /** When the variants appeared: the time to decide is measured from here. */
  shownAt: number;
}

export interface FillSlice {
  fillSettings: FillSettings;
  /** The fill job running, if any. */
  fillJobId: string | null;
  staging: Staging | null;
  /** Held key: show the picture without the variant. */
  comparing: boolean;
  /** Goes up when the mask's pixels are replaced or a mask step ends (the Generate panel's figures). */
  maskRevision: number;
  maskChanged(): void;
  setFillSettings(patch: Partial<FillSettings>): void;
  setFillJob(jobId: string | null): void;
  setStaging(staging: Staging | null): void;
  setComparing(comparing: boolean): void;
}

export const createFillSlice: StateCreator<StudioState, [], [], FillSlice> = (set) => ({
  fillSettings: { engine: 'auto', variants: 3, seed: 1, randomSeed: true },
  fillJobId: null,
  staging: null,
  comparing: false,
  maskRevision: 0,
  maskChanged: () => set((s) => ({ maskRevision: s.maskRevision + 1 })),
  setFillSettings: (patch) => set((s) => ({ fillSettings: { ...s.fillSettings, ...patch } })),
  setFillJob: (fillJobId) => set({ fillJobId }),
  setStaging: (staging) => set({ staging, comparing: false }),
  setComparing: (comparing) => set({ comparing }),
});
