// The flow end to end: open the sample campaign, reorder two shots, change a duration,
// play, and export the 9:16 placement; ffprobe reads the file: its size, frame rate, codecs,
// an audio stream, and a length of exactly the storyboard's frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../helpers/browser';
import { startStudio, type RunningStudio } from '../helpers/studio-server';
import { playheadFrame } from '../helpers/timeline-page';
import { tempDir } from '../helpers/temp';

const dir = tempDir('atelier-e2e-export-video-');
const home = join(dir.path, 'home');
let studio: RunningStudio;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  mkdirSync(join(home, 'exports'), { recursive: true });
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

const poll = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout });
const shots = () => page.getByRole('list', { name: 'Shots' });
const card = (name: string) => shots().getByRole('listitem', { name, exact: true });
const order = () =>
  shots()
    .getByRole('listitem')
    .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
const totalFrames = () => page.getByTestId('storyboard-total').getAttribute('data-total-frames').then(Number);

describe('a storyboard from open to export', () => {
  it('opens the sample, reorders two shots, changes a duration, plays, and exports 9:16', async () => {
    await page.getByRole('button', { name: 'Open the sample campaign' }).click();
    await page.locator('[data-testid=stage] canvas').first().waitFor();

    await page.getByRole('tab', { name: 'Storyboard' }).click();
    await poll(order).toEqual(['Opening', 'The roast', 'Fresh this week', 'The offer', 'End card']);
    await card('The roast').getByTestId('shot-thumbnail').click();
    await page.keyboard.press('Alt+ArrowLeft');
    await poll(order).toEqual(['The roast', 'Opening', 'Fresh this week', 'The offer', 'End card']);
    const before = await totalFrames();
    const duration = card('Opening').getByLabel('Duration (s)');
    await duration.fill('5');
    await duration.press('Enter');
    await poll(() => card('Opening').getAttribute('data-duration-frames')).toBe('150');
    const frames = await totalFrames();
    expect(frames).not.toBe(before);

    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByTestId('timeline').waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('Space');
    await poll(() => playheadFrame(page)).toBeGreaterThan(10);
    await page.keyboard.press('Space');

    await page.keyboard.press('Control+m');
    const options = page.getByRole('dialog', { name: 'Export video' });
    expect(await options.getByLabel('Placement 9:16').isChecked()).toBe(true);
    await options.getByRole('button', { name: 'Export…' }).click();
    const where = page.getByRole('dialog', { name: 'Export video into…' });
    await where.getByRole('option', { name: /exports/ }).dblclick();
    await where.getByRole('button', { name: 'Export here' }).click();
    const job = page.getByTestId('job').filter({ hasText: 'Export' });
    await poll(() => job.first().getAttribute('data-state'), 120_000).toBe('done');

    const files = readdirSync(join(home, 'exports'));
    expect(files).toEqual(['Northwind sample-9x16.mp4']);
    const { stdout } = await promisify(execFile)('ffprobe', [
      '-v',
      'error',
      '-count_frames',
      '-show_entries',
      'stream=codec_type,codec_name,width,height,r_frame_rate,nb_read_frames,sample_rate,channels',
      '-of',
      'json',
      join(home, 'exports', files[0]!),
    ]);
    const streams = (JSON.parse(stdout) as { streams: Record<string, unknown>[] }).streams;
    const video = streams.find((s) => s.codec_type === 'video')!;
    const audio = streams.find((s) => s.codec_type === 'audio')!;
    expect(video).toMatchObject({ codec_name: 'h264', width: 1080, height: 1920, r_frame_rate: '30/1' });
    expect(Number(video.nb_read_frames)).toBe(frames);
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
  });
});
