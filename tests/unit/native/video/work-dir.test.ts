// Where an export works until it is done, and how the result gets into place.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobLeftovers } from '../../../../native/jobs/leftovers';
import {
  commitFolder,
  exportWorkDir,
  prepareTarget,
  removeWorkDirs,
  workToken,
} from '../../../../native/video/work-dir';
import { tempDir } from '../../../helpers/temp';
import type { JobSpec } from '../../../../native/api/jobs';

const dir = tempDir('atelier-work-dir-');
afterAll(() => dir.cleanup());

describe('export work folders', () => {
  it('sit hidden beside the target, named by the job', () => {
    expect(exportWorkDir('/ads/-my ad.mp4', workToken('job:k3J9'))).toBe('/ads/.-my ad.mp4.k3J9.exporting');
    const spec = {
      kind: 'export-video',
      args: {
        targets: [
          { placement: '9:16', path: '/ads/a.mp4' },
          { placement: '1:1', path: '/b/c.mp4' },
        ],
      },
    } as unknown as JobSpec;
    expect(jobLeftovers('job:xyz', spec)).toEqual(['/ads/.a.mp4.xyz.exporting', '/b/.c.mp4.xyz.exporting']);
    expect(jobLeftovers('job:xyz', { kind: 'music' } as unknown as JobSpec)).toEqual([]);
  });

  it('refuse a target of the wrong kind, create missing parent folders, and go without a trace', async () => {
    const folder = join(dir.path, 'a');
    mkdirSync(folder);
    writeFileSync(join(folder, 'stills'), 'a file');
    await expect(prepareTarget(join(folder, 'stills'), 'folder', join(folder, '.w1'))).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'stills is a file: stills are written into a folder',
    });
    const deep = join(folder, 'new', 'deeper', 'ad.mp4');
    const work = exportWorkDir(deep, 'tok');
    await prepareTarget(deep, 'file', work);
    writeFileSync(join(work, 'video.mp4'), 'half');
    await removeWorkDirs([work]);
    expect(readdirSync(join(folder, 'new', 'deeper'))).toEqual([]);
  });

  it('clear what an export to the same target left when the studio quit mid-export, and nothing else', async () => {
    const folder = join(dir.path, 'quit');
    mkdirSync(folder);
    const target = join(folder, 'ad.mp4');
    const stale = exportWorkDir(target, 'old');
    mkdirSync(stale);
    writeFileSync(join(stale, 'mix.f32'), 'half a mix');
    mkdirSync(exportWorkDir(join(folder, 'other.mp4'), 'old'));
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    const work = exportWorkDir(target, 'new');
    await prepareTarget(target, 'file', work);
    expect(readdirSync(folder).sort()).toEqual([
      '.ad.mp4.new.exporting',
      '.other.mp4.old.exporting',
      'notes.txt',
    ]);
  });

  it('move stills into an existing folder file by file, replacing same names only', async () => {
    const target = join(dir.path, 'stills');
    mkdirSync(target);
    writeFileSync(join(target, '01-Old.png'), 'old');
    writeFileSync(join(target, 'notes.txt'), 'keep');
    const finished = join(dir.path, 'finished');
    mkdirSync(finished);
    writeFileSync(join(finished, '01-Old.png'), 'new');
    writeFileSync(join(finished, '02-Next.png'), 'next');
    await commitFolder(finished, target);
    expect(readdirSync(target).sort()).toEqual(['01-Old.png', '02-Next.png', 'notes.txt']);
    expect(readFileSync(join(target, '01-Old.png'), 'utf8')).toBe('new');
  });
});
