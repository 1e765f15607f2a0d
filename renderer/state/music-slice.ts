import type { StateCreator } from 'zustand';
import type { StudioState } from './store';

export interface MusicSettings {
  prompt: string;
  /** Null: the storyboard's length (or 30 s without shots). */
  seconds: number | null;
  /** `builtin` (the composer) or `model:<id>` (a MusicGen folder of the models folder). */
  engine: 'builtin' | `model:${string}`;
  variants: number;
  seed: number;
  randomSeed: boolean;
}

/** A soundtrack variant waiting to be accepted or discarded (session state: never saved). */
export interface MusicVariant {
  /** The index the engine knows it by. */
  index: number;
  seed: number;
  bpm: number;
  key: string;
  seconds: number;
  /** The WAV, as an object URL for preview. */
  url: string;
}

export interface MusicStaging {
  jobId: string;
  /** What made them, as the edit log names it: `composer` or `musicgen`. */
  engine: string;
  variants: MusicVariant[];
  /** When the variants appeared: the time to decide is measured from here. */
  shownAt: number;
}

export interface MusicSlice {
  musicSettings: MusicSettings;
  musicJobId: string | null;
  musicStaging: MusicStaging | null;
  setMusicSettings(patch: Partial<MusicSettings>): void;
  setMusicJob(jobId: string | null): void;
  setMusicStaging(staging: MusicStaging | null): void;
}

export const createMusicSlice: StateCreator<StudioState, [], [], MusicSlice> = (set) => ({
  musicSettings: { prompt: '', seconds: null, engine: 'builtin', variants: 3, seed: 1, randomSeed: true },
  musicJobId: null,
  musicStaging: null,
  setMusicSettings: (patch) => set((s) => ({ musicSettings: { ...s.musicSettings, ...patch } })),
  setMusicJob: (musicJobId) => set({ musicJobId }),
  setMusicStaging: (musicStaging) => set({ musicStaging }),
});
