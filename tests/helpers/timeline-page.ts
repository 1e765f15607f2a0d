import type { Locator, Page } from 'playwright-core';

/**
 * The Timeline view as a person sees it: where the playhead is, a clip's place and length in
 * frames, whether its waveform has been drawn, and where to press to drag something.
 */

/** The frame the playhead is on. */
export const playheadFrame = async (page: Page) =>
  Number(await page.getByTestId('timeline').getAttribute('data-playhead'));

/** A clip's start or length in frames, as the clip shows it. */
export const clipFrames = (clip: Locator, what: 'start-frame' | 'duration-frames') =>
  clip.getAttribute(`data-${what}`).then(Number);

/** Pixels of a canvas that are not transparent. */
export const inkedPixels = (canvas: Locator) =>
  canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
    return inked;
  });

/** Inked pixels of a clip's waveform (0 while it has none). */
export async function waveformInk(clip: Locator): Promise<number> {
  const wave = clip.getByTestId('clip-waveform').locator('canvas').first();
  return (await wave.count()) > 0 ? inkedPixels(wave) : 0;
}

/** The middle of an element on the page. */
export async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
