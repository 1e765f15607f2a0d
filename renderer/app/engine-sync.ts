import { useEffect } from 'react';
import type { StudioApi } from '../../native/api/contract';
import { useStudio } from '../state/store';
import type { JobInfo } from '../../native/api/jobs';
import { FAMILY_LABELS, ModelJobResultSchema } from '../../native/api/models';
import { logUiEvent } from './feedback';
import { fillJobUpdated } from './fill-actions';
import { musicJobUpdated } from './music-actions';
import { adoptCurrent } from './project-actions';

/** What a finished model job says. */
function modelDone(info: JobInfo): string {
  const result = ModelJobResultSchema.safeParse(info.result);
  const name = result.success ? `"${result.data.name}" (${FAMILY_LABELS[result.data.family]})` : 'The model';
  if (info.kind === 'model-verify') return `${name} is intact: its files match the manifest`;
  return `${name} is ready to use`;
}

/** Loads what the shell shows from the engine and keeps it current from engine events. */
export function useEngineSync(studio: StudioApi): void {
  useEffect(() => {
    const store = useStudio.getState();
    let alive = true;
    studio.app
      .info()
      .then((info) => alive && store.setInfo(info))
      .catch((error: Error) => store.notify('error', `Cannot reach the studio engine: ${error.message}`));
    studio.jobs
      .list()
      .then((list) => alive && store.setJobs(list))
      .catch(() => {});
    const offUpdate = studio.jobs.onUpdate((info) => {
      const before = useStudio.getState().jobs[info.id];
      store.upsertJob(info);
      // Fills and frames (a Stable Diffusion job) end in the same staging strip.
      if (info.kind === 'inpaint' || info.kind === 'diffusion') void fillJobUpdated(studio, info);
      if (info.kind === 'music') musicJobUpdated(studio, info);
      if (info.state === 'failed' && before?.state !== 'failed' && info.error) {
        store.notify('error', `${info.label} failed: ${info.error.message}`);
      }
      if (info.kind === 'export-image' && info.state === 'done' && before?.state !== 'done') {
        store.notify('info', `${info.label.replace(/^Export /, 'Exported ')}`);
      }
      if (info.kind.startsWith('model-') && info.state === 'done' && before?.state !== 'done') {
        store.notify('info', modelDone(info));
      }
    });
    studio.models
      .list()
      .then((list) => alive && store.setModels(list))
      .catch(() => {});
    const offModels = studio.models.onChanged((list) => store.setModels(list));
    const offProgress = studio.jobs.onProgress((progress) => store.applyProgress(progress));
    void adoptCurrent(studio).catch(() => {});
    const offStatus = studio.project.onStatus((status) => {
      // Title, saved state and autosave problems, also when another window saved.
      if (status && useStudio.getState().project) store.setStatus(status);
    });
    // Tool changes are research data: logged with the project (never saved or undone).
    const offTool = useStudio.subscribe((state, previous) => {
      if (state.tool !== previous.tool && state.project) {
        void logUiEvent(studio, { type: 'tool.changed', name: state.tool, args: { from: previous.tool } });
      }
    });
    return () => {
      alive = false;
      offTool();
      offUpdate();
      offProgress();
      offStatus();
      offModels();
    };
  }, [studio]);
}
