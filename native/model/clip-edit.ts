import type { Asset, Clip, Timeline } from './document';
import { SAMPLE_RATE } from './time';

/**
 * The edits a timeline clip takes from the mouse — move, trim either end, fade, gain, loop —
 * as pure functions from a clip to the patch a `clip.update` carries, already held inside what
 * the document allows and what the audio can give (a trim never reaches past the asset's
 * ends). Time stays integer: frames on the timeline, samples at 48 kHz into the asset.
 */
export type ClipTiming = Pick<
  Clip,
  'startFrame' | 'durationFrames' | 'trimStartSamples' | 'fadeInFrames' | 'fadeOutFrames'
>;

/** The track kinds that hold audio clips. */
export const AUDIO_TRACK_KINDS = ['music', 'voice', 'sfx'] as const;
export type AudioTrackKind = (typeof AUDIO_TRACK_KINDS)[number];
export const isAudioTrackKind = (kind: string): kind is AudioTrackKind =>
  (AUDIO_TRACK_KINDS as readonly string[]).includes(kind);

export const MIN_GAIN_DB = -60;
export const MAX_GAIN_DB = 12;

/** Linear amplitude for a gain in dB; −60 dB and below is silence. */
export function dbToGain(db: number): number {
  return db <= MIN_GAIN_DB ? 0 : Math.pow(10, db / 20);
}

/** A gain held to the document's range, rounded to 0.1 dB. */
export function clampGain(db: number): number {
  return Math.round(Math.min(MAX_GAIN_DB, Math.max(MIN_GAIN_DB, db)) * 10) / 10;
}

/** Samples (at 48 kHz) per frame: whole for every frame rate the document allows. */
export function samplesPerFrame(fps: number): number {
  return SAMPLE_RATE / fps;
}

/** The asset's length in 48 kHz samples (its own rate may differ), or null when unknown. */
export function assetSamples(asset: Asset | undefined | null): number | null {
  if (!asset || asset.durationSamples === null || !asset.sampleRate) return null;
  return Math.round((asset.durationSamples * SAMPLE_RATE) / asset.sampleRate);
}

/** The asset's length in whole frames (what a clip of all of it lasts), or null. */
export function assetFrames(asset: Asset | undefined | null, fps: number): number | null {
  const samples = assetSamples(asset);
  return samples === null ? null : Math.max(1, Math.floor(samples / samplesPerFrame(fps)));
}

/** The longest a clip may last from its trim point before it runs out of audio. */
export function maxDurationFrames(clip: ClipTiming, asset: Asset | undefined | null, fps: number): number {
  const samples = assetSamples(asset);
  if (samples === null) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.floor((samples - clip.trimStartSamples) / samplesPerFrame(fps)));
}

/** Fades that fit the clip: the side named by `keep` is kept first, the other gives way. */
function fitFades(
  durationFrames: number,
  fadeIn: number,
  fadeOut: number,
  keep: 'in' | 'out',
): Pick<Clip, 'fadeInFrames' | 'fadeOutFrames'> {
  if (keep === 'in') {
    const fadeInFrames = Math.min(fadeIn, durationFrames);
    return { fadeInFrames, fadeOutFrames: Math.min(fadeOut, durationFrames - fadeInFrames) };
  }
  const fadeOutFrames = Math.min(fadeOut, durationFrames);
  return { fadeInFrames: Math.min(fadeIn, durationFrames - fadeOutFrames), fadeOutFrames };
}

/** A move: the clip starts at `startFrame` (never before 0). */
export function moveTo(startFrame: number): Pick<Clip, 'startFrame'> {
  return { startFrame: Math.max(0, Math.round(startFrame)) };
}

/**
 * Trims the head: the clip starts at `startFrame` and still ends where it did, the audio under
 * it staying in place (the trim point moves by as many samples as the start moves frames).
 * It cannot start before 0, before the asset's first sample, or at/after its own end.
 *
 * @example
 * trimHead(clip, clip.startFrame + 30, 30) // drops the first second
 */
export function trimHead(clip: ClipTiming, startFrame: number, fps: number): ClipTiming {
  const spf = samplesPerFrame(fps);
  const end = clip.startFrame + clip.durationFrames;
  const earliest = Math.max(0, clip.startFrame - Math.floor(clip.trimStartSamples / spf));
  const start = Math.min(end - 1, Math.max(earliest, Math.round(startFrame)));
  const delta = start - clip.startFrame;
  const durationFrames = end - start;
  return {
    startFrame: start,
    durationFrames,
    trimStartSamples: clip.trimStartSamples + delta * spf,
    ...fitFades(durationFrames, clip.fadeInFrames, clip.fadeOutFrames, 'out'),
  };
}

/** Trims the tail: the clip ends at `endFrame`, at least one frame long, never past the asset's end. */
export function trimTail(
  clip: ClipTiming,
  endFrame: number,
  asset: Asset | undefined | null,
  fps: number,
): ClipTiming {
  const longest = maxDurationFrames(clip, asset, fps);
  const durationFrames = Math.min(longest, Math.max(1, Math.round(endFrame) - clip.startFrame));
  return {
    startFrame: clip.startFrame,
    durationFrames,
    trimStartSamples: clip.trimStartSamples,
    ...fitFades(durationFrames, clip.fadeInFrames, clip.fadeOutFrames, 'in'),
  };
}

/** A fade-in of `frames` (at most what the clip has left beside its fade-out). */
export function fadeIn(clip: ClipTiming, frames: number): Pick<Clip, 'fadeInFrames'> {
  return {
    fadeInFrames: Math.max(0, Math.min(clip.durationFrames - clip.fadeOutFrames, Math.round(frames))),
  };
}

/** A fade-out of `frames` (at most what the clip has left beside its fade-in). */
export function fadeOut(clip: ClipTiming, frames: number): Pick<Clip, 'fadeOutFrames'> {
  return {
    fadeOutFrames: Math.max(0, Math.min(clip.durationFrames - clip.fadeInFrames, Math.round(frames))),
  };
}

/** Where a clip ends (its first frame after the last it plays). */
export const clipEnd = (clip: Pick<Clip, 'startFrame' | 'durationFrames'>) =>
  clip.startFrame + clip.durationFrames;

/** The last frame any clip reaches on the timeline, leaving out the tracks in `except`. */
export function timelineEnd(timeline: Timeline, except: readonly string[] = []): number {
  let end = 0;
  for (const clip of Object.values(timeline.clips)) {
    if (!except.includes(clip.trackId)) end = Math.max(end, clipEnd(clip));
  }
  return end;
}

/**
 * The first frame at or after `frame` where a clip of `durationFrames` fits on the track
 * without covering another clip (a new clip goes after whatever is in the way).
 */
export function freeSpot(timeline: Timeline, trackId: string, frame: number, durationFrames: number): number {
  const clips = (timeline.tracks[trackId]?.clipIds ?? [])
    .map((id) => timeline.clips[id])
    .filter((c): c is Clip => c !== undefined)
    .sort((a, b) => a.startFrame - b.startFrame);
  let at = Math.max(0, Math.round(frame));
  for (const c of clips) if (c.startFrame < at + durationFrames && clipEnd(c) > at) at = clipEnd(c);
  return at;
}

/** The most copies one "Loop to fit" adds (a one-frame clip looped over an hour is a mistake). */
export const MAX_LOOP_COPIES = 500;

/**
 * "Loop to fit": copies of `clip` placed back to back after it until `endFrame`, the last one
 * cut to end exactly there. A copy starts with no fade-in (the joins are butt cuts); the last
 * keeps the clip's fade-out, and when it is cut short it fades out over at least one second
 * (or all of it), so the music does not stop dead mid-bar. Empty when the clip already reaches
 * `endFrame`; null when that would take more than MAX_LOOP_COPIES copies.
 *
 * @example
 * for (const copy of loopToFit(clip, timelineEnd(doc.timeline, [clip.trackId]), 30, () => newId('clip')))
 *   editor.dispatch({ type: 'clip.add', args: { clip: copy } });
 */
export function loopToFit(
  clip: Clip,
  endFrame: number,
  fps: number,
  newClipId: () => Clip['id'],
): Clip[] | null {
  const copies: Clip[] = [];
  let at = clipEnd(clip);
  if (endFrame - at > clip.durationFrames * MAX_LOOP_COPIES) return null;
  while (at < endFrame) {
    const durationFrames = Math.min(clip.durationFrames, endFrame - at);
    const last = at + durationFrames >= endFrame;
    const cut = durationFrames < clip.durationFrames;
    const fadeOutFrames = !last ? 0 : cut ? Math.max(clip.fadeOutFrames, fps) : clip.fadeOutFrames;
    copies.push({
      ...clip,
      id: newClipId(),
      startFrame: at,
      durationFrames,
      fadeInFrames: 0,
      fadeOutFrames: Math.min(durationFrames, fadeOutFrames),
    });
    at += durationFrames;
  }
  return copies;
}
