import type { JobArgs, JobKind, JobResult } from '../api/jobs';

export interface JobContext {
  /** Reports progress (0..1) and what is happening; cheap to call often (the runtime throttles). */
  progress(fraction: number, stage: string): void;
  /**
   * The job's id, where the supervisor runs it: a job names what it leaves behind when killed by
   * it (see `jobLeftovers`), so the supervisor can remove exactly that.
   */
  jobId?: string;
}

/**
 * A job kind's implementation, declared by the module that owns the area and run in the job
 * process. Cancel needs no cooperation: the supervisor kills the process.
 */
export interface JobDefinition<K extends JobKind> {
  kind: K;
  run(args: JobArgs<K>, ctx: JobContext): Promise<JobResult<K>>;
}

export type JobKinds = { [K in JobKind]: JobDefinition<K> };
