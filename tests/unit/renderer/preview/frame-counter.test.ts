// Counting the preview's frames while playing: drawn against due, across restarts of the clock.
import { describe, expect, it } from 'vitest';
import { createFrameCounter } from '../../../../renderer/preview/frame-counter';

describe('createFrameCounter', () => {
  it('draws each new frame once and counts the frames skipped as dropped', () => {
    const counter = createFrameCounter();
    // Two animation frames per video frame, then a stall that skips frames 4 and 5.
    const draws = [0, 0, 1, 1, 2, 3, 6, 6, 7].map((f) => counter.tick(f));
    expect(draws).toEqual([true, false, true, false, true, true, true, false, true]);
    expect(counter.stats()).toEqual({ drawn: 6, due: 8, dropped: 2 });
  });

  it('counts on across a restart of the clock (a seek), and from nothing after reset', () => {
    const counter = createFrameCounter();
    for (const f of [10, 11, 12]) counter.tick(f);
    counter.restart();
    for (const f of [100, 102]) counter.tick(f);
    expect(counter.stats()).toEqual({ drawn: 5, due: 6, dropped: 1 });
    counter.reset();
    expect(counter.stats()).toEqual({ drawn: 0, due: 0, dropped: 0 });
  });

  it('counts playing backwards the same way', () => {
    const counter = createFrameCounter();
    for (const f of [50, 49, 47]) counter.tick(f);
    expect(counter.stats()).toEqual({ drawn: 3, due: 4, dropped: 1 });
  });
});
