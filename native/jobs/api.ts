import { StudioError } from '../api/errors';
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
    case 'export-video': {
      const targets = [];
      for (const target of spec.args.targets)
        targets.push({ ...target, path: await files.resolve(target.path) });
      if (new Set(targets.map((t) => t.path)).size !== targets.length)
        throw new StudioError('invalid_argument', 'two targets name the same file', 'targets');
      return { ...spec, args: { ...spec.args, targets } };
    }
    case 'inpaint':
      // Everything travels in the arguments, except a model's file, which only the engine names.
      if (spec.args.model) throw viaEngine('a fill with a learned model', 'project.generateFill');
      return spec;
    case 'diffusion':
      // A Stable Diffusion folder is named only by the engine.
      throw viaEngine('a prompted generation', 'project.generateFill or project.generateFrame');
    case 'music':
      // The composer needs no files; a MusicGen folder is named only by the engine.
      if (spec.args.model) throw viaEngine('a soundtrack with a learned model', 'project.generateMusic');
      return spec;
    case 'model-add':
      throw viaEngine('adding a model', 'models.add');
    case 'model-download':
      throw viaEngine('downloading a model', 'models.download');
    case 'model-verify':
      throw viaEngine('verifying a model', 'models.verify');
  }
}

/** Jobs that name the models folder or a model's file are started by the engine, never by a client. */
function viaEngine(what: string, method: string): StudioError {
  return new StudioError('invalid_argument', `${what} is started with ${method}, not jobs.submit`, 'kind');
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
