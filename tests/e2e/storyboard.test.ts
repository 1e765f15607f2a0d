// The Storyboard as a designer uses it: two artboards become two shot cards with their
// pictures drawn; a length, a transition and a camera move are set on a card; the cards are
// reordered by dragging (one undo step, which Ctrl+Z takes back) and with Alt+→; a shot is
// added from the artboard last shown on the Canvas, and shots are deleted with the Delete key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { historySteps } from '../helpers/panels';
import { dragOnPage } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';
import { centre, inkedPixels } from '../helpers/timeline-page';

const studio = studioOnSquare('atelier-e2e-storyboard-');
let page: Page;
beforeAll(async () => (page = await studio.start()));
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const list = () => page.getByRole('list', { name: 'Shots' });
const card = (name: string) => list().getByRole('listitem', { name, exact: true });
/** The cards' names, in the order they are shown. */
const order = () =>
  list()
    .getByRole('listitem')
    .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
/** The name of the picture a card shows, as its picker says. */
const picture = (shot: Locator) =>
  shot
    .getByLabel('Picture', { exact: true })
    .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent);
const totalFrames = () => page.getByTestId('storyboard-total').getAttribute('data-total-frames').then(Number);
const lastStep = async () => (await historySteps(page)).at(-1);

describe('storyboard', () => {
  it('adds a shot for each artboard, each card showing its artboard drawn small', async () => {
    await page.getByRole('button', { name: '+ Artboard' }).click();
    await page.keyboard.press('Alt+2');
    await page.getByText('No shots yet').waitFor();

    await page.getByRole('button', { name: 'Add all artboards' }).click();
    await poll(order).toEqual(['Shot 1', 'Shot 2']);
    expect(await picture(card('Shot 1'))).toBe('Square post');
    expect(await picture(card('Shot 2'))).toBe('Artboard 2');
    expect(await lastStep()).toBe('Add shots');

    // Each thumbnail is the white square artboard, drawn into the card's canvas.
    for (const name of ['Shot 1', 'Shot 2']) {
      const thumb = card(name).getByTestId('shot-thumbnail');
      await poll(() => thumb.getAttribute('data-drawn')).toBe('true');
      const size = await thumb.evaluate((c: HTMLCanvasElement) => c.width * c.height);
      expect(size).toBeGreaterThan(1000);
      expect(await inkedPixels(thumb)).toBe(size);
    }
    // Three seconds each at the project's 30 fps.
    expect(await totalFrames()).toBe(180);
  });

  it('changes a shot’s length, transition and camera move on its card', async () => {
    const shot = card('Shot 1');
    const duration = shot.getByLabel('Duration (s)');
    await duration.fill('2.5');
    await duration.press('Enter');
    await poll(() => shot.getAttribute('data-duration-frames')).toBe('75');
    expect(await totalFrames()).toBe(165);
    expect(await page.getByTestId('storyboard-total').textContent()).toContain('5.5 s');
    expect(await lastStep()).toBe('Change shot');

    const second = card('Shot 2');
    expect(await second.getByLabel('Transition length').count()).toBe(0);
    await second.getByLabel('Transition').selectOption('crossfade');
    await poll(() => second.getByLabel('Transition length').inputValue()).toBe('0.5');
    await second.getByLabel('Camera move').selectOption({ label: 'Push in' });
    await second.getByLabel('Easing').selectOption('linear');
    await poll(() => second.getByLabel('Camera move').inputValue()).toBe('push-in');
    expect(await second.getByLabel('Easing').inputValue()).toBe('linear');

    const caption = second.getByLabel('Caption');
    await caption.fill('Summer is here');
    await caption.blur();
    await poll(() => caption.inputValue()).toBe('Summer is here');
  });

  it('reorders two shots by dragging a card, as one undo step that Ctrl+Z takes back', async () => {
    const from = await centre(card('Shot 1').getByTestId('shot-thumbnail'));
    const target = (await card('Shot 2').getByTestId('shot-thumbnail').boundingBox())!;
    await dragOnPage(page, from, { x: target.x + target.width * 0.9, y: target.y + target.height / 2 });
    await poll(order).toEqual(['Shot 2', 'Shot 1']);
    expect(await lastStep()).toBe('Move shot');

    await page.keyboard.press('Control+z');
    await poll(order).toEqual(['Shot 1', 'Shot 2']);
  });

  it('moves a selected card with Alt+→ and back with Alt+←', async () => {
    await card('Shot 1').getByTestId('shot-thumbnail').click();
    await page.keyboard.press('Alt+ArrowRight');
    await poll(order).toEqual(['Shot 2', 'Shot 1']);
    expect(await card('Shot 1').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Alt+ArrowLeft');
    await poll(order).toEqual(['Shot 1', 'Shot 2']);
    expect(await lastStep()).toBe('Reorder shots');
  });

  it('adds a shot of the artboard last shown on the Canvas after the selected one; Delete removes shots', async () => {
    await card('Shot 1').getByTestId('shot-thumbnail').click();
    await page.getByRole('button', { name: 'Add shot', exact: true }).click();
    await poll(order).toEqual(['Shot 1', 'Shot 3', 'Shot 2']);
    expect(await picture(card('Shot 3'))).toBe('Artboard 2');

    // The new card has the focus: Delete removes it, and the card after it takes the focus.
    await poll(() => card('Shot 3').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Delete');
    await poll(order).toEqual(['Shot 1', 'Shot 2']);

    await card('Shot 1').getByTestId('shot-thumbnail').click();
    await page.keyboard.press('Delete');
    await poll(order).toEqual(['Shot 2']);
    expect(await lastStep()).toBe('Delete shot');
    expect(await totalFrames()).toBe(90);
    // The artboards are still there.
    await page.keyboard.press('Alt+1');
    expect(await page.getByRole('tablist', { name: 'Artboards' }).getByRole('tab').allTextContents()).toEqual(
      ['Square post', 'Artboard 2'],
    );
  });
});
