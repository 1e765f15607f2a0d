// Audio on the timeline as an editor uses it: import a tone, see its waveform in a clip on a
// music track, trim its end by dragging, undo, play and pause with Space (the playhead moves
// on the AudioContext's clock); refuse a corrupt file and a picture named .mp3 with a message
// naming each, adding nothing; shuttle with J/K/L, loop the clip to fill a time, move it
// with snapping; and a composed soundtrack shows its waveform and beats.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { historySteps, panelTab } from '../helpers/panels';
import { dragOnPage } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';
import { centre, clipFrames as frames, playheadFrame, waveformInk } from '../helpers/timeline-page';

const studio = studioOnSquare('atelier-e2e-timeline-');
let page: Page;
let tone: string;
beforeAll(async () => {
  // Four seconds of a 440 Hz tone, 48 kHz stereo: 120 frames at the project's 30 fps.
  tone = join(studio.home, 'tone.wav');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=4',
    '-ac',
    '2',
    '-ar',
    '48000',
    tone,
  ]);
  page = await studio.start();
});
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const playhead = () => playheadFrame(page);
/** Bytes that are no kind of file: a fixed, patternless run. */
const noise = (length: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7919 + (i >> 3)) & 255));

describe('timeline audio', () => {
  it('shows an imported sound as a clip with its waveform; trims it; undoes; plays and pauses', async () => {
    await page.keyboard.press('Alt+3');
    expect(await page.getByText('The timeline is empty').isVisible()).toBe(true);

    await page.getByLabel('Audio file to import').setInputFiles(tone);
    const clip = page.getByRole('button', { name: 'tone', exact: true });
    await clip.waitFor();
    expect(await page.getByRole('group', { name: 'Music 1 track' }).isVisible()).toBe(true);
    expect(await frames(clip, 'start-frame')).toBe(0);
    expect(await frames(clip, 'duration-frames')).toBe(120);

    // The waveform: a canvas inside the clip with something drawn on it.
    await poll(() => waveformInk(clip)).toBeGreaterThan(100);

    // Drag the clip's right edge 30 frames to the left (60 px/s at 30 fps: 2 px a frame).
    const tail = await centre(page.getByLabel('Trim end of tone'));
    await dragOnPage(page, tail, { x: tail.x - 60, y: tail.y });
    await poll(() => frames(clip, 'duration-frames')).toBe(90);
    expect((await historySteps(page)).at(-1)).toBe('Trim clip');

    await page.keyboard.press('Control+z');
    await poll(() => frames(clip, 'duration-frames')).toBe(120);

    // Space plays: the playhead runs from the start; Space again pauses it where it is.
    await page.getByRole('button', { name: 'Go to start' }).click();
    expect(await playhead()).toBe(0);
    await page.keyboard.press('Space');
    await poll(playhead).toBeGreaterThan(10);
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const paused = await playhead();
    await page.waitForTimeout(400);
    expect(await playhead()).toBe(paused);
    expect(paused).toBeGreaterThan(10);
    expect(paused).toBeLessThan(120);
  });

  it('refuses a corrupt audio file and a picture named .mp3, saying which file and what is wrong, adding nothing', async () => {
    // A WAV whose header breaks off into junk where its format chunk should be, and a PNG
    // picture named like a song.
    const broken = join(studio.home, 'broken.wav');
    writeFileSync(
      broken,
      Buffer.concat([Buffer.from('RIFF\x24\x10\x00\x00WAVEjunk', 'latin1'), noise(4096)]),
    );
    const picture = join(studio.home, 'song.mp3');
    writeFileSync(
      picture,
      await sharp({ create: { width: 16, height: 16, channels: 3, background: '#ff3d9a' } })
        .png()
        .toBuffer(),
    );
    const clips = page.locator('[data-clip-id]');
    const tracks = page.getByRole('group', { name: / track$/ });
    const clipsBefore = await clips.count();
    const tracksBefore = await tracks.allTextContents();
    const stepsBefore = await historySteps(page);
    expect(clipsBefore).toBe(1);

    await page.getByLabel('Audio file to import').setInputFiles([broken, picture]);
    const alerts = page.locator('.notice.error');
    await poll(() => alerts.count()).toBe(2);
    const messages = await alerts.locator('span').allTextContents();
    expect(messages[0]).toMatch(
      /^broken\.wav: not a readable audio file: corrupt, cut short or not audio \(/,
    );
    expect(messages[1]).toBe('song.mp3: not an audio file (it holds a PNG image)');

    // Nothing came of either: no clip, no track, no step in History.
    expect(await clips.count()).toBe(clipsBefore);
    expect(await tracks.allTextContents()).toEqual(tracksBefore);
    expect(await page.getByRole('button', { name: /^(broken|song)$/ }).count()).toBe(0);
    expect(await historySteps(page)).toEqual(stepsBefore);
    while ((await alerts.count()) > 0) await alerts.first().getByRole('button', { name: 'Dismiss' }).click();
  });

  it('scrubs on the ruler, shuttles with J/K/L, goes Home and End', async () => {
    const ruler = page.getByTestId('timeline-ruler');
    const box = (await ruler.boundingBox())!;
    // 60 px/s: 90 px in is 1.5 s, frame 45.
    await page.mouse.click(box.x + 90, box.y + box.height / 2);
    await poll(playhead).toBe(45);

    await page.keyboard.press('l');
    await poll(playhead).toBeGreaterThan(50);
    await page.keyboard.press('l');
    expect(await page.getByTestId('shuttle').textContent()).toBe('▶ 2×');
    await page.keyboard.press('k');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const stopped = await playhead();
    await page.keyboard.press('j');
    await poll(playhead).toBeLessThan(stopped);
    await page.keyboard.press('k');

    await page.keyboard.press('End');
    await poll(playhead).toBe(120);
    await page.keyboard.press('Home');
    await poll(playhead).toBe(0);
  });

  it('loops a music clip to fill a time; moves a copy to another track, snapping to a clip’s end; mutes; deletes', async () => {
    const clip = page.getByRole('button', { name: 'tone', exact: true });
    await clip.click();
    // Loop to fit, up to 10 s: copies after the clip, the last one cut at 300 frames.
    await page.getByRole('button', { name: 'Loop to fit…' }).click();
    await page.getByLabel('Loop until').fill('0:10:00');
    await page.getByRole('button', { name: 'Loop', exact: true }).click();
    const clips = page
      .getByRole('group', { name: 'Music 1 clips' })
      .getByRole('button', { name: 'tone', exact: true });
    await poll(() => clips.count()).toBe(3);
    const spans = await clips.evaluateAll((els) =>
      els.map((e) => [
        Number(e.getAttribute('data-start-frame')),
        Number(e.getAttribute('data-duration-frames')),
      ]),
    );
    expect(spans).toEqual([
      [0, 120],
      [120, 120],
      [240, 60],
    ]);
    expect((await historySteps(page)).at(-1)).toBe('Loop to fit');

    // A voice track: the tone dragged onto it, its start dropped 3 frames short of the first
    // clip's end, snaps onto it.
    await page.getByRole('button', { name: 'Add track ▾' }).click();
    await page.getByRole('menuitem', { name: 'Voice track' }).click();
    const voiceLane = page.getByRole('group', { name: 'Voice 1 clips' });
    await voiceLane.waitFor();
    const last = clips.nth(2);
    const from = await centre(last);
    const lane = (await voiceLane.boundingBox())!;
    // The last copy starts at 240; move it to start at 123 (117 frames left = 234 px).
    await dragOnPage(page, from, { x: from.x - 234, y: lane.y + lane.height / 2 });
    const moved = voiceLane.getByRole('button', { name: 'tone', exact: true });
    await poll(() => moved.count()).toBe(1);
    expect(await frames(moved, 'start-frame')).toBe(120);
    expect((await historySteps(page)).at(-1)).toBe('Move clip');

    // Mute the music track: its header says so.
    const mute = page.getByRole('button', { name: 'Mute Music 1' });
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');

    // Delete removes the selected clip.
    await moved.click();
    await page.keyboard.press('Delete');
    await poll(() => moved.count()).toBe(0);
  });

  it('shows a composed soundtrack on the music track with its waveform and beats', async () => {
    await page.getByRole('button', { name: 'Delete track Music 1' }).click();
    await panelTab(page, 'Soundtrack');
    await page.getByLabel('Music prompt').fill('upbeat, 120 bpm');
    await page.getByLabel('Length in seconds').fill('4');
    await page.getByLabel('Music variants').fill('1');
    await page.getByRole('button', { name: 'Compose' }).click();
    const variant = page.getByRole('list', { name: 'Soundtrack variants' }).getByRole('listitem');
    await poll(() => variant.count()).toBe(1);
    await variant.getByRole('button', { name: 'Use' }).click();

    const clip = page.getByRole('button', { name: 'Soundtrack 1', exact: true });
    await clip.waitFor();
    expect(await frames(clip, 'duration-frames')).toBe(120);
    await poll(() => waveformInk(clip)).toBeGreaterThan(100);
    // Its beats are marked (and are what clips snap to): 120 bpm over 4 s.
    expect(await clip.locator('line.beat').count()).toBeGreaterThanOrEqual(7);
  });
});
