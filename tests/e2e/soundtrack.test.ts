// A soundtrack as a designer asks for one: a prompt and an exact length in the Soundtrack panel,
// variants to preview with their waveforms, one used (a clip on the music track, one undo step);
// then the whole way to the cut: composed, used, seen with its waveform on the Timeline, trimmed,
// the trim undone, played and paused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { historySteps, panelTab } from '../helpers/panels';
import { dragOnPage } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';
import { centre, clipFrames, playheadFrame, waveformInk } from '../helpers/timeline-page';

const studio = studioOnSquare('atelier-e2e-soundtrack-');
let page: Page;
beforeAll(async () => {
  page = await studio.start();
});
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

/** Whether a variant's waveform has been drawn (some non-transparent pixels in its canvases). */
const drawn = (variant: number) =>
  page.evaluate(`(() => {
    const item = document.querySelectorAll('[aria-label="Soundtrack variants"] li')[${variant}];
    const host = item && item.querySelector('[data-testid=variant-wave]');
    if (!host) return false;
    const roots = [host, ...[...host.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
    for (const root of roots) {
      for (const canvas of root.querySelectorAll('canvas')) {
        if (!canvas.width || !canvas.height) continue;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
      }
    }
    return false;
  })()`);

describe('soundtracks', () => {
  it('composes variants of the asked length, previews them with waveforms, and uses one on the music track', async () => {
    await panelTab(page, 'Soundtrack');
    expect(await page.getByLabel('Length in seconds').inputValue()).toBe('30');
    await page.getByLabel('Music prompt').fill('upbeat corporate, 120 bpm, in D major');
    await page.getByLabel('Length in seconds').fill('6');
    await page.getByLabel('Music variants').fill('2');
    await page.getByLabel('Random music seed').uncheck();
    await page.getByLabel('Music seed', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Compose' }).click();
    const variants = page.getByRole('list', { name: 'Soundtrack variants' }).getByRole('listitem');
    await poll(() => variants.count()).toBe(2);
    expect(await variants.nth(0).textContent()).toMatch(/Variant 1 · 12\d bpm · D major · seed 4/);
    expect(await variants.nth(1).textContent()).toMatch(/seed 5/);
    await poll(() => drawn(0)).toBe(true);
    await poll(() => drawn(1)).toBe(true);

    await variants.nth(1).getByRole('button', { name: 'Use' }).click();
    await poll(async () => (await historySteps(page)).at(-1)).toBe('Add soundtrack');
    await poll(() => variants.count()).toBe(0);
    // One undo step takes it away again (History shows it as undone).
    await page.keyboard.press('Control+z');
    const undone = page.getByRole('list', { name: 'History' }).locator('li.undone');
    await poll(() => undone.allTextContents()).toEqual(['Add soundtrack']);
  });

  it('composes a soundtrack, uses it, sees its waveform on the Timeline, trims it, undoes, plays and pauses', async () => {
    await panelTab(page, 'Soundtrack');
    await page.getByLabel('Music prompt').fill('calm acoustic, 100 bpm');
    await page.getByLabel('Length in seconds').fill('4');
    await page.getByLabel('Music variants').fill('1');
    await page.getByRole('button', { name: 'Compose' }).click();
    const variants = page.getByRole('list', { name: 'Soundtrack variants' }).getByRole('listitem');
    await poll(() => variants.count()).toBe(1);
    await variants.first().getByRole('button', { name: 'Use' }).click();
    // One new step, done (the one undone before is gone from History).
    await poll(async () => (await historySteps(page)).filter((s) => s === 'Add soundtrack').length).toBe(1);
    expect(await page.getByRole('list', { name: 'History' }).locator('li.undone').count()).toBe(0);

    // On the Timeline: a 4 s clip (120 frames at 30 fps) at the start of the music track, its
    // waveform drawn from the peaks the engine stored with it.
    await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Timeline' }).click();
    const clip = page
      .getByRole('group', { name: 'Music clips' })
      .getByRole('button', { name: 'Soundtrack 1' });
    await clip.waitFor();
    expect(await clipFrames(clip, 'start-frame')).toBe(0);
    expect(await clipFrames(clip, 'duration-frames')).toBe(120);
    await poll(() => waveformInk(clip)).toBeGreaterThan(100);

    // Its right edge dragged 30 frames to the left (60 px/s: 2 px a frame) trims it, one step.
    const tail = await centre(page.getByLabel('Trim end of Soundtrack 1'));
    await dragOnPage(page, tail, { x: tail.x - 60, y: tail.y });
    await poll(() => clipFrames(clip, 'duration-frames')).toBe(90);
    expect((await historySteps(page)).at(-1)).toBe('Trim clip');
    await page.keyboard.press('Control+z');
    await poll(() => clipFrames(clip, 'duration-frames')).toBe(120);
    expect(await clipFrames(clip, 'start-frame')).toBe(0);

    // Space plays it from the start (the playhead runs); Space again pauses where it is.
    await page.getByRole('button', { name: 'Go to start' }).click();
    expect(await playheadFrame(page)).toBe(0);
    await page.keyboard.press('Space');
    await poll(() => playheadFrame(page)).toBeGreaterThan(10);
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const paused = await playheadFrame(page);
    await page.waitForTimeout(400);
    expect(await playheadFrame(page)).toBe(paused);
    expect(paused).toBeGreaterThan(10);
    expect(paused).toBeLessThan(120);
  });
});
