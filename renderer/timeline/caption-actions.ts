import type { StudioApi } from '../../native/api/contract';
import type { Clip, Document, Track } from '../../native/model/document';
import { newId, type ClipId, type TrackId } from '../../native/model/ids';
import { secondsToFrames } from '../../native/model/time';
import { dispatch, gesture } from '../app/project-actions';
import { useStudio } from '../state/store';

/** How long a new caption shows until it is trimmed. */
export const DEFAULT_CAPTION_SECONDS = 2;

/** The captions track new captions go on: the first one in the timeline's order. */
export function captionsTrackOf(doc: Document): Track | undefined {
  return doc.timeline.trackOrder.map((id) => doc.timeline.tracks[id]).find((t) => t?.kind === 'captions');
}

function newCaptionsTrack(doc: Document): Track {
  const same = doc.timeline.trackOrder.filter((id) => doc.timeline.tracks[id]?.kind === 'captions').length;
  return {
    id: newId('track'),
    kind: 'captions',
    name: same === 0 ? 'Captions' : `Captions ${same + 1}`,
    muted: false,
    solo: false,
    gainDb: 0,
    clipIds: [],
  };
}

/**
 * A caption of `text` from `frame` for DEFAULT_CAPTION_SECONDS on the captions track (made
 * first, at the top, when there is none): one undo step, "Add caption". Its id, or null.
 */
export function addCaption(studio: StudioApi, frame: number, text: string): ClipId | null {
  const doc = useStudio.getState().project?.doc;
  if (!doc || text.trim() === '') return null;
  let track = captionsTrackOf(doc);
  gesture.begin('Add caption');
  if (!track) {
    track = newCaptionsTrack(doc);
    gesture.update({ type: 'track.add', args: { track, index: 0 } });
  }
  const clip: Clip = {
    id: newId('clip'),
    trackId: track.id as TrackId,
    assetId: null,
    shotId: null,
    text: text.trim(),
    startFrame: Math.max(0, Math.round(frame)),
    durationFrames: Math.max(1, secondsToFrames(DEFAULT_CAPTION_SECONDS, doc.timeline.fps)),
    trimStartSamples: 0,
    gainDb: 0,
    fadeInFrames: 0,
    fadeOutFrames: 0,
  };
  gesture.update({ type: 'clip.add', args: { clip } });
  gesture.commit(studio);
  if (!useStudio.getState().project?.doc.timeline.clips[clip.id]) return null;
  useStudio.getState().selectClip(clip.id);
  return clip.id;
}

/** A caption's new text (blank text is not taken: delete the caption instead). */
export function setCaptionText(studio: StudioApi, clipId: string, text: string): boolean {
  const clip = useStudio.getState().project?.doc.timeline.clips[clipId];
  const trimmed = text.trim();
  if (!clip || trimmed === '' || trimmed === clip.text) return false;
  return dispatch(studio, { type: 'clip.update', args: { clipId: clip.id, patch: { text: trimmed } } });
}
