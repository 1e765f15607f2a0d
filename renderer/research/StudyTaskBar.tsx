import { useState } from 'react';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { finishTask, setLoggingPaused } from './study-actions';
import { participantOf } from './study-logic';
import './research.css';

/**
 * Over the studio while a participant works on a task: the task (instructions folded out at
 * first), where they are, the recording's state with Pause / Resume, and "Done with this task".
 * The studio below works as usual, within what the condition fixes.
 */
export function StudyTaskBar() {
  const studio = useStudioApi();
  const study = useStudio((s) => s.study);
  const p = participantOf(study);
  const task = p?.phase === 'task' ? p.task : null;
  // Each task's instructions show at first: folded away for the task they were folded in.
  const [foldedIn, setFoldedIn] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  if (!study || !p || !task) return null;
  const count = study.definition.tasks.length;
  const paused = p.loggingPaused;
  const open = foldedIn !== p.taskIndex;
  const setOpen = (show: boolean) => setFoldedIn(show ? null : p.taskIndex);
  const run = (work: Promise<void>) => {
    setBusy(true);
    void work.finally(() => setBusy(false));
  };
  return (
    <section className="study-taskbar" aria-label="Study task" data-testid="study-taskbar">
      <div className="study-taskbar-row">
        <strong data-testid="study-task-position">
          Task {p.taskIndex + 1} of {count}
        </strong>
        <span className="study-task-title">{task.title}</span>
        <button
          type="button"
          className="small"
          aria-expanded={open}
          aria-controls="study-instructions"
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide instructions' : 'Show instructions'}
        </button>
        <span className="study-spacer" />
        <span
          className={paused ? 'study-recording paused' : 'study-recording'}
          role="status"
          data-testid="study-logging"
          title={
            paused
              ? 'Nothing you do is recorded until you resume'
              : 'What you do in the studio is recorded for the study (never your images)'
          }
        >
          {paused ? 'Recording paused' : 'Recording'}
        </span>
        <button
          type="button"
          className="small"
          aria-pressed={paused}
          disabled={busy}
          title={paused ? 'Recording starts again; Undo starts again from here too' : undefined}
          onClick={() => run(setLoggingPaused(studio, !paused))}
        >
          {paused ? 'Resume logging' : 'Pause logging'}
        </button>
        <button
          type="button"
          className="small primary"
          disabled={busy}
          title={
            p.taskIndex + 1 < count
              ? 'Save this task and go on to the next'
              : 'Save this task and answer a few questions'
          }
          onClick={() => run(finishTask(studio))}
        >
          Done with this task
        </button>
      </div>
      {open && (
        <div id="study-instructions" className="study-instructions" data-testid="study-instructions">
          {task.instructions}
        </div>
      )}
    </section>
  );
}
