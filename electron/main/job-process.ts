import { utilityProcess } from 'electron';
import type { FromWorker } from '../../native/jobs/messages';
import type { JobProcessFactory } from '../../native/jobs/process';

/** Job processes as Electron utility processes, running the same entry as web mode. */
export function utilityJobProcessFactory(entry: string): JobProcessFactory {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Atelier jobs', stdio: 'inherit' });
    let exited = false;
    return {
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromWorker)),
      onExit: (listener) =>
        child.on('exit', (code: number) => {
          exited = true;
          listener({ code, signal: null });
        }),
      kill: () => {
        child.kill();
      },
    };
  };
}
