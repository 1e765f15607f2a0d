import type { JobSpec } from '../api/jobs';
import type { StudioHandlers } from '../api/dispatch';
import type { FileAccess } from '../project/file-access';
import type { JobSupervisor } from './supervisor';

type JobsHandlers = Pick<
  StudioHandlers,
  'jobs.submit' | 'jobs.cancel' | 'jobs.get' | 'jobs.list' | 'jobs.clearFinished'
>;

/** Paths named by a job are resolved and confined like every other path a client names. */
async function confinePaths(spec: JobSpec, files: FileAccess): Promise<JobSpec> {
  switch (spec.kind) {
    case 'thumbnail': {
      const source = spec.args.source;
      if (source.type !== 'path') return spec;
      const path = await files.resolve(source.path);
      return { ...spec, args: { ...spec.args, source: { ...source, path } } };
    }
    case 'export-image':
      return { ...spec, args: { ...spec.args, path: await files.resolve(spec.args.path) } };
    case 'inpaint':
      return spec; // no paths: everything travels in the arguments
  }
}

/** The `jobs` group of StudioApi. */
export function jobsHandlers(supervisor: JobSupervisor, files: FileAccess): JobsHandlers {
  return {
    'jobs.submit': async (spec) => ({ jobId: supervisor.submit(await confinePaths(spec, files)).id }),
    'jobs.cancel': ({ jobId }) => ({ cancelled: supervisor.cancel(jobId) }),
    'jobs.get': ({ jobId }) => supervisor.get(jobId),
    'jobs.list': () => supervisor.list(),
    'jobs.clearFinished': () => ({ removed: supervisor.clearFinished() }),
  };
}
