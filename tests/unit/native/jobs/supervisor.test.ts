import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobResult, type JobInfo, type JobProgress } from '../../../../native/api/jobs';
import { JobSupervisor } from '../../../../native/jobs/supervisor';
import { misbehavingWorker, realWorker } from '../../../helpers/engine';
import { gradientPng } from '../../../helpers/images';
import { tempDir } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait';

let png: Buffer;
beforeAll(async () => {
  png = await gradientPng(640, 480);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const supervisors: JobSupervisor[] = [];
afterEach(() => {
  for (const s of supervisors.splice(0)) s.shutdown();
});

function start(spawn = realWorker) {
  const updates: JobInfo[] = [];
  const progress: JobProgress[] = [];
  const supervisor = new JobSupervisor({
    spawn,
    onUpdate: (i) => updates.push(i),
    onProgress: (p) => progress.push(p),
  });
  supervisors.push(supervisor);
  const ended = (id: string) =>
    waitFor(() => {
      const info = supervisor.get(id);
      return info.endedAt !== null ? info : undefined;
    }, `job ${id} to end`);
  return { supervisor, updates, progress, ended };
}

const thumb = (name: string, bytes: Uint8Array) =>
  ({ kind: 'thumbnail', args: { source: { type: 'bytes', name, bytes }, maxSize: 128 } }) as const;

describe('JobSupervisor with a real job process', () => {
  it('makes a thumbnail in the job process, reporting progress and the result', async () => {
    const { supervisor, progress, updates, ended } = start();
    const job = supervisor.submit(thumb('photo.png', png));
    expect(job.state).toBe('queued');
    expect(job.label).toBe('Thumbnail of photo.png');
    const done = await ended(job.id);
    expect(done.state).toBe('done');
    const result = jobResult('thumbnail', done)!;
    expect([result.width, result.height]).toEqual([128, 96]);
    expect(result.source).toEqual({ width: 640, height: 480, format: 'png', name: 'photo.png' });
    expect(result.bytes.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47])); // "PNG"
    expect(progress.filter((p) => p.jobId === job.id).length).toBeGreaterThan(0);
    expect(updates.map((u) => u.state)).toEqual(['queued', 'running', 'done']);
  });

  it('reads images by path', async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'on-disk.png');
      writeFileSync(path, png);
      const { supervisor, ended } = start();
      const done = await ended(
        supervisor.submit({ kind: 'thumbnail', args: { source: { type: 'path', path }, maxSize: 64 } }).id,
      );
      expect(jobResult('thumbnail', done)?.width).toBe(64);
    } finally {
      dir.cleanup();
    }
  });

  it('fails a job on bad input with a clear error and keeps serving', async () => {
    const { supervisor, ended } = start();
    const bad = await ended(
      supervisor.submit(thumb('notes.png', new TextEncoder().encode('just some text'))).id,
    );
    expect(bad.state).toBe('failed');
    expect(bad.error?.message).toMatch(/notes\.png: not an image/);
    const good = await ended(supervisor.submit(thumb('ok.png', png)).id);
    expect(good.state).toBe('done');
  });

  it('runs queued jobs one after another', async () => {
    const { supervisor, ended } = start();
    const ids = [1, 2, 3].map((n) => supervisor.submit(thumb(`${n}.png`, png)).id);
    expect(supervisor.get(ids[2]!).state).toBe('queued');
    const infos = await Promise.all(ids.map(ended));
    expect(infos.map((i) => i.state)).toEqual(['done', 'done', 'done']);
  });
});

describe('cancel and crash containment', () => {
  it('cancels a running job by killing its process; the next job gets a fresh process', async () => {
    const { supervisor, ended, progress } = start(misbehavingWorker);
    const hang = supervisor.submit(thumb('hang.png', png));
    const after = supervisor.submit(thumb('after.png', png));
    const stage = await waitFor(
      () => progress.find((p) => p.jobId === hang.id)?.stage,
      'the hanging job to start',
    );
    const pid = Number(/busy in process (\d+)/.exec(stage)![1]);
    expect(isAlive(pid)).toBe(true);
    expect(supervisor.cancel(hang.id)).toBe(true);
    expect(supervisor.get(hang.id).state).toBe('cancelled');
    // Really killed: a cancel that only forgot the job would leave the process spinning.
    await waitFor(() => (isAlive(pid) ? undefined : true), `process ${pid} to end`);
    expect((await ended(after.id)).state).toBe('done');
    expect(supervisor.cancel(hang.id)).toBe(false);
  });

  it('cancels a queued job without running it', async () => {
    const { supervisor, ended, updates } = start(misbehavingWorker);
    const hang = supervisor.submit(thumb('hang.png', png));
    const queued = supervisor.submit(thumb('never.png', png));
    expect(supervisor.cancel(queued.id)).toBe(true);
    expect(supervisor.get(queued.id).state).toBe('cancelled');
    supervisor.cancel(hang.id);
    await ended(hang.id);
    expect(updates.filter((u) => u.id === queued.id).map((u) => u.state)).toEqual(['queued', 'cancelled']);
  });

  it('fails a job whose process crashes, with a clear error, and goes on', async () => {
    const { supervisor, ended } = start(misbehavingWorker);
    const crash = await ended(supervisor.submit(thumb('crash.png', png)).id);
    expect(crash.state).toBe('failed');
    expect(crash.error).toEqual({
      code: 'job_failed',
      message: 'The job process stopped unexpectedly (signal SIGSEGV).',
    });
    const exit = await ended(supervisor.submit(thumb('exit.png', png)).id);
    expect(exit.error?.message).toMatch(/exit code 3/);
    expect((await ended(supervisor.submit(thumb('fine.png', png)).id)).state).toBe('done');
  });

  it('refuses unknown job ids with not_found', () => {
    const { supervisor } = start();
    expect(() => supervisor.get('job:missing')).toThrow(/no job job:missing/);
    expect(() => supervisor.cancel('job:missing')).toThrow(/no job/);
  });
});
