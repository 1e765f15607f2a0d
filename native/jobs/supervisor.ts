import { randomBytes } from 'node:crypto';
import { StudioError } from '../api/errors';
import { describeJob, jobResultSchemas, type JobInfo, type JobProgress, type JobSpec } from '../api/jobs';
import type { FromWorker } from './messages';
import type { ExitInfo, JobProcess, JobProcessFactory } from './process';
import { removeLeftovers, removeLeftoversNow } from './leftovers';

export interface SupervisorOptions {
  spawn: JobProcessFactory;
  onUpdate?: (info: JobInfo) => void;
  onProgress?: (progress: JobProgress) => void;
  /** Finished jobs kept for the Jobs panel; older ones are forgotten first. */
  keepFinished?: number;
}

interface Record_ {
  info: JobInfo;
  spec: JobSpec;
}

/**
 * The queue of heavy work. Jobs run one at a time in a separate process; cancelling a running
 * job kills that process (onnxruntime-node cannot abort `session.run`), and the next job gets a
 * fresh one. A process that dies on its own fails its job with a clear error; the app goes on.
 */
export class JobSupervisor {
  private readonly jobs = new Map<string, Record_>();
  private readonly queue: string[] = [];
  private process: JobProcess | null = null;
  private running: string | null = null;
  private closed = false;

  constructor(private readonly options: SupervisorOptions) {}

  submit(spec: JobSpec): JobInfo {
    if (this.closed) throw new StudioError('unavailable', 'the job queue is shut down');
    const info: JobInfo = {
      id: `job:${randomBytes(9).toString('base64url')}`,
      kind: spec.kind,
      label: describeJob(spec),
      state: 'queued',
      progress: 0,
      stage: 'waiting',
      createdAt: Date.now(),
      startedAt: null,
      endedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(info.id, { info, spec });
    this.queue.push(info.id);
    this.options.onUpdate?.(info);
    this.pump();
    return info;
  }

  get(jobId: string): JobInfo {
    const job = this.jobs.get(jobId);
    if (!job) throw new StudioError('not_found', `no job ${jobId}`);
    return job.info;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info);
  }

  /** Cancels a queued or running job; false when it had already ended. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new StudioError('not_found', `no job ${jobId}`);
    if (job.info.state === 'queued') {
      this.queue.splice(this.queue.indexOf(jobId), 1);
      this.finish(jobId, { state: 'cancelled', stage: 'cancelled' });
      return true;
    }
    if (job.info.state === 'running') {
      const proc = this.process;
      this.process = null;
      this.running = null;
      // What the job was writing goes once the process (and the children it fed) has stopped.
      proc?.onExit(() => void removeLeftovers(jobId, job.spec));
      proc?.kill();
      this.finish(jobId, { state: 'cancelled', stage: 'cancelled' });
      // Restart at once, so the next job does not wait for a process to start.
      if (!this.closed) this.ensureProcess();
      this.pump();
      return true;
    }
    return false;
  }

  clearFinished(): number {
    let removed = 0;
    for (const [id, job] of this.jobs) {
      if (job.info.endedAt !== null) {
        this.jobs.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Cancels everything and ends the job process. */
  shutdown(): void {
    this.closed = true;
    for (const id of [...this.queue]) this.cancel(id);
    const running = this.running ? this.jobs.get(this.running) : undefined;
    if (this.running) this.cancel(this.running);
    this.process?.kill();
    this.process = null;
    // The process's exit (where a cancel's leftovers are removed) may never be heard now.
    if (running) removeLeftoversNow(running.info.id, running.spec);
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    const job = this.jobs.get(next)!;
    this.running = next;
    this.update(next, { state: 'running', stage: 'starting', startedAt: Date.now() });
    this.ensureProcess().send({ type: 'run', jobId: next, spec: job.spec });
  }

  private ensureProcess(): JobProcess {
    if (this.process) return this.process;
    const proc = this.options.spawn();
    this.process = proc;
    proc.onMessage((message) => this.onMessage(proc, message));
    proc.onExit((exit) => this.onExit(proc, exit));
    return proc;
  }

  private onMessage(proc: JobProcess, message: FromWorker): void {
    if (proc !== this.process || message.type === 'ready' || message.jobId !== this.running) return;
    const jobId = message.jobId;
    if (message.type === 'progress') {
      this.update(jobId, { progress: message.progress, stage: message.stage }, false);
      this.options.onProgress?.({ jobId, progress: message.progress, stage: message.stage });
      return;
    }
    this.running = null;
    if (message.type === 'done') {
      const kind = this.jobs.get(jobId)!.info.kind;
      const checked = jobResultSchemas[kind].safeParse(message.result);
      if (checked.success) {
        this.finish(jobId, { state: 'done', progress: 1, stage: 'done', result: checked.data });
      } else {
        this.finish(jobId, {
          state: 'failed',
          stage: 'failed',
          error: { code: 'internal', message: `the ${kind} job returned a malformed result` },
        });
      }
    } else {
      this.finish(jobId, { state: 'failed', stage: 'failed', error: message.error });
    }
    this.pump();
  }

  private onExit(proc: JobProcess, exit: ExitInfo): void {
    if (proc !== this.process) return; // a process we killed on purpose
    this.process = null;
    const jobId = this.running;
    this.running = null;
    if (jobId) {
      void removeLeftovers(jobId, this.jobs.get(jobId)!.spec);
      const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
      const hint = exit.signal === 'SIGABRT' || exit.code === 134 ? ' — it probably ran out of memory' : '';
      this.finish(jobId, {
        state: 'failed',
        stage: 'failed',
        error: { code: 'job_failed', message: `The job process stopped unexpectedly (${how})${hint}.` },
      });
    }
    this.pump();
  }

  private update(jobId: string, patch: Partial<JobInfo>, notify = true): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    job.info = { ...job.info, ...patch };
    if (notify) this.options.onUpdate?.(job.info);
  }

  private finish(jobId: string, patch: Partial<JobInfo>): void {
    this.update(jobId, { ...patch, endedAt: Date.now() });
    this.forgetOldJobs();
  }

  private forgetOldJobs(): void {
    const keep = this.options.keepFinished ?? 100;
    const finished = [...this.jobs.values()].filter((j) => j.info.endedAt !== null);
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(job.info.id);
  }
}
