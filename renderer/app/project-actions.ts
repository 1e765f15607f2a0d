import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import type { ProjectState } from '../../native/api/project';
import type { Command } from '../../native/model/commands/index';
import type { Edit } from '../../native/model/editor';
import type { GestureLabel } from '../../native/model/gestures';
import type { Placement } from '../state/session-slice';
import { useStudio } from '../state/store';

const message = (error: unknown) => (isStudioError(error) ? error.message : String(error));

/** Edits go to the engine one after another, each naming the revision it follows. */
let pending: Promise<unknown> = Promise.resolve();
let sentRevision = 0;
/**
 * Goes up whenever the UI's document is replaced by the engine's (open, new, a refused edit):
 * edits queued before that belong to a document the UI no longer shows and are not sent.
 */
let epoch = 0;

function show(state: ProjectState | null): void {
  epoch++;
  useStudio.getState().setProject(state);
  sentRevision = state?.revision ?? 0;
}

/** Shows the project the engine has open (after a page reload in web mode, or at start). */
export async function adoptCurrent(studio: StudioApi): Promise<void> {
  await settled();
  show(await studio.project.current());
}

/** Sends an edit the UI already applied; if the engine disagrees, the UI takes the engine's state. */
function mirror(studio: StudioApi, edit: Edit): void {
  const revision = sentRevision++;
  const sentIn = epoch;
  pending = pending.then(async () => {
    if (sentIn !== epoch) return; // the UI was reset since: this edit is not on screen any more
    try {
      useStudio.getState().setStatus(await studio.project.edit({ edit, revision }));
    } catch (error) {
      if (sentIn !== epoch) return;
      useStudio.getState().notify('error', `The change was not kept: ${message(error)}`);
      show(await studio.project.current().catch(() => null));
    }
  });
}

/**
 * Work that ends in an edit a moment later (a mask stroke is encoded and stored first): undo
 * and redo wait for it, so the step lands where the user made it, and so do save and close.
 */
let held = 0;
let heldWork: Promise<unknown> = Promise.resolve();
export function holdHistory(work: Promise<unknown>): void {
  held++;
  heldWork = Promise.all([heldWork, work.finally(() => held--)]).catch(() => {});
}

/** Waits until the engine has every edit sent so far (before saving, closing, opening). */
export async function settled(): Promise<unknown> {
  await heldWork;
  return pending.catch(() => {});
}

/** The one way the UI changes the document: a command, applied here and in the engine. */
export function dispatch(studio: StudioApi, command: Command): boolean {
  const { project, refreshDoc, notify } = useStudio.getState();
  if (!project) return false;
  const result = project.editor.dispatch(command);
  if (!result.ok) {
    if (!('noop' in result)) notify('error', result.reason);
    return false;
  }
  refreshDoc();
  mirror(studio, {
    kind: 'command',
    command: result.record.kind === 'command' ? result.record.command : command,
  });
  return true;
}

export function undo(studio: StudioApi): void {
  if (held > 0) {
    void heldWork.then(() => undo(studio));
    return;
  }
  const project = useStudio.getState().project;
  if (!project?.editor.undo().ok) return;
  useStudio.getState().refreshDoc();
  mirror(studio, { kind: 'undo' });
}

export function redo(studio: StudioApi): void {
  if (held > 0) {
    void heldWork.then(() => redo(studio));
    return;
  }
  const project = useStudio.getState().project;
  if (!project?.editor.redo().ok) return;
  useStudio.getState().refreshDoc();
  mirror(studio, { kind: 'redo' });
}

/** A drag or a slider: live updates here, one undo step in both editors when it ends. */
export const gesture = {
  begin(label: GestureLabel): void {
    useStudio.getState().project?.editor.beginGesture(label);
  },
  update(command: Command): void {
    const project = useStudio.getState().project;
    if (project?.editor.updateGesture(command).ok) useStudio.getState().refreshDoc();
  },
  commit(studio: StudioApi): void {
    const project = useStudio.getState().project;
    const result = project?.editor.commitGesture();
    useStudio.getState().refreshDoc();
    if (result?.ok && result.record.kind === 'gesture') {
      mirror(studio, { kind: 'gesture', label: result.record.label, commands: result.record.commands });
    }
  },
  cancel(): void {
    useStudio.getState().project?.editor.cancelGesture();
    useStudio.getState().refreshDoc();
  },
};

/** Asks a question in a dialog; resolves with the chosen button's id, or null. */
export function ask(
  title: string,
  text: string,
  buttons: { id: string; label: string; primary?: boolean }[],
): Promise<string | null> {
  return new Promise((resolve) => {
    useStudio.getState().openDialog({
      kind: 'question',
      question: {
        title,
        message: text,
        buttons,
        answer: (choice) => {
          useStudio.getState().openDialog(null);
          resolve(choice);
        },
      },
    });
  });
}

/**
 * Before the open project is replaced or closed: asks about unsaved changes. True when the
 * caller may go on (saved, or the user chose not to save).
 */
export async function readyToLeave(studio: StudioApi): Promise<boolean> {
  await settled();
  const project = useStudio.getState().project;
  if (!project?.status.dirty) return true;
  const choice = await ask(
    'Unsaved changes',
    `Save the changes to "${project.status.title}" before closing it?`,
    [
      { id: 'save', label: 'Save', primary: true },
      { id: 'discard', label: "Don't save" },
      { id: 'cancel', label: 'Cancel' },
    ],
  );
  if (choice === 'discard') return true;
  if (choice !== 'save') return false;
  if (!project.status.path) {
    useStudio.getState().openDialog({ kind: 'file-browser', purpose: 'save-project' });
    return false;
  }
  return saveProject(studio);
}

/** Work to finish in a project before it closes (a decision still open is logged in it). */
const leaving: ((studio: StudioApi) => Promise<unknown>)[] = [];
export function beforeLeaving(task: (studio: StudioApi) => Promise<unknown>): void {
  leaving.push(task);
}
/** Runs the work to finish before the open project goes (research mode: before the next task). */
export const leave = (studio: StudioApi) => Promise.all(leaving.map((task) => task(studio).catch(() => {})));

async function replaceWith(studio: StudioApi, open: () => Promise<ProjectState>): Promise<void> {
  if (!(await readyToLeave(studio))) return;
  await leave(studio);
  try {
    if (useStudio.getState().project) await studio.project.close({ discard: true });
    show(await open());
  } catch (error) {
    useStudio.getState().notify('error', message(error));
  }
}

export function newProject(studio: StudioApi, placement: Placement): Promise<void> {
  return replaceWith(studio, () =>
    studio.project.new({
      placement: { id: placement.id, name: placement.name, width: placement.width, height: placement.height },
    }),
  );
}

export function openProject(studio: StudioApi, path: string): Promise<void> {
  return replaceWith(studio, () => studio.project.open({ path }));
}

/** The sample campaign, made by the engine the first time and opened like a project file. */
export function openSample(studio: StudioApi): Promise<void> {
  return replaceWith(studio, () => studio.project.openSample());
}

export function recoverProject(studio: StudioApi, id: string): Promise<void> {
  return replaceWith(studio, () => studio.project.recover({ id }));
}

export async function closeProject(studio: StudioApi): Promise<void> {
  if (!(await readyToLeave(studio))) return;
  await leave(studio);
  await studio.project.close({ discard: true }).catch(() => {});
  show(null);
}

/** Saves in place; a project never saved asks where first. True when saved. */
export async function saveProject(studio: StudioApi): Promise<boolean> {
  await settled();
  const project = useStudio.getState().project;
  if (!project) return false;
  if (!project.status.path) {
    useStudio.getState().openDialog({ kind: 'file-browser', purpose: 'save-project' });
    return false;
  }
  try {
    useStudio.getState().setStatus(await studio.project.save());
    return true;
  } catch (error) {
    useStudio.getState().notify('error', message(error));
    return false;
  }
}

export async function saveProjectAs(studio: StudioApi, path: string): Promise<boolean> {
  await settled();
  try {
    useStudio.getState().setStatus(await studio.project.saveAs({ path }));
    return true;
  } catch (error) {
    useStudio.getState().notify('error', message(error));
    return false;
  }
}
