import { rmSync } from 'node:fs';
import type { JobSpec } from '../api/jobs';
import { exportWorkDir, removeWorkDirs, workToken } from '../video/work-dir';

/**
 * What a job of this kind leaves on disk when its process is killed mid-run (a cancel, a crash):
 * the supervisor removes exactly these once it has killed the process. Kinds that clean up after
 * themselves at their next run (model staging folders) or write nothing until the end are not
 * listed.
 */
export function jobLeftovers(jobId: string, spec: JobSpec): string[] {
  switch (spec.kind) {
    case 'export-video':
      return spec.args.targets.map((t) => exportWorkDir(t.path, workToken(jobId)));
    default:
      return [];
  }
}

/** Removes a killed job's leftovers (best effort: a failure here must not touch the queue). */
export function removeLeftovers(jobId: string, spec: JobSpec): Promise<void> {
  const paths = jobLeftovers(jobId, spec);
  return paths.length === 0 ? Promise.resolve() : removeWorkDirs(paths);
}

/**
 * The same, at once: when the studio quits there is no later moment to do it in (a folder an
 * ffmpeg still writes to may stay; the next export to that target clears it).
 */
export function removeLeftoversNow(jobId: string, spec: JobSpec): void {
  for (const path of jobLeftovers(jobId, spec)) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
}
