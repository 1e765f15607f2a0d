// The UI's Editor and the engine's twin stay in step, even when the engine refuses edits the UI
// already showed (another window changed the project meanwhile).
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createStudioClient } from '../../../native/api/client';
import { createEngine } from '../../../native/studio/engine';
import type { ProjectState } from '../../../native/api/project';
import { dispatch, newProject, settled } from '../../../renderer/app/project-actions';
import { useStudio } from '../../../renderer/state/store';
import { realWorker } from '../../helpers/engine';
import { tempDir } from '../../helpers/temp';

const dir = tempDir();
const engine = createEngine({
  mode: 'web',
  userDataDir: join(dir.path, 'ud'),
  fileRoot: dir.path,
  spawnJobProcess: realWorker,
});
const studio = createStudioClient({
  call: (method, args) => engine.dispatcher.call(method, args, { origin: 'test' }),
  subscribe: () => () => {},
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

const rename = (name: string) => ({ type: 'project.rename' as const, args: { name } });

describe('the UI and the engine', () => {
  it('agree after the engine refuses queued edits and the user goes on editing', async () => {
    await newProject(studio, { id: 'square', name: 'Square', width: 1080, height: 1080, ratio: '1:1' });
    expect(useStudio.getState().project?.doc.name).toBe('Untitled');

    // Another window renames the project: the engine is now one revision ahead of this UI.
    await studio.project.edit({ edit: { kind: 'command', command: rename('From elsewhere') }, revision: 0 });

    // This UI makes two edits at once; the engine refuses the first (out of step).
    dispatch(studio, rename('First'));
    dispatch(studio, rename('Second'));
    await settled();
    // The UI took the engine's document; the second queued edit was dropped, not sent.
    expect(useStudio.getState().project?.doc.name).toBe('From elsewhere');

    // The user goes on: this edit is applied in both.
    dispatch(studio, rename('Third'));
    await settled();
    const engineState = (await studio.project.current()) as ProjectState;
    expect(engineState.document.name).toBe('Third');
    expect(useStudio.getState().project?.doc).toEqual(engineState.document);
    expect(useStudio.getState().project?.status.revision).toBe(engineState.revision);
  });
});
