// project.exportVideo refuses what it cannot export, naming the problem, and queues nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JobInfo } from '../../../../native/api/jobs';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(root);
const { engine, call, failure } = testEngine(root, join(dir.path, 'data'));
afterAll(() => {
  engine.close();
  dir.cleanup();
});

describe('project.exportVideo', () => {
  it('refuses an empty storyboard, a folder outside the root and a placement named twice', async () => {
    await call('project.new', {
      placement: { id: 'square', name: 'Square post', width: 1080, height: 1080 },
    });
    expect((await failure('project.exportVideo', { placements: ['9:16'], dir: root }))?.message).toBe(
      'the storyboard has no shots to export',
    );
    expect((await failure('project.exportVideo', { placements: ['9:16'], dir: '/etc' }))?.code).toBe(
      'forbidden',
    );
    expect((await failure('project.exportVideo', { placements: ['9:16', '9:16'], dir: root }))?.field).toBe(
      'args.placements',
    );
    expect((await failure('project.exportVideo', { placements: ['3:2'], dir: root }))?.field).toBe(
      'args.placements.0',
    );
    expect((await call<JobInfo[]>('jobs.list')).filter((j) => j.kind === 'export-video')).toEqual([]);
  });
});
