import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { redo, undo } from './project-actions';

/** Undo steps by their labels, oldest first; click one to go back (or forward) to it. */
export function HistoryPanel() {
  const studio = useStudioApi();
  const project = useStudio((s) => s.project);
  if (!project) return <p className="empty-hint">Start or open a project to see its history.</p>;
  const done = project.editor.undoLabels;
  const undone = project.editor.redoLabels;
  if (done.length === 0 && undone.length === 0) {
    return (
      <p className="empty-hint">No changes yet. Every change appears here and can be undone (Ctrl+Z).</p>
    );
  }
  const goTo = (index: number) => {
    // index counts steps from the start: keep `index + 1` steps done.
    for (let n = done.length - (index + 1); n > 0; n--) undo(studio);
    for (let n = index + 1 - done.length; n > 0; n--) redo(studio);
  };
  return (
    <ol className="history" aria-label="History">
      <li>
        <button type="button" className="history-step" onClick={() => goTo(-1)}>
          Opened
        </button>
      </li>
      {done.map((label, i) => (
        <li key={`d${i}`} aria-current={i === done.length - 1 ? 'step' : undefined}>
          <button type="button" className="history-step" onClick={() => goTo(i)}>
            {label}
          </button>
        </li>
      ))}
      {undone.map((label, i) => (
        <li key={`u${i}`} className="undone">
          <button type="button" className="history-step" onClick={() => goTo(done.length + i)}>
            {label}
          </button>
        </li>
      ))}
    </ol>
  );
}
