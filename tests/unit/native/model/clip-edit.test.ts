// Editing a clip on the timeline: a move stays on the timeline, a trim stays inside the audio
// (the head trim moves start, length and trim point together, so the sound under the clip
// stays put), fades fit the clip, and "Loop to fit" fills up to an end with copies.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assetFrames,
  clampGain,
  dbToGain,
  fadeIn,
  fadeOut,
  loopToFit,
  maxDurationFrames,
  moveTo,
  timelineEnd,
  trimHead,
  trimTail,
} from '../../../../native/model/clip-edit';
import { audioAsset, clip, timelineDoc, track } from '../../../helpers/timeline-docs';

const fps = 30;
const spf = 48_000 / fps; // samples per frame
const bed = audioAsset('bed', 10); // 10 s = 300 frames
const c = clip('a', 'm', 'bed', { startFrame: 60, durationFrames: 120, trimStartSamples: 30 * spf });

describe('moveTo', () => {
  it('keeps a clip at or after the timeline’s start, on whole frames', () => {
    expect(moveTo(-12)).toEqual({ startFrame: 0 });
    expect(moveTo(41.6)).toEqual({ startFrame: 42 });
  });
});

describe('trimHead', () => {
  it('moves start, length and trim point together: the end and the sound under the clip stay', () => {
    const t = trimHead(c, 75, fps);
    expect(t).toMatchObject({ startFrame: 75, durationFrames: 105, trimStartSamples: 45 * spf });
    expect(t.startFrame + t.durationFrames).toBe(c.startFrame + c.durationFrames);
    // The sample heard at frame 100 is the same before and after.
    const sampleAt = (x: typeof t, frame: number) => x.trimStartSamples + (frame - x.startFrame) * spf;
    expect(sampleAt(t, 100)).toBe(sampleAt(c, 100));
  });

  it('cannot reach before the asset’s first sample', () => {
    expect(trimHead(c, 0, fps)).toMatchObject({ startFrame: 30, durationFrames: 150, trimStartSamples: 0 });
  });

  it('cannot reach before the timeline’s start', () => {
    const early = { ...c, startFrame: 10 };
    expect(trimHead(early, -40, fps)).toMatchObject({ startFrame: 0, trimStartSamples: 20 * spf });
  });

  it('leaves at least one frame', () => {
    expect(trimHead(c, 500, fps)).toMatchObject({ startFrame: 179, durationFrames: 1 });
  });

  it('shortens the fade-in first when the fades no longer fit', () => {
    const faded = { ...c, fadeInFrames: 40, fadeOutFrames: 50 };
    expect(trimHead(faded, 140, fps)).toMatchObject({
      durationFrames: 40,
      fadeInFrames: 0,
      fadeOutFrames: 40,
    });
  });
});

describe('trimTail', () => {
  it('ends where asked', () => {
    expect(trimTail(c, 150, bed, fps)).toMatchObject({
      startFrame: 60,
      durationFrames: 90,
      trimStartSamples: 30 * spf,
    });
  });

  it('cannot run past the asset’s end', () => {
    // 300 frames of audio, 30 trimmed off: at most 270.
    expect(maxDurationFrames(c, bed, fps)).toBe(270);
    expect(trimTail(c, 10_000, bed, fps).durationFrames).toBe(270);
  });

  it('counts the asset’s own sample rate', () => {
    const cd = audioAsset('cd', 10, { sampleRate: 44_100 });
    expect(assetFrames(cd, fps)).toBe(300);
    expect(trimTail(clip('x', 'm', 'cd'), 10_000, cd, fps).durationFrames).toBe(300);
  });

  it('leaves at least one frame, and shortens the fade-out first', () => {
    const faded = { ...c, fadeInFrames: 20, fadeOutFrames: 60 };
    expect(trimTail(faded, 0, bed, fps)).toMatchObject({
      durationFrames: 1,
      fadeInFrames: 1,
      fadeOutFrames: 0,
    });
    expect(trimTail(faded, 60 + 50, bed, fps)).toMatchObject({ fadeInFrames: 20, fadeOutFrames: 30 });
  });

  it('always gives a clip the document accepts and the audio can fill', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (a, b) => {
        const head = trimHead(c, a, fps);
        const both = trimTail(head, b, bed, fps);
        expect(both.startFrame).toBeGreaterThanOrEqual(0);
        expect(both.durationFrames).toBeGreaterThanOrEqual(1);
        expect(both.trimStartSamples).toBeGreaterThanOrEqual(0);
        expect(both.trimStartSamples + both.durationFrames * spf).toBeLessThanOrEqual(10 * 48_000);
        expect(both.fadeInFrames + both.fadeOutFrames).toBeLessThanOrEqual(both.durationFrames);
      }),
    );
  });
});

describe('fades', () => {
  it('fit beside each other inside the clip', () => {
    const faded = { ...c, fadeOutFrames: 100 };
    expect(fadeIn(faded, 50)).toEqual({ fadeInFrames: 20 });
    expect(fadeIn(faded, -5)).toEqual({ fadeInFrames: 0 });
    expect(fadeOut({ ...c, fadeInFrames: 30 }, 500)).toEqual({ fadeOutFrames: 90 });
  });
});

describe('gain', () => {
  it('is held to −60…+12 dB in 0.1 dB steps; −60 dB is silence', () => {
    expect(clampGain(20)).toBe(12);
    expect(clampGain(-3.14159)).toBe(-3.1);
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-6)).toBeCloseTo(0.501, 3);
    expect(dbToGain(-60)).toBe(0);
  });
});

describe('loopToFit', () => {
  let n = 0;
  const ids = () => `clip:copy${++n}` as const;

  it('fills up to the end with copies back to back; the last is cut there and fades out', () => {
    const source = clip('s', 'm', 'bed', {
      startFrame: 0,
      durationFrames: 100,
      fadeInFrames: 10,
      fadeOutFrames: 5,
    });
    const copies = loopToFit(source, 350, fps, ids)!;
    expect(copies.map((x) => [x.startFrame, x.durationFrames])).toEqual([
      [100, 100],
      [200, 100],
      [300, 50],
    ]);
    expect(copies.map((x) => x.fadeInFrames)).toEqual([0, 0, 0]);
    // Cut mid-way: at least a second's fade-out; the others join without one.
    expect(copies.map((x) => x.fadeOutFrames)).toEqual([0, 0, 30]);
    expect(new Set(copies.map((x) => x.id)).size).toBe(3);
    for (const x of copies)
      expect(x).toMatchObject({ assetId: source.assetId, trackId: source.trackId, trimStartSamples: 0 });
  });

  it('keeps the clip’s own fade-out on a last copy that ends whole', () => {
    const source = clip('s', 'm', 'bed', { startFrame: 0, durationFrames: 100, fadeOutFrames: 12 });
    expect(loopToFit(source, 300, fps, ids)!.map((x) => x.fadeOutFrames)).toEqual([0, 12]);
  });

  it('adds nothing when the clip already reaches the end, and refuses absurd counts', () => {
    const source = clip('s', 'm', 'bed', { startFrame: 0, durationFrames: 100 });
    expect(loopToFit(source, 80, fps, ids)).toEqual([]);
    expect(loopToFit({ ...source, durationFrames: 1 }, 100_000, fps, ids)).toBeNull();
  });
});

describe('timelineEnd', () => {
  it('is the last clip’s end, leaving out the tracks asked', () => {
    const doc = timelineDoc({
      assets: [bed],
      tracks: [track('m'), track('v', 'voice')],
      clips: [
        clip('a', 'm', 'bed', { startFrame: 0, durationFrames: 200 }),
        clip('b', 'v', 'bed', { startFrame: 40, durationFrames: 100 }),
      ],
    });
    expect(timelineEnd(doc.timeline)).toBe(200);
    expect(timelineEnd(doc.timeline, ['track:m'])).toBe(140);
  });
});
