import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { QuestionnaireItem, StudyState } from '../../native/api/study';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { giveConsent, startParticipant, submitQuestionnaire } from './study-actions';
import { answersOf, participantOf, questionnaireProblems, type DraftAnswers } from './study-logic';
import './research.css';

/**
 * The participant's screens over the whole window: start (the pseudonym), consent, the
 * questionnaire, and the goodbye. During a task the studio shows, with the task bar above it.
 */
export function StudyOverlay() {
  const study = useStudio((s) => s.study);
  const screen = useStudio((s) => s.studyScreen);
  const p = participantOf(study);
  let body: React.ReactNode = null;
  let label = '';
  if (screen === 'declined' || screen === 'thanks') {
    label = screen === 'declined' ? 'Thank you' : 'Thank you for taking part';
    body = <Goodbye declined={screen === 'declined'} />;
  } else if (p?.phase === 'consent' && study) {
    label = 'Consent';
    body = <Consent study={study} />;
  } else if ((p?.phase === 'questionnaire' || p?.phase === 'done') && study) {
    label = 'Questionnaire';
    body = <Questionnaire study={study} />;
  } else if (screen === 'start' && study && !p) {
    label = 'Start participant';
    body = <Start study={study} />;
  }
  if (!body) return null;
  return (
    <div
      className="study-overlay"
      role="dialog"
      aria-modal="true"
      aria-label={label}
      data-testid="study-overlay"
      // The studio behind must not take the participant's keys (a Delete, a Ctrl+Z).
      onKeyDown={(e: KeyboardEvent) => e.stopPropagation()}
    >
      <div className="study-card">{body}</div>
    </div>
  );
}

function StudyTitle({ study }: { study: StudyState }) {
  return <p className="study-kicker muted">{study.definition.title}</p>;
}

/** The researcher starts a participant: an id they enter, or one the engine makes. */
function Start({ study }: { study: StudyState }) {
  const studio = useStudioApi();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fixed = study.definition.assignment.kind === 'fixed';
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const start = async () => {
    setBusy(true);
    setProblem(await startParticipant(studio, typed));
    setBusy(false);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <StudyTitle study={study} />
      <h2>Start a participant</h2>
      <p>
        A participant is known only by a pseudonym. Enter the one you gave them, or leave the field empty and
        the studio makes one{fixed ? ' (this study assigns conditions by id: enter it)' : ''}.
      </p>
      <label className="study-field">
        <span>Participant id</span>
        <input
          ref={input}
          aria-label="Participant id"
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'study-id-problem' : undefined}
          placeholder={fixed ? 'e.g. P-7F3K2' : 'empty: make one, like P-7F3K2'}
          value={typed}
          maxLength={64}
          onChange={(e) => {
            setTyped(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      {problem && (
        <p id="study-id-problem" className="error-text" role="alert">
          {problem}
        </p>
      )}
      <p className="muted small">
        Their work is saved in <span data-testid="study-data-dir">{study.dataDir}</span>. Participants so far:{' '}
        {study.definition.conditions.map((c) => `${c.label}: ${study.counts[c.id] ?? 0}`).join(' · ')}
      </p>
      <footer>
        <button type="button" onClick={() => useStudio.getState().setStudyScreen(null)}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Start
        </button>
      </footer>
    </form>
  );
}

function Consent({ study }: { study: StudyState }) {
  const studio = useStudioApi();
  const [busy, setBusy] = useState(false);
  const answer = (given: boolean) => {
    setBusy(true);
    void giveConsent(studio, given).finally(() => setBusy(false));
  };
  return (
    <>
      <StudyTitle study={study} />
      <h2>Before you start</h2>
      <p className="muted small">
        Your participant id:{' '}
        <strong data-testid="study-participant">{study.participant?.participantId}</strong>
      </p>
      <div className="study-consent" tabIndex={0} aria-label="Consent text">
        {study.definition.consent.text}
      </div>
      <p className="muted small">
        Nothing is recorded unless you agree. You can pause the recording at any time while you work.
      </p>
      <footer>
        <button type="button" disabled={busy} onClick={() => answer(false)}>
          I do not agree
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => answer(true)}>
          I agree
        </button>
      </footer>
    </>
  );
}

function LikertItem({
  item,
  value,
  problem,
  onChange,
}: {
  item: Extract<QuestionnaireItem, { kind: 'likert' }>;
  value: number | undefined;
  problem: string | undefined;
  onChange(value: number): void;
}) {
  const points = Array.from({ length: item.scale }, (_, i) => i + 1);
  const [low, high] = item.labels ?? ['Strongly disagree', 'Strongly agree'];
  return (
    <fieldset className="study-item" aria-invalid={problem !== undefined}>
      <legend>{item.prompt}</legend>
      <div className="likert" role="radiogroup" aria-label={item.prompt}>
        <span className="likert-end muted">{low}</span>
        {points.map((n) => (
          <label key={n} className="likert-point" title={n === 1 ? low : n === item.scale ? high : String(n)}>
            <input
              type="radio"
              name={`likert-${item.id}`}
              value={n}
              aria-label={`${n} of ${item.scale}${n === 1 ? ` (${low})` : n === item.scale ? ` (${high})` : ''}`}
              checked={value === n}
              onChange={() => onChange(n)}
            />
            <span>{n}</span>
          </label>
        ))}
        <span className="likert-end muted">{high}</span>
      </div>
      {problem && (
        <p className="error-text small" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}

function TextItem({
  item,
  value,
  problem,
  onChange,
}: {
  item: Extract<QuestionnaireItem, { kind: 'text' }>;
  value: string;
  problem: string | undefined;
  onChange(value: string): void;
}) {
  const counter = `study-count-${item.id}`;
  return (
    <div className="study-item">
      <label className="study-text">
        <span>{item.prompt}</span>
        <textarea
          aria-label={item.prompt}
          aria-describedby={counter}
          rows={3}
          maxLength={item.maxChars}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <span id={counter} className="muted small study-counter">
        {value.length} / {item.maxChars} characters (optional)
      </span>
      {problem && (
        <p className="error-text small" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function Questionnaire({ study }: { study: StudyState }) {
  const studio = useStudioApi();
  const items = study.definition.questionnaire;
  const [draft, setDraft] = useState<DraftAnswers>({});
  const [shown, setShown] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (id: string, value: number | string) => {
    setDraft((d) => ({ ...d, [id]: value }));
    setShown(({ [id]: _fixed, ...rest }) => rest);
  };
  const submit = async () => {
    const problems = questionnaireProblems(items, draft);
    setShown(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    await submitQuestionnaire(studio, answersOf(items, draft));
    setBusy(false);
  };
  const missing = Object.keys(shown).length;
  return (
    <form
      className="study-questionnaire"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <StudyTitle study={study} />
      <h2>A few questions</h2>
      <p className="muted small">Your answers are saved with your participant id only.</p>
      {items.map((item) =>
        item.kind === 'likert' ? (
          <LikertItem
            key={item.id}
            item={item}
            value={typeof draft[item.id] === 'number' ? (draft[item.id] as number) : undefined}
            problem={shown[item.id]}
            onChange={(v) => set(item.id, v)}
          />
        ) : (
          <TextItem
            key={item.id}
            item={item}
            value={typeof draft[item.id] === 'string' ? (draft[item.id] as string) : ''}
            problem={shown[item.id]}
            onChange={(v) => set(item.id, v)}
          />
        ),
      )}
      {missing > 0 && (
        <p className="error-text" role="alert">
          {missing === 1 ? 'One question needs an answer.' : `${missing} questions need an answer.`}
        </p>
      )}
      <footer>
        <button type="submit" className="primary" disabled={busy}>
          Submit answers
        </button>
      </footer>
    </form>
  );
}

function Goodbye({ declined }: { declined: boolean }) {
  const close = useStudio((s) => s.setStudyScreen);
  return (
    <>
      <h2>{declined ? 'Thank you' : 'Thank you for taking part'}</h2>
      <p>
        {declined
          ? 'You chose not to take part. Nothing about this session was recorded.'
          : 'Your session is complete and your answers are saved. You can hand the computer back to the researcher.'}
      </p>
      <footer>
        <button type="button" className="primary" autoFocus onClick={() => close(null)}>
          Close
        </button>
      </footer>
    </>
  );
}
