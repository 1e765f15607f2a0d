import './research.css';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { openParticipantStart } from './study-actions';

/** The welcome screen's way into research mode: load or write a study, start a participant. */
export function StudyWelcome() {
  const studio = useStudioApi();
  const study = useStudio((s) => s.study);
  const openDialog = useStudio((s) => s.openDialog);
  return (
    <section className="welcome-study" aria-label="Research study">
      <h2>Research study</h2>
      <p className="muted">
        {study
          ? `Loaded: “${study.definition.title}” (${study.definition.conditions.length} conditions, ${study.definition.tasks.length} task${study.definition.tasks.length === 1 ? '' : 's'}).`
          : 'Run a study: participants work in the studio under the conditions it compares.'}
      </p>
      <div className="welcome-study-actions">
        <button type="button" onClick={() => openDialog({ kind: 'file-browser', purpose: 'load-study' })}>
          Load study…
        </button>
        <button type="button" onClick={() => openDialog({ kind: 'study-form' })}>
          New study…
        </button>
        {study && (
          <button
            type="button"
            className="primary"
            disabled={study.participant !== null}
            onClick={() => void openParticipantStart(studio)}
          >
            Start participant…
          </button>
        )}
      </div>
    </section>
  );
}
