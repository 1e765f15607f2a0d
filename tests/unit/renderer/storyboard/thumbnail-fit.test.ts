// A shot's picture fitted into the card's thumbnail box.
import { describe, expect, it } from 'vitest';
import { fitInside } from '../../../../renderer/storyboard/thumbnail-fit';

describe('thumbnail size', () => {
  it('fits the picture inside the box, keeping its proportions', () => {
    expect(fitInside({ width: 1920, height: 1080 }, 240, 135)).toEqual({ width: 240, height: 135 });
    expect(fitInside({ width: 1080, height: 1920 }, 240, 135)).toEqual({ width: 76, height: 135 });
    expect(fitInside({ width: 1080, height: 1080 }, 240, 135)).toEqual({ width: 135, height: 135 });
  });
});
