// The export's audio mix: clips where the timeline puts them, trimmed, at track × clip gain with
// the timeline's fade ramps, mute and solo as the timeline plays them, then loudness-normalised.
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../../native/music/wav';
import { mixAudio, mixClips } from '../../../../native/video/mix';
import { integratedLoudness } from '../../../../native/video/loudness';
import { audioAsset, clip, timelineDoc, track } from '../../../helpers/timeline-docs';
import type { StudioError } from '../../../../native/api/errors';

const RATE = 48_000;
const FPS = 30;
const PER_FRAME = RATE / FPS;

/** 24-bit WAV bytes without dither, so decoded samples are the written ones to ~1e-7. */
function wav(channels: Float32Array[]): Uint8Array {
  return encodeWav({ sampleRate: RATE, channels }, { bitDepth: 24, dither: false });
}

/** A rising ramp 0 … 0.5 over `seconds`: each sample says where in the asset it came from. */
function ramp(seconds: number): Float32Array {
  const n = seconds * RATE;
  return Float32Array.from({ length: n }, (_, i) => (0.5 * i) / n);
}

const shaOf = (id: string) => audioAsset(id, 1).sha256;

describe('mixClips', () => {
  it('leaves out muted tracks, tracks not soloed while another is, and clips that start after the end', () => {
    const doc = timelineDoc({
      assets: [audioAsset('a', 4), audioAsset('b', 4)],
      tracks: [
        track('m1', 'music', { muted: true }),
        track('v1', 'voice', { solo: true }),
        track('s1', 'sfx'),
      ],
      clips: [
        clip('one', 'm1', 'a'),
        clip('two', 'v1', 'b'),
        clip('late', 'v1', 'b', { startFrame: 90 }),
        clip('three', 's1', 'a'),
      ],
    });
    expect(mixClips(doc, 60 * PER_FRAME).map((c) => c.clipId)).toEqual(['clip:two']);
  });
});

describe('mixAudio', () => {
  it('places a trimmed clip at its start, at track × clip gain, exactly', async () => {
    const source = ramp(3);
    const doc = timelineDoc({
      assets: [audioAsset('bed', 3)],
      tracks: [track('music', 'music', { gainDb: -6 })],
      clips: [
        clip('c', 'music', 'bed', {
          startFrame: 30,
          durationFrames: 30,
          trimStartSamples: RATE / 2,
          gainDb: 6,
        }),
      ],
    });
    const mix = await mixAudio(doc, {
      lengthSamples: 3 * RATE,
      audio: { [shaOf('bed')]: wav([source, source]) },
      targetLufs: null,
    });
    expect(mix.left.length).toBe(3 * RATE);
    expect(mix.loudness).toBeNull();
    const gain = Math.pow(10, -6 / 20) * Math.pow(10, 6 / 20);
    for (const at of [RATE, RATE + 1234, 2 * RATE - 1]) {
      expect(mix.left[at]).toBeCloseTo(source[at - RATE + RATE / 2]! * gain, 5);
      expect(mix.right[at]).toBeCloseTo(mix.left[at]!, 6);
    }
    expect(mix.left[RATE - 1]).toBe(0);
    expect(mix.left[2 * RATE]).toBe(0);
  });

  it('ramps fades in and out linearly, as the timeline plays them', async () => {
    const dc = new Float32Array(2 * RATE).fill(0.4);
    const doc = timelineDoc({
      assets: [audioAsset('dc', 2)],
      tracks: [track('music')],
      clips: [
        clip('c', 'music', 'dc', { startFrame: 0, durationFrames: 60, fadeInFrames: 15, fadeOutFrames: 30 }),
      ],
    });
    const mix = await mixAudio(doc, {
      lengthSamples: 2 * RATE,
      audio: { [shaOf('dc')]: wav([dc, dc]) },
      targetLufs: null,
    });
    const fadeIn = 15 * PER_FRAME;
    const fadeOut = 30 * PER_FRAME;
    expect(mix.left[0]).toBe(0);
    expect(mix.left[fadeIn / 2]).toBeCloseTo(0.2, 5);
    expect(mix.left[fadeIn + 100]).toBeCloseTo(0.4, 5);
    expect(mix.left[2 * RATE - fadeOut / 2]).toBeCloseTo(0.2, 5);
    expect(mix.left[2 * RATE - 1]).toBeCloseTo(0.4 / fadeOut, 5);
  });

  it('adds overlapping clips, plays a mono asset on both sides, and cuts clips at the export’s end', async () => {
    const mono = new Float32Array(4 * RATE).fill(0.1);
    const stereo = [new Float32Array(4 * RATE).fill(0.2), new Float32Array(4 * RATE).fill(-0.3)];
    const doc = timelineDoc({
      assets: [audioAsset('mono', 4), audioAsset('st', 4)],
      tracks: [track('music'), track('voice', 'voice')],
      clips: [
        clip('a', 'music', 'mono', { durationFrames: 120 }),
        clip('b', 'voice', 'st', { startFrame: 15, durationFrames: 120 }),
      ],
    });
    const mix = await mixAudio(doc, {
      lengthSamples: 2 * RATE,
      audio: { [shaOf('mono')]: wav([mono]), [shaOf('st')]: wav(stereo) },
      targetLufs: null,
    });
    expect(mix.left.length).toBe(2 * RATE);
    expect(mix.left[100]).toBeCloseTo(0.1, 5);
    expect(mix.right[100]).toBeCloseTo(0.1, 5);
    expect(mix.left[RATE]).toBeCloseTo(0.3, 5);
    expect(mix.right[RATE]).toBeCloseTo(-0.2, 5);
    expect(mix.left[2 * RATE - 1]).toBeCloseTo(0.3, 5);
  });

  it('normalises the mix to the target loudness', async () => {
    const tone = Float32Array.from(
      { length: 6 * RATE },
      (_, i) => 0.05 * Math.sin((2 * Math.PI * 440 * i) / RATE),
    );
    const doc = timelineDoc({
      assets: [audioAsset('tone', 6)],
      tracks: [track('music')],
      clips: [clip('c', 'music', 'tone', { durationFrames: 180 })],
    });
    const mix = await mixAudio(doc, {
      lengthSamples: 6 * RATE,
      audio: { [shaOf('tone')]: wav([tone, tone]) },
      targetLufs: -16,
    });
    expect(mix.loudness?.inputLufs).toBeLessThan(-25);
    expect(integratedLoudness([mix.left, mix.right])).toBeCloseTo(-16, 1);
  });

  it('is silence when nothing is heard, and stays silence through normalising', async () => {
    const doc = timelineDoc({
      assets: [audioAsset('a', 2)],
      tracks: [track('music', 'music', { muted: true })],
      clips: [clip('c', 'music', 'a')],
    });
    const mix = await mixAudio(doc, { lengthSamples: RATE, audio: {}, targetLufs: -14 });
    expect(mix.clips).toBe(0);
    expect(mix.left.every((v) => v === 0)).toBe(true);
    expect(mix.loudness).toEqual({ inputLufs: null, outputLufs: null, gainDb: 0, truePeakDb: null });
  });

  it('names an audio file missing from the export, and one that cannot be decoded', async () => {
    const doc = timelineDoc({
      assets: [audioAsset('gone', 2)],
      tracks: [track('music')],
      clips: [clip('c', 'music', 'gone')],
    });
    const missing = await mixAudio(doc, { lengthSamples: RATE, audio: {}, targetLufs: null }).catch(
      (e: StudioError) => e,
    );
    expect(missing).toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/the audio "gone\.wav".*missing/),
    });
    const broken = await mixAudio(doc, {
      lengthSamples: RATE,
      audio: { [shaOf('gone')]: new TextEncoder().encode('not audio at all') },
      targetLufs: null,
    }).catch((e: StudioError) => e);
    expect(broken).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/gone\.wav/) });
  });
});
