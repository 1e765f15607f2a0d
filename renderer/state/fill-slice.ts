import type { StateCreator } from 'zustand';
import type { FillEngine } from '../../native/api/jobs';
import type { FrameConsistency } from '../app/frame-consistency';
import type { StudioState } from './store';

/** The Stable Diffusion settings of a prompted generation; null steps or guidance: the model's own. */
export interface PromptSettings {
  prompt: string;
  negativePrompt: string;
  steps: number | null;
  guidance: number | null;
}

export interface FillSettings extends PromptSettings {
  engine: FillEngine;
  variants: number;
  /** The seed asked for; ignored while `randomSeed` is on. */
  seed: number;
  randomSeed: boolean;
}

/** A storyboard frame: a picture made from a prompt by a Stable Diffusion model of the models folder. */
export interface FrameSettings extends PromptSettings {
  /** `model:<id>`; null: the first Stable Diffusion model listed. */
  engine: `model:${string}` | null;
  variants: number;
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
  /** A fill of the mask, or a frame (a picture over the whole artboard). */
  kind: 'fill' | 'frame';
  canvasId: string;
  box: { x: number; y: number; width: number; height: number };
  variants: StagedVariant[];
  /** The one shown. */
  current: number;
  /** When the variants appeared: the time to decide is measured from here. */
  shownAt: number;
}

export interface FillSlice {
  /** What the Generate panel shows: generative fill, or a storyboard frame. */
  generateMode: 'fill' | 'frame';
  fillSettings: FillSettings;
  frameSettings: FrameSettings;
  /**
   * "Keep consistent" of each project's frames, by project id, as set in this session (the
   * settings are kept in localStorage too, so they outlive it: see frame-consistency.ts).
   */
  frameConsistency: Record<string, FrameConsistency>;
  /** The fill or frame job running, if any (one generation at a time). */
  fillJobId: string | null;
  staging: Staging | null;
  /** Held key: show the picture without the variant. */
  comparing: boolean;
  /** Goes up when the mask's pixels are replaced or a mask step ends (the Generate panel's figures). */
  maskRevision: number;
  maskChanged(): void;
  setGenerateMode(mode: 'fill' | 'frame'): void;
  setFillSettings(patch: Partial<FillSettings>): void;
  setFrameSettings(patch: Partial<FrameSettings>): void;
  setFrameConsistency(projectId: string, consistency: FrameConsistency): void;
  setFillJob(jobId: string | null): void;
  setStaging(staging: Staging | null): void;
  setComparing(comparing: boolean): void;
}

const noPrompt: PromptSettings = { prompt: '', negativePrompt: '', steps: null, guidance: null };

export const createFillSlice: StateCreator<StudioState, [], [], FillSlice> = (set) => ({
  generateMode: 'fill',
  fillSettings: { engine: 'auto', variants: 3, seed: 1, randomSeed: true, ...noPrompt },
  frameSettings: { engine: null, variants: 2, seed: 1, randomSeed: true, ...noPrompt },
  frameConsistency: {},
  fillJobId: null,
  staging: null,
  comparing: false,
  maskRevision: 0,
  maskChanged: () => set((s) => ({ maskRevision: s.maskRevision + 1 })),
  setGenerateMode: (generateMode) => set({ generateMode }),
  setFillSettings: (patch) => set((s) => ({ fillSettings: { ...s.fillSettings, ...patch } })),
  setFrameSettings: (patch) => set((s) => ({ frameSettings: { ...s.frameSettings, ...patch } })),
  setFrameConsistency: (projectId, consistency) =>
    set((s) => ({ frameConsistency: { ...s.frameConsistency, [projectId]: consistency } })),
  setFillJob: (fillJobId) => set({ fillJobId }),
  setStaging: (staging) => set({ staging, comparing: false }),
  setComparing: (comparing) => set({ comparing }),
});
