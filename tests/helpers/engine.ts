import type { StudioError } from '../../native/api/errors';
import type { JobInfo } from '../../native/api/jobs';
import { createEngine } from '../../native/studio/engine';
import { fileURLToPath } from 'node:url';
import { nodeJobProcessFactory, type JobProcessFactory } from '../../native/jobs/process';

/** The real job process entry, run from source. */
export const realWorker: JobProcessFactory = nodeJobProcessFactory({
  entry: fileURLToPath(new URL('../../native/jobs/worker.ts', import.meta.url)),
  execArgv: ['--import', 'tsx'],
  maxOldSpaceMb: 1024,
});

/** The test worker that can hang or crash on request (see test-worker.ts). */
export const misbehavingWorker: JobProcessFactory = nodeJobProcessFactory({
  entry: fileURLToPath(new URL('./test-worker.ts', import.meta.url)),
  execArgv: ['--import', 'tsx'],
  maxOldSpaceMb: 1024,
});

/** A real engine (real job process) confined to `root`, and a typed way to call it. */
export function testEngine(root: string, userDataDir: string) {
  const engine = createEngine({ mode: 'web', userDataDir, fileRoot: root, spawnJobProcess: realWorker });
  const call = <T>(method: string, args?: unknown) =>
    engine.dispatcher.call(method, args, { origin: 'test' }) as Promise<T>;
  /** The error a call ends with, or null when it succeeds. */
  const failure = (method: string, args?: unknown) =>
    call(method, args).then(
      () => null,
      (e: StudioError) => e,
    );
  /** The job's info once it has ended (done, failed or cancelled). */
  const finished = async (jobId: string): Promise<JobInfo> => {
    for (;;) {
      const info = await call<JobInfo>('jobs.get', { jobId });
      if (['done', 'failed', 'cancelled'].includes(info.state)) return info;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { engine, call, failure, finished };
}
