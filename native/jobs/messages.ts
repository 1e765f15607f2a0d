import type { StudioErrorData } from '../api/errors';
import type { JobSpec } from '../api/jobs';

/** Supervisor → job process. */
export type ToWorker = { type: 'run'; jobId: string; spec: JobSpec };

/** Job process → supervisor. */
export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; jobId: string; progress: number; stage: string }
  | { type: 'done'; jobId: string; result: unknown }
  | { type: 'failed'; jobId: string; error: StudioErrorData };
