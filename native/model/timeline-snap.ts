import type { Asset, Clip, Timeline } from './document';
import { clipEnd } from './clip-edit';
import { SAMPLE_RATE } from './time';

/**
 * Snapping on the timeline, as in an NLE: a clip being moved or trimmed lands on the playhead,
 * on other clips' edges, or on the beats of music clips when it comes within a few pixels of
 * one; positions are whole frames whatever it lands on. Pure.
 */

/** A piece's tempo grid, from a generated soundtrack's parameters (in the asset's own time). */
export interface BeatGrid {
  bpm: number;
  /** Where the first beat falls, seconds from the asset's start. */
  beatOffsetSeconds: number;
  beatsPerBar: number;
  /** Where a downbeat falls, when the piece says (a pickup makes the first beat not one). */
  barOffsetSeconds: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The beat grid a generated music asset carries in its provenance, or null (imported audio). */
export function beatGrid(asset: Asset | undefined | null): BeatGrid | null {
  if (!asset || asset.kind !== 'audio' || asset.provenance.type !== 'generated') return null;
  const p = asset.provenance.parameters;
  const bpm = num(p.bpm);
  if (bpm === null || bpm < 20 || bpm > 400) return null;
  const beatsPerBar = num(p.beatsPerBar);
  return {
    bpm,
    beatOffsetSeconds: num(p.beatOffsetSeconds) ?? 0,
    beatsPerBar: beatsPerBar !== null && beatsPerBar >= 1 ? Math.round(beatsPerBar) : 4,
    barOffsetSeconds: num(p.barOffsetSeconds),
  };
}

/** A beat where the clip plays it on the timeline: a (fractional) frame, and whether it starts a bar. */
export interface Beat {
  frame: number;
  downbeat: boolean;
}

/** The most beats one clip reports (a 10-minute piece at 240 bpm). */
const MAX_BEATS = 2400;

/**
 * The beats a music clip plays, where they fall on the timeline (only the clip's trimmed part).
 *
 * @example
 * clipBeats(clip, doc.assets[clip.assetId], doc.timeline.fps) // [{ frame: 15, downbeat: true }, …]
 */
export function clipBeats(
  clip: Pick<Clip, 'startFrame' | 'durationFrames' | 'trimStartSamples'>,
  asset: Asset | undefined | null,
  fps: number,
): Beat[] {
  const grid = beatGrid(asset);
  if (!grid) return [];
  const period = 60 / grid.bpm;
  const from = clip.trimStartSamples / SAMPLE_RATE;
  const to = from + clip.durationFrames / fps;
  const first = Math.ceil((from - grid.beatOffsetSeconds) / period - 1e-9);
  const beats: Beat[] = [];
  for (let k = Math.max(first, 0); beats.length < MAX_BEATS; k++) {
    const at = grid.beatOffsetSeconds + k * period;
    if (at > to + 1e-9) break;
    const barPhase =
      grid.barOffsetSeconds === null ? null : (at - grid.barOffsetSeconds) / (period * grid.beatsPerBar);
    beats.push({
      frame: clip.startFrame + (at - from) * fps,
      downbeat: barPhase !== null && Math.abs(barPhase - Math.round(barPhase)) < 1e-6,
    });
  }
  return beats;
}

export type SnapKind = 'playhead' | 'edge' | 'beat';
export interface SnapTarget {
  frame: number;
  kind: SnapKind;
}
/** When two targets are as near, the playhead wins over an edge, an edge over a beat. */
const PRIORITY: Record<SnapKind, number> = { playhead: 0, edge: 1, beat: 2 };

/**
 * What a clip can snap to: the timeline's start, the playhead, the edges of every clip not in
 * `exclude`, and the beats of the music clips not in `exclude`. Sorted by frame.
 */
export function snapTargets(
  timeline: Timeline,
  assets: Record<string, Asset>,
  options: { exclude: readonly string[]; playheadFrame: number | null },
): SnapTarget[] {
  const targets: SnapTarget[] = [{ frame: 0, kind: 'edge' }];
  if (options.playheadFrame !== null) targets.push({ frame: options.playheadFrame, kind: 'playhead' });
  for (const clip of Object.values(timeline.clips)) {
    if (options.exclude.includes(clip.id)) continue;
    targets.push({ frame: clip.startFrame, kind: 'edge' }, { frame: clipEnd(clip), kind: 'edge' });
    if (timeline.tracks[clip.trackId]?.kind !== 'music' || !clip.assetId) continue;
    for (const beat of clipBeats(clip, assets[clip.assetId], timeline.fps))
      targets.push({ frame: beat.frame, kind: 'beat' });
  }
  return targets.sort((a, b) => a.frame - b.frame || PRIORITY[a.kind] - PRIORITY[b.kind]);
}

/** The index of the first target at or after `frame` (targets sorted by frame). */
function lowerBound(targets: readonly SnapTarget[], frame: number): number {
  let lo = 0;
  let hi = targets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (targets[mid]!.frame < frame) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Snap {
  /** Frames to add to the moving thing so the candidate lands on the target. */
  delta: number;
  target: SnapTarget;
}

/**
 * The nearest target within `threshold` frames of any candidate (a moving clip's start, end
 * and beats), as the shift that puts it there; null when none is near enough.
 *
 * @example
 * const s = snap([start, start + duration], targets, 8 / pxPerFrame);
 * const snapped = Math.round(start + (s?.delta ?? 0));
 */
export function snap(
  candidates: readonly number[],
  targets: readonly SnapTarget[],
  threshold: number,
): Snap | null {
  let best: Snap | null = null;
  const better = (delta: number, target: SnapTarget) =>
    !best ||
    Math.abs(delta) < Math.abs(best.delta) - 1e-9 ||
    (Math.abs(Math.abs(delta) - Math.abs(best.delta)) <= 1e-9 &&
      PRIORITY[target.kind] < PRIORITY[best.target.kind]);
  for (const candidate of candidates) {
    const at = lowerBound(targets, candidate - threshold);
    for (let i = at; i < targets.length && targets[i]!.frame <= candidate + threshold; i++) {
      const target = targets[i]!;
      const delta = target.frame - candidate;
      if (better(delta, target)) best = { delta, target };
    }
  }
  return best;
}
