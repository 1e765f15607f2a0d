import { useMemo } from 'react';
import { useStudioApi } from '../platform/studio-context';
import { jobList } from '../state/jobs-slice';
import { useStudio } from '../state/store';

export function StatusBar() {
  const studio = useStudioApi();
  const info = useStudio((s) => s.info);
  const connection = useStudio((s) => s.connection);
  const jobsById = useStudio((s) => s.jobs);
  const setPanel = useStudio((s) => s.setPanel);
  const active = useMemo(
    () => jobList(jobsById).filter((j) => j.state === 'running' || j.state === 'queued'),
    [jobsById],
  );
  const current = active.find((j) => j.state === 'running') ?? active[0];
  const provider = info?.executionProviders.filter((p) => p.available && p.name !== 'webgpu')[0];

  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`conn ${connection}`} title={info ? `Engine: ${info.mode} mode` : undefined}>
        {connection === 'open' ? '●' : connection === 'connecting' ? '◌' : '○'}{' '}
        {connection === 'open' ? (info?.mode ?? '') : connection}
      </span>
      <span className="status-job" data-testid="status-job">
        {current ? (
          <>
            <button type="button" className="link" onClick={() => setPanel('jobs')}>
              {current.label}
              {active.length > 1 ? ` (+${active.length - 1})` : ''}
            </button>
            <progress max={1} value={current.progress} aria-label="Job progress" />
            <span>{Math.round(current.progress * 100)}%</span>
            <button
              type="button"
              className="small"
              onClick={() => void studio.jobs.cancel({ jobId: current.id })}
            >
              Cancel
            </button>
          </>
        ) : (
          <span className="muted">Ready</span>
        )}
      </span>
      <span className="muted" data-testid="provider">
        {provider ? `Inference: ${provider.name.toUpperCase()}` : ''}
      </span>
      <span data-testid="version">{info ? `${info.name} ${info.version}` : ''}</span>
    </footer>
  );
}
