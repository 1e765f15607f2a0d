// The canvas editor driven with the mouse and keyboard as a designer would: draw a shape and
// add text, move (with snapping and Shift), resize and rotate with the Transformer's handles,
// paint and select a mask, zoom and pan, undo and redo, export, save and reopen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { historySteps as historyOf, layerNames as layerRows, panelTab } from '../helpers/panels';
import { dragOnArtboard, dragOnPage, pixelAt, stageView, toPage } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';

const studio = studioOnSquare('atelier-e2e-tools-');
const home = studio.home;
let page: Page;
beforeAll(async () => {
  page = await studio.start();
});
afterAll(() => studio.close());

const drag = (from: [number, number], to: [number, number], keys: string[] = []) =>
  dragOnArtboard(page, from, to, keys);
const dragPage = (a: { x: number; y: number }, b: { x: number; y: number }, keys: string[] = []) =>
  dragOnPage(page, a, b, keys);
async function click(x: number, y: number) {
  const p = await toPage(page, x, y);
  await page.mouse.click(p.x, p.y);
}

const tab = (name: string) => panelTab(page, name);
const layerNames = () => layerRows(page);
const historySteps = () => historyOf(page);
const field = async (label: string) => (
  await tab('Properties'),
  Number(await page.getByRole('textbox', { name: label, exact: true }).inputValue())
);
const box = async () => ({
  x: await field('X'),
  y: await field('Y'),
  w: await field('W'),
  h: await field('H'),
  r: await field('Rotation'),
});
/** Mask steps encode, store and decode a PNG: on a busy machine that can take a few seconds. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });
const near = (a: number, b: number, within: number) => Math.abs(a - b) <= within;
const normalise = (deg: number) => Math.round((((deg % 360) + 540) % 360) - 180);
const BLUE = [0x4f, 0x8c, 0xff];
const isBlue = (px: number[]) => px.slice(0, 3).every((v, i) => near(v, BLUE[i]!, 3));

describe('the canvas editor', () => {
  it('draws a rectangle with the shape tool (U) and adds text with the text tool (T)', async () => {
    await page.keyboard.press('u');
    await drag([100, 100], [400, 300]);
    expect(await layerNames()).toContain('Rectangle');
    const rect = await box();
    // One screen pixel is more than one artboard pixel when the artboard is fitted.
    const tolerance = 2 / (await stageView(page)).zoom;
    expect(near(rect.x, 100, tolerance) && near(rect.y, 100, tolerance)).toBe(true);
    expect(near(rect.w, 300, tolerance) && near(rect.h, 200, tolerance)).toBe(true);
    await poll(async () => isBlue(await pixelAt(page, 250, 200))).toBe(true);
    expect(await pixelAt(page, 600, 200)).toEqual([255, 255, 255, 255]);
    // The tool hands back to Move, as in Figma.
    expect(await page.getByRole('button', { name: 'Move (V)' }).getAttribute('aria-pressed')).toBe('true');

    await page.keyboard.press('t');
    await click(100, 700);
    expect(await layerNames()).toContain('Text');
    await tab('Properties');
    const text = page.getByRole('textbox', { name: 'Text', exact: true });
    await text.fill('SALE');
    await text.press('Control+Enter');
    await page.getByRole('combobox', { name: 'Font' }).selectOption('Oswald');
    await page.getByRole('textbox', { name: 'Size', exact: true }).fill('100');
    await page.getByRole('textbox', { name: 'Size', exact: true }).press('Enter');
    // Dark glyph pixels appear inside the text box.
    await poll(async () => {
      let dark = 0;
      for (let x = 100; x < 360; x += 6) if ((await pixelAt(page, x, 760))[0]! < 100) dark++;
      return dark;
    }).toBeGreaterThan(3);
  });

  it('selects by clicking and moves with the mouse; edges snap to the artboard centre; Shift keeps one axis', async () => {
    await click(900, 900); // empty: nothing selected, and the keyboard is the canvas's again
    await page.keyboard.press('v');
    await click(250, 200);
    await tab('Properties');
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('Rectangle');
    const before = await box();
    // Far from every guide, so nothing snaps.
    await drag([250, 200], [410, 260]);
    const moved = await box();
    const tolerance = 2 / (await stageView(page)).zoom;
    expect(
      near(moved.x - before.x, 160, tolerance) && near(moved.y - before.y, 60, tolerance),
      JSON.stringify({ before, moved }),
    ).toBe(true);

    // Centre to within a few pixels of the artboard's centre line: it lands on it exactly.
    // (Pressed in the middle: the corners are the Transformer's handles.)
    const centre = moved.x + moved.w / 2;
    const middle = moved.y + moved.h / 2;
    await drag([centre, middle], [540 + 2, middle]);
    expect((await box()).x).toBe(540 - moved.w / 2);

    // Shift: a mostly sideways drag stays on its row.
    const row = await box();
    const [mx, my] = [row.x + row.w / 2, row.y + row.h / 2];
    await drag([mx, my], [mx - 80, my + 25], ['Shift']);
    const locked = await box();
    expect(locked.y).toBe(row.y);
    expect(locked.x).toBeLessThan(row.x - 50);
    expect((await historySteps()).filter((s) => s === 'Move layer')).toHaveLength(3);
  });

  it('resizes from a corner handle (Shift keeps the proportions) and rotates with the rotation handle', async () => {
    const start = await box();
    const corner = await toPage(page, start.x + start.w, start.y + start.h);
    await dragPage(corner, { x: corner.x + 60, y: corner.y + 20 }, ['Shift']);
    const resized = await box();
    expect(resized.w).toBeGreaterThan(start.w + 20);
    expect(resized.w / resized.h).toBeCloseTo(start.w / start.h, 1);
    expect(
      near(resized.x, start.x, 0.5) && near(resized.y, start.y, 0.5),
      JSON.stringify({ start, resized }),
    ).toBe(true);
    expect((await historySteps()).at(-1)).toBe('Resize layer');

    // The rotation handle sits above the top edge; dragging it round to the right turns the layer.
    const cx = resized.x + resized.w / 2;
    const cy = resized.y + resized.h / 2;
    const centre = await toPage(page, cx, cy);
    const top = await toPage(page, cx, resized.y);
    const handle = { x: top.x, y: top.y - 50 };
    const radius = centre.y - handle.y;
    await dragPage(handle, { x: centre.x + radius, y: centre.y + 3 }, ['Shift']);
    const turned = await box();
    expect(turned.r).toBe(90); // Shift: 15° steps
    expect((await historySteps()).at(-1)).toBe('Rotate layer');
    // Turning about the centre keeps the centre.
    expect(
      near(turned.x + turned.w / 2, cx, 0.5) && near(turned.y + turned.h / 2, cy, 0.5),
      JSON.stringify({ resized, turned }),
    ).toBe(true);

    await page.keyboard.press('Control+z');
    expect((await box()).r).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    expect((await box()).r).toBe(90);

    // Both layers at once: each turns by the same quarter turn (no compounding as it goes).
    const rect = async () => {
      await tab('Layers');
      await page.getByRole('option', { name: 'Rectangle', exact: true }).click();
      return box();
    };
    const text = async () => {
      await tab('Layers');
      await page.getByRole('option', { name: 'Text', exact: true }).click();
      return box();
    };
    const [r0, t0] = [await rect(), await text()];
    await tab('Layers');
    await page.getByRole('option', { name: 'Rectangle', exact: true }).click();
    await page.getByRole('option', { name: 'Text', exact: true }).click({ modifiers: ['Shift'] });
    // The rotation handle of the two-layer box: above the middle of its top edge.
    const corners = [r0, t0].flatMap((b) => {
      const [cx, cy, a] = [b.x + b.w / 2, b.y + b.h / 2, (b.r * Math.PI) / 180];
      return [
        [-1, -1],
        [1, -1],
        [1, 1],
        [-1, 1],
      ].map(([sx, sy]) => {
        const [dx, dy] = [(sx! * b.w) / 2, (sy! * b.h) / 2];
        return { x: cx + dx * Math.cos(a) - dy * Math.sin(a), y: cy + dx * Math.sin(a) + dy * Math.cos(a) };
      });
    });
    const bounds = {
      left: Math.min(...corners.map((c) => c.x)),
      right: Math.max(...corners.map((c) => c.x)),
      top: Math.min(...corners.map((c) => c.y)),
      bottom: Math.max(...corners.map((c) => c.y)),
    };
    const steps = (await historySteps()).length;
    const mid = await toPage(page, (bounds.left + bounds.right) / 2, (bounds.top + bounds.bottom) / 2);
    const topEdge = await toPage(page, (bounds.left + bounds.right) / 2, bounds.top);
    const grip = { x: topEdge.x, y: topEdge.y - 50 };
    await dragPage(grip, { x: mid.x + (mid.y - grip.y), y: mid.y + 2 }, ['Shift']);
    expect((await historySteps()).at(-1)).toBe('Rotate layer');
    expect((await historySteps()).length).toBe(steps + 1);
    const [r1, t1] = [await rect(), await text()];
    expect(normalise(r1.r - r0.r)).toBe(90);
    expect(normalise(t1.r - t0.r)).toBe(90);
  });

  it('zooms to 100% (Ctrl+1), fits (Ctrl+0), zooms with Ctrl+wheel at the pointer and pans with Space-drag', async () => {
    const fitted = await stageView(page);
    await page.keyboard.press('Control+1');
    expect((await stageView(page)).zoom).toBe(1);
    expect(await page.getByTestId('zoom-level').textContent()).toContain('100%');
    await page.keyboard.press('Control+0');
    expect((await stageView(page)).zoom).toBeCloseTo(fitted.zoom, 6);

    // The artboard point under the pointer stays under it.
    const anchor = await toPage(page, 540, 540);
    await page.mouse.move(anchor.x, anchor.y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await poll(async () => (await stageView(page)).zoom).toBeGreaterThan(fitted.zoom);
    const after = await toPage(page, 540, 540);
    expect(near(after.x, anchor.x, 1) && near(after.y, anchor.y, 1)).toBe(true);

    const before = await stageView(page);
    await page.keyboard.down('Space');
    await dragPage({ x: 300, y: 300 }, { x: 380, y: 340 });
    await page.keyboard.up('Space');
    const panned = await stageView(page);
    expect(near(panned.left - before.left, 80, 1) && near(panned.top - before.top, 40, 1)).toBe(true);
    const state = () => page.getByTestId('stage').getAttribute('data-tool-state');
    expect(await state()).toBe('move.idle');
    // The middle button pans with any tool, and the tool is back when it is released.
    await page.mouse.move(300, 300);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(340, 320, { steps: 4 });
    await page.mouse.up({ button: 'middle' });
    expect(near((await stageView(page)).left - panned.left, 40, 1)).toBe(true);
    expect(await state()).toBe('move.idle');
    await page.keyboard.press('Control+0');
  });

  it('paints the mask with the brush (B), erases (E), selects a rectangle (M) and inverts; each step undoable', async () => {
    const clear = await pixelAt(page, 800, 500);
    await page.keyboard.press('b');
    const size = async () => Number((await page.getByTestId('brush-size').textContent())!.replace(/\D/g, ''));
    const before = await size();
    for (let i = 0; i < 3; i++) await page.keyboard.press(']');
    expect(await size()).toBeGreaterThan(before);
    await page.keyboard.press('Shift+BracketLeft');
    expect(await page.getByLabel('Brush hardness').inputValue()).toBe('55');
    await drag([700, 500], [950, 500]);
    // The mask shows as a red tint over the white artboard.
    await poll(async () => (await pixelAt(page, 800, 500))[1]).toBeLessThan(200);
    const tinted = await pixelAt(page, 800, 500);
    expect(tinted[0]).toBeGreaterThan(tinted[1]! + 60);
    await poll(historySteps).toContain('Paint mask');

    await page.keyboard.press('e');
    await drag([800, 450], [800, 550]);
    await poll(() => pixelAt(page, 800, 500)).toEqual(clear);
    await poll(async () => (await historySteps()).at(-1)).toBe('Erase mask');

    await page.keyboard.press('Control+z');
    await poll(async () => (await pixelAt(page, 800, 500))[1]).toBeLessThan(200);

    await page.keyboard.press('m');
    await drag([100, 900], [300, 1000]);
    await poll(async () => (await historySteps()).at(-1)).toBe('Select mask area');
    expect((await pixelAt(page, 200, 950))[1]).toBeLessThan(200);
    // Replace: the brush stroke is gone.
    expect(await pixelAt(page, 800, 500)).toEqual(clear);

    await page.keyboard.press('Control+Shift+i');
    await poll(async () => (await pixelAt(page, 200, 950))[1]).toBe(255);
    expect((await pixelAt(page, 800, 500))[1]).toBeLessThan(200);
    await page.keyboard.press('Control+z');
    await poll(async () => (await pixelAt(page, 800, 500))[1]).toBe(255);
  });

  it('exports what is on screen and reopens the same from the saved file', async () => {
    await page.keyboard.press('v');
    await tab('Layers');
    await page.getByRole('option', { name: 'Rectangle', exact: true }).click();
    const out = join(home, 'ad.png');
    await page.keyboard.press('Control+Shift+e');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('button', { name: 'Export…' }).click();
    const destination = page.getByRole('dialog', { name: 'Export artboard' });
    await destination.getByLabel('File name').fill('ad');
    await destination.getByRole('button', { name: 'Export' }).click();
    await page
      .getByTestId('job')
      .filter({ hasText: 'Export ad.png' })
      .and(page.locator('[data-state=done]'))
      .waitFor();
    const { data, info } = await sharp(readFileSync(out)).raw().toBuffer({ resolveWithObject: true });
    const r = await box();
    const at = (x: number, y: number) =>
      Array.from(
        data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3),
      );
    const cx = Math.round(r.x + r.w / 2);
    const cy = Math.round(r.y + r.h / 2);
    expect(isBlue(at(cx, cy))).toBe(true);
    expect(at(1070, 10)).toEqual([255, 255, 255]);
    // The mask is for generation, never part of the picture.
    const screen = await pixelAt(page, cx, cy);
    expect(isBlue(screen)).toBe(true);

    await page.keyboard.press('Control+s');
    const save = page.getByRole('dialog', { name: 'Save project' });
    await save.getByLabel('File name').fill('tools');
    await save.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByTestId('project-title').textContent()).toBe('tools');
    const names = await layerNames();
    await page.keyboard.press('Control+w');
    await page.getByRole('button', { name: 'tools' }).click();
    await poll(layerNames).toEqual(names);
    await poll(async () => isBlue(await pixelAt(page, cx, cy))).toBe(true);
  });

  it('lassoes an area into the mask, expands and clears it; Ctrl+A selects every layer; a story artboard shows its safe zones', async () => {
    const tinted = async (x: number, y: number) => {
      const [r, g] = await pixelAt(page, x, y);
      return r! - g! > 60;
    };
    await page.keyboard.press('Control+0');
    await page.keyboard.press('l');
    const corners = [
      await toPage(page, 600, 300),
      await toPage(page, 900, 300),
      await toPage(page, 750, 550),
    ];
    await page.mouse.move(corners[0]!.x, corners[0]!.y);
    await page.mouse.down();
    for (const c of [...corners.slice(1), corners[0]!]) await page.mouse.move(c.x, c.y, { steps: 6 });
    await page.mouse.up();
    await poll(() => tinted(750, 380)).toBe(true);
    expect(await tinted(620, 520)).toBe(false); // outside the triangle, beside its point
    expect(await tinted(750, 285)).toBe(false);

    await page.getByLabel('Mask amount in pixels').fill('40');
    await page.getByRole('button', { name: 'Expand', exact: true }).click();
    await poll(() => tinted(750, 285)).toBe(true);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await poll(() => tinted(750, 380)).toBe(false);
    expect(await historySteps()).toEqual(expect.arrayContaining(['Select mask area', 'Change mask']));

    await page.keyboard.press('v');
    await page.keyboard.press('Control+a');
    await tab('Layers');
    const selected = await page
      .getByRole('listbox', { name: 'Layers' })
      .getByRole('option', { selected: true })
      .count();
    expect(selected).toBe((await layerNames()).length);
    await page.keyboard.press('Control+Shift+a');

    await page.getByRole('button', { name: '+ Artboard' }).click();
    await tab('Properties');
    await page.getByRole('textbox', { name: 'Height', exact: true }).fill('1920');
    await page.getByRole('textbox', { name: 'Height', exact: true }).press('Enter');
    await poll(async () => (await pixelAt(page, 540, 100)).slice(0, 3)).toEqual([255, 255, 255]);
    await page.getByLabel('Safe zones').check();
    // The top 14% and bottom 20% are shaded; the middle is not.
    await poll(async () => (await pixelAt(page, 540, 100))[1]).toBeLessThan(240);
    expect((await pixelAt(page, 540, 1800))[1]).toBeLessThan(240);
    expect((await pixelAt(page, 540, 960)).slice(0, 3)).toEqual([255, 255, 255]);
    await page.getByLabel('Safe zones').uncheck();
    await poll(async () => (await pixelAt(page, 540, 100)).slice(0, 3)).toEqual([255, 255, 255]);
  });
});
