// Research mode, what the screens do: load a study, run a participant through consent, the
// tasks and the questionnaire. The engine (native/study) decides and records; the UI follows
// its `study.changed` events and shows the project it opens for each task.
import { useEffect } from 'react';
import type { ArgsIn, StudioApi } from '../../native/api/contract';
import type { StudyAnswers } from '../../native/api/study';
import { errorText } from '../app/feedback';
import { adoptCurrent, ask, closeProject, leave, settled } from '../app/project-actions';
import { useStudio } from '../state/store';
import { enteredParticipantId, participantOf, plainMessage } from './study-logic';

const notifyError = (error: unknown) => useStudio.getState().notify('error', errorText(error));

/** Keeps the store's study as the engine has it (also after a page reload in web mode). */
export function useStudySync(studio: StudioApi): void {
  useEffect(() => {
    let alive = true;
    studio.study
      .current()
      .then((study) => alive && useStudio.getState().setStudy(study))
      .catch(() => {});
    const off = studio.study.onChanged((study) => useStudio.getState().setStudy(study));
    return () => {
      alive = false;
      off();
    };
  }, [studio]);
}

/** Loads a study file (a path) or a study written in the form (text); true when loaded. */
export async function loadStudy(studio: StudioApi, args: ArgsIn<'study.load'>): Promise<boolean> {
  try {
    const study = await studio.study.load(args);
    useStudio.getState().setStudy(study);
    const { definition } = study;
    useStudio
      .getState()
      .notify(
        'info',
        `Study "${definition.title}" loaded: ${definition.conditions.length} conditions, ${definition.tasks.length} task${definition.tasks.length === 1 ? '' : 's'}`,
      );
    return true;
  } catch (error) {
    notifyError(error);
    return false;
  }
}

/**
 * "Start participant…": the researcher's own project is closed first (asking about unsaved
 * changes), since each task opens a project of its own; then the start screen shows.
 */
export async function openParticipantStart(studio: StudioApi): Promise<void> {
  const { study } = useStudio.getState();
  if (!study || participantOf(study)) return;
  await closeProject(studio);
  if (useStudio.getState().project) return; // the researcher kept their project open
  useStudio.getState().setStudyScreen('start');
}

/** Starts a participant (typed id, or one the engine makes); answers the engine's objection, if any. */
export async function startParticipant(studio: StudioApi, typedId: string): Promise<string | null> {
  const study = useStudio.getState().study;
  if (!study) return 'No study is loaded';
  const participantId = enteredParticipantId(typedId);
  try {
    await studio.study.startParticipant({
      studyId: study.definition.id,
      ...(participantId === undefined ? {} : { participantId }),
    });
    useStudio.getState().setStudyScreen(null);
    useStudio.getState().setStudy(await studio.study.current());
    return null;
  } catch (error) {
    return plainMessage(errorText(error));
  }
}

/** The consent screen's answer: agreed, the first task's project opens; declined, nothing is kept. */
export async function giveConsent(studio: StudioApi, given: boolean): Promise<void> {
  try {
    await settled();
    const study = await studio.study.consent({ given });
    useStudio.getState().setStudy(study);
    if (given) await adoptCurrent(studio);
    else useStudio.getState().setStudyScreen('declined');
  } catch (error) {
    notifyError(error);
  }
}

/**
 * Pause or resume logging. Resuming starts a new undo history, in the engine and here (as opening
 * a project does): the edits made while paused are not in the log, so an undo into them could
 * not be replayed from it.
 */
export async function setLoggingPaused(studio: StudioApi, paused: boolean): Promise<void> {
  try {
    await settled();
    const study = await studio.study.pauseLogging({ paused });
    useStudio.getState().setStudy(study);
    if (!paused && !participantOf(study)?.loggingPaused) useStudio.getState().clearHistory();
  } catch (error) {
    notifyError(error);
  }
}

/** Ends the participant's session in the engine and shows the welcome screen again. */
async function endSession(studio: StudioApi): Promise<void> {
  await leave(studio);
  useStudio.getState().setStudy(await studio.study.end());
  await adoptCurrent(studio);
}

/**
 * "Done with this task": every edit reaches the engine first (it saves the task's project),
 * then the next task's project opens, or the questionnaire comes.
 */
export async function finishTask(studio: StudioApi): Promise<void> {
  try {
    await settled();
    await leave(studio);
    const study = await studio.study.nextTask();
    useStudio.getState().setStudy(study);
    const p = participantOf(study);
    if (p?.phase === 'task') await adoptCurrent(studio);
    else if (p?.phase === 'done') {
      // A study without a questionnaire ends with its last task.
      await endSession(studio);
      useStudio.getState().setStudyScreen('thanks');
    }
  } catch (error) {
    notifyError(error);
  }
}

/** Sends the questionnaire; true when the engine took it (the session then ends). */
export async function submitQuestionnaire(studio: StudioApi, answers: StudyAnswers): Promise<boolean> {
  try {
    useStudio.getState().setStudy(await studio.study.submitQuestionnaire({ answers }));
  } catch (error) {
    notifyError(error);
    return false;
  }
  try {
    await endSession(studio);
  } catch (error) {
    notifyError(error);
  }
  useStudio.getState().setStudyScreen('thanks');
  return true;
}

/** The researcher stops a participant's session early (what was done so far is kept). */
export async function endParticipant(studio: StudioApi): Promise<void> {
  const p = participantOf(useStudio.getState().study);
  if (!p) return;
  const choice = await ask(
    'End the participant’s session',
    `End ${p.participantId}'s session now? What they did so far is kept; the study records that it ended early.`,
    [
      { id: 'end', label: 'End session', primary: true },
      { id: 'cancel', label: 'Cancel' },
    ],
  );
  if (choice !== 'end') return;
  try {
    await settled();
    await endSession(studio);
  } catch (error) {
    notifyError(error);
  }
}
