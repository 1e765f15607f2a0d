// Images on the canvas: imported through the file browser or dropped, drawn by native/compose,
// undone, saved and reopened; bad files refused with a message and nothing added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { gradientPng, pngClaiming } from '../helpers/images';
import { pixelAt as shownPixel } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';
import sharp from 'sharp';

const studio = studioOnSquare('atelier-e2e-canvas-');
const home = studio.home;
let page: Page;
beforeAll(async () => {
  mkdirSync(join(home, 'Pictures'), { recursive: true });
  writeFileSync(join(home, 'Pictures', 'sunset.png'), await gradientPng(800, 600));
  page = await studio.start();
});
afterAll(() => studio.close());

/** The colour shown at a point of the artboard, in artboard pixels. */
const pixelAt = (x: number, y: number) => shownPixel(page, x, y);

async function dropFile(name: string, bytes: Uint8Array) {
  await page.evaluate(
    ({ name, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name, { type: 'image/png' }));
      const target = document.querySelector('[data-testid=workspace]')!;
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    { name, data: Array.from(bytes) },
  );
}

const layerRows = () => page.getByRole('listbox', { name: 'Layers' }).getByRole('option');
const layerNames = () => layerRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
const row = (name: string) => page.getByRole('option', { name, exact: true });

describe('images on the canvas', () => {
  it('imports an image as a layer, fitted and centred, drawn on the artboard', async () => {
    await expect.poll(() => pixelAt(540, 540)).toEqual([255, 255, 255, 255]);
    await page.keyboard.press('Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import image' });
    await dialog.getByRole('option', { name: /Pictures/ }).click();
    await dialog.getByRole('option', { name: /sunset\.png/ }).click();
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect.poll(layerNames).toEqual(['sunset']);
    // 800×600 fits the 1080×1080 artboard at full size, centred: from (140, 240) to (940, 840).
    await expect.poll(() => pixelAt(540, 540)).not.toEqual([255, 255, 255, 255]);
    const centre = await pixelAt(540, 540);
    expect(Math.abs(centre[0]! - 128)).toBeLessThan(20); // the gradient's middle
    expect(Math.abs(centre[2]! - 128)).toBeLessThan(20);
    expect(await pixelAt(100, 540)).toEqual([255, 255, 255, 255]); // left of the image
    const left = await pixelAt(150, 540);
    const right = await pixelAt(930, 540);
    expect(left[0]).toBeLessThan(40); // dark on the left…
    expect(right[0]).toBeGreaterThan(215); // …bright on the right, as in the file
    mkdirSync(join(import.meta.dirname, '..', 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'e2e-canvas-image.png') });
  });

  it('undoes the import', async () => {
    await page.keyboard.press('Control+z');
    await expect.poll(() => pixelAt(540, 540)).toEqual([255, 255, 255, 255]);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => pixelAt(540, 540)).not.toEqual([255, 255, 255, 255]);
  });

  it('exports the artboard as PNG, and the file holds the composition shown', async () => {
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: /^Export…/ }).click();
    const options = page.getByRole('dialog', { name: 'Export' });
    await options.getByLabel('Format').selectOption('png');
    await options.getByRole('button', { name: 'Export…' }).click();
    const destination = page.getByRole('dialog', { name: 'Export artboard' });
    await destination.getByLabel('File name').fill('square');
    await destination.getByRole('button', { name: 'Export' }).click();
    const file = join(home, 'square.png');
    await page
      .getByTestId('job')
      .filter({ hasText: 'Export square.png' })
      .and(page.locator('[data-state=done]'))
      .waitFor();
    const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1080, 1080]);
    const at = (x: number, y: number) =>
      Array.from(data.subarray((y * 1080 + x) * 3, (y * 1080 + x) * 3 + 3));
    expect(at(100, 540)).toEqual([255, 255, 255]); // white artboard left of the image
    expect(at(150, 540)[0]).toBeLessThan(40); // the image's dark left edge…
    expect(at(930, 540)[0]).toBeGreaterThan(215); // …and bright right edge, where the screen shows them
    const screen = await pixelAt(540, 540);
    const exported = at(540, 540);
    for (let c = 0; c < 3; c++) expect(Math.abs(screen[c]! - exported[c]!)).toBeLessThan(6);
  });

  it('refuses a text file renamed .png and a PNG claiming 30000×30000, adding nothing', async () => {
    const before = await layerNames();
    await dropFile('notes.png', new TextEncoder().encode('not an image at all'));
    await page.getByRole('alert').filter({ hasText: 'notes.png: not an image' }).waitFor();
    await dropFile('bomb.png', pngClaiming(30000, 30000));
    await page
      .getByRole('alert')
      .filter({ hasText: 'bomb.png: 30000×30000 is 900 megapixels, over the 100-megapixel limit' })
      .waitFor();
    expect(await layerNames()).toEqual(before);
  });

  it('keeps the image in the saved file: reopened, it is drawn again', async () => {
    await dropFile('small.png', await gradientPng(100, 50));
    await expect.poll(layerNames).toEqual(['small', 'sunset']);
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Save project' });
    await dialog.getByLabel('File name').fill('images');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('project-title').textContent()).toBe('images');
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: /Close/ }).click();
    await page.getByRole('button', { name: 'images' }).click();
    await expect.poll(layerNames).toEqual(['small', 'sunset']);
    await expect.poll(() => pixelAt(930, 540).then((p) => p[0]! > 215)).toBe(true);
  });

  it('manages layers in the Layers panel: duplicate, rename, hide, reorder by drag, group, delete, nudge, undo', async () => {
    await page.getByRole('tab', { name: 'Layers' }).click();
    await row('sunset').click();
    await page.keyboard.press('Control+d');
    await expect.poll(layerNames).toEqual(['small', 'sunset copy', 'sunset']);
    await row('sunset copy').locator('.layer-name').dblclick();
    await page.getByLabel('Layer name').fill('Hero');
    await page.getByLabel('Layer name').press('Enter');
    await expect.poll(layerNames).toEqual(['small', 'Hero', 'sunset']);

    await page.getByRole('button', { name: 'Hide small' }).click();
    expect(await page.getByRole('button', { name: 'Show small' }).getAttribute('aria-pressed')).toBe('true');

    await row('sunset').dragTo(row('small'));
    await expect.poll(layerNames).toEqual(['sunset', 'small', 'Hero']);

    await row('small').click();
    await row('Hero').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+g');
    await expect.poll(layerNames).toEqual(['sunset', 'Group', 'small', 'Hero']);
    await page.keyboard.press('Delete');
    await expect.poll(layerNames).toEqual(['sunset']);
    await page.keyboard.press('Control+z');
    await expect.poll(layerNames).toEqual(['sunset', 'Group', 'small', 'Hero']);

    await row('sunset').click();
    await page.getByRole('tab', { name: 'Properties' }).click();
    const x = page.getByLabel('X', { exact: true });
    const before = Number(await x.inputValue());
    await page.getByRole('tab', { name: 'Layers' }).click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Properties' }).click();
    await expect.poll(async () => Number(await x.inputValue())).toBe(before + 11);
  });
});
