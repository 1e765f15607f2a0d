import type { StateCreator } from 'zustand';
import type { JobInfo, JobProgress } from '../../native/api/jobs';
import type { StudioState } from './store';

export interface JobsSlice {
  /** Jobs by id, as the engine last reported them. */
  jobs: Record<string, JobInfo>;
  /** Progress events seen per job (the status bar animates from these). */
  progressEvents: Record<string, number>;
  setJobs(list: JobInfo[]): void;
  upsertJob(info: JobInfo): void;
  applyProgress(progress: JobProgress): void;
}

export const createJobsSlice: StateCreator<StudioState, [], [], JobsSlice> = (set) => ({
  jobs: {},
  progressEvents: {},
  setJobs: (list) => set({ jobs: Object.fromEntries(list.map((job) => [job.id, job])) }),
  upsertJob: (info) => set((state) => ({ jobs: { ...state.jobs, [info.id]: info } })),
  applyProgress: ({ jobId, progress, stage }) =>
    set((state) => {
      const job = state.jobs[jobId];
      if (!job || job.endedAt !== null) return {};
      return {
        jobs: { ...state.jobs, [jobId]: { ...job, progress, stage } },
        progressEvents: { ...state.progressEvents, [jobId]: (state.progressEvents[jobId] ?? 0) + 1 },
      };
    }),
});

/** Newest first. */
export function jobList(jobs: Record<string, JobInfo>): JobInfo[] {
  return Object.values(jobs).sort((a, b) => b.createdAt - a.createdAt);
}
