import { create } from 'zustand';
import { createFillSlice, type FillSlice } from './fill-slice';
import { createJobsSlice, type JobsSlice } from './jobs-slice';
import { createModelsSlice, type ModelsSlice } from './models-slice';
import { createMusicSlice, type MusicSlice } from './music-slice';
import { createProjectSlice, type ProjectSlice } from './project-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createStudySlice, type StudySlice } from './study-slice';
import { createTimelineSlice, type TimelineSlice } from './timeline-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type StudioState = SessionSlice &
  JobsSlice &
  UiSlice &
  ProjectSlice &
  FillSlice &
  ModelsSlice &
  MusicSlice &
  TimelineSlice &
  StudySlice;

/** The one store of the renderer, made of slices (STYLE.md 10). */
export const useStudio = create<StudioState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createJobsSlice(...a),
  ...createUiSlice(...a),
  ...createProjectSlice(...a),
  ...createFillSlice(...a),
  ...createModelsSlice(...a),
  ...createMusicSlice(...a),
  ...createTimelineSlice(...a),
  ...createStudySlice(...a),
}));
