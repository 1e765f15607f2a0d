// A video clip as a shot, as a designer adds one: "Add clip…" on the Storyboard makes a shot as
// long as the clip, its card shows the clip's first frame; the preview shows the clip's frame at
// the playhead (from its proxy, seeked frame-accurately); a file that is not a clip is refused
// by name with nothing added.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { historySteps } from '../helpers/panels';
import { studioOnSquare } from '../helpers/studio-page';
import { playheadFrame } from '../helpers/timeline-page';
import { clipLevel, makeClip } from '../helpers/video-clips';

const studio = studioOnSquare('atelier-e2e-clip-');
let page: Page;
let clipPath: string;
beforeAll(async () => {
  clipPath = join(studio.home, 'pour.mp4');
  await makeClip(clipPath, { width: 320, height: 180, fps: 30, frames: 60 });
  page = await studio.start();
}, 120_000);
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const preview = () => page.getByTestId('preview');
const card = (name: string) =>
  page.getByRole('list', { name: 'Shots' }).getByRole('listitem', { name, exact: true });

/** The mean grey of a canvas around a point given as shares of its width and height. */
const grey = (canvas: Locator, fx: number, fy: number) =>
  canvas.evaluate(
    (c: HTMLCanvasElement, [x, y]) => {
      const d = c
        .getContext('2d')!
        .getImageData(Math.floor(c.width * x) - 2, Math.floor(c.height * y) - 2, 4, 4).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += (d[i]! + d[i + 1]! + d[i + 2]!) / 3;
      return sum / (d.length / 4);
    },
    [fx, fy] as const,
  );

async function seekTo(frame: number): Promise<void> {
  const ruler = (await page.getByTestId('timeline-ruler').boundingBox())!;
  await page.mouse.click(ruler.x + frame * 2 + 0.5, ruler.y + ruler.height / 2);
  await poll(() => playheadFrame(page)).toBe(frame);
  await poll(() => preview().getAttribute('data-frame')).toBe(String(frame));
}

describe('video clips in the storyboard', () => {
  it('adds a clip as a shot as long as the clip, its card showing the first frame', async () => {
    await page.keyboard.press('Alt+2');
    await page.getByText('No shots yet').waitFor();
    await page.getByLabel('Video clip to add').setInputFiles(clipPath);
    const shot = card('pour');
    await shot.waitFor();
    expect(await shot.getAttribute('data-duration-frames')).toBe('60');
    expect(
      await shot
        .getByLabel('Picture', { exact: true })
        .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent),
    ).toBe('pour.mp4');
    expect((await historySteps(page)).at(-1)).toBe('Add clip');
    const thumb = shot.getByTestId('shot-thumbnail');
    await poll(() => thumb.getAttribute('data-drawn')).toBe('true');
    // The poster: clip frame 0's grey, and the white mark at the top left.
    await poll(() => grey(thumb, 0.75, 0.75).then((g) => Math.abs(g - clipLevel(0)) < 6)).toBe(true);
    expect(await grey(thumb, 0.1, 0.15)).toBeGreaterThan(230);
  });

  it('previews the clip’s frame at the playhead', async () => {
    await page.keyboard.press('Alt+3');
    const canvas = page.getByTestId('preview-canvas').first();
    for (const frame of [40, 10, 59]) {
      await seekTo(frame);
      await poll(() => preview().getAttribute('data-complete')).toBe('true');
      await poll(() => grey(canvas, 0.75, 0.75).then((g) => Math.round(g))).toBeGreaterThan(
        clipLevel(frame) - 6,
      );
      expect(Math.abs((await grey(canvas, 0.75, 0.75)) - clipLevel(frame))).toBeLessThan(6);
    }
  });

  it('refuses a file that is not a clip, by name, adding nothing', async () => {
    await page.keyboard.press('Alt+2');
    const bogus = join(studio.home, 'notes.mp4');
    writeFileSync(bogus, 'not a clip\n'.repeat(40));
    const steps = await historySteps(page);
    await page.getByLabel('Video clip to add').setInputFiles(bogus);
    const alert = page.locator('.notice.error');
    await poll(() => alert.count()).toBe(1);
    expect(await alert.locator('span').textContent()).toMatch(/^notes\.mp4: not a readable video file/);
    expect(await historySteps(page)).toEqual(steps);
    expect(await page.getByRole('list', { name: 'Shots' }).getByRole('listitem').count()).toBe(1);
  });
});
