// The research dashboard as a researcher uses it: a folder of participants' project files from a
// two-condition study is opened from Study ▸ Dashboard…; both conditions' acceptance rates, their
// plots and the comparisons show; one session's timeline of events opens, and its replay steps
// forward with the step counter and the drawn artboard following (the rectangle appears).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { studioOnSquare } from '../helpers/studio-page';
import { dashboardStudyFiles } from '../unit/native/research/research-fixtures';

const studio = studioOnSquare('atelier-e2e-dashboard-');
const sessions = join(studio.home, 'sessions');
let page: Page;
beforeAll(async () => {
  // Two participants in each condition: a accepts 3 of 4 variants, b 1 of 4.
  await dashboardStudyFiles(studio.home, join(dirname(studio.home), 'fixture-data'), 2, sessions);
  page = await studio.start();
});
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const dashboard = () => page.getByRole('dialog', { name: 'Research dashboard' });
const replayCanvas = () => dashboard().getByTestId('replay-canvas');
/** Waits until the artboard drawn is the document at the step shown. */
const settled = () =>
  poll(async () => {
    const shown = await dashboard().getByTestId('replay-step').getAttribute('data-seq');
    return (await replayCanvas().getAttribute('data-seq')) === shown;
  }).toBe(true);
/** The red of the replayed artboard's middle pixel (the rectangle fills the whole artboard). */
const middleRed = () =>
  replayCanvas().evaluate((c: HTMLCanvasElement) => {
    const pixel = c.getContext('2d')!.getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
    return pixel[0]! > 200 && pixel[1]! < 60 && pixel[2]! < 60;
  });

describe('research dashboard', () => {
  it('opens on a folder of sessions and shows both conditions and their comparison', async () => {
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Dashboard…' }).click();
    await dashboard().getByRole('button', { name: 'Choose folder…' }).click();
    const browser = page.getByRole('dialog', { name: 'Sessions folder' });
    // The browser opens in the studio's home folder; the sessions are in a folder there.
    await browser.getByRole('option', { name: /sessions/ }).click();
    await browser.getByRole('option', { name: /P-A1-banner\.atelier/ }).waitFor();
    await browser.getByRole('button', { name: 'Analyse this folder' }).click();

    const conditions = dashboard().getByRole('table', { name: 'Conditions' });
    await poll(() => conditions.locator('tbody tr').count()).toBe(2);
    await expect.poll(() => conditions.locator('tr[data-condition=a]').innerText()).toContain('0.75');
    expect(await conditions.locator('tr[data-condition=b]').innerText()).toContain('0.25');
    expect(await dashboard().getByTestId('dashboard-summary').innerText()).toContain('4 session(s)');

    const rate = dashboard().getByRole('img', { name: /^Acceptance rate by condition/ });
    expect(await rate.getAttribute('aria-label')).toMatch(/a 0\.75 \[.*\]; b 0\.25/);
    expect(await rate.locator('rect.bar').count()).toBe(2);
    expect(await dashboard().getByTestId('time-plot').locator('circle.dot').count()).toBe(4);

    const pooled = dashboard()
      .getByRole('table', { name: 'Comparisons' })
      .locator('tr[data-metric="acceptanceRate (pooled)"]');
    const row = await pooled.innerText();
    expect(row).toContain('a − b');
    expect(row).toContain("Fisher's exact");
    expect(row).toContain("Cohen's h");
  });

  it('shows one session’s events along its time, with details on focus', async () => {
    await dashboard().getByRole('button', { name: 'Timeline of P-A1' }).click();
    const timeline = dashboard().getByTestId('session-timeline');
    await timeline.waitFor();
    const marks = timeline.locator('circle.mark');
    expect(await marks.count()).toBeGreaterThan(10);
    await timeline.getByRole('button', { name: /layer\.add/ }).focus();
    await poll(() => dashboard().getByTestId('timeline-detail').innerText()).toContain('command · layer.add');
  });

  it('replays the session: stepping forward moves the counter and redraws the artboard', async () => {
    await dashboard().getByRole('button', { name: 'Replay', exact: true }).click();
    const counter = dashboard().getByTestId('replay-step');
    await poll(() => counter.innerText()).toMatch(/^Step 1 of \d+$/);
    const total = Number(/of (\d+)/.exec(await counter.innerText())![1]);
    await settled();
    expect(await replayCanvas().getAttribute('data-layers')).toBe('0');
    expect(await middleRed()).toBe(false);

    await dashboard().getByRole('button', { name: 'Next event' }).click();
    await poll(() => counter.innerText()).toBe(`Step 2 of ${total}`);
    // On with the keyboard until the rectangle is added: the artboard has a layer, drawn red.
    await dashboard()
      .getByRole('region', { name: /^Replay of P-A1/ })
      .focus();
    for (let step = 2; step < total; step++) {
      await settled();
      if ((await replayCanvas().getAttribute('data-layers')) === '1') break;
      await page.keyboard.press('ArrowRight');
      await poll(() => counter.innerText()).toBe(`Step ${step + 1} of ${total}`);
    }
    await settled();
    await poll(() => replayCanvas().getAttribute('data-layers')).toBe('1');
    await poll(middleRed).toBe(true);
    expect(await dashboard().getByTestId('replay-event').innerText()).toContain('layer.add');

    await dashboard().getByRole('button', { name: 'Last event' }).click();
    await poll(() => counter.innerText()).toBe(`Step ${total} of ${total}`);
    await page.keyboard.press('ArrowLeft');
    await poll(() => counter.innerText()).toBe(`Step ${total - 1} of ${total}`);
  });
});
