/**
 * While a clip is dragged near the left or right edge of the lanes, the lanes scroll that way
 * (faster the closer to the edge) and the drag follows, so a clip can be taken anywhere on a
 * long timeline without letting go.
 */
const ZONE = 40;

export function edgeScroll(options: {
  element(): HTMLElement | null;
  /** Pixels at the left that are not lanes (the track headers). */
  inset: number;
  /** Called after each scroll step, to move the drag to where the pointer now is. */
  scrolled(): void;
}) {
  let frame = 0;
  let x = 0;
  const step = () => {
    frame = 0;
    const el = options.element();
    if (!el) return;
    const box = el.getBoundingClientRect();
    const lo = box.left + options.inset + ZONE;
    const hi = box.right - ZONE;
    const speed = x < lo ? -(lo - x) / 3 : x > hi ? (x - hi) / 3 : 0;
    if (speed === 0) return;
    const before = el.scrollLeft;
    el.scrollLeft = Math.max(0, before + speed);
    if (el.scrollLeft === before) return;
    options.scrolled();
    frame = requestAnimationFrame(step);
  };
  return {
    /** The pointer is at `clientX` during a drag. */
    pointer(clientX: number): void {
      x = clientX;
      if (!frame) frame = requestAnimationFrame(step);
    },
    stop(): void {
      cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}
