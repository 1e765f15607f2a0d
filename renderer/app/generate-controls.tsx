import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';

/** A generation running in the job process: its progress, what it is doing, and Cancel. */
export function RunningJob({ jobId, label }: { jobId: string; label: string }) {
  const studio = useStudioApi();
  const job = useStudio((s) => s.jobs[jobId]);
  return (
    <div className="generate-progress" role="status">
      <progress max={1} value={job?.progress ?? 0} aria-label={label} />
      <span>{job?.stage ?? 'queued'}</span>
      <button
        type="button"
        className="small"
        onClick={() => void studio.jobs.cancel({ jobId: jobId as `job:${string}` })}
      >
        Cancel
      </button>
    </div>
  );
}

/** The seed field of a generator: a whole number from 0 to 2³¹ − 1, off while the seed is random. */
export function SeedInput(props: {
  label: string;
  seed: number;
  random: boolean;
  onChange(seed: number): void;
}) {
  return (
    <label className="field">
      <span>Seed</span>
      <input
        type="number"
        aria-label={props.label}
        min={0}
        disabled={props.random}
        value={props.seed}
        onChange={(e) =>
          props.onChange(Math.max(0, Math.min(2 ** 31 - 1, Math.round(Number(e.target.value)) || 0)))
        }
      />
    </label>
  );
}
