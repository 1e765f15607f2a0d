import { toStudioError } from '../api/errors';
import type { JobDefinition, JobKinds } from './definition';
import type { FromWorker, ToWorker } from './messages';

export interface WorkerPort {
  send(message: FromWorker): void;
  onMessage(listener: (message: unknown) => void): void;
}

/**
 * The port to the supervisor: Electron's utilityProcess has `process.parentPort`, a Node child
 * process has `process.send`. The same entry file runs under both.
 */
export function parentPort(): WorkerPort {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      send: (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
    };
  }
  if (!process.send) throw new Error('the job process must be started by the job supervisor');
  // If the studio goes away (even by SIGKILL), a job process must not linger, hung or busy.
  process.on('disconnect', () => process.exit(0));
  return {
    send: (message) => process.send!(message),
    onMessage: (listener) => process.on('message', listener),
  };
}
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const PROGRESS_INTERVAL_MS = 50;

/** Runs jobs one at a time as the supervisor sends them. */
export function runJobWorker(kinds: JobKinds, port: WorkerPort): void {
  port.onMessage((raw) => {
    const message = raw as ToWorker;
    if (message?.type !== 'run') return;
    void runOne(kinds, port, message);
  });
  port.send({ type: 'ready', pid: process.pid });
}

async function runOne(kinds: JobKinds, port: WorkerPort, { jobId, spec }: ToWorker): Promise<void> {
  let lastSent = 0;
  const ctx = {
    jobId,
    progress(fraction: number, stage: string) {
      const now = Date.now();
      if (now - lastSent < PROGRESS_INTERVAL_MS && fraction < 1) return;
      lastSent = now;
      port.send({ type: 'progress', jobId, progress: Math.min(1, Math.max(0, fraction)), stage });
    },
  };
  try {
    const definition = kinds[spec.kind] as JobDefinition<typeof spec.kind> | undefined;
    if (!definition) throw new Error(`the job process has no job kind "${spec.kind}"`);
    const result = await definition.run(spec.args, ctx);
    port.send({ type: 'done', jobId, result });
  } catch (error) {
    port.send({ type: 'failed', jobId, error: toStudioError(error).toData() });
  }
}
