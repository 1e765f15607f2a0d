// Video clips as a shot's picture in the export: ffmpeg decodes the clip at the project's frame
// rate and each story frame shows the clip's frame of that moment (its last frame held when the
// shot runs longer), through transitions and in every placement; a clip that is missing or
// cannot be decoded is named, and a cancel leaves no file and no ffmpeg behind.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, Document } from '../../../../native/model/document';
import type { AssetId, ShotId } from '../../../../native/model/ids';
import { Editor } from '../../../../native/model/editor';
import { runningToolPids } from '../../../../native/media/ffmpeg';
import { exportVideo } from '../../../../native/video/export-video';
import { clipFilePath, StoryFrames, type ClipFile } from '../../../../native/video/story-frames';
import { exportAssets } from '../../../../native/video/export-assets';
import { clipLevel, makeClip } from '../../../helpers/video-clips';
import { decodeFrameRgb, probe } from '../../../helpers/video-probe';
import { sha256, storyDoc } from '../../../helpers/video-docs';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-clip-export-');
afterAll(() => dir.cleanup());
const W = 160;
const H = 90;
/** Frames in the clip (30 fps); the video shot runs 30, so its last 10 hold the clip's last frame. */
const CLIP_FRAMES = 20;
let clip: Uint8Array;
let doc: Document;

/** Shots: red board (10 frames), the clip (30, crossfading in over 4), green board (10, crossfade 4). */
function clipStory(bytes: Uint8Array): Document {
  const { doc: base } = storyDoc({
    artboard: { width: W, height: H },
    shots: [
      { color: '#ff0000', frames: 10 },
      { color: '#0000ff', frames: 30, transition: { kind: 'crossfade', frames: 4 } },
      { color: '#00ff00', frames: 10, transition: { kind: 'crossfade', frames: 4 } },
    ],
  });
  const editor = new Editor(base);
  const asset: Asset = {
    id: 'asset:clip' as AssetId,
    kind: 'video',
    sha256: sha256(bytes),
    mime: 'video/mp4',
    byteSize: bytes.byteLength,
    name: 'pour.mp4',
    width: W,
    height: H,
    durationSamples: (CLIP_FRAMES / 30) * 48000,
    sampleRate: 48000,
    provenance: { type: 'imported', fileName: 'pour.mp4' },
  };
  for (const command of [
    { type: 'asset.add', args: { asset } },
    {
      type: 'shot.update',
      args: { shotId: 'shot:s1' as ShotId, patch: { source: { kind: 'asset', assetId: asset.id } } },
    },
  ] as const) {
    const result = editor.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  }
  return editor.doc;
}

/** The mean grey of the frame's lower-right quarter (away from the clip's white mark). */
function level(rgba: Uint8Array, width: number, height: number, channels = 4): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(height * 0.6); y < height; y++) {
    for (let x = Math.floor(width * 0.6); x < width; x++) {
      const i = (y * width + x) * channels;
      sum += (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
      n++;
    }
  }
  return sum / n;
}

beforeAll(async () => {
  const path = join(dir.path, 'pour.mp4');
  await makeClip(path, { width: W, height: H, fps: 30, frames: CLIP_FRAMES });
  clip = new Uint8Array(readFileSync(path));
  doc = clipStory(clip);
});

function clipFiles(): Map<string, ClipFile> {
  const path = clipFilePath(dir.path, sha256(clip), 'video/mp4');
  writeFileSync(path, clip);
  return new Map([[sha256(clip), { path, name: 'pour.mp4' }]]);
}

describe('StoryFrames with a video shot', () => {
  it('shows the clip frame of each moment, holds its last frame, and mixes it in transitions', async () => {
    const frames = new StoryFrames(
      doc,
      { id: '16:9', width: W, height: H },
      new Map(),
      undefined,
      clipFiles(),
    );
    const seen: number[] = [];
    let mark = 0;
    try {
      for (let f = 0; f < 50; f++) {
        await frames.prepare(f);
        const rgba = frames.rgba(f);
        seen.push(level(rgba, W, H));
        if (f === 20) mark = rgba[(5 * W + 5) * 4]!;
      }
    } finally {
      await frames.close();
    }
    // After its 4-frame crossfade, story frame 10 + k shows clip frame k (the clip's own grey).
    for (const k of [4, 5, 10, 19]) expect(seen[10 + k]).toBeCloseTo(clipLevel(k), -0.5);
    // The shot runs 30 frames; the clip has 20: the rest holds its last frame.
    for (const k of [20, 25, 29]) expect(seen[10 + k]).toBeCloseTo(clipLevel(CLIP_FRAMES - 1), -0.5);
    // Crossfading in from red: clip frame 0 under a fading red board.
    expect(seen[10]).toBeGreaterThan(clipLevel(0) + 5);
    // The green board crossfades in over the held last frame.
    expect(seen[40]).not.toBeCloseTo(seen[39]!, 0);
    // The mark sits top-left: the clip is the right way up.
    expect(mark).toBeGreaterThan(240);
    expect(runningToolPids()).toEqual([]);
  });
});

describe('exporting a storyboard with a video clip', () => {
  it('encodes the clip’s frames at their moments, for MP4 and stills', async () => {
    const out = join(dir.path, 'out');
    const assets = exportAssets(doc, (sha) => (sha === sha256(clip) ? clip : null));
    expect(Object.keys(assets.videos)).toEqual([sha256(clip)]);
    const result = await exportVideo({
      document: doc,
      format: 'mp4',
      targets: [{ placement: { width: W * 2, height: H * 2 }, path: join(dir.path, 'clip-story.mp4') }],
      loudnessLufs: null,
      ...assets,
    });
    expect(result.outputs[0]!.frames).toBe(50);
    const info = await probe(join(dir.path, 'clip-story.mp4'));
    expect(info.duration).toBeCloseTo(50 / 30, 1);
    for (const k of [6, 15, 27]) {
      const rgb = await decodeFrameRgb(join(dir.path, 'clip-story.mp4'), (10 + k - 0.5) / 30);
      const want = clipLevel(Math.min(k, CLIP_FRAMES - 1));
      expect(Math.abs(level(rgb, W * 2, H * 2, 3) - want)).toBeLessThan(4);
    }

    const stills = await exportVideo({
      document: doc,
      format: 'stills',
      targets: [{ placement: { width: W, height: H }, path: out }],
      loudnessLufs: null,
      ...assets,
    });
    expect(stills.outputs[0]!.frames).toBe(3);
    expect(readdirSync(out)).toHaveLength(3);
    expect(runningToolPids()).toEqual([]);
  }, 120_000);

  it('names a clip that is missing or cannot be decoded, and leaves nothing behind', async () => {
    const target = join(dir.path, 'bad.mp4');
    const missing = await exportVideo({
      document: doc,
      format: 'mp4',
      targets: [{ placement: '1:1', path: target }],
      loudnessLufs: null,
      images: {},
      videos: {},
      audio: {},
    }).catch((e) => e);
    expect(missing).toMatchObject({
      code: 'not_found',
      message: 'the video clip "pour.mp4" shot "Shot 2" shows is missing from the export',
    });
    const garbage = new Uint8Array(4096).fill(7);
    const broken = await exportVideo({
      document: doc,
      format: 'mp4',
      targets: [{ placement: { width: W, height: H }, path: target }],
      loudnessLufs: null,
      images: {},
      videos: { [sha256(clip)]: garbage },
      audio: {},
    }).catch((e) => e);
    expect(broken).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/^the video clip pour\.mp4 could not be decoded/),
    });
    expect(readdirSync(dir.path).filter((n) => n.startsWith('bad') || n.startsWith('.bad'))).toEqual([]);
    expect(runningToolPids()).toEqual([]);
  }, 60_000);

  it('a cancel while a clip plays stops its decoder and leaves no file', async () => {
    const controller = new AbortController();
    const target = join(dir.path, 'cancelled.mp4');
    const error = await exportVideo({
      document: doc,
      format: 'mp4',
      targets: [{ placement: { width: W, height: H }, path: target }],
      loudnessLufs: null,
      ...exportAssets(doc, () => clip),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.framesDone >= 15) controller.abort();
      },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(readdirSync(dir.path).filter((n) => n.includes('cancelled'))).toEqual([]);
    expect(runningToolPids()).toEqual([]);
  }, 60_000);
});
