/**
 * The ruler's marks for a zoom: labelled ticks at a round step (frames when zoomed in far,
 * then seconds and minutes) at least `minLabelPx` apart, with smaller ticks between. Pure.
 */
export interface RulerTicks {
  /** Frames between labelled ticks. */
  step: number;
  /** Frames between the small ticks (equal to step when there are none). */
  minor: number;
}

const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

export function rulerTicks(fps: number, pxPerFrame: number, minLabelPx = 70): RulerTicks {
  const frameSteps = [1, 2, 5, 10].filter((f) => f < fps);
  for (const frames of frameSteps) {
    if (frames * pxPerFrame >= minLabelPx) return { step: frames, minor: frames >= 5 ? 1 : frames };
  }
  for (const seconds of SECOND_STEPS) {
    const step = seconds * fps;
    if (step * pxPerFrame >= minLabelPx) {
      const minor =
        seconds === 1 ? (fps % 5 === 0 ? fps / 5 : fps / 4) : (seconds * fps) / (seconds % 5 === 0 ? 5 : 2);
      return { step, minor: minor * pxPerFrame >= 6 ? minor : step };
    }
  }
  return { step: 3600 * fps, minor: 3600 * fps };
}

/** The multiples of `every` from `from` to `to` (frames), inclusive. */
export function ticksBetween(from: number, to: number, every: number): number[] {
  const out: number[] = [];
  for (let f = Math.max(0, Math.ceil(from / every) * every); f <= to; f += every) out.push(f);
  return out;
}
