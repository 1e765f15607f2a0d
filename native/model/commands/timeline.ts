import { z } from 'zod';
import { ClipIdSchema, ClipSchema, TrackIdSchema, TrackSchema } from '../document';
import { defineCommand, insertAt, NotApplicable, removeFrom, require_ } from './define';

const TrackPatchSchema = TrackSchema.pick({ name: true, muted: true, solo: true, gainDb: true }).partial();
const ClipPatchSchema = ClipSchema.omit({ id: true, trackId: true }).partial();

export const timelineCommands = {
  'timeline.setFps': defineCommand({
    label: 'Change frame rate',
    args: z.strictObject({
      fps: z.union([z.literal(24), z.literal(25), z.literal(30), z.literal(50), z.literal(60)]),
    }),
    targets: () => [],
    apply(draft, { fps }) {
      draft.timeline.fps = fps;
    },
  }),
  'track.add': defineCommand({
    label: 'Add track',
    args: z.strictObject({ track: TrackSchema, index: z.number().int().min(0).optional() }),
    targets: ({ track }) => [track.id],
    apply(draft, { track, index }) {
      if (draft.timeline.tracks[track.id]) throw new NotApplicable(`track ${track.id} already exists`);
      if (track.clipIds.length > 0) throw new NotApplicable('a new track starts empty');
      draft.timeline.tracks[track.id] = track;
      insertAt(draft.timeline.trackOrder, track.id, index);
    },
  }),
  'track.update': defineCommand({
    label: 'Change track',
    args: z.strictObject({ trackId: TrackIdSchema, patch: TrackPatchSchema }),
    targets: ({ trackId }) => [trackId],
    apply(draft, { trackId, patch }) {
      Object.assign(require_(draft.timeline.tracks[trackId], `track ${trackId}`), patch);
    },
  }),
  'track.remove': defineCommand({
    label: 'Delete track',
    args: z.strictObject({ trackId: TrackIdSchema }),
    targets: ({ trackId }) => [trackId],
    apply(draft, { trackId }) {
      const track = require_(draft.timeline.tracks[trackId], `track ${trackId}`);
      for (const clipId of track.clipIds) delete draft.timeline.clips[clipId];
      delete draft.timeline.tracks[trackId];
      removeFrom(draft.timeline.trackOrder, trackId);
    },
  }),
  'clip.add': defineCommand({
    label: 'Add clip',
    args: z.strictObject({ clip: ClipSchema }),
    targets: ({ clip }) => [clip.id, clip.trackId],
    apply(draft, { clip }) {
      if (draft.timeline.clips[clip.id]) throw new NotApplicable(`clip ${clip.id} already exists`);
      const track = require_(draft.timeline.tracks[clip.trackId], `track ${clip.trackId}`);
      if (clip.assetId) require_(draft.assets[clip.assetId], `asset ${clip.assetId}`);
      if (clip.shotId) require_(draft.shots[clip.shotId], `shot ${clip.shotId}`);
      draft.timeline.clips[clip.id] = clip;
      track.clipIds.push(clip.id);
      sortTrack(draft.timeline.clips, track.clipIds);
    },
  }),
  'clip.update': defineCommand({
    label: 'Change clip',
    args: z.strictObject({ clipId: ClipIdSchema, patch: ClipPatchSchema }),
    targets: ({ clipId }) => [clipId],
    apply(draft, { clipId, patch }) {
      const clip = require_(draft.timeline.clips[clipId], `clip ${clipId}`);
      if (patch.assetId) require_(draft.assets[patch.assetId], `asset ${patch.assetId}`);
      if (patch.shotId) require_(draft.shots[patch.shotId], `shot ${patch.shotId}`);
      Object.assign(clip, patch);
      sortTrack(draft.timeline.clips, draft.timeline.tracks[clip.trackId]!.clipIds);
    },
  }),
  'clip.remove': defineCommand({
    label: 'Delete clip',
    args: z.strictObject({ clipId: ClipIdSchema }),
    targets: ({ clipId }) => [clipId],
    apply(draft, { clipId }) {
      const clip = require_(draft.timeline.clips[clipId], `clip ${clipId}`);
      removeFrom(draft.timeline.tracks[clip.trackId]!.clipIds, clipId);
      delete draft.timeline.clips[clipId];
    },
  }),
};

/** Keeps a track's clips in start order (ties by id, so the order is the same on every replay). */
function sortTrack(clips: Record<string, { id: string; startFrame: number }>, ids: string[]): void {
  ids.sort((a, b) => clips[a]!.startFrame - clips[b]!.startFrame || (a < b ? -1 : a > b ? 1 : 0));
}
