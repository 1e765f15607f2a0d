// Generative fill as a designer does it: paint a mask, generate three variants with the
// built-in engine, step through them, compare, accept one (a new layer over the source), undo;
// the edit log records what was shown, accepted and rejected, and how long the choice took.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readEvents } from '../../native/feedback/log';
import { Sqlite } from '../../native/project/sqlite';
import { historySteps as historyOf, layerNames as layerRows, panelTab } from '../helpers/panels';
import { dragOnArtboard, pixelAt } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';
import { miganStandIn, writeModel } from '../helpers/onnx-standins';

const studio = studioOnSquare('atelier-e2e-fill-');
const home = studio.home;
let page: Page;
beforeAll(async () => {
  writeModel(home, 'migan_pipeline_v2.onnx', miganStandIn());
  page = await studio.start();
});
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const tab = (name: string) => panelTab(page, name);
const drag = (from: [number, number], to: [number, number]) => dragOnArtboard(page, from, to);
const layerNames = () => layerRows(page);
const historySteps = () => historyOf(page);
const label = () => page.getByTestId('variant-label').textContent();
const blueish = (p: number[]) => p[2]! > 200 && p[0]! < 120;

describe('generative fill', () => {
  it('fills a painted mask with three variants; one accepted becomes a layer above the source; undo removes it', async () => {
    // A blue square with a white hole painted over it by a second, white rectangle.
    await page.keyboard.press('u');
    await drag([100, 100], [980, 980]);
    await page.keyboard.press('u');
    await drag([480, 480], [600, 600]);
    await tab('Properties');
    await page.getByLabel('Fill', { exact: true }).fill('#ffffff');
    await poll(async () => (await pixelAt(page, 540, 540)).slice(0, 3)).toEqual([255, 255, 255]);

    // The mask: a rectangle selection over the white patch.
    await page.mouse.click(5, 5);
    await page.keyboard.press('m');
    await drag([470, 470], [610, 610]);
    await poll(async () => (await historySteps()).at(-1)).toBe('Select mask area');

    await tab('Generate');
    await poll(() => page.getByTestId('mask-status').textContent()).toMatch(/Mask: 1\.\d% of the artboard/);
    // Telea has no randomness (one result however many are asked for): PatchMatch for three.
    await page.getByLabel('Engine').selectOption('patchmatch');
    await page.getByLabel('Variants').fill('3');
    await page.getByLabel('Random seed').uncheck();
    await page.getByLabel('Seed', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(label).toBe('Variant 1 of 3 · seed 7 · patchmatch');

    // The white patch is filled from the blue around it, on screen, without touching the source.
    await poll(async () => blueish(await pixelAt(page, 540, 540))).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await label()).toBe('Variant 2 of 3 · seed 8 · patchmatch');
    // Holding \ shows the picture without the fill.
    await page.keyboard.down('\\');
    await poll(async () => blueish(await pixelAt(page, 540, 540))).toBe(false);
    await page.keyboard.up('\\');
    await poll(async () => blueish(await pixelAt(page, 540, 540))).toBe(true);

    await page.keyboard.press('Enter');
    await poll(() => page.getByRole('toolbar', { name: 'Variants' }).count()).toBe(0);
    expect(await layerNames()).toEqual(['Fill 2', 'Rectangle', 'Rectangle']);
    expect((await historySteps()).at(-1)).toBe('Accept variant');
    await poll(async () => blueish(await pixelAt(page, 540, 540))).toBe(true);

    // Accepting used up the mask; undo takes the layer away and brings the mask back.
    await page.keyboard.press('Control+z');
    await poll(layerNames).toEqual(['Rectangle', 'Rectangle']);
    await poll(async () => (await pixelAt(page, 540, 540))[1]).toBeLessThan(200);
  });

  it('discards and regenerates; the log holds what was shown, accepted and rejected with the time to decide', async () => {
    await tab('Generate');
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(label).toMatch(/^Variant 1 of 3/);
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await poll(label).toMatch(/^Variant 1 of 2/);
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await poll(label).toMatch(/^Variant 1 of 3 · seed 7/);
    await page.getByRole('button', { name: 'Discard all' }).click();
    await poll(() => page.getByRole('toolbar', { name: 'Variants' }).count()).toBe(0);

    await page.keyboard.press('Control+s');
    const save = page.getByRole('dialog', { name: 'Save project' });
    await save.getByLabel('File name').fill('fill');
    await save.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByTestId('project-title').textContent()).toBe('fill');
    const db = new Sqlite(join(home, 'fill.atelier'), { readonly: true });
    const events = readEvents(db).filter((e) => /^(generation|variant)\./.test(e.type));
    db.close();
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'generation.requested')).toHaveLength(2);
    expect(types.filter((t) => t === 'generation.regenerated')).toHaveLength(1);
    expect(types.filter((t) => t === 'generation.finished')).toHaveLength(3);
    const accepted = events.filter((e) => e.type === 'variant.accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.args).toMatchObject({ index: 1, seed: 8 });
    expect(accepted[0]!.durationMs).toBeGreaterThan(0);
    // Rejected: the two not accepted, one discarded, two dropped by Regenerate, three by Discard all.
    expect(events.filter((e) => e.type === 'variant.rejected')).toHaveLength(2 + 1 + 2 + 3);
    expect(events.filter((e) => e.type === 'variant.shown').length).toBeGreaterThanOrEqual(4);
  });

  it('logs variants still waiting when the project closes as abandoned, in that project', async () => {
    await tab('Generate');
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(label).toMatch(/^Variant 1 of 3/);
    await page.keyboard.press('Control+w');
    await page.getByRole('button', { name: /New Square post/ }).waitFor();
    const db = new Sqlite(join(home, 'fill.atelier'), { readonly: true });
    const abandoned = readEvents(db).filter(
      (e) => e.type === 'variant.rejected' && e.args.reason === 'abandoned',
    );
    db.close();
    expect(abandoned).toHaveLength(3);
  });

  it('adds a learned model in the Models panel and fills with it, asking first when its licence is non-commercial', async () => {
    // The studio is back on the welcome screen: a new post, a grey square, a mask over its middle.
    await page.getByRole('button', { name: 'New Square post 1080×1080' }).click();
    await page.locator('[data-testid=stage] canvas').first().waitFor();
    await page.keyboard.press('u');
    await drag([100, 100], [980, 980]);
    await page.mouse.click(5, 5);
    await page.keyboard.press('m');
    await drag([470, 470], [610, 610]);
    await poll(async () => (await historySteps()).at(-1)).toBe('Select mask area');

    await tab('Models');
    expect(await page.getByTestId('models-folder').textContent()).toMatch(/models \(default\)$/);
    await page.getByText('Add a model').click();
    await page.getByLabel('Licence', { exact: true }).fill('CC-BY-NC-4.0');
    await page.getByLabel('Commercial use allowed').uncheck();
    await page.getByRole('button', { name: 'Add model file…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add model' });
    await dialog.getByRole('option', { name: /migan_pipeline_v2\.onnx/ }).click();
    await dialog.getByRole('button', { name: 'Add' }).click();
    const model = page.getByRole('listitem', { name: 'migan_pipeline_v2' });
    await poll(() => model.count()).toBe(1);
    expect(await model.textContent()).toContain('CC-BY-NC-4.0 · non-commercial');
    expect(await model.getByTestId('model-provider').textContent()).toBe('Runs on CPU');

    await tab('Generate');
    await page.getByLabel('Engine').selectOption({ label: 'migan_pipeline_v2 (MI-GAN)' });
    expect(await page.getByLabel('Variants').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Generate' }).click();
    // A new project is client work by default: the licence is shown before the model runs.
    const question = page.getByRole('alertdialog', { name: 'Non-commercial model' });
    expect(await question.textContent()).toMatch(
      /licensed CC-BY-NC-4\.0, which does not allow commercial use/,
    );
    await question.getByRole('button', { name: 'Use it anyway' }).click();
    await poll(label).toMatch(/^Variant 1 of 1 · seed \d+ · migan$/);
    // The stand-in model paints its hole mid-grey (200): that is what shows over the mask.
    await poll(async () => (await pixelAt(page, 540, 540)).slice(0, 3)).toEqual([200, 200, 200]);
    await page.keyboard.press('Enter');
    await poll(layerNames).toEqual(['Fill 1', 'Rectangle']);
    await tab('Models');
    await poll(() => model.getByTestId('model-provider').textContent()).toBe('Ran on CPU');

    // Marked as not client work, the same model runs without asking.
    await page.keyboard.press('Control+Shift+A');
    await tab('Properties');
    await page.getByLabel('Client work (commercial use)').uncheck();
    await page.keyboard.press('m');
    await drag([200, 200], [300, 300]);
    await tab('Generate');
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(label).toMatch(/^Variant 1 of 1/);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });

  it('extends the square to a story and fills the new bands above and below, the square’s picture whole in the middle', async () => {
    await page.getByRole('button', { name: 'Discard all' }).click();
    const before = await historySteps();
    await tab('Generate');
    await page.getByLabel('Extend to').selectOption({ label: 'Story / Reel · 9:16 · 1080×1920' });
    await page.getByRole('button', { name: 'Extend and fill' }).click();
    // The chosen engine (the stand-in model, grey 200) fills the 420-pixel bands.
    await poll(label).toMatch(/^Variant 1 of 1 · seed \d+ · migan$/);
    expect(await page.getByTestId('canvas-view').textContent()).toContain('Square post — 9:16 · 1080×1920');
    await poll(async () => (await pixelAt(page, 540, 100)).slice(0, 3)).toEqual([200, 200, 200]);
    expect((await pixelAt(page, 540, 1800)).slice(0, 3)).toEqual([200, 200, 200]);
    // The square's own picture, moved down by 420: its white corner is still white.
    expect((await pixelAt(page, 50, 440)).slice(0, 3)).toEqual([255, 255, 255]);
    await page.keyboard.press('Enter');
    await poll(layerNames).toEqual(['Fill 1', 'Fill 1', 'Rectangle']);
    expect((await historySteps()).slice(before.length)).toEqual([
      'Extend artboard',
      'Change mask',
      'Accept variant',
    ]);
  });
});
