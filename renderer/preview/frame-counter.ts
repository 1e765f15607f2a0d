/** How the preview kept up while playing: frames drawn, frames the clock asked for, and the difference. */
export interface FrameStats {
  drawn: number;
  due: number;
  dropped: number;
}

/**
 * Counts the frames the preview draws against the frames the audio clock says were due. The
 * player draws `floor(clock × fps)` on each animation frame, so a slow draw skips frames rather
 * than falling behind the sound; whatever it skipped shows here as dropped.
 *
 * @example
 * const counter = createFrameCounter();
 * // on every animation frame while playing:
 * if (counter.tick(Math.floor(seconds * fps))) draw(frame);
 * counter.stats(); // { drawn: 58, due: 60, dropped: 2 }
 */
export function createFrameCounter() {
  let done = { drawn: 0, due: 0 };
  let first: number | null = null;
  let last: number | null = null;
  let drawn = 0;
  const segment = () => (first === null || last === null ? 0 : Math.abs(last - first) + 1);
  return {
    /** Back to nothing (playing starts again from stopped). */
    reset(): void {
      done = { drawn: 0, due: 0 };
      first = last = null;
      drawn = 0;
    },
    /** The clock started again elsewhere (a seek, another speed): count on from its next frame. */
    restart(): void {
      done = { drawn: done.drawn + drawn, due: done.due + segment() };
      first = last = null;
      drawn = 0;
    },
    /** The clock says `frame` is on screen now: true when it is a frame not drawn yet. */
    tick(frame: number): boolean {
      if (first === null) first = frame;
      if (frame === last) return false;
      last = frame;
      drawn++;
      return true;
    },
    stats(): FrameStats {
      const due = done.due + segment();
      const shown = done.drawn + drawn;
      return { drawn: shown, due, dropped: Math.max(0, due - shown) };
    },
  };
}
