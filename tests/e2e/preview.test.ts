// The Timeline's picture side as an editor uses it: two artboards of different colours become two
// shots on the video track; dragging the first one's edge changes its length and moves the
// second (one undo step); the preview player shows each artboard's colour on its side of the
// cut, in 16:9, 9:16 or all four placements at once, and keeps drawing while Space plays; a
// shot is reframed for one placement; captions are added, edited, moved and deleted on the
// captions track; and a preview frame matches the same frame drawn in Node by the export's code.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Context2D } from '../../native/compose/draw-canvas';
import { createStoryPictures, drawStoryFrame } from '../../native/compose/story';
import { ensureBundledFonts } from '../../native/media/bundled-fonts';
import type { Document } from '../../native/model/document';
import { historySteps, panelTab } from '../helpers/panels';
import { dragOnPage } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';
import { centre, clipFrames as frames, playheadFrame } from '../helpers/timeline-page';
import { RawClient } from '../helpers/ws-client';

const studio = studioOnSquare('atelier-e2e-preview-');
let page: Page;
beforeAll(async () => (page = await studio.start()));
afterAll(() => studio.close());

const artifacts = join(import.meta.dirname, '..', 'artifacts');
const RED = [224, 32, 32];
const BLUE = [32, 80, 224];

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const playhead = () => playheadFrame(page);
const preview = () => page.getByTestId('preview');
const canvases = () => page.getByTestId('preview-canvas');
const shots = () => page.getByRole('group', { name: 'Video shots' }).getByRole('button');
const shot = (name: string) => page.getByRole('group', { name: 'Video shots' }).getByRole('button', { name });
const lastStep = async () => (await historySteps(page)).at(-1);

/** The RGB of a preview canvas at a share of its width and height. */
const pixel = (canvas: Locator, fx: number, fy: number) =>
  canvas.evaluate(
    (c: HTMLCanvasElement, [x, y]) => {
      const data = c
        .getContext('2d')!
        .getImageData(Math.floor(c.width * x), Math.floor(c.height * y), 1, 1).data;
      return [data[0]!, data[1]!, data[2]!];
    },
    [fx, fy] as const,
  );
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 3);

/** Moves the playhead by pressing the ruler (60 px a second at 30 fps: 2 px a frame). */
async function seekTo(frame: number): Promise<void> {
  const ruler = (await page.getByTestId('timeline-ruler').boundingBox())!;
  await page.mouse.click(ruler.x + frame * 2 + 0.5, ruler.y + ruler.height / 2);
  await poll(playhead).toBe(frame);
  await poll(() => preview().getAttribute('data-frame')).toBe(String(frame));
}

async function setBackground(colour: number[]): Promise<void> {
  await panelTab(page, 'Properties');
  const hex = `#${colour.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  await page.getByLabel('Background').fill(hex);
}

describe('timeline video track and preview', () => {
  it('shows two artboards as two shots on the video track, and each colour in the preview', async () => {
    await setBackground(RED);
    await page.getByRole('button', { name: '+ Artboard' }).click();
    await setBackground(BLUE);
    await page.keyboard.press('Alt+2');
    await page.getByRole('button', { name: 'Add all artboards' }).click();
    await page.getByRole('list', { name: 'Shots' }).getByRole('listitem').nth(1).waitFor();

    await page.keyboard.press('Alt+3');
    await poll(() => shots().count()).toBe(2);
    expect(await frames(shot('Shot 1'), 'start-frame')).toBe(0);
    expect(await frames(shot('Shot 2'), 'start-frame')).toBe(90);
    expect(await frames(shot('Shot 2'), 'duration-frames')).toBe(90);

    // 16:9 by default: one canvas, wide, showing the first artboard at frame 0.
    await poll(() => preview().getAttribute('data-complete')).toBe('true');
    expect(await canvases().count()).toBe(1);
    const canvas = canvases().first();
    await poll(() => pixel(canvas, 0.5, 0.5).then((p) => near(p, RED))).toBe(true);
    await seekTo(100);
    await poll(() => pixel(canvas, 0.5, 0.5).then((p) => near(p, BLUE))).toBe(true);
    await seekTo(89);
    await poll(() => pixel(canvas, 0.5, 0.5).then((p) => near(p, RED))).toBe(true);
  });

  it('changes a shot’s length by dragging its edge: the next shot ripples; one undo step', async () => {
    const edge = await centre(page.getByLabel('Change duration of Shot 1'));
    // 30 frames shorter: 60 px to the left.
    await dragOnPage(page, edge, { x: edge.x - 60, y: edge.y });
    await poll(() => frames(shot('Shot 1'), 'duration-frames')).toBe(60);
    expect(await frames(shot('Shot 2'), 'start-frame')).toBe(60);
    expect(await lastStep()).toBe('Change duration');

    // The playhead (at 89) is now in the second shot.
    await poll(() => pixel(canvases().first(), 0.5, 0.5).then((p) => near(p, BLUE))).toBe(true);

    await page.keyboard.press('Control+z');
    await poll(() => frames(shot('Shot 1'), 'duration-frames')).toBe(90);
    expect(await frames(shot('Shot 2'), 'start-frame')).toBe(90);
    await poll(() => pixel(canvases().first(), 0.5, 0.5).then((p) => near(p, RED))).toBe(true);
  });

  it('previews 9:16 tall, all four placements side by side, and reframes a shot for one', async () => {
    const aspect = () =>
      canvases()
        .first()
        .evaluate((c: HTMLCanvasElement) => c.width / c.height);
    expect(await aspect()).toBeCloseTo(16 / 9, 1);
    await page.getByRole('radio', { name: '9:16' }).click();
    await poll(aspect).toBeCloseTo(9 / 16, 1);
    expect(await canvases().first().getAttribute('data-placement')).toBe('9:16');

    await page.getByRole('radio', { name: 'All' }).click();
    await poll(() => canvases().count()).toBe(4);
    expect(await canvases().evaluateAll((cs) => cs.map((c) => c.getAttribute('data-placement')))).toEqual([
      '16:9',
      '9:16',
      '1:1',
      '4:5',
    ]);
    // All the same height, side by side.
    const boxes = await canvases().evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().toJSON()));
    for (const b of boxes) expect(b.height).toBeCloseTo(boxes[0].height, 0);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].left).toBeGreaterThan(boxes[i - 1].right - 1);
    for (const c of await canvases().all()) expect(near(await pixel(c, 0.5, 0.5), RED)).toBe(true);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'e2e-preview-all.png') });

    // Shot 1 (under the playhead) fitted into 16:9: a square with black bars at the sides.
    await page.getByRole('radio', { name: '16:9' }).click();
    const reframe = page.getByRole('radiogroup', { name: 'Reframe' });
    expect(await reframe.getByRole('radio', { name: 'Fill' }).getAttribute('aria-checked')).toBe('true');
    await reframe.getByRole('radio', { name: 'Fit' }).click();
    await poll(() => pixel(canvases().first(), 0.05, 0.5)).toEqual([0, 0, 0]);
    expect(near(await pixel(canvases().first(), 0.5, 0.5), RED)).toBe(true);
    expect(await lastStep()).toBe('Reframe shot');
    // The 9:16 frame of the same shot still fills.
    await page.getByRole('radio', { name: '9:16' }).click();
    await poll(() => pixel(canvases().first(), 0.05, 0.5).then((p) => near(p, RED))).toBe(true);
    // Custom: sliders for the crop; zoomed in, the frame is still all the artboard's colour.
    await reframe.getByRole('radio', { name: 'Custom' }).click();
    const zoom = page.getByRole('slider', { name: 'Zoom', exact: true });
    await zoom.focus();
    await page.keyboard.press('End');
    await poll(() => zoom.inputValue().then(Number)).toBe(4);
    expect(near(await pixel(canvases().first(), 0.05, 0.05), RED)).toBe(true);
    // Dragging the picture moves the crop: to the left shows more of its right; one step.
    const x = page.getByRole('slider', { name: 'X', exact: true });
    expect(Number(await x.inputValue())).toBeCloseTo(0.5, 2);
    const stepsBefore = (await historySteps(page)).length;
    const box = (await canvases().first().boundingBox())!;
    await dragOnPage(
      page,
      { x: box.x + box.width * 0.6, y: box.y + box.height / 2 },
      { x: box.x + box.width * 0.3, y: box.y + box.height / 2 },
    );
    await poll(() => x.inputValue().then(Number)).toBeGreaterThan(0.52);
    expect((await historySteps(page)).length).toBe(stepsBefore + 1);
    expect(await lastStep()).toBe('Reframe shot');
    await page.getByRole('radio', { name: '16:9' }).click();
  });

  it('plays with Space: the playhead runs and the preview draws frame after frame', async () => {
    await page.keyboard.press('Home');
    await poll(playhead).toBe(0);
    await page.keyboard.press('Space');
    await poll(playhead).toBeGreaterThan(30);
    await poll(() => preview().getAttribute('data-frames-drawn').then(Number)).toBeGreaterThan(15);
    expect(Number(await preview().getAttribute('data-frame'))).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const drawn = Number(await preview().getAttribute('data-frames-drawn'));
    const due = Number(await preview().getAttribute('data-frames-due'));
    const dropped = Number(await preview().getAttribute('data-frames-dropped'));
    expect(due).toBeGreaterThanOrEqual(drawn);
    expect(dropped).toBe(due - drawn);
    // The preview stopped on the playhead's frame.
    await poll(() => preview().getAttribute('data-frame')).toBe(String(await playhead()));
  });
});

describe('captions track', () => {
  const caption = (text: string) => page.getByRole('button', { name: `Caption: ${text}`, exact: true });

  it('adds a caption at the playhead, typed in place; it shows in the preview', async () => {
    await seekTo(100);
    const before = await canvases()
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let light = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! > 200 && d[i + 1]! > 200 && d[i + 2]! > 200) light++;
        return light;
      });
    expect(before).toBe(0);

    await page.getByRole('button', { name: 'Add caption' }).click();
    const field = page.getByLabel('Caption text');
    await field.fill('Summer sale');
    await field.press('Enter');
    await caption('Summer sale').waitFor();
    expect(await frames(caption('Summer sale'), 'start-frame')).toBe(100);
    expect(await frames(caption('Summer sale'), 'duration-frames')).toBe(60);
    expect(await lastStep()).toBe('Add caption');
    expect(await page.getByRole('group', { name: 'Captions track' }).count()).toBe(1);

    // White text now in the frame.
    await poll(() =>
      canvases()
        .first()
        .evaluate((c: HTMLCanvasElement) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let light = 0;
          for (let i = 0; i < d.length; i += 4)
            if (d[i]! > 200 && d[i + 1]! > 200 && d[i + 2]! > 200) light++;
          return light;
        }),
    ).toBeGreaterThan(20);
    await page.screenshot({ path: join(artifacts, 'e2e-preview-caption.png') });
  });

  it('edits a caption’s text in place, moves and trims it, and deletes it', async () => {
    await caption('Summer sale').dblclick();
    const field = page.getByLabel('Caption text');
    await field.fill('Summer sale: 20% off');
    await field.press('Enter');
    await caption('Summer sale: 20% off').waitFor();
    expect(await lastStep()).toBe('Change clip');

    // Move it 10 frames later (20 px), then trim its end 20 frames shorter (40 px).
    const clip = caption('Summer sale: 20% off');
    const from = await centre(clip);
    await dragOnPage(page, from, { x: from.x + 20, y: from.y });
    await poll(() => frames(clip, 'start-frame')).toBe(110);
    expect(await lastStep()).toBe('Move clip');
    const tail = await centre(page.getByLabel('Trim end of caption Summer sale: 20% off'));
    await dragOnPage(page, tail, { x: tail.x - 40, y: tail.y });
    await poll(() => frames(clip, 'duration-frames')).toBe(40);
    expect(await lastStep()).toBe('Trim clip');
    // And its start back 5 frames earlier (a caption has no audio to run out of).
    const head = await centre(page.getByLabel('Trim start of caption Summer sale: 20% off'));
    await dragOnPage(page, head, { x: head.x - 10, y: head.y });
    await poll(() => frames(clip, 'start-frame')).toBe(105);
    expect(await frames(clip, 'duration-frames')).toBe(45);

    await clip.click();
    await page.keyboard.press('Delete');
    await poll(() => clip.count()).toBe(0);
    expect(await lastStep()).toBe('Delete clip');
    await page.keyboard.press('Control+z');
    await clip.waitFor();
  });
});

describe('preview against the export’s renderer', () => {
  it('draws a 9:16 frame as drawStoryFrame draws it in Node (PSNR ≥ 30 dB)', async () => {
    await page.getByRole('radio', { name: '9:16' }).click();
    // Frame 120: the second artboard with the caption over it.
    await seekTo(120);
    await poll(() => preview().getAttribute('data-complete')).toBe('true');
    const shown = await canvases()
      .first()
      .evaluate((c: HTMLCanvasElement) => ({
        width: c.width,
        height: c.height,
        data: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
      }));
    expect(shown.height / shown.width).toBeCloseTo(16 / 9, 1);

    // The same document, from the engine the page edits through.
    const url = new URL(page.url());
    const client = await RawClient.open(`ws://${url.host}/api?token=${url.searchParams.get('token')}`);
    let doc: Document;
    try {
      const current = async () => {
        const reply = await client.call(Date.now(), 'project.current');
        return (reply.result as { document: Document }).document;
      };
      await poll(async () => Object.values((await current()).timeline.clips).map((c) => c.text)).toEqual([
        'Summer sale: 20% off',
      ]);
      doc = await current();
    } finally {
      client.close();
    }

    ensureBundledFonts();
    const node = createCanvas(shown.width, shown.height);
    drawStoryFrame(node.getContext('2d') as unknown as Context2D, doc, {
      placement: { id: '9:16', width: shown.width, height: shown.height },
      frame: 120,
      pictures: createStoryPictures({ createSurface: (w, h) => createCanvas(w, h), image: () => undefined }),
    });
    const drawn = node.getContext('2d').getImageData(0, 0, shown.width, shown.height).data;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < drawn.length; i += 4) {
      for (let c = 0; c < 3; c++) {
        const d = drawn[i + c]! - shown.data[i + c]!;
        sum += d * d;
        count++;
      }
    }
    const psnr = sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / count));
    expect(psnr).toBeGreaterThanOrEqual(30);
    // And the frame is not trivially empty: the caption's text is in both.
    let light = 0;
    for (let i = 0; i < drawn.length; i += 4) if (drawn[i]! > 200 && drawn[i + 2]! > 200) light++;
    expect(light).toBeGreaterThan(20);
  });
});
