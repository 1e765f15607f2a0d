// The export as a job of the job process: its result, its label, and a cancel from the Jobs
// panel — which kills the job process mid-export — leaving no file and no work folder behind.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { jobResult, type JobInfo, type JobSpec } from '../../../../native/api/jobs';
import { JobSupervisor } from '../../../../native/jobs/supervisor';
import { jobLeftovers } from '../../../../native/jobs/leftovers';
import { realWorker } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { threeShotStory } from '../../../helpers/video-docs';
import { waitFor } from '../../../helpers/wait';
import type { Document } from '../../../../native/model/document';

const dir = tempDir('atelier-export-job-');
let doc: Document;
let audio: Record<string, Uint8Array>;
const supervisors: JobSupervisor[] = [];
beforeAll(async () => {
  ({ doc, audio } = await threeShotStory({ seconds: 3 }));
}, 60_000);
afterEach(() => {
  for (const s of supervisors.splice(0)) s.shutdown();
});
afterAll(() => dir.cleanup());

function start() {
  const stages: string[] = [];
  const supervisor = new JobSupervisor({ spawn: realWorker, onProgress: (p) => stages.push(p.stage) });
  supervisors.push(supervisor);
  const ended = (id: string) =>
    waitFor(
      () => {
        const info = supervisor.get(id);
        return info.endedAt !== null ? info : undefined;
      },
      `job ${id} to end`,
      120_000,
    );
  return { supervisor, stages, ended };
}

const spec = (
  targets: { placement: '9:16' | '1:1' | { width: number; height: number }; path: string }[],
): JobSpec => ({
  kind: 'export-video',
  args: { document: doc, format: 'mp4', targets, loudnessLufs: -14, images: {}, videos: {}, audio },
});

describe('export-video job', () => {
  it('exports in the job process and returns what it wrote', async () => {
    const { supervisor, ended } = start();
    const path = join(dir.path, 'small.mp4');
    const job = supervisor.submit(spec([{ placement: { width: 320, height: 180 }, path }]));
    expect(job.label).toBe('Export MP4 small.mp4');
    const done: JobInfo = await ended(job.id);
    expect(done.error).toBeNull();
    const result = jobResult('export-video', done)!;
    expect(result.outputs).toEqual([
      {
        path,
        placement: null,
        width: 320,
        height: 180,
        frames: 90,
        durationSeconds: 3,
        byteSize: expect.any(Number),
      },
    ]);
    expect(result.loudness?.outputLufs).toBeCloseTo(-14, 1);
    expect(existsSync(path)).toBe(true);
  }, 120_000);

  it('cancelled from the queue mid-export (the process killed) leaves no file and no work folder', async () => {
    const { supervisor, stages, ended } = start();
    const out = join(dir.path, 'cancel');
    mkdirSync(out);
    const targets = [
      { placement: '9:16' as const, path: join(out, 'vertical.mp4') },
      { placement: '1:1' as const, path: join(out, 'square.mp4') },
    ];
    const job = supervisor.submit(spec(targets));
    expect(job.label).toBe('Export MP4 for 2 placements');
    await waitFor(
      () => (stages.some((s) => /frame \d+ of 90/.test(s)) ? true : undefined),
      'the first frames',
      60_000,
    );
    // The work folders are there while it runs (they are what a kill leaves behind).
    const leftovers = jobLeftovers(job.id, spec(targets));
    expect(leftovers.some((p) => existsSync(p))).toBe(true);
    expect(supervisor.cancel(job.id)).toBe(true);
    expect((await ended(job.id)).state).toBe('cancelled');
    await waitFor(() => (readdirSync(out).length === 0 ? true : undefined), 'the work folders to go', 10_000);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);
});
