// Exporting a storyboard (three shots, a caption, a crossfade, a soundtrack) the way a designer
// would get it: ffprobe and ffmpeg say what is in the files, decoded frames match what
// native/compose draws, the loudness is what was asked, and a cancel, a missing ffmpeg or an
// awkward file name leave nothing half-written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import type { StudioError } from '../../../../native/api/errors';
import { ExportVideoArgsSchema, type ExportVideoResult } from '../../../../native/api/jobs';
import { runningToolPids } from '../../../../native/media/ffmpeg';
import type { Document } from '../../../../native/model/document';
import { storyTiming } from '../../../../native/model/story-timing';
import { exportVideo, stillName, type ExportProgress } from '../../../../native/video/export-video';
import { stillFrame, StoryFrames } from '../../../../native/video/story-frames';
import { countFrames, decodeFrameRgb, ebur128, probe, psnrRgbVsRgba } from '../../../helpers/video-probe';
import { tempDir } from '../../../helpers/temp';
import { threeShotStory } from '../../../helpers/video-docs';

const FPS = 30;
const dir = tempDir('atelier-export-');
let doc: Document;
let audio: Record<string, Uint8Array>;
afterAll(() => dir.cleanup());

/** A fresh folder per test, so "nothing left behind" means an empty listing. */
let folders = 0;
function folder(): string {
  const path = join(dir.path, `t${++folders}`);
  mkdirSync(path);
  return path;
}

beforeAll(async () => {
  ({ doc, audio } = await threeShotStory({ seconds: 3 }));
}, 60_000);

describe('MP4 export of a three-shot storyboard', () => {
  let out: string;
  let result: ExportVideoResult;
  const progress: ExportProgress[] = [];
  const names = ['-out.mp4', 'my ad.mp4', 'line\nbreak.mp4'];

  beforeAll(async () => {
    out = folder();
    result = await exportVideo({
      document: doc,
      format: 'mp4',
      // Three placements in one go, to files whose names a shell or ffmpeg would misread.
      targets: [
        { placement: '9:16', path: join(out, names[0]!) },
        { placement: '16:9', path: join(out, names[1]!) },
        { placement: '1:1', path: join(out, names[2]!) },
      ],
      loudnessLufs: -14,
      images: {},
      audio,
      onProgress: (p) => progress.push(p),
    });
  }, 180_000);

  it('writes every placement under its exact name, and nothing else', () => {
    expect(readdirSync(out).sort()).toEqual([...names].sort());
    expect(result.outputs.map((o) => [o.placement, o.width, o.height, o.frames])).toEqual([
      ['9:16', 1080, 1920, 90],
      ['16:9', 1920, 1080, 90],
      ['1:1', 1080, 1080, 90],
    ]);
    expect(result.outputs[0]!.durationSeconds).toBe(3);
    expect(result.outputs[0]!.byteSize).toBe(readFileSync(join(out, names[0]!)).byteLength);
  });

  it('holds H.264 at the placement’s size and frame rate and AAC stereo, lasting the storyboard (±1 frame)', async () => {
    for (const [index, [width, height]] of [
      [1080, 1920],
      [1920, 1080],
      [1080, 1080],
    ].entries()) {
      const info = await probe(join(out, names[index]!));
      const video = info.streams.find((s) => s.codec_type === 'video')!;
      const sound = info.streams.find((s) => s.codec_type === 'audio')!;
      expect(video).toMatchObject({
        codec_name: 'h264',
        width,
        height,
        r_frame_rate: '30/1',
        nb_frames: '90',
      });
      expect(sound).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
      expect(Math.abs(info.duration - 3)).toBeLessThanOrEqual(1 / FPS);
      expect(Math.abs(Number(sound.duration) - 3)).toBeLessThanOrEqual(1 / FPS);
    }
  });

  it('shows the frames native/compose draws (PSNR ≥ 35 dB): a caption, the crossfade, the camera move', async () => {
    const placement = { id: '9:16', width: 1080, height: 1920 };
    const frames = new StoryFrames(doc, placement, new Map(), storyTiming(doc));
    // 8: caption over shot 1; 34: inside the crossfade into shot 2; 55: shot 2's camera move; 80: end card.
    for (const frame of [8, 34, 55, 80]) {
      const decoded = await decodeFrameRgb(join(out, names[0]!), (frame - 0.5) / FPS);
      const psnr = psnrRgbVsRgba(decoded, frames.rgba(frame));
      expect(psnr, `frame ${frame}`).toBeGreaterThanOrEqual(35);
    }
  });

  it('is normalised to −14 LUFS as ffmpeg measures it (±0.5), under −1 dBTP', async () => {
    const measured = await ebur128(join(out, names[1]!));
    expect(Math.abs(measured.integrated + 14)).toBeLessThanOrEqual(0.5);
    expect(measured.truePeak).toBeLessThanOrEqual(-0.5);
    expect(result.loudness?.outputLufs).toBeCloseTo(-14, 1);
  });

  it('reports progress with frames done and the time left, ending at 1', () => {
    const frames = progress.filter((p) => /frame \d+ of 90/.test(p.stage));
    expect(frames.length).toBeGreaterThan(100);
    expect(frames.some((p) => p.secondsLeft !== null && /about \d+ s left|almost done/.test(p.stage))).toBe(
      true,
    );
    expect(progress.at(-1)).toMatchObject({ fraction: 1, framesDone: 270, framesTotal: 270 });
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });
});

describe('other formats', () => {
  it('exports WebM with VP9 and Opus at a custom size', async () => {
    const out = join(folder(), 'ad.webm');
    const result = await exportVideo({
      document: doc,
      format: 'webm',
      targets: [{ placement: { width: 540, height: 960 }, path: out }],
      loudnessLufs: -14,
      images: {},
      audio,
    });
    expect(result.outputs[0]).toMatchObject({ placement: null, width: 540, height: 960, frames: 90 });
    const info = await probe(out);
    expect(info.streams.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'vp9',
      width: 540,
      height: 960,
      r_frame_rate: '30/1',
    });
    expect(info.streams.find((s) => s.codec_type === 'audio')).toMatchObject({
      codec_name: 'opus',
      channels: 2,
    });
    expect(Math.abs(info.duration - 3)).toBeLessThanOrEqual(1 / FPS);
    expect(await countFrames(out)).toBe(90);
    const frames = new StoryFrames(
      doc,
      { id: 'custom', width: 540, height: 960 },
      new Map(),
      storyTiming(doc),
    );
    for (const frame of [34, 55]) {
      const psnr = psnrRgbVsRgba(await decodeFrameRgb(out, (frame - 0.5) / FPS), frames.rgba(frame));
      expect(psnr, `frame ${frame}`).toBeGreaterThanOrEqual(35);
    }
  }, 120_000);

  it('writes one PNG per shot, the frame in the middle of the shot as drawn', async () => {
    const out = join(folder(), 'stills 4x5');
    const result = await exportVideo({
      document: doc,
      format: 'stills',
      targets: [{ placement: '4:5', path: out }],
      loudnessLufs: -14,
      images: {},
      audio,
    });
    const timing = storyTiming(doc);
    const expected = timing.shots.map((s) => stillName(s.index, s.shot.name));
    expect(expected).toEqual(['01-Opening.png', '02-Product.png', '03-End card.png']);
    expect(readdirSync(out).sort()).toEqual([...expected].sort());
    expect(result.outputs[0]).toMatchObject({ frames: 3, width: 1080, height: 1350 });
    expect(result.loudness).toBeNull();
    const frames = new StoryFrames(doc, { id: '4:5', width: 1080, height: 1350 }, new Map(), timing);
    const shot = timing.shots[1]!;
    expect(stillFrame(shot)).toBe(shot.startFrame + 10 + 10); // after the 10-frame crossfade, mid-way through the rest
    const image = await loadImage(readFileSync(join(out, expected[1]!)));
    expect([image.width, image.height]).toEqual([1080, 1350]);
    const png = await frames.png(stillFrame(shot));
    expect(Buffer.from(png).equals(readFileSync(join(out, expected[1]!)))).toBe(true);
  }, 60_000);
});

describe('nothing half-written', () => {
  it('cancelling mid-export kills ffmpeg and leaves no partial file and no temporary file', async () => {
    const out = folder();
    const controller = new AbortController();
    const error = await exportVideo({
      document: doc,
      format: 'mp4',
      targets: [
        { placement: '9:16', path: join(out, 'ad.mp4') },
        { placement: '1:1', path: join(out, 'square.mp4') },
      ],
      loudnessLufs: -14,
      images: {},
      audio,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.framesDone >= 30) controller.abort();
      },
    }).catch((e: StudioError) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(readdirSync(out)).toEqual([]);
    expect(runningToolPids()).toEqual([]);
  }, 60_000);

  it('says clearly that ffmpeg is missing, before writing anything', async () => {
    const out = folder();
    const path = process.env.PATH;
    process.env.ATELIER_NO_BUNDLED_FFMPEG = '1'; // nor the build from npm
    process.env.PATH = folder(); // an empty folder: no ffmpeg on this PATH
    try {
      const error = await exportVideo({
        document: doc,
        format: 'mp4',
        targets: [{ placement: '9:16', path: join(out, 'ad.mp4') }],
        loudnessLufs: -14,
        images: {},
        audio,
      }).catch((e: StudioError) => e);
      expect(error).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/ffmpeg is not installed.*apt-get install ffmpeg/s),
      });
    } finally {
      process.env.PATH = path;
      delete process.env.ATELIER_NO_BUNDLED_FFMPEG;
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses an empty storyboard, a folder named as the video file, and a missing image, writing nothing', async () => {
    const out = folder();
    const empty = { ...doc, shots: {}, shotOrder: [] };
    const base = { format: 'mp4' as const, loudnessLufs: -14, images: {}, audio };
    await expect(
      exportVideo({ ...base, document: empty, targets: [{ placement: '9:16', path: join(out, 'a.mp4') }] }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/no shots/),
    });
    mkdirSync(join(out, 'taken.mp4'));
    await expect(
      exportVideo({ ...base, document: doc, targets: [{ placement: '9:16', path: join(out, 'taken.mp4') }] }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/taken\.mp4 is a folder/),
    });
    const withImage = structuredClone(doc);
    const sha = 'ab'.repeat(32);
    withImage.assets['asset:pic'] = {
      id: 'asset:pic',
      kind: 'image',
      sha256: sha,
      mime: 'image/png',
      byteSize: 10,
      name: 'logo.png',
      width: 10,
      height: 10,
      durationSamples: null,
      sampleRate: null,
      provenance: { type: 'imported', fileName: 'logo.png' },
    };
    withImage.shots['shot:s0']!.source = { kind: 'asset', assetId: 'asset:pic' };
    await expect(
      exportVideo({
        ...base,
        document: withImage,
        targets: [{ placement: '9:16', path: join(out, 'b.mp4') }],
      }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/"logo\.png".*missing/),
    });
    expect(readdirSync(out)).toEqual(['taken.mp4']);
  });

  it('the job arguments refuse two targets on one path and odd custom sizes', () => {
    const args = { document: doc, format: 'mp4', images: {}, audio: {} };
    expect(
      ExportVideoArgsSchema.safeParse({
        ...args,
        targets: [
          { placement: '9:16', path: '/a.mp4' },
          { placement: '1:1', path: '/a.mp4' },
        ],
      }).success,
    ).toBe(false);
    expect(
      ExportVideoArgsSchema.safeParse({
        ...args,
        targets: [{ placement: { width: 641, height: 360 }, path: '/a.mp4' }],
      }).success,
    ).toBe(false);
    const parsed = ExportVideoArgsSchema.parse({ ...args, targets: [{ placement: '4:5', path: '/a.mp4' }] });
    expect(parsed.loudnessLufs).toBe(-14);
  });
});
