import type { StateCreator } from 'zustand';
import type { PlacementId } from '../../native/model/placements';
import type { StudioState } from './store';

/** Playing: which way and how fast (J/K/L shuttle doubles the speed); null when stopped. */
export interface Transport {
  direction: 1 | -1;
  rate: number;
}

/** What the preview player shows: one placement, or all four side by side. */
export type PreviewPlacement = PlacementId | 'all';

/**
 * The caption being typed in the timeline's inline editor: a new one at `frame` (clipId
 * null), or an existing clip's text.
 */
export interface CaptionEdit {
  clipId: string | null;
  frame: number;
}

/** Zoom of the timeline, in pixels per second of the cut. */
export const MIN_TIMELINE_ZOOM = 0.5;
export const MAX_TIMELINE_ZOOM = 4000;
export const DEFAULT_TIMELINE_ZOOM = 60;

/**
 * The timeline's session state (never saved, never undone): the playhead every view shares,
 * the zoom, the selected clip, whether snapping is on and whether it is playing. The playhead
 * changes every frame while playing: views read it through `useStudio.subscribe` into refs,
 * not through React renders (STYLE.md 10).
 */
export interface TimelineSlice {
  /** The frame under the playhead. */
  playheadFrame: number;
  timelineZoom: number;
  selectedClipId: string | null;
  /** The track imports go to: the last one clicked, or the selected clip's. */
  targetTrackId: string | null;
  snapping: boolean;
  transport: Transport | null;
  previewPlacement: PreviewPlacement;
  editingCaption: CaptionEdit | null;
  setPlayhead(frame: number): void;
  setTimelineZoom(pxPerSecond: number): void;
  /** Selects a clip (and targets its track). */
  selectClip(id: string | null): void;
  targetTrack(id: string | null): void;
  toggleSnapping(): void;
  setTransport(transport: Transport | null): void;
  setPreviewPlacement(placement: PreviewPlacement): void;
  /** Opens the inline caption editor (null closes it). */
  editCaption(edit: CaptionEdit | null): void;
}

export const createTimelineSlice: StateCreator<StudioState, [], [], TimelineSlice> = (set) => ({
  playheadFrame: 0,
  timelineZoom: DEFAULT_TIMELINE_ZOOM,
  selectedClipId: null,
  targetTrackId: null,
  snapping: true,
  transport: null,
  previewPlacement: '16:9',
  editingCaption: null,
  setPlayhead: (frame) => set({ playheadFrame: Math.max(0, Math.round(frame)) }),
  setTimelineZoom: (pxPerSecond) =>
    set({ timelineZoom: Math.min(MAX_TIMELINE_ZOOM, Math.max(MIN_TIMELINE_ZOOM, pxPerSecond)) }),
  selectClip: (selectedClipId) =>
    set((s) => ({
      selectedClipId,
      targetTrackId:
        (selectedClipId && s.project?.doc.timeline.clips[selectedClipId]?.trackId) || s.targetTrackId,
    })),
  targetTrack: (targetTrackId) => set({ targetTrackId }),
  toggleSnapping: () => set((s) => ({ snapping: !s.snapping })),
  setTransport: (transport) => set({ transport }),
  setPreviewPlacement: (previewPlacement) => set({ previewPlacement }),
  editCaption: (editingCaption) => set({ editingCaption }),
});
