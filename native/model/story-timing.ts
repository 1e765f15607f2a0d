import type { Document, Easing, Framing, Shot, TransitionKind } from './document';

/**
 * When each shot plays, in whole frames (STYLE.md 8). Shots follow `doc.shotOrder` back to back,
 * so the story lasts exactly the sum of their durations: a transition does not overlap two
 * shots' time, it runs over the first frames of the incoming shot, blending from the previous
 * shot's last frame held still (or from black before the first shot). Trimming or lengthening a
 * transition therefore never moves a later shot, and an exported file is as long as the
 * storyboard says.
 */
export interface ShotTiming {
  shot: Shot;
  /** Position in `shotOrder`. */
  index: number;
  startFrame: number;
  durationFrames: number;
  /** The first frame after the shot (exclusive). */
  endFrame: number;
  /** Frames the transition in runs: 0 for a cut, never more than the shot's duration. */
  transitionFrames: number;
}

export interface StoryTiming {
  shots: readonly ShotTiming[];
  totalFrames: number;
}

/**
 * The shots in order with their frames.
 *
 * @example
 * const { shots, totalFrames } = storyTiming(doc);
 * shots[1].startFrame === shots[0].durationFrames;
 */
export function storyTiming(doc: Pick<Document, 'shots' | 'shotOrder'>): StoryTiming {
  const shots: ShotTiming[] = [];
  let at = 0;
  for (const id of doc.shotOrder) {
    const shot = doc.shots[id];
    if (!shot) continue;
    const transition = shot.transitionIn;
    shots.push({
      shot,
      index: shots.length,
      startFrame: at,
      durationFrames: shot.durationFrames,
      endFrame: at + shot.durationFrames,
      transitionFrames:
        transition.kind === 'cut' ? 0 : Math.min(transition.durationFrames, shot.durationFrames),
    });
    at += shot.durationFrames;
  }
  return { shots, totalFrames: at };
}

/** Easing curves, t in 0..1 → 0..1 (cubic: gentle enough for slow camera moves). */
export const EASINGS: Readonly<Record<Easing, (t: number) => number>> = {
  linear: (t) => t,
  'ease-in': (t) => t * t * t,
  'ease-out': (t) => 1 - (1 - t) ** 3,
  'ease-in-out': (t) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2),
};

export function ease(easing: Easing, t: number): number {
  return EASINGS[easing](Math.min(1, Math.max(0, t)));
}

/**
 * The camera at a frame of a shot: eased from `camera.from` on the first frame to `camera.to`
 * on the last. The centre moves linearly (after easing); the zoom moves geometrically, so
 * 1 → 4 passes 2 half-way and the zoom looks steady rather than slowing down.
 */
export function framingAt(shot: Pick<Shot, 'camera' | 'durationFrames'>, localFrame: number): Framing {
  const { from, to, easing } = shot.camera;
  // A one-frame shot is its own last frame: it shows the end of the move.
  const t = shot.durationFrames <= 1 ? 1 : ease(easing, localFrame / (shot.durationFrames - 1));
  return {
    x: from.x + (to.x - from.x) * t,
    y: from.y + (to.y - from.y) * t,
    scale: from.scale * (to.scale / from.scale) ** t,
  };
}

/** A shot as seen at one frame. */
export interface ShotAt {
  timing: ShotTiming;
  shot: Shot;
  /** The frame within the shot, 0-based. */
  localFrame: number;
  camera: Framing;
}

/** What is on screen at a frame of the story. */
export interface StoryMoment {
  frame: number;
  /** The shot whose time this frame is. */
  current: ShotAt;
  /**
   * While `current`'s transition in runs: its kind, how far it has come (strictly between 0,
   * all previous, and 1, all incoming: the n-th of N frames is n / (N + 1)), and the previous
   * shot held at its last frame — null for the first shot, which comes in from black.
   */
  transition: {
    kind: Exclude<TransitionKind, 'cut'>;
    progress: number;
    outgoing: ShotAt | null;
  } | null;
}

function shotAt(timing: ShotTiming, localFrame: number): ShotAt {
  return { timing, shot: timing.shot, localFrame, camera: framingAt(timing.shot, localFrame) };
}

/** The index in `timing.shots` of the shot playing at `frame`, or -1 outside the story. */
export function shotIndexAt(timing: StoryTiming, frame: number): number {
  if (!(frame >= 0 && frame < timing.totalFrames)) return -1;
  let lo = 0;
  let hi = timing.shots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timing.shots[mid]!.startFrame <= frame) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Which shot or shots show at `frame` and how; null before 0, past the end or in an empty
 * storyboard (the frame is black). A fractional frame counts as the frame it falls in.
 * Pass a `timing` already worked out to avoid recomputing it for every frame of an export.
 *
 * @example
 * const moment = shotsAt(doc, 45);
 * if (moment?.transition?.kind === 'crossfade') alpha = moment.transition.progress;
 */
export function shotsAt(
  doc: Pick<Document, 'shots' | 'shotOrder'>,
  frame: number,
  timing: StoryTiming = storyTiming(doc),
): StoryMoment | null {
  const f = Math.floor(frame);
  const index = shotIndexAt(timing, f);
  if (index < 0) return null;
  const incoming = timing.shots[index]!;
  const local = f - incoming.startFrame;
  const current = shotAt(incoming, local);
  const kind = incoming.shot.transitionIn.kind;
  if (kind === 'cut' || local >= incoming.transitionFrames) return { frame: f, current, transition: null };
  const previous = index > 0 ? timing.shots[index - 1]! : null;
  return {
    frame: f,
    current,
    transition: {
      kind,
      progress: (local + 1) / (incoming.transitionFrames + 1),
      outgoing: previous ? shotAt(previous, previous.durationFrames - 1) : null,
    },
  };
}

/** A caption on screen at a frame. */
export interface CaptionAt {
  text: string;
  /** A shot's caption shows for the whole shot; a captions-track clip for its own time. */
  source: { kind: 'shot'; shotId: string } | { kind: 'clip'; clipId: string; trackId: string };
  startFrame: number;
  /** Exclusive. */
  endFrame: number;
}

/**
 * The captions showing at `frame`, top to bottom: the current shot's caption, then the clips
 * of the captions tracks that cover the frame (tracks in `trackOrder`, clips in start order).
 * Muted captions tracks are hidden; blank text shows nothing. Nothing shows outside the story.
 */
export function captionsAt(
  doc: Pick<Document, 'shots' | 'shotOrder' | 'timeline'>,
  frame: number,
  timing: StoryTiming = storyTiming(doc),
): CaptionAt[] {
  const f = Math.floor(frame);
  const index = shotIndexAt(timing, f);
  if (index < 0) return [];
  const captions: CaptionAt[] = [];
  const shot = timing.shots[index]!;
  if (shot.shot.caption.trim() !== '') {
    captions.push({
      text: shot.shot.caption,
      source: { kind: 'shot', shotId: shot.shot.id },
      startFrame: shot.startFrame,
      endFrame: shot.endFrame,
    });
  }
  for (const trackId of doc.timeline.trackOrder) {
    const track = doc.timeline.tracks[trackId];
    if (!track || track.kind !== 'captions' || track.muted) continue;
    const clips = track.clipIds
      .map((id) => doc.timeline.clips[id])
      .filter((clip) => clip !== undefined)
      .sort((a, b) => a.startFrame - b.startFrame);
    for (const clip of clips) {
      const end = clip.startFrame + clip.durationFrames;
      if (f < clip.startFrame || f >= end || !clip.text || clip.text.trim() === '') continue;
      captions.push({
        text: clip.text,
        source: { kind: 'clip', clipId: clip.id, trackId },
        startFrame: clip.startFrame,
        endFrame: end,
      });
    }
  }
  return captions;
}
