// What the player schedules from a playhead position: each audio clip ahead (behind, backwards)
// at the right moment, from the right place in its asset, with its gain and fades as ramps.
import { describe, expect, it } from 'vitest';
import type { Shot } from '../../../../native/model/document';
import { audible, cutEnd, planPlayback, trackLevel } from '../../../../renderer/timeline/playback-plan';
import { audioAsset, clip, timelineDoc, track } from '../../../helpers/timeline-docs';

const close = (points: { at: number; value: number }[]) =>
  points.map((p) => [Math.round(p.at * 1000) / 1000, Math.round(p.value * 1000) / 1000]);

const doc = timelineDoc({
  assets: [audioAsset('bed', 20), audioAsset('vo', 5)],
  tracks: [track('m'), track('v', 'voice'), track('pic', 'video')],
  clips: [
    // 1 s into the bed, on the timeline from 2 s to 6 s, fading in over 1 s and out over 0.5 s.
    clip('bed', 'm', 'bed', {
      startFrame: 60,
      durationFrames: 120,
      trimStartSamples: 48_000,
      fadeInFrames: 30,
      fadeOutFrames: 15,
    }),
    clip('vo', 'v', 'vo', { startFrame: 0, durationFrames: 45, gainDb: -6 }),
    clip('pic', 'pic', null, { startFrame: 0, durationFrames: 300 }),
  ],
});

describe('planPlayback forwards', () => {
  it('starts a clip ahead of the playhead when the playhead reaches it, from its trim point', () => {
    const plan = planPlayback(doc, 0, 1, 1);
    const bed = plan.clips.find((c) => c.clipId === 'clip:bed')!;
    expect(bed).toMatchObject({ when: 2, assetFrom: 1, duration: 4 });
    expect(close(bed.gain)).toEqual([
      [2, 0],
      [3, 1],
      [5.5, 1],
      [6, 0],
    ]);
    expect(plan.endsAfter).toBe(6);
    // Video clips are not audio.
    expect(plan.clips.map((c) => c.clipId).sort()).toEqual(['clip:bed', 'clip:vo']);
  });

  it('starts a clip under the playhead at once, part-way into it and part-way up its fade', () => {
    const bed = planPlayback(doc, 2.5, 1, 1).clips.find((c) => c.clipId === 'clip:bed')!;
    expect(bed).toMatchObject({ when: 0, assetFrom: 1.5, duration: 3.5 });
    expect(close(bed.gain)).toEqual([
      [0, 0.5],
      [0.5, 1],
      [3, 1],
      [3.5, 0],
    ]);
  });

  it('leaves out clips already played, and scales time by the speed', () => {
    const plan = planPlayback(doc, 1.6, 1, 2);
    expect(plan.clips.map((c) => c.clipId)).toEqual(['clip:bed']);
    expect(plan.clips[0]!.when).toBeCloseTo(0.2);
    expect(plan.clips[0]!.duration).toBe(4);
    expect(plan.endsAfter).toBeCloseTo(2.2);
  });

  it('applies the clip gain', () => {
    const vo = planPlayback(doc, 0, 1, 1).clips.find((c) => c.clipId === 'clip:vo')!;
    expect(vo.gain.every((p) => Math.abs(p.value - 0.501) < 0.001)).toBe(true);
  });
});

describe('planPlayback backwards', () => {
  it('plays what is behind the playhead, from the playhead towards the clip’s start', () => {
    const plan = planPlayback(doc, 3, -1, 1);
    const bed = plan.clips.find((c) => c.clipId === 'clip:bed')!;
    // At 3 s, 1 s into the clip (2 s into the asset); it plays back to the clip's start.
    expect(bed).toMatchObject({ when: 0, assetFrom: 2, duration: 1 });
    expect(close(bed.gain)).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const vo = plan.clips.find((c) => c.clipId === 'clip:vo')!;
    expect(vo).toMatchObject({ when: 1.5, assetFrom: 1.5, duration: 1.5 });
    expect(plan.endsAfter).toBe(3);
  });
});

describe('mute and solo', () => {
  it('mutes a muted track, and every track but the soloed ones', () => {
    const t = timelineDoc({
      tracks: [track('a'), track('b', 'voice', { muted: true }), track('c', 'sfx')],
    }).timeline;
    expect(['a', 'b', 'c'].map((id) => audible(t.tracks[`track:${id}`]!, t))).toEqual([true, false, true]);
    const soloed = timelineDoc({
      tracks: [
        track('a', 'music', { solo: true, gainDb: -6 }),
        track('b', 'voice'),
        track('c', 'sfx', { solo: true, muted: true }),
      ],
    }).timeline;
    expect(['a', 'b', 'c'].map((id) => trackLevel(soloed.tracks[`track:${id}`]!, soloed))).toEqual([
      expect.closeTo(0.501, 3),
      0,
      0,
    ]);
  });
});

describe('cutEnd', () => {
  it('is the later of the last audio and the end of the storyboard', () => {
    const doc = timelineDoc({
      assets: [audioAsset('bed', 10)],
      tracks: [track('m')],
      clips: [clip('bed', 'm', 'bed', { startFrame: 0, durationFrames: 120 })],
    });
    expect(cutEnd(doc)).toBe(120);
    const shot = { durationFrames: 100, transitionIn: { kind: 'cut', durationFrames: 0 } } as Shot;
    expect(
      cutEnd({ ...doc, shots: { 'shot:a': shot, 'shot:b': shot }, shotOrder: ['shot:a', 'shot:b'] }),
    ).toBe(200);
  });
});
