// Video clips in a project through the engine: a clip imported by path or as dropped bytes is an
// asset with its upright size and length, its poster and preview proxy stored beside it (and
// saved with the project); bad files are refused naming them, with nothing stored; a storyboard
// showing the clip exports through the job process.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import type { ProjectState } from '../../../../native/api/project';
import type { Asset } from '../../../../native/model/document';
import { Sqlite } from '../../../../native/project/sqlite';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { makeClip } from '../../../helpers/video-clips';
import { probe } from '../../../helpers/video-probe';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(root);
const { engine, call, failure, finished } = testEngine(root, join(dir.path, 'data'));
afterEach(async () => {
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

const newProject = () =>
  call<ProjectState>('project.new', { placement: { id: 'story', name: 'Story', width: 1080, height: 1920 } });

async function edit(command: unknown): Promise<ProjectState> {
  const state = await call<ProjectState>('project.current');
  return call<ProjectState>('project.edit', { edit: { kind: 'command', command }, revision: state.revision });
}

describe('video clips', () => {
  it('imports a clip with its upright size and length; poster and proxy are kept and saved with it', async () => {
    await newProject();
    const path = join(root, 'phone clip.mp4');
    await makeClip(path, { width: 192, height: 108, fps: 30, frames: 45, rotate: 90 });
    const asset = await call<Asset>('project.importVideo', { source: { type: 'path', path } });
    expect(asset).toMatchObject({
      kind: 'video',
      mime: 'video/mp4',
      name: 'phone clip.mp4',
      width: 108,
      height: 192,
      durationSamples: 72000,
      sampleRate: 48000,
      byteSize: readFileSync(path).byteLength,
      provenance: { type: 'imported', fileName: 'phone clip.mp4' },
    });
    const poster = await call<{ mime: string; bytes: Uint8Array }>('project.videoMedia', {
      sha256: asset.sha256,
      kind: 'poster',
    });
    expect(poster.mime).toBe('image/png');
    const image = await loadImage(Buffer.from(poster.bytes));
    expect([image.width, image.height]).toEqual([108, 192]);
    const proxy = await call<{ mime: string; bytes: Uint8Array }>('project.videoMedia', {
      sha256: asset.sha256,
      kind: 'proxy',
    });
    expect(proxy.mime).toBe('video/webm');

    await edit({ type: 'asset.add', args: { asset } });
    const saved = join(root, 'clips.atelier');
    await call('project.saveAs', { path: saved });
    await call('project.close', {});
    // The file holds the clip, and its poster and proxy beside it.
    const db = new Sqlite(saved, { readonly: true });
    const rows = db.all<{ mime: string }>('SELECT mime FROM assets ORDER BY mime');
    db.close();
    expect(rows.map((r) => r.mime)).toEqual(['image/png', 'video/mp4', 'video/webm']);
    await call('project.open', { path: saved });
    const again = await call<{ bytes: Uint8Array }>('project.videoMedia', {
      sha256: asset.sha256,
      kind: 'proxy',
    });
    expect(Buffer.from(again.bytes).equals(Buffer.from(proxy.bytes))).toBe(true);
  });

  it('takes dropped bytes, and refuses what is not a clip with nothing stored', async () => {
    await newProject();
    const path = join(root, 'drop.webm');
    await makeClip(path, { format: 'webm', frames: 12 });
    const dropped = await call<Asset>('project.importVideo', {
      source: { type: 'bytes', name: 'drop.webm', bytes: new Uint8Array(readFileSync(path)) },
    });
    expect(dropped).toMatchObject({ kind: 'video', mime: 'video/webm', width: 160, height: 90 });

    writeFileSync(join(root, 'notes.mp4'), 'not a clip\n'.repeat(50));
    const refused = await failure('project.importVideo', {
      source: { type: 'path', path: join(root, 'notes.mp4') },
    });
    expect(refused).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/^notes\.mp4: not a readable video file/),
    });
    const outside = await failure('project.importVideo', { source: { type: 'path', path: '/etc/hostname' } });
    expect(outside?.code).toBe('forbidden');
    const none = await failure('project.videoMedia', { sha256: 'a'.repeat(64), kind: 'poster' });
    expect(none).toMatchObject({ code: 'not_found', message: 'no such video clip in this project' });
  });

  it('exports a storyboard whose shot shows the clip, in the job process', async () => {
    await newProject();
    const path = join(root, 'pour.mp4');
    await makeClip(path, { width: 160, height: 90, fps: 30, frames: 30 });
    const asset = await call<Asset>('project.importVideo', { source: { type: 'path', path } });
    await edit({ type: 'asset.add', args: { asset } });
    await edit({
      type: 'shot.add',
      args: {
        shot: {
          id: 'shot:clip',
          name: 'Pour',
          source: { kind: 'asset', assetId: asset.id },
          durationFrames: 30,
          caption: '',
          notes: '',
          transitionIn: { kind: 'cut', durationFrames: 0 },
          camera: { from: { x: 0.5, y: 0.5, scale: 1 }, to: { x: 0.5, y: 0.5, scale: 1 }, easing: 'linear' },
          reframe: {},
        },
        index: 0,
      },
    });
    const out = join(root, 'out');
    mkdirSync(out);
    const { jobId, outputs } = await call<{ jobId: string; outputs: { path: string }[] }>(
      'project.exportVideo',
      {
        dir: out,
        placements: ['1:1'],
        format: 'mp4',
      },
    );
    const info = await finished(jobId);
    expect(info.error).toBeNull();
    const video = (await probe(outputs[0]!.path)).streams.find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([1080, 1080]);
  }, 120_000);
});
