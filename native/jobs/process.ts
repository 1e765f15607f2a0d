import { fork } from 'node:child_process';
import type { FromWorker, ToWorker } from './messages';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/** One job process as the supervisor sees it, whatever started it. */
export interface JobProcess {
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  onExit(listener: (info: ExitInfo) => void): void;
  /** Ends the process at once (SIGKILL): the only way to stop a running onnxruntime call. */
  kill(): void;
}

export type JobProcessFactory = () => JobProcess;

export interface NodeJobProcessOptions {
  /** The built worker entry (dist/worker.js), or a TypeScript entry with `execArgv: ['--import', 'tsx']`. */
  entry: string;
  execArgv?: string[];
  /** V8 heap limit of the job process in MB. */
  maxOldSpaceMb?: number;
}

/** Starts job processes as Node child processes (web mode, CLI, tests). */
export function nodeJobProcessFactory(options: NodeJobProcessOptions): JobProcessFactory {
  return () => {
    const child = fork(options.entry, [], {
      serialization: 'advanced', // Uint8Array crosses as bytes, not as JSON arrays
      execArgv: [...(options.execArgv ?? []), `--max-old-space-size=${options.maxOldSpaceMb ?? 8192}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // EPIPE and the like when the process dies mid-send: its 'exit' will follow and fail the job.
    child.on('error', () => child.kill('SIGKILL'));
    return {
      send: (message) => {
        if (child.connected) child.send(message, (error) => error && child.kill('SIGKILL'));
      },
      onMessage: (listener) => child.on('message', (m) => listener(m as FromWorker)),
      onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal })),
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}
