import { useEffect, useMemo } from 'react';
import { jobResult, type JobInfo } from '../../native/api/jobs';
import { useStudioApi } from '../platform/studio-context';
import { jobList } from '../state/jobs-slice';
import { useStudio } from '../state/store';

function ThumbnailPreview({ job }: { job: JobInfo }) {
  // Parsed once per result, so a progress update of another job rebuilds no image.
  const result = useMemo(() => jobResult('thumbnail', job), [job.result]); // eslint-disable-line react-hooks/exhaustive-deps
  const url = useMemo(
    () => (result ? URL.createObjectURL(new Blob([result.bytes as BlobPart], { type: result.mime })) : null),
    [result],
  );
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  if (!result || !url) return null;
  return (
    <figure className="job-thumb">
      <img src={url} width={result.width} height={result.height} alt={job.label} />
      <figcaption>
        {result.source.width}×{result.source.height} {result.source.format.toUpperCase()}
      </figcaption>
    </figure>
  );
}

export function JobRow({ job }: { job: JobInfo }) {
  const studio = useStudioApi();
  const progressEvents = useStudio((s) => s.progressEvents[job.id] ?? 0);
  const active = job.state === 'queued' || job.state === 'running';
  return (
    <li
      className={`job ${job.state}`}
      data-testid="job"
      data-state={job.state}
      data-progress-events={progressEvents}
    >
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        <span className="job-state">{job.state === 'running' ? job.stage : job.state}</span>
        {active && (
          <button type="button" className="small" onClick={() => void studio.jobs.cancel({ jobId: job.id })}>
            Cancel
          </button>
        )}
      </div>
      <progress max={1} value={job.progress} aria-label={`${job.label} progress`} />
      {job.error && <p className="error-text">{job.error.message}</p>}
      <ThumbnailPreview job={job} />
    </li>
  );
}

export function JobsPanel() {
  const studio = useStudioApi();
  const jobsById = useStudio((s) => s.jobs);
  const jobs = useMemo(() => jobList(jobsById), [jobsById]);
  if (jobs.length === 0) {
    return (
      <p className="empty-hint">
        No jobs yet. Imports, generations and exports run here and can be cancelled.
      </p>
    );
  }
  return (
    <>
      <ul className="jobs">
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} />
        ))}
      </ul>
      <button
        type="button"
        className="small"
        onClick={() =>
          void studio.jobs.clearFinished().then(() => studio.jobs.list().then(useStudio.getState().setJobs))
        }
      >
        Clear finished
      </button>
    </>
  );
}
