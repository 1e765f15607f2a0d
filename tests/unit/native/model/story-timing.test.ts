// When each shot plays, what a frame shows, where the camera is, and which captions are on.
import { describe, expect, it } from 'vitest';
import type { Clip, Document, Shot, Track } from '../../../../native/model/document';
import { createDocument } from '../../../../native/model/factory';
import {
  captionsAt,
  ease,
  EASINGS,
  framingAt,
  shotsAt,
  storyTiming,
} from '../../../../native/model/story-timing';

function shot(id: string, durationFrames: number, extra: Partial<Shot> = {}): Shot {
  return {
    id: `shot:${id}`,
    name: id,
    source: null,
    durationFrames,
    caption: '',
    notes: '',
    transitionIn: { kind: 'cut', durationFrames: 0 },
    camera: { from: { x: 0.5, y: 0.5, scale: 1 }, to: { x: 0.5, y: 0.5, scale: 1 }, easing: 'linear' },
    reframe: {},
    ...extra,
  };
}

function story(shots: Shot[]): Document {
  const doc = createDocument({ id: 'project:t', name: 'T', createdAt: 0 });
  for (const s of shots) doc.shots[s.id] = s;
  doc.shotOrder = shots.map((s) => s.id);
  return doc;
}

const crossfade = (durationFrames: number) => ({ kind: 'crossfade' as const, durationFrames });

describe('storyTiming', () => {
  it('plays the shots back to back in shotOrder; the story lasts exactly the sum of their durations', () => {
    const doc = story([
      shot('a', 30),
      shot('b', 45, { transitionIn: crossfade(10) }),
      shot('c', 15, { transitionIn: { kind: 'slide', durationFrames: 40 } }),
    ]);
    doc.shotOrder = ['shot:b', 'shot:a', 'shot:c'];
    const timing = storyTiming(doc);
    expect(timing.totalFrames).toBe(90);
    expect(timing.shots.map((s) => [s.shot.id, s.startFrame, s.endFrame, s.transitionFrames])).toEqual([
      ['shot:b', 0, 45, 10],
      ['shot:a', 45, 75, 0],
      // A transition longer than its shot runs over the whole shot, no further.
      ['shot:c', 75, 90, 15],
    ]);
  });

  it('is empty for a storyboard without shots, and a cut never has transition frames', () => {
    expect(storyTiming(story([]))).toEqual({ shots: [], totalFrames: 0 });
    const cut = story([shot('a', 10, { transitionIn: { kind: 'cut', durationFrames: 8 } })]);
    expect(storyTiming(cut).shots[0]!.transitionFrames).toBe(0);
  });
});

describe('shotsAt', () => {
  const doc = story([shot('a', 30), shot('b', 20, { transitionIn: crossfade(4) }), shot('c', 10)]);

  it('gives the shot that owns each frame, at the boundaries too', () => {
    const at = (f: number) => {
      const m = shotsAt(doc, f);
      return m && [m.current.shot.id, m.current.localFrame];
    };
    expect(at(0)).toEqual(['shot:a', 0]);
    expect(at(29)).toEqual(['shot:a', 29]);
    expect(at(30)).toEqual(['shot:b', 0]);
    expect(at(49)).toEqual(['shot:b', 19]);
    expect(at(50)).toEqual(['shot:c', 0]);
    expect(at(59)).toEqual(['shot:c', 9]);
    expect(at(29.9)).toEqual(['shot:a', 29]);
  });

  it('is null before the start, past the end and for an empty storyboard', () => {
    expect(shotsAt(doc, 60)).toBeNull();
    expect(shotsAt(doc, -1)).toBeNull();
    expect(shotsAt(doc, Number.NaN)).toBeNull();
    expect(shotsAt(story([]), 0)).toBeNull();
  });

  it('runs a transition over the first frames of the incoming shot, from the previous shot held at its last frame', () => {
    const progress = [30, 31, 32, 33].map((f) => shotsAt(doc, f)!.transition!.progress);
    expect(progress).toEqual([1 / 5, 2 / 5, 3 / 5, 4 / 5]);
    const first = shotsAt(doc, 30)!.transition!;
    expect(first.kind).toBe('crossfade');
    expect(first.outgoing!.shot.id).toBe('shot:a');
    expect(first.outgoing!.localFrame).toBe(29);
    expect(shotsAt(doc, 34)!.transition).toBeNull();
    expect(shotsAt(doc, 50)!.transition).toBeNull(); // a cut
  });

  it('brings the first shot in from black', () => {
    const fadeIn = story([shot('a', 10, { transitionIn: { kind: 'dip-to-black', durationFrames: 3 } })]);
    const t = shotsAt(fadeIn, 1)!.transition!;
    expect(t).toMatchObject({ kind: 'dip-to-black', progress: 0.5, outgoing: null });
  });

  it('hits exactly half-way on the middle frame of an odd-length transition', () => {
    const d = story([shot('a', 10), shot('b', 10, { transitionIn: crossfade(5) })]);
    expect(shotsAt(d, 12)!.transition!.progress).toBe(0.5);
  });
});

describe('camera', () => {
  const move = (easing: Shot['camera']['easing']) =>
    shot('a', 11, {
      camera: { from: { x: 0.2, y: 0.5, scale: 1 }, to: { x: 0.8, y: 0.3, scale: 4 }, easing },
    });

  it('moves from the first frame to the last, the zoom geometrically', () => {
    const s = move('linear');
    expect(framingAt(s, 0)).toEqual({ x: 0.2, y: 0.5, scale: 1 });
    expect(framingAt(s, 10)).toEqual({ x: 0.8, y: 0.3, scale: 4 });
    const mid = framingAt(s, 5);
    expect(mid.x).toBeCloseTo(0.5, 12);
    expect(mid.y).toBeCloseTo(0.4, 12);
    expect(mid.scale).toBeCloseTo(2, 12);
  });

  it('eases: ease-in starts slow, ease-out ends slow, ease-in-out is symmetric', () => {
    expect(framingAt(move('ease-in'), 2).x).toBeLessThan(framingAt(move('linear'), 2).x);
    expect(framingAt(move('ease-out'), 2).x).toBeGreaterThan(framingAt(move('linear'), 2).x);
    expect(framingAt(move('ease-in-out'), 5).x).toBeCloseTo(0.5, 12);
    for (const [name, f] of Object.entries(EASINGS)) {
      expect([name, f(0), f(1)]).toEqual([name, 0, 1]);
      for (let t = 0; t < 1; t += 0.05) expect(f(t + 0.05)).toBeGreaterThanOrEqual(f(t));
    }
    expect(ease('ease-in-out', 0.25) + ease('ease-in-out', 0.75)).toBeCloseTo(1, 12);
    expect(ease('linear', 2)).toBe(1);
  });

  it('is at the end of its move on the frame a transition holds, and a one-frame shot shows the end', () => {
    const d = story([move('linear'), shot('b', 5, { transitionIn: crossfade(2) })]);
    expect(shotsAt(d, 11)!.transition!.outgoing!.camera).toEqual({ x: 0.8, y: 0.3, scale: 4 });
    expect(framingAt({ ...move('linear'), durationFrames: 1 }, 0)).toEqual({ x: 0.8, y: 0.3, scale: 4 });
  });
});

describe('captionsAt', () => {
  function withCaptions(): Document {
    const doc = story([shot('a', 30, { caption: 'Summer sale' }), shot('b', 30, { caption: '  ' })]);
    const track = (id: string, kind: Track['kind'], clipIds: string[], muted = false): Track => ({
      id: `track:${id}`,
      kind,
      name: id,
      muted,
      solo: false,
      gainDb: 0,
      clipIds: clipIds.map((c) => `clip:${c}` as const),
    });
    const clip = (
      id: string,
      trackId: string,
      startFrame: number,
      durationFrames: number,
      text: string,
    ): Clip => ({
      id: `clip:${id}`,
      trackId: `track:${trackId}`,
      assetId: null,
      shotId: null,
      text,
      startFrame,
      durationFrames,
      trimStartSamples: 0,
      gainDb: 0,
      fadeInFrames: 0,
      fadeOutFrames: 0,
    });
    const tracks = [
      track('subs', 'captions', ['late', 'early']),
      track('hidden', 'captions', ['secret'], true),
      track('music', 'music', ['song']),
    ];
    const clips = [
      clip('early', 'subs', 10, 20, 'Up to 50% off'),
      clip('late', 'subs', 25, 10, 'Today only'),
      clip('secret', 'hidden', 0, 60, 'muted'),
      clip('song', 'music', 0, 60, 'not a caption'),
    ];
    doc.timeline.tracks = Object.fromEntries(tracks.map((t) => [t.id, t]));
    doc.timeline.trackOrder = tracks.map((t) => t.id);
    doc.timeline.clips = Object.fromEntries(clips.map((c) => [c.id, c]));
    return doc;
  }

  it("shows a shot's caption for the whole shot, then the captions-track clips covering the frame in start order", () => {
    const doc = withCaptions();
    const texts = (f: number) => captionsAt(doc, f).map((c) => c.text);
    expect(texts(0)).toEqual(['Summer sale']);
    expect(texts(10)).toEqual(['Summer sale', 'Up to 50% off']);
    expect(texts(27)).toEqual(['Summer sale', 'Up to 50% off', 'Today only']);
    expect(texts(30)).toEqual(['Today only']); // shot b's caption is blank
    expect(texts(35)).toEqual([]);
    expect(texts(60)).toEqual([]); // past the end of the story
    expect(captionsAt(doc, 29)[0]).toEqual({
      text: 'Summer sale',
      source: { kind: 'shot', shotId: 'shot:a' },
      startFrame: 0,
      endFrame: 30,
    });
    expect(captionsAt(doc, 29)[1]!.source).toEqual({
      kind: 'clip',
      clipId: 'clip:early',
      trackId: 'track:subs',
    });
  });
});
