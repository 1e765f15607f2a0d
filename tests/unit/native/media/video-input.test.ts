// Video clip import: what ffprobe says of a clip, the poster and preview proxy made from it, and
// a clear refusal, naming the file, of anything that is not a clip the studio can use.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImage } from '@napi-rs/canvas';
import { probeVideo, videoDerived, PROXY_MAX_SIDE } from '../../../../native/media/video-input';
import { encodeWav } from '../../../../native/music/wav';
import { countFrames, probe } from '../../../helpers/video-probe';
import { clipLevel, makeClip } from '../../../helpers/video-clips';
import { gradientPng } from '../../../helpers/images';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-video-in-');
const at = (name: string) => join(dir.path, name);

beforeAll(async () => {
  await makeClip(at('pour.mp4'), { width: 320, height: 180, fps: 25, frames: 50, withAudio: true });
  await makeClip(at('wide.webm'), { width: 1280, height: 720, fps: 30, frames: 12, format: 'webm' });
  await makeClip(at('upright.mp4'), { width: 192, height: 108, frames: 10, rotate: 90 });
  await makeClip(at('one.mkv'), { frames: 1, format: 'mkv' });
});
afterAll(() => dir.cleanup());

describe('probeVideo', () => {
  it('reads size, rate, length, codec and container by content, and notes unused sound', async () => {
    const info = await probeVideo({ type: 'path', path: at('pour.mp4') });
    expect(info).toMatchObject({
      name: 'pour.mp4',
      container: 'mp4',
      codec: 'h264',
      width: 320,
      height: 180,
      fps: 25,
      durationSeconds: 2,
      durationSamples48k: 96_000,
      hasAudio: true,
      mime: 'video/mp4',
    });
    expect(info.note).toMatch(/pour\.mp4: its sound is not used/);
    const webm = await probeVideo({ type: 'path', path: at('wide.webm') });
    expect(webm).toMatchObject({ container: 'matroska', codec: 'vp9', mime: 'video/webm', fps: 30 });
    expect(webm.note).toBeUndefined();
  });

  it('gives an upright phone clip (stored sideways with a rotation) its upright size', async () => {
    const info = await probeVideo({ type: 'path', path: at('upright.mp4') });
    expect([info.width, info.height]).toEqual([108, 192]);
  });

  it('reads dropped bytes the same way, and notes a name that disagrees with the content', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(at('wide.webm')));
    const info = await probeVideo({ type: 'bytes', name: 'clip.mp4', bytes });
    expect(info.container).toBe('matroska');
    expect(info.note).toMatch(/the name says MP4 but the file holds MATROSKA/);
  });

  it('refuses what is not a moving clip, naming the file and what it holds', async () => {
    writeFileSync(at('bed.wav'), encodeWav({ sampleRate: 48000, channels: [new Float32Array(4800)] }));
    writeFileSync(at('logo.png'), await gradientPng(32, 32));
    writeFileSync(at('notes.mp4'), 'this is not a video at all\n'.repeat(20));
    writeFileSync(at('empty.mp4'), '');
    const refusal = async (path: string) =>
      probeVideo({ type: 'path', path }).then(
        () => null,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      );
    expect(await refusal(at('bed.wav'))).toEqual({
      code: 'invalid_argument',
      message: expect.stringMatching(/^bed\.wav: not a video clip the studio opens \(it holds WAV audio/),
    });
    expect(await refusal(at('logo.png'))).toEqual({
      code: 'invalid_argument',
      message: expect.stringMatching(/^logo\.png: not a video clip the studio opens \(it holds a PNG image/),
    });
    expect((await refusal(at('notes.mp4')))?.message).toMatch(/^notes\.mp4: not a readable video file/);
    expect(await refusal(at('empty.mp4'))).toEqual({
      code: 'invalid_argument',
      message: 'empty.mp4: the file is empty',
    });
    expect(await refusal(at('missing.mp4'))).toEqual({
      code: 'not_found',
      message: 'missing.mp4: no such file',
    });
    expect((await refusal(at('one.mkv')))?.message).toBe(
      'one.mkv: holds a single picture, not a moving clip: import it as an image',
    );
  });

  it('refuses clips over the length and size limits', async () => {
    const long = await probeVideo({ type: 'path', path: at('pour.mp4') }, { maxSeconds: 1 }).catch((e) => e);
    expect(long).toMatchObject({
      code: 'too_large',
      message: 'pour.mp4: 2 s long, over the 1 s limit for video clips',
    });
    const big = await probeVideo({ type: 'path', path: at('pour.mp4') }, { maxBytes: 100 }).catch((e) => e);
    expect(big).toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/over the 100 bytes limit for video files/),
    });
  });
});

describe('videoDerived', () => {
  it('makes a poster of the first frame and a small VP8 proxy with every frame', async () => {
    const { probe: info, poster, proxy } = await videoDerived({ type: 'path', path: at('pour.mp4') });
    expect(info.width).toBe(320);
    const image = await loadImage(Buffer.from(poster));
    expect([image.width, image.height]).toEqual([320, 180]);
    writeFileSync(at('proxy.webm'), proxy);
    const proxied = await probe(at('proxy.webm'));
    const stream = proxied.streams.find((s) => s.codec_type === 'video')!;
    expect(stream.codec_name).toBe('vp8');
    expect(proxied.streams.some((s) => s.codec_type === 'audio')).toBe(false);
    expect(await countFrames(at('proxy.webm'))).toBe(50);
    expect(clipLevel(0)).toBe(16);
  });

  it('scales a large clip down to the proxy size, keeping its shape', async () => {
    const progress: number[] = [];
    const { poster, proxy } = await videoDerived(
      { type: 'path', path: at('wide.webm') },
      { onProgress: (f) => progress.push(f) },
    );
    const image = await loadImage(Buffer.from(poster));
    expect([image.width, image.height]).toEqual([PROXY_MAX_SIDE, 360]);
    writeFileSync(at('proxy2.webm'), proxy);
    const stream = (await probe(at('proxy2.webm'))).streams[0]!;
    expect([stream.width, stream.height]).toEqual([PROXY_MAX_SIDE, 360]);
    expect(progress.at(-1)).toBe(1);
  });
});
