import { clipEnd, dbToGain, isAudioTrackKind } from '../../native/model/clip-edit';
import type { Document, Timeline, Track } from '../../native/model/document';
import { storyTiming } from '../../native/model/story-timing';
import { SAMPLE_RATE } from '../../native/model/time';

/**
 * What to play from a position: for every audio clip still ahead of the playhead (behind it,
 * playing backwards), which asset, when to start it, where in the asset, for how long, and its
 * level over time (clip gain with fade ramps). Pure: times are seconds from the moment playback
 * starts, so the player adds its AudioContext's clock and nothing drifts.
 */
export interface PlannedClip {
  clipId: string;
  trackId: string;
  sha256: string;
  /** Seconds after playback starts. */
  when: number;
  /** Where in the asset, in seconds, the first sound played comes from. Backwards, it plays from here towards the asset's start. */
  assetFrom: number;
  /** Seconds of the asset to play (the time on the timeline; at `rate` it takes duration / rate). */
  duration: number;
  /** The clip's level: the first point is set, the next ones are reached by linear ramps. */
  gain: { at: number; value: number }[];
}

export interface PlaybackPlan {
  clips: PlannedClip[];
  /** Seconds after playback starts when the last clip ends (0 backwards: the timeline's start). */
  endsAfter: number;
}

/** A track is heard unless muted, or unless another track is soloed and it is not. */
export function audible(track: Track, timeline: Timeline): boolean {
  if (track.muted) return false;
  const soloed = timeline.trackOrder.some((id) => timeline.tracks[id]?.solo);
  return !soloed || track.solo;
}

/** The linear level a track plays at (0 when it is not heard). */
export function trackLevel(track: Track, timeline: Timeline): number {
  return audible(track, timeline) ? dbToGain(track.gainDb) : 0;
}

/** The last frame with audio on an audio track. */
export function audioEnd(timeline: Timeline): number {
  let end = 0;
  for (const clip of Object.values(timeline.clips)) {
    if (isAudioTrackKind(timeline.tracks[clip.trackId]?.kind ?? '')) end = Math.max(end, clipEnd(clip));
  }
  return end;
}

/** Where playing stops: the end of the last audio or of the storyboard's last shot, whichever is later. */
export function cutEnd(doc: Pick<Document, 'timeline' | 'shots' | 'shotOrder'>): number {
  return Math.max(audioEnd(doc.timeline), storyTiming(doc).totalFrames);
}

/**
 * The plan for playing `doc` from `fromSeconds` in `direction` at `rate` (1 = real time).
 *
 * @example
 * const plan = planPlayback(doc, 2.5, 1, 1); // from 2.5 s, forwards, real time
 */
export function planPlayback(
  doc: Document,
  fromSeconds: number,
  direction: 1 | -1,
  rate: number,
): PlaybackPlan {
  const { timeline } = doc;
  const fps = timeline.fps;
  const clips: PlannedClip[] = [];
  let endsAfter = direction === 1 ? 0 : fromSeconds / rate;
  for (const clip of Object.values(timeline.clips)) {
    const track = timeline.tracks[clip.trackId];
    const asset = clip.assetId ? doc.assets[clip.assetId] : undefined;
    if (!track || !isAudioTrackKind(track.kind) || asset?.kind !== 'audio') continue;
    const start = clip.startFrame / fps;
    const end = clipEnd(clip) / fps;
    const trim = clip.trimStartSamples / SAMPLE_RATE;
    // The part of the clip still to play, [from, to] on the timeline in playing order.
    const from = direction === 1 ? Math.max(fromSeconds, start) : Math.min(fromSeconds, end);
    const to = direction === 1 ? end : start;
    if ((to - from) * direction <= 1e-9) continue;
    // (+ 0 turns the −0 of playing backwards from a clip's end into 0.)
    const toPlan = (t: number) => ((t - fromSeconds) * direction) / rate + 0;
    const when = toPlan(from);
    clips.push({
      clipId: clip.id,
      trackId: clip.trackId,
      sha256: asset.sha256,
      when,
      assetFrom: trim + (from - start),
      duration: Math.abs(to - from),
      gain: envelope(clip, fps, from, to).map((p) => ({ at: toPlan(p.t), value: p.value })),
    });
    if (direction === 1) endsAfter = Math.max(endsAfter, toPlan(to));
  }
  return { clips, endsAfter };
}

/**
 * The clip's level (gain with fades) from timeline second `from` to `to` (either order): the
 * level at `from`, then each corner of the fades passed on the way, then the level at `to`.
 */
function envelope(
  clip: {
    startFrame: number;
    durationFrames: number;
    gainDb: number;
    fadeInFrames: number;
    fadeOutFrames: number;
  },
  fps: number,
  from: number,
  to: number,
): { t: number; value: number }[] {
  const start = clip.startFrame / fps;
  const end = clipEnd(clip) / fps;
  const g = dbToGain(clip.gainDb);
  const inEnd = start + clip.fadeInFrames / fps;
  const outStart = end - clip.fadeOutFrames / fps;
  const level = (t: number) => {
    let v = g;
    if (clip.fadeInFrames > 0 && t < inEnd) v = Math.min(v, (g * (t - start)) / (inEnd - start));
    if (clip.fadeOutFrames > 0 && t > outStart) v = Math.min(v, (g * (end - t)) / (end - outStart));
    return Math.max(0, v);
  };
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const corners = [inEnd, outStart].filter((t) => t > lo + 1e-9 && t < hi - 1e-9);
  corners.sort((a, b) => (from < to ? a - b : b - a));
  return [from, ...corners, to].map((t) => ({ t, value: level(t) }));
}
