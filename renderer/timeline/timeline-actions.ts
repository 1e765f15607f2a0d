import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import { MAX_IMPORT_BYTES } from '../../native/api/jobs';
import {
  assetFrames,
  clampGain,
  clipEnd,
  fadeIn,
  freeSpot,
  fadeOut,
  loopToFit,
  MAX_LOOP_COPIES,
  timelineEnd,
  type AudioTrackKind,
} from '../../native/model/clip-edit';
import type { Clip, Document, Track } from '../../native/model/document';
import { newId, type TrackId } from '../../native/model/ids';
import { useStudio } from '../state/store';
import { dispatch, gesture } from '../app/project-actions';

const message = (error: unknown) => (isStudioError(error) ? error.message : String(error));

export const TRACK_KIND_NAMES: Record<AudioTrackKind, string> = {
  music: 'Music',
  voice: 'Voice',
  sfx: 'SFX',
};

export const AUDIO_EXTENSIONS = ['wav', 'mp3', 'ogg', 'opus', 'flac', 'm4a', 'aac'];

/** A clip's name on the timeline: its audio's file name without the extension. */
export function clipName(doc: Document, clip: Clip): string {
  const asset = clip.assetId ? doc.assets[clip.assetId] : undefined;
  return asset?.name.replace(/\.[^.]+$/, '') || clip.text || 'Clip';
}

function newTrack(doc: Document, kind: AudioTrackKind): Track {
  const same = doc.timeline.trackOrder.filter((id) => doc.timeline.tracks[id]?.kind === kind).length;
  return {
    id: newId('track'),
    kind,
    name: `${TRACK_KIND_NAMES[kind]} ${same + 1}`,
    muted: false,
    solo: false,
    gainDb: 0,
    clipIds: [],
  };
}

/** Adds an empty track of `kind` below the others. */
export function addTrack(studio: StudioApi, kind: AudioTrackKind): void {
  const doc = useStudio.getState().project?.doc;
  if (doc) dispatch(studio, { type: 'track.add', args: { track: newTrack(doc, kind) } });
}

export function updateTrack(
  studio: StudioApi,
  trackId: string,
  patch: Partial<Pick<Track, 'name' | 'muted' | 'solo' | 'gainDb'>>,
): void {
  dispatch(studio, { type: 'track.update', args: { trackId: trackId as TrackId, patch } });
}

export function removeTrack(studio: StudioApi, trackId: string): void {
  dispatch(studio, { type: 'track.remove', args: { trackId: trackId as TrackId } });
}

/** The selected clip, if it still exists. */
export function selectedClip(): Clip | null {
  const { project, selectedClipId } = useStudio.getState();
  return (selectedClipId && project?.doc.timeline.clips[selectedClipId]) || null;
}

export function deleteSelectedClip(studio: StudioApi): void {
  const clip = selectedClip();
  if (clip && dispatch(studio, { type: 'clip.remove', args: { clipId: clip.id } }))
    useStudio.getState().selectClip(null);
}

export function setClipGain(studio: StudioApi, clip: Clip, gainDb: number): void {
  dispatch(studio, { type: 'clip.update', args: { clipId: clip.id, patch: { gainDb: clampGain(gainDb) } } });
}

export function setClipFades(studio: StudioApi, clip: Clip, fades: { in?: number; out?: number }): void {
  const patch = {
    ...(fades.in !== undefined ? fadeIn(clip, fades.in) : {}),
    ...(fades.out !== undefined ? fadeOut(clip, fades.out) : {}),
  };
  dispatch(studio, { type: 'clip.update', args: { clipId: clip.id, patch } });
}

/** Where "Loop to fit" fills up to by default: the end of the other tracks, or of the storyboard. */
export function loopEndFor(doc: Document, clip: Clip): number {
  const shots = doc.shotOrder.reduce((sum, id) => sum + (doc.shots[id]?.durationFrames ?? 0), 0);
  return Math.max(timelineEnd(doc.timeline, [clip.trackId]), shots);
}

/** "Loop to fit": repeats the clip after itself up to `endFrame`, as one undo step. */
export function loopClipToFit(studio: StudioApi, clip: Clip, endFrame: number): boolean {
  const { project, notify } = useStudio.getState();
  if (!project) return false;
  if (endFrame <= clipEnd(clip)) {
    notify('info', 'The clip already reaches that far: nothing to fill.');
    return false;
  }
  const copies = loopToFit(clip, endFrame, project.doc.timeline.fps, () => newId('clip'));
  if (!copies) {
    notify('error', `Filling that far would take more than ${MAX_LOOP_COPIES} copies of this clip.`);
    return false;
  }
  gesture.begin('Loop to fit');
  for (const copy of copies) gesture.update({ type: 'clip.add', args: { clip: copy } });
  gesture.commit(studio);
  return true;
}

/**
 * Audio files into the timeline: each becomes an asset and a clip, at `at.frame` on the track
 * `at.trackId` (if it is an audio track), else on the first music track — a new one when there
 * is none — after any clip already there. One file after the other, end to end; each one
 * undo step.
 */
export async function importAudioFiles(
  studio: StudioApi,
  files: readonly File[],
  at: { frame: number; trackId: string | null },
): Promise<void> {
  const { notify } = useStudio.getState();
  let frame = Math.max(0, Math.round(at.frame));
  for (const file of files) {
    if (file.size > MAX_IMPORT_BYTES) {
      notify(
        'error',
        `${file.name}: ${Math.round(file.size / 1048576)} MB is over the ${MAX_IMPORT_BYTES / 1048576} MB limit`,
      );
      continue;
    }
    // Only a gesture this import began is cancelled on failure (never the user's drag).
    let began = false;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const asset = await studio.project.importAudio({
        source: { type: 'bytes', name: file.name || 'audio', bytes },
      });
      const doc = useStudio.getState().project?.doc;
      if (!doc) return;
      const dropped = at.trackId ? doc.timeline.tracks[at.trackId] : undefined;
      let track =
        dropped && dropped.kind !== 'video' && dropped.kind !== 'captions'
          ? dropped
          : doc.timeline.trackOrder.map((id) => doc.timeline.tracks[id]!).find((t) => t.kind === 'music');
      gesture.begin('Add audio');
      began = true;
      if (!track) {
        track = newTrack(doc, 'music');
        gesture.update({ type: 'track.add', args: { track } });
      }
      if (!doc.assets[asset.id]) gesture.update({ type: 'asset.add', args: { asset } });
      const durationFrames = assetFrames(asset, doc.timeline.fps) ?? doc.timeline.fps;
      const clip: Clip = {
        id: newId('clip'),
        trackId: track.id,
        assetId: asset.id,
        shotId: null,
        text: null,
        startFrame: freeSpot(doc.timeline, track.id, frame, durationFrames),
        durationFrames,
        trimStartSamples: 0,
        gainDb: 0,
        fadeInFrames: 0,
        fadeOutFrames: 0,
      };
      gesture.update({ type: 'clip.add', args: { clip } });
      gesture.commit(studio);
      useStudio.getState().selectClip(clip.id);
      frame = clipEnd(clip);
    } catch (error) {
      if (began) gesture.cancel();
      const text = message(error); // the engine's refusals name the file already
      notify('error', text.startsWith(`${file.name}: `) ? text : `${file.name}: ${text}`);
    }
  }
}
