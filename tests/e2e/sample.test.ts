// A new user's first minute: on the welcome screen, open the sample campaign; the canvas shows
// its first artboard drawn (gradient, shapes, the generated cup picture), the Storyboard lists
// its shots with their pictures, and the Timeline shows the soundtrack on the music track with
// its waveform, as long as the storyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../helpers/browser';
import { startStudio, type RunningStudio } from '../helpers/studio-server';
import { pixelAt } from '../helpers/stage';
import { clipFrames, waveformInk } from '../helpers/timeline-page';
import { tempDir } from '../helpers/temp';

const dir = tempDir('atelier-e2e-sample-');
const home = join(dir.path, 'home');
let studio: RunningStudio;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  studio = await startStudio({ root: home, userData: join(dir.path, 'userdata') });
  session = await launchChromium();
  page = await session.browser.newPage();
  await page.goto(studio.url);
  await page.locator('[data-testid=shell][data-ready=true]').waitFor();
});
afterAll(async () => {
  await session?.close();
  await studio?.stop();
  dir.cleanup();
});

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
/** Whether the colour at an artboard point is within `tolerance` of `rgb` in every channel. */
const near = async (x: number, y: number, rgb: [number, number, number], tolerance = 6) => {
  const pixel = await pixelAt(page, x, y);
  return rgb.every((v, i) => Math.abs(pixel[i]! - v) <= tolerance);
};

describe('the sample campaign', () => {
  it('opens from the welcome screen and shows its first artboard drawn on the canvas', async () => {
    await page.getByTestId('welcome').waitFor();
    const open = page.getByRole('button', { name: 'Open the sample campaign' });
    expect(await open.getAttribute('aria-describedby')).toBe('welcome-sample-about');
    await open.click();
    await page.locator('[data-testid=stage] canvas').first().waitFor();

    expect(await page.getByTestId('project-title').textContent()).toBe('Northwind sample');
    await poll(() =>
      page.getByRole('tablist', { name: 'Artboards' }).getByRole('tab').allTextContents(),
    ).toEqual(['Square post', 'Story', 'Landscape video', 'Offer']);
    // The orange sun behind the cup, and the cup itself: a picture drawn by the sample's recipe,
    // stored in the project and fetched from it.
    await poll(() => near(300, 425, [0xd9, 0x62, 0x2b])).toBe(true);
    await poll(() => near(490, 485, [0xf6, 0xea, 0xd8])).toBe(true);
    // Dark roast at the foot of the background gradient.
    const [r, g, b] = await pixelAt(page, 540, 1060);
    expect(r! + g! + b!).toBeLessThan(200);
  });

  it('lists its shots on the Storyboard, each card with its picture', async () => {
    await page.keyboard.press('Alt+2');
    const list = page.getByRole('list', { name: 'Shots' });
    await poll(() =>
      list.getByRole('listitem').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label'))),
    ).toEqual(['Opening', 'The roast', 'Fresh this week', 'The offer', 'End card']);
    const offer = list.getByRole('listitem', { name: 'The offer', exact: true });
    expect(await offer.getByLabel('Transition', { exact: true }).inputValue()).toBe('dip-to-black');
    expect(await offer.getByLabel('Caption').inputValue()).toBe('Weekdays before 10 am');
    await poll(() => offer.getByTestId('shot-thumbnail').getAttribute('data-drawn')).toBe('true');
    expect(await page.getByTestId('storyboard-total').getAttribute('data-total-frames')).toBe('450');
  });

  it('shows the soundtrack on the Timeline, with its waveform, as long as the storyboard', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByRole('group', { name: 'Music track' }).waitFor();
    const clip = page.getByRole('button', { name: 'Autumn Roast soundtrack', exact: true });
    await clip.waitFor();
    expect(await clipFrames(clip, 'start-frame')).toBe(0);
    expect(await clipFrames(clip, 'duration-frames')).toBe(450);
    await poll(() => waveformInk(clip)).toBeGreaterThan(100);
  });
});
