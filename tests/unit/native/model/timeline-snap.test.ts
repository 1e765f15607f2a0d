// Snapping on the timeline: beats of generated music where the clip plays them, and the nearest
// of the playhead, clip edges and beats within a few pixels.
import { describe, expect, it } from 'vitest';
import { beatGrid, clipBeats, snap, snapTargets } from '../../../../native/model/timeline-snap';
import { audioAsset, clip, timelineDoc, track } from '../../../helpers/timeline-docs';

const fps = 30;
// 120 bpm: a beat every 15 frames; the first beat 0.1 s (3 frames) in.
const song = audioAsset('song', 20, { beats: { bpm: 120, offset: 0.1, barOffset: 0.1 } });

describe('beatGrid', () => {
  it('comes from a generated piece’s parameters, and imported audio has none', () => {
    expect(beatGrid(song)).toEqual({
      bpm: 120,
      beatOffsetSeconds: 0.1,
      beatsPerBar: 4,
      barOffsetSeconds: 0.1,
    });
    expect(beatGrid(audioAsset('file', 5))).toBeNull();
  });
});

describe('clipBeats', () => {
  it('places the beats of the trimmed part on the timeline', () => {
    const c = clip('c', 'm', 'song', { startFrame: 100, durationFrames: 60, trimStartSamples: 48_000 });
    // The clip starts 1 s into the song: beats at 1.1, 1.6, 2.1, 2.6 s → 3, 18, 33, 48 frames in.
    expect(clipBeats(c, song, fps).map((b) => Math.round(b.frame * 1000) / 1000)).toEqual([
      103, 118, 133, 148,
    ]);
    // Bars every 4 beats from 0.1 s: 2.1 s is a downbeat.
    expect(clipBeats(c, song, fps).map((b) => b.downbeat)).toEqual([false, false, true, false]);
  });

  it('marks no downbeats when the piece does not say where bars start', () => {
    const noBars = audioAsset('song', 20, { beats: { bpm: 120 } });
    const beats = clipBeats(clip('c', 'm', 'song'), noBars, fps);
    expect(beats.map((b) => b.frame)).toEqual([0, 15, 30]);
    expect(beats.some((b) => b.downbeat)).toBe(false);
  });
});

describe('snapTargets', () => {
  const doc = timelineDoc({
    assets: [song, audioAsset('vo', 10)],
    tracks: [track('m'), track('v', 'voice')],
    clips: [
      clip('music', 'm', 'song', { startFrame: 0, durationFrames: 31 }),
      clip('voice', 'v', 'vo', { startFrame: 200, durationFrames: 40 }),
    ],
  });

  it('has the start, the playhead, clip edges and music beats, in order, leaving out the moving clip', () => {
    const targets = snapTargets(doc.timeline, doc.assets, { exclude: ['clip:voice'], playheadFrame: 90 });
    expect(targets.map((t) => `${t.kind}@${Math.round(t.frame * 100) / 100}`)).toEqual([
      'edge@0',
      'edge@0',
      'beat@3',
      'beat@18',
      'edge@31',
      'playhead@90',
    ]);
  });
});

describe('snap', () => {
  const targets = [
    { frame: 100, kind: 'beat' as const },
    { frame: 103, kind: 'edge' as const },
    { frame: 110, kind: 'playhead' as const },
  ];

  it('shifts the nearest candidate onto the nearest target within the threshold', () => {
    expect(snap([98, 140], targets, 5)).toEqual({ delta: 2, target: targets[0] });
    expect(snap([108.5], targets, 5)).toEqual({ delta: 1.5, target: targets[2] });
    expect(snap([50, 200], targets, 5)).toBeNull();
  });

  it('prefers the playhead, then an edge, to a beat as near', () => {
    expect(snap([101.5], targets, 5)!.target.kind).toBe('edge');
    const tie = [
      { frame: 10, kind: 'beat' as const },
      { frame: 10, kind: 'playhead' as const },
    ];
    expect(snap([12], tie, 5)!.target.kind).toBe('playhead');
  });
});
