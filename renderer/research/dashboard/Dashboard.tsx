// The research dashboard (issue 9): a study's sessions analysed in the studio — the acceptance
// rate of each condition with its 95% interval, the time on task of every session, the
// comparisons of the conditions — one session's timeline of events, and its replay.
import { useEffect, useState } from 'react';
import { isStudioError } from '../../../native/api/errors';
import type { ResearchAnalysis, ResearchSession, ResearchSessionEvents } from '../../../native/api/research';
import { FileBrowser } from '../../app/FileBrowser';
import { useStudioApi } from '../../platform/studio-context';
import { useStudio } from '../../state/store';
import { fmt, fmtInterval, fmtP } from './format';
import { RatePlot, SessionTimeline, TimePlot } from './plots';
import { ReplayView } from './ReplayView';
import './dashboard.css';

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

function ConditionsTable({ analysis }: { analysis: ResearchAnalysis }) {
  return (
    <table className="data-table" aria-label="Conditions">
      <thead>
        <tr>
          <th scope="col">Condition</th>
          <th scope="col">Sessions</th>
          <th scope="col">Variants shown</th>
          <th scope="col">Accepted</th>
          <th scope="col">Acceptance rate [95% CI]</th>
          <th scope="col">Median time on task (s)</th>
          <th scope="col">Median edits</th>
          <th scope="col">Median generations</th>
        </tr>
      </thead>
      <tbody>
        {analysis.conditions.map((c) => (
          <tr key={c.condition} data-condition={c.condition}>
            <th scope="row">{c.condition}</th>
            <td>{c.sessions}</td>
            <td>{c.variantsShown}</td>
            <td>{c.variantsAccepted}</td>
            <td>
              {fmt(c.acceptanceRate)} {fmtInterval(...c.acceptanceRateCi)}
            </td>
            <td>{fmt(c.medians.timeOnTaskS)}</td>
            <td>{fmt(c.medians.edits)}</td>
            <td>{fmt(c.medians.generations)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ComparisonsTable({ analysis }: { analysis: ResearchAnalysis }) {
  if (analysis.comparisons.length === 0)
    return <p className="muted">One condition only: nothing to compare.</p>;
  return (
    <table className="data-table" aria-label="Comparisons">
      <thead>
        <tr>
          <th scope="col">Conditions</th>
          <th scope="col">Measure</th>
          <th scope="col">n</th>
          <th scope="col">Estimates</th>
          <th scope="col">Difference [95% CI]</th>
          <th scope="col">Test</th>
          <th scope="col">Statistic</th>
          <th scope="col">p</th>
          <th scope="col">Effect size</th>
        </tr>
      </thead>
      <tbody>
        {analysis.comparisons.map((c) => (
          <tr key={`${c.a}|${c.b}|${c.metric}`} data-metric={c.metric}>
            <td>
              {c.a} − {c.b}
            </td>
            <td>{c.metric}</td>
            <td>
              {c.nA} / {c.nB}
            </td>
            <td>
              {fmt(c.estimateA)} / {fmt(c.estimateB)}
            </td>
            <td>
              {fmt(c.difference)} {fmtInterval(c.ciLow, c.ciHigh)}
            </td>
            <td>{c.test}</td>
            <td>{fmt(c.statistic, 4)}</td>
            <td>{fmtP(c.p)}</td>
            <td>
              {c.effectSizeName} {fmt(c.effectSize)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SessionsTable({
  analysis,
  chosen,
  onChoose,
}: {
  analysis: ResearchAnalysis;
  chosen: string | null;
  onChoose(session: ResearchSession): void;
}) {
  return (
    <table className="data-table" aria-label="Sessions">
      <thead>
        <tr>
          <th scope="col">Participant</th>
          <th scope="col">Condition</th>
          <th scope="col">File</th>
          <th scope="col">Events</th>
          <th scope="col">Time on task (s)</th>
          <th scope="col">Edits</th>
          <th scope="col">Shown</th>
          <th scope="col">Accepted</th>
          <th scope="col">Rate</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {analysis.sessions.map((s) => (
          <tr key={s.sessionId} className={chosen === s.sessionId ? 'selected' : undefined}>
            <th scope="row">{s.participantId ?? '—'}</th>
            <td>{s.condition}</td>
            <td title={s.path}>{baseName(s.path)}</td>
            <td>{s.events}</td>
            <td>{fmt(s.timeOnTaskS)}</td>
            <td>{s.edits}</td>
            <td>{s.variantsShown}</td>
            <td>{s.variantsAccepted}</td>
            <td>{fmt(s.acceptanceRate)}</td>
            <td>
              <button
                type="button"
                className="small"
                aria-label={`Timeline of ${s.participantId ?? s.sessionId}`}
                aria-pressed={chosen === s.sessionId}
                onClick={() => onChoose(s)}
              >
                Timeline
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where the analysed sessions come from: folders or files chosen, or the loaded study's data. */
type Sources = { kind: 'study' } | { kind: 'paths'; paths: string[] };

export function Dashboard({ onClose }: { onClose(): void }) {
  const studio = useStudioApi();
  const study = useStudio((s) => s.study);
  const [sources, setSources] = useState<Sources | null>(study ? { kind: 'study' } : null);
  /** The analysis under way (a new object for each request, so the same sources can be read again). */
  const [pending, setPending] = useState<Sources | null>(sources);
  const [analysis, setAnalysis] = useState<ResearchAnalysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [browsing, setBrowsing] = useState(false);
  const [session, setSession] = useState<ResearchSession | null>(null);
  const [timeline, setTimeline] = useState<ResearchSessionEvents | null>(null);
  const [replayAt, setReplayAt] = useState<number | null>(null);
  const busy = pending !== null;

  const analyse = (from: Sources) => {
    setSources(from);
    setError(null);
    setPending({ ...from });
  };

  useEffect(() => {
    if (!pending) return;
    let live = true;
    studio.research.analyze({ paths: pending.kind === 'paths' ? pending.paths : [] }).then(
      (result) => {
        if (!live) return;
        setAnalysis(result);
        setSession(null);
        setTimeline(null);
        setReplayAt(null);
        setPending(null);
      },
      (e: unknown) => {
        if (!live) return;
        setError(isStudioError(e) ? e.message : String(e));
        setPending(null);
      },
    );
    return () => {
      live = false;
    };
  }, [studio, pending]);

  const chooseSession = async (s: ResearchSession) => {
    setSession(s);
    setTimeline(null);
    setReplayAt(null);
    try {
      setTimeline(await studio.research.sessionEvents({ path: s.path, sessionId: s.sessionId }));
    } catch (e) {
      setError(isStudioError(e) ? e.message : String(e));
    }
  };

  const sessionLabel = session ? `${session.participantId ?? session.sessionId} (${session.condition})` : '';

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Research dashboard"
        className="dialog research-dashboard"
      >
        <header className="dashboard-head">
          <h2>Research dashboard</h2>
          <div className="dashboard-sources">
            <span className="muted" data-testid="dashboard-sources">
              {sources === null
                ? 'Choose the folder of a study’s project files (or exported .jsonl logs).'
                : sources.kind === 'study'
                  ? `The loaded study’s data${study ? ` (${study.definition.title})` : ''}`
                  : sources.paths.map(baseName).join(', ')}
            </span>
            <button type="button" className="small" onClick={() => setBrowsing(true)}>
              Choose folder…
            </button>
            {study && (
              <button type="button" className="small" onClick={() => analyse({ kind: 'study' })}>
                Use the study’s data
              </button>
            )}
            {sources && (
              <button type="button" className="small" disabled={busy} onClick={() => analyse(sources)}>
                Analyse again
              </button>
            )}
          </div>
        </header>
        <div className="dashboard-body">
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          {busy && (
            <p className="muted" role="status">
              Analysing…
            </p>
          )}
          {replayAt !== null && session && timeline ? (
            <ReplayView
              path={timeline.path}
              events={timeline.events}
              startAt={replayAt}
              label={sessionLabel}
              onClose={() => setReplayAt(null)}
            />
          ) : (
            analysis && (
              <>
                <p className="muted" data-testid="dashboard-summary">
                  {analysis.files.length} file(s), {analysis.sessions.length} session(s), {analysis.events}{' '}
                  event(s)
                  {analysis.duplicates > 0 ? ` (${analysis.duplicates} read twice, counted once)` : ''}. A
                  session without a condition is in “none”.
                  {analysis.leftOut > 0
                    ? ` ${analysis.leftOut} session(s) without a participant id left out (projects opened outside the study).`
                    : ''}
                </p>
                {analysis.sessions.length > 0 && (
                  <>
                    <section aria-labelledby="dash-conditions">
                      <h3 id="dash-conditions">Conditions</h3>
                      <ConditionsTable analysis={analysis} />
                      <div className="dashboard-plots">
                        <figure>
                          <figcaption>Acceptance rate (pooled, session-bootstrap 95% interval)</figcaption>
                          <RatePlot conditions={analysis.conditions} />
                        </figure>
                        <figure>
                          <figcaption>Time on task (each dot a session, the bar its median)</figcaption>
                          <TimePlot sessions={analysis.sessions} conditions={analysis.conditions} />
                        </figure>
                      </div>
                    </section>
                    <section aria-labelledby="dash-comparisons">
                      <h3 id="dash-comparisons">Comparisons</h3>
                      <p className="muted">
                        Differences are the first condition minus the second; intervals are bootstraps over
                        sessions. Rates: two-proportion z test, or Fisher’s exact test for small counts; other
                        measures: Mann–Whitney U on per-session values.
                      </p>
                      <ComparisonsTable analysis={analysis} />
                    </section>
                    <section aria-labelledby="dash-sessions">
                      <h3 id="dash-sessions">Sessions</h3>
                      <SessionsTable
                        analysis={analysis}
                        chosen={session?.sessionId ?? null}
                        onChoose={(s) => void chooseSession(s)}
                      />
                    </section>
                  </>
                )}
                {session && (
                  <section aria-labelledby="dash-timeline" className="dashboard-timeline">
                    <header className="replay-head">
                      <h3 id="dash-timeline">Timeline: {sessionLabel}</h3>
                      <button
                        type="button"
                        className="primary small"
                        disabled={!timeline?.replayable || timeline.events.length === 0}
                        title={
                          timeline && !timeline.replayable
                            ? 'Only a project file (.atelier) holds what replay needs'
                            : undefined
                        }
                        onClick={() => setReplayAt(0)}
                      >
                        Replay
                      </button>
                    </header>
                    {timeline ? (
                      <>
                        {timeline.truncated && (
                          <p className="muted">Only the first {timeline.events.length} events are shown.</p>
                        )}
                        <SessionTimeline
                          events={timeline.events}
                          onChoose={(i) => timeline.replayable && setReplayAt(i)}
                        />
                      </>
                    ) : (
                      <p className="muted">Reading the session…</p>
                    )}
                  </section>
                )}
              </>
            )
          )}
        </div>
        <footer>
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </footer>
      </div>
      {browsing && (
        <FileBrowser
          title="Sessions folder"
          mode="folder"
          extensions={['atelier', 'jsonl']}
          confirmLabel="Analyse this folder"
          onCancel={() => setBrowsing(false)}
          onChoose={(path) => {
            setBrowsing(false);
            analyse({ kind: 'paths', paths: [path] });
          }}
        />
      )}
    </div>
  );
}
