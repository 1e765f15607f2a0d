// The one small file that composes StudioApi from the modules that own each area.
import { createDispatcher, EventHub, type Dispatcher, type StudioHandlers } from '../api/dispatch';
import type { AppInfo } from '../api/schemas';
import { jobsHandlers } from '../jobs/api';
import type { JobProcessFactory } from '../jobs/process';
import { JobSupervisor } from '../jobs/supervisor';
import { FileAccess } from '../project/file-access';
import { RecentProjects } from '../project/recent';
import { ProjectService } from '../project/service';
import { APP_VERSION, appInfo } from './app-info';
import { SettingsStore } from './settings';
import { ModelsService } from '../inference/models-service';
import { StudyService } from '../study/study-service';
import { ResearchService } from '../feedback/research-service';

export interface EngineOptions {
  mode: AppInfo['mode'];
  userDataDir: string;
  /** The folder the in-app file browser is confined to (web mode); default: the user's home. */
  fileRoot?: string;
  spawnJobProcess: JobProcessFactory;
}

export interface Engine {
  dispatcher: Dispatcher;
  events: EventHub;
  jobs: JobSupervisor;
  close(): void;
}

export function createEngine(options: EngineOptions): Engine {
  const events = new EventHub();
  const settings = new SettingsStore(options.userDataDir);
  const recent = new RecentProjects(options.userDataDir);
  const files = new FileAccess(options.fileRoot);
  const jobs = new JobSupervisor({
    spawn: options.spawnJobProcess,
    onUpdate: (info) => {
      events.emit('jobs.update', info);
      projects.jobUpdated(info);
      models.jobUpdated(info);
    },
    onProgress: (progress) => events.emit('jobs.progress', progress),
  });
  const info = appInfo(options.mode, options.userDataDir);
  const models = new ModelsService({
    userDataDir: options.userDataDir,
    settings: () => settings.get(),
    files,
    submitJob: (spec) => jobs.submit(spec),
    onChanged: (list) => events.emit('models.changed', list),
  });
  const projects = new ProjectService({
    session: { userDataDir: options.userDataDir, appVersion: APP_VERSION },
    files,
    recent,
    autosaveSeconds: async () => (await settings.get()).autosaveSeconds,
    onStatus: (status) => events.emit('project.status', status),
    submitJob: (spec) => jobs.submit(spec),
    getJob: (jobId) => jobs.list().find((job) => job.id === jobId) ?? null,
    cancelJob: (jobId) => void jobs.cancel(jobId),
    models,
    // Asked only once a study runs (studies is made just below).
    study: { session: () => studies.hooks.session(), fill: () => studies.hooks.fill() },
  });
  const studies: StudyService = new StudyService({
    userDataDir: options.userDataDir,
    appVersion: APP_VERSION,
    files,
    projects,
    onChanged: (state) => events.emit('study.changed', state),
  });
  const research = new ResearchService({
    files,
    studyDataDir: () => Promise.resolve(studies.dataDir),
  });

  const handlers: StudioHandlers = {
    'app.info': () => info,
    'settings.get': () => settings.get(),
    'settings.set': async (patch) => {
      const before = await settings.get();
      if (patch.modelsDir !== undefined)
        patch = { ...patch, modelsDir: await models.checkFolder(patch.modelsDir) };
      const next = await settings.set(patch);
      events.emit('settings.changed', next);
      if (
        before.modelsDir !== next.modelsDir ||
        before.preferredProviders.join() !== next.preferredProviders.join()
      ) {
        models.settingsChanged();
      }
      return next;
    },
    'recent.list': () => recent.list(),
    'recent.add': ({ path }) => recent.add(path),
    'recent.remove': ({ path }) => recent.remove(path),
    'recent.clear': () => recent.clear(),
    'files.roots': () => files.roots(),
    'files.list': ({ path, extensions, showHidden }) => files.list(path, { extensions, showHidden }),
    'files.resolveSave': ({ dir, name }) => files.resolveSave(dir, name),
    ...jobsHandlers(jobs, files),
    ...projects.handlers(),
    ...models.handlers(),
    ...studies.handlers(),
    ...research.handlers(),
  };

  return {
    dispatcher: createDispatcher(handlers),
    events,
    jobs,
    close: () => {
      jobs.shutdown();
      projects.shutdown();
    },
  };
}
