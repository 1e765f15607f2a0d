// Prompted generation as a designer does it, with a Stable Diffusion 1.5 inpainting and an
// SD-Turbo export in the models folder (small stand-ins of the real exports' layout): a prompted
// fill of a mask, a storyboard frame on an empty artboard, a frame for a shot that has no picture
// yet (it gets an artboard of its own), and the project's choice of keeping prompts in the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { historySteps as historyOf, layerNames as layerRows, panelTab } from '../helpers/panels';
import { dragOnArtboard, pixelAt } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';
import { SD_TURBO_SCHEDULER_CONFIG, writeDiffusionStandIn } from '../helpers/diffusion-standins';

const studio = studioOnSquare('atelier-e2e-diffusion-');
// The studio's default models folder: <user data>/models, beside its home (studio-page.ts).
const modelsFolder = join(studio.home, '..', 'userdata', 'models');
let page: Page;
beforeAll(async () => {
  writeDiffusionStandIn(join(modelsFolder, 'sd-inpaint'), { inpaint: true });
  writeDiffusionStandIn(join(modelsFolder, 'sd-turbo'), {
    inpaint: false,
    pad: '!',
    scheduler: SD_TURBO_SCHEDULER_CONFIG,
  });
  // One more export, outside the models folder, for the Models panel to add.
  writeDiffusionStandIn(join(studio.home, 'my-turbo'), { inpaint: false, pad: '!' });
  page = await studio.start();
});
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });
const tab = (name: string) => panelTab(page, name);
const drag = (from: [number, number], to: [number, number]) => dragOnArtboard(page, from, to);
const layerNames = () => layerRows(page);
const historySteps = () => historyOf(page);
const label = () => page.getByTestId('variant-label').textContent();
const strip = () => page.getByRole('toolbar', { name: 'Variants' });
const generatePanel = () => page.getByRole('region', { name: 'Generate' });
const field = (name: string) => generatePanel().getByLabel(name, { exact: true });
const rgb = async (x: number, y: number) => (await pixelAt(page, x, y)).slice(0, 3);

/** A non-commercial model in client work asks first: the designer says yes. */
async function useAnyway() {
  const question = page.getByRole('alertdialog', { name: 'Non-commercial model' });
  await question.getByRole('button', { name: 'Use it anyway' }).click();
}

describe('prompted generation', () => {
  it('lists both Stable Diffusion folders with their family, licence, size and provider', async () => {
    await tab('Models');
    const inpaint = page.getByRole('listitem', { name: 'sd-inpaint' });
    const turbo = page.getByRole('listitem', { name: 'sd-turbo' });
    await poll(() => inpaint.count()).toBe(1);
    expect(await inpaint.textContent()).toMatch(/Stable Diffusion 1\.5 inpainting \d+(\.\d)? (KB|MB)/);
    expect(await inpaint.textContent()).toContain('CreativeML OpenRAIL-M · commercial use');
    expect(await inpaint.getByTestId('model-provider').textContent()).toBe('Runs on CPU');
    expect(await turbo.textContent()).toContain('SD-Turbo');
    expect(await turbo.textContent()).toContain('non-commercial');

    // An export folder elsewhere is added whole: it is copied in and recognised by its UNet.
    await page.getByText('Add a model').click();
    await page.getByRole('button', { name: 'Add model folder…' }).click();
    const browser = page.getByRole('dialog', { name: 'Add model folder' });
    await browser.getByRole('option', { name: /my-turbo/ }).click();
    await poll(() => browser.getByLabel('Folder').inputValue()).toMatch(/my-turbo$/);
    await browser.getByRole('button', { name: 'Add this folder' }).click();
    const added = page.getByRole('listitem', { name: 'my-turbo' });
    await poll(() => added.count()).toBe(1);
    expect(await added.textContent()).toContain('SD-Turbo');
  });

  it('fills a mask from a prompt: variants in the strip, one accepted as a layer, the rest of the picture untouched', async () => {
    // A square over most of the artboard, and a mask over its middle.
    await page.keyboard.press('u');
    await drag([100, 100], [980, 980]);
    await page.mouse.click(5, 5);
    await page.keyboard.press('m');
    await drag([470, 470], [610, 610]);
    await poll(async () => (await historySteps()).at(-1)).toBe('Select mask area');
    const outside = await rgb(420, 540);
    const inside = await rgb(540, 540);

    await tab('Generate');
    await field('Engine').selectOption({ label: 'sd-inpaint (Stable Diffusion 1.5 inpainting)' });
    // No prompt: stopped here, with a word on what is missing.
    await generatePanel().getByRole('button', { name: 'Generate', exact: true }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: 'Type a prompt' }).count()).toBe(1);
    expect(await strip().count()).toBe(0);

    await field('Prompt').fill('red cat');
    await field('Negative prompt').fill('blurry');
    await field('Steps').fill('2');
    await field('Variants').fill('2');
    await field('Random seed').uncheck();
    await field('Seed').fill('3');
    const before = await historySteps();
    await tab('Generate');
    await generatePanel().getByRole('button', { name: 'Generate', exact: true }).click();
    await poll(label).toMatch(/^Variant 1 of 2 · seed 3/);
    // Regenerate asks again with the same prompt, even with the field emptied since: new
    // variants replace the shown ones (the strip starts again at the first), with no second refusal.
    await page.keyboard.press('ArrowRight');
    await poll(label).toMatch(/^Variant 2 of 2/);
    await field('Prompt').fill('');
    await strip().getByRole('button', { name: 'Regenerate' }).click();
    await poll(label).toMatch(/^Variant 1 of 2 · seed 3/);
    expect(await page.getByRole('alert').filter({ hasText: 'Type a prompt' }).count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    await poll(label).toMatch(/^Variant 2 of 2 · seed 4/);

    await strip().getByRole('button', { name: 'Accept', exact: true }).click();
    await poll(() => strip().count()).toBe(0);
    expect(await layerNames()).toEqual(['Fill 2', 'Rectangle']);
    expect((await historySteps()).slice(before.length)).toEqual(['Accept variant']);
    // The masked square took the model's picture; beyond the mask (and its soft edge) nothing changed.
    await poll(() => rgb(540, 540)).not.toEqual(inside);
    expect(await rgb(420, 540)).toEqual(outside);
  });

  it('makes a frame for an empty artboard with SD-Turbo: accepted, an image layer covers the artboard', async () => {
    await page.getByRole('button', { name: '+ Artboard' }).click();
    await poll(() => page.getByTestId('canvas-view').textContent()).toContain('Artboard 2 · 1080×1080');
    const before = await historySteps();
    await tab('Generate');
    await generatePanel().getByRole('button', { name: 'Frame', exact: true }).click();
    expect(await generatePanel().getByTestId('frame-target').textContent()).toContain(
      'Artboard 2 (1080×1080)',
    );
    await field('Frame model').selectOption({ label: 'sd-turbo (SD-Turbo)' });
    await field('Prompt').fill('blue dog');
    await generatePanel().getByRole('button', { name: 'Generate frame' }).click();
    // SD-Turbo's licence is not cleared for client work, and a new project is client work.
    await useAnyway();
    await poll(label).toMatch(/^Variant 1 of 2 · seed \d+/);
    await page.keyboard.press('Enter');
    await poll(() => strip().count()).toBe(0);
    expect(await layerNames()).toEqual(['Frame 1']);
    expect((await historySteps()).slice(before.length)).toEqual(['Accept variant']);
    await tab('Properties');
    const layer = page.getByRole('region', { name: 'Layer properties' });
    expect(await layer.getByLabel('X', { exact: true }).inputValue()).toBe('0');
    expect(await layer.getByLabel('Y', { exact: true }).inputValue()).toBe('0');
    expect(await layer.getByLabel('W', { exact: true }).inputValue()).toBe('1080');
    expect(await layer.getByLabel('H', { exact: true }).inputValue()).toBe('1080');
  });

  it('generates a frame for a shot with no picture: a new artboard is made for it and the shot shows it', async () => {
    await page.getByRole('tab', { name: 'Storyboard' }).click();
    await page.getByRole('button', { name: 'Add shot' }).click();
    const shot = page.getByRole('listitem', { name: 'Shot 1' });
    await shot.getByLabel('Picture').selectOption('none');
    await shot.getByRole('button', { name: 'Generate frame for Shot 1' }).click();

    const dialog = page.getByRole('dialog', { name: 'Generate frame' });
    expect(await dialog.getByTestId('frame-destination').textContent()).toContain(
      'A new Story / Reel artboard (1080×1920) named “Shot 1”',
    );
    await dialog.getByLabel('Prompt', { exact: true }).fill('red dog');
    await dialog.getByLabel('Keep consistent').check();
    await dialog.getByLabel('Reference prompt').fill('blue');
    await dialog.getByLabel('Consistent seed').fill('42');
    await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
    await useAnyway();

    // The Canvas shows the new artboard, where the variants wait; the first is the consistent one.
    await poll(label).toMatch(/^Variant 1 of 2 · seed 42/);
    expect(await page.getByTestId('canvas-view').textContent()).toContain('Shot 1 · 1080×1920');
    await page.keyboard.press('Enter');
    await poll(layerNames).toEqual(['Frame 1']);

    await page.getByRole('tab', { name: 'Storyboard' }).click();
    const picture = shot.getByLabel('Picture');
    expect(await picture.locator('option:checked').textContent()).toBe('Shot 1');
    // "Keep consistent" stays on for the project's next frame.
    await shot.getByRole('button', { name: 'Generate frame for Shot 1' }).click();
    expect(await dialog.getByTestId('frame-destination').textContent()).toContain(
      'Into the artboard “Shot 1”',
    );
    expect(await dialog.getByLabel('Keep consistent').isChecked()).toBe(true);
    expect(await dialog.getByLabel('Consistent seed').inputValue()).toBe('42');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('tab', { name: 'Canvas' }).click();
  });

  it('keeps prompts in the edit log only when the project says so', async () => {
    await page.keyboard.press('Control+Shift+A');
    await tab('Properties');
    const keep = page.getByLabel('Keep prompts in the edit log');
    expect(await keep.isChecked()).toBe(false);
    await keep.check();
    await poll(async () => (await historySteps()).at(-1)).toBe('Change prompt logging');
    await tab('Properties');
    expect(await keep.isChecked()).toBe(true);
    await page.keyboard.press('Control+z');
    await tab('Properties');
    await poll(() => keep.isChecked()).toBe(false);
  });
});
