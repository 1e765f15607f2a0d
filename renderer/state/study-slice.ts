import type { StateCreator } from 'zustand';
import type { StudyState } from '../../native/api/study';
import type { StudioState } from './store';

/**
 * What the research screens show besides the engine's state: the start screen before the engine
 * has a participant, and the goodbye after one has left (declined, or finished).
 */
export type StudyScreen = 'start' | 'declined' | 'thanks' | null;

/** Research mode (issue 9): the loaded study as the engine reports it (`study.changed`). */
export interface StudySlice {
  study: StudyState | null;
  studyScreen: StudyScreen;
  setStudy(study: StudyState | null): void;
  setStudyScreen(screen: StudyScreen): void;
}

export const createStudySlice: StateCreator<StudioState, [], [], StudySlice> = (set) => ({
  study: null,
  studyScreen: null,
  setStudy: (study) => set({ study }),
  setStudyScreen: (studyScreen) => set({ studyScreen }),
});
