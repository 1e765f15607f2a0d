// Research mode as a participant meets it: the researcher loads a study file and starts a
// participant; they agree, work on the task in the studio under their condition (the variants
// it fixes), pause and resume the recording, finish, answer the questionnaire. A second
// participant declines: nothing of theirs is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readEvents } from '../../native/feedback/log';
import { Sqlite } from '../../native/project/sqlite';
import { historySteps, layerNames, panelTab } from '../helpers/panels';
import { dragOnArtboard } from '../helpers/stage';
import { studioOnSquare } from '../helpers/studio-page';

const studio = studioOnSquare('atelier-e2e-study-');
let page: Page;

const study = {
  id: 'variants-study',
  title: 'Two or three variants',
  consent: { text: 'We record what you do in the studio, never your images or your words.' },
  conditions: [
    { id: 'two', label: 'Two variants', settings: { fillEngine: 'patchmatch', variants: 2 } },
    {
      id: 'three',
      label: 'Three variants',
      settings: { fillEngine: 'patchmatch', variants: 3, results: 'staging' },
    },
    { id: 'inline', label: 'Inline', settings: { fillEngine: 'patchmatch', variants: 2, results: 'inline' } },
  ],
  assignment: {
    kind: 'fixed',
    participants: { 'P-ALPHA': 'three', 'P-BRAVO': 'two', 'P-CHARLIE': 'inline' },
  },
  tasks: [
    {
      id: 'banner',
      title: 'Clean the banner',
      instructions: 'Paint over the square and fill it.',
      project: { placement: { id: 'square', name: 'Square', width: 400, height: 400 } },
    },
  ],
  questionnaire: [
    {
      id: 'ease',
      kind: 'likert',
      prompt: 'It was easy to get a good result.',
      scale: 5,
      labels: ['Disagree', 'Agree'],
    },
    { id: 'comments', kind: 'text', prompt: 'Anything else?', maxChars: 200 },
  ],
};

beforeAll(async () => {
  writeFileSync(join(studio.home, 'variants-study.json'), JSON.stringify(study, null, 2));
  page = await studio.start();
});
afterAll(() => studio.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const overlay = () => page.getByTestId('study-overlay');
const taskBar = () => page.getByRole('region', { name: 'Study task' });

async function menu(title: string, item: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('button', { name: title, exact: true })
    .click();
  await page.getByRole('menuitem', { name: item }).click();
}

let dataDir = '';

describe('a study in the studio', () => {
  it('loads a study file from the Study menu', async () => {
    await menu('Study', 'Load study…');
    const browser = page.getByRole('dialog', { name: 'Load study' });
    await browser.getByRole('option', { name: /variants-study\.json/ }).click();
    await browser.getByRole('button', { name: 'Load' }).click();
    await poll(() => page.getByText(/Study "Two or three variants" loaded/).count()).toBe(1);
  });

  it('starts a participant: a bad id is refused with the reason, a pseudonym is taken', async () => {
    await menu('Study', 'Start participant…');
    const start = page.getByRole('dialog', { name: 'Start participant' });
    await start.getByText('Two or three variants').waitFor();
    dataDir = (await start.getByTestId('study-data-dir').textContent())!;
    await start.getByLabel('Participant id').fill('jane.doe@example.com');
    await start.getByRole('button', { name: 'Start' }).click();
    await poll(() => start.getByRole('alert').textContent()).toMatch(/short pseudonym/);
    await start.getByLabel('Participant id').fill('P-ALPHA');
    await start.getByRole('button', { name: 'Start' }).click();
    const consent = page.getByRole('dialog', { name: 'Consent' });
    await consent.getByText('We record what you do in the studio').waitFor();
    expect(await consent.getByTestId('study-participant').textContent()).toBe('P-ALPHA');
    // Nothing is written before consent.
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  });

  it('agrees, and works on the task in the studio with the variants the condition fixes', async () => {
    await page.getByRole('button', { name: 'I agree' }).click();
    await poll(() => taskBar().getByTestId('study-task-position').textContent()).toBe('Task 1 of 1');
    expect(await taskBar().getByTestId('study-instructions').textContent()).toBe(
      'Paint over the square and fill it.',
    );
    expect(await overlay().count()).toBe(0);
    await page.locator('[data-testid=stage] canvas').first().waitFor();

    // A blue-ish shape, then a mask over part of it.
    await page.keyboard.press('u');
    await dragOnArtboard(page, [40, 40], [360, 360]);
    await page.mouse.click(5, 5);
    await page.keyboard.press('m');
    await dragOnArtboard(page, [170, 170], [230, 230]);
    await panelTab(page, 'Generate');
    await poll(() => page.getByTestId('mask-status').textContent()).toMatch(/^Mask:/);
    // The Generate panel shows what the study fixes, and does not let it change.
    const variants = page.getByLabel('Variants');
    expect(await variants.inputValue()).toBe('3');
    expect(await variants.isDisabled()).toBe(true);
    expect(await page.getByLabel('Engine').isDisabled()).toBe(true);
    expect(await page.getByTestId('study-fixed').textContent()).toMatch(/set by the study/);
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(() => page.getByTestId('variant-label').textContent()).toMatch(
      /^Variant 1 of 3 · seed \d+ · patchmatch$/,
    );
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await poll(() => page.getByRole('toolbar', { name: 'Variants' }).count()).toBe(0);
  });

  it('pauses and resumes the recording', async () => {
    const toggle = taskBar().getByRole('button', { name: 'Pause logging' });
    await toggle.click();
    await poll(() => taskBar().getByTestId('study-logging').textContent()).toBe('Recording paused');
    expect(await taskBar().getByRole('button', { name: 'Resume logging' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await taskBar().getByRole('button', { name: 'Resume logging' }).click();
    await poll(() => taskBar().getByTestId('study-logging').textContent()).toBe('Recording');
  });

  it('finishes the task and answers the questionnaire', async () => {
    await taskBar().getByRole('button', { name: 'Done with this task' }).click();
    const form = page.getByRole('dialog', { name: 'Questionnaire' });
    await form.getByText('It was easy to get a good result.').waitFor();
    expect(await taskBar().count()).toBe(0);

    // Every Likert item needs an answer.
    await form.getByRole('button', { name: 'Submit answers' }).click();
    await poll(() => form.getByText('One question needs an answer.').count()).toBe(1);
    await form.getByRole('radio', { name: /^4 of 5/ }).check();
    await form.getByLabel('Anything else?').fill('Quick.');
    expect(await form.getByText('6 / 200 characters').count()).toBe(1);
    await form.getByRole('button', { name: 'Submit answers' }).click();
    const thanks = page.getByRole('dialog', { name: 'Thank you for taking part' });
    await thanks.waitFor();
    await thanks.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('welcome').waitFor();

    // The participant's task project holds the study's events, the answers among them.
    const files = readdirSync(dataDir);
    expect(files).toEqual(['P-ALPHA-banner.atelier']);
    const db = new Sqlite(join(dataDir, files[0]!), { readonly: true });
    const types = readEvents(db).map((e) => e.type);
    db.close();
    for (const type of [
      'study.consented',
      'study.task-started',
      'variant.accepted',
      'study.logging-paused',
      'study.logging-resumed',
      'study.task-finished',
      'study.questionnaire',
      'study.ended',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('a participant who declines leaves nothing behind', async () => {
    await menu('Study', 'Start participant…');
    const start = page.getByRole('dialog', { name: 'Start participant' });
    await start.getByLabel('Participant id').fill('P-BRAVO');
    await start.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'I do not agree' }).click();
    const bye = page.getByRole('dialog', { name: 'Thank you' });
    await bye.getByText('Nothing about this session was recorded.').waitFor();
    await bye.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('welcome').waitFor();
    expect(readdirSync(dataDir)).toEqual(['P-ALPHA-banner.atelier']);
    const records = readdirSync(join(dataDir, '..'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(dataDir, '..', f), 'utf8'));
    expect(records.join('')).not.toContain('P-BRAVO');
  });

  it('inline results: the fill lands on the artboard at once, no strip; the researcher can end the session', async () => {
    await menu('Study', 'Start participant…');
    const start = page.getByRole('dialog', { name: 'Start participant' });
    await start.getByLabel('Participant id').fill('P-CHARLIE');
    await start.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'I agree' }).click();
    await poll(() => taskBar().getByTestId('study-task-position').textContent()).toBe('Task 1 of 1');
    await page.locator('[data-testid=stage] canvas').first().waitFor();
    await page.keyboard.press('u');
    await dragOnArtboard(page, [40, 40], [360, 360]);
    await page.mouse.click(5, 5);
    await page.keyboard.press('m');
    await dragOnArtboard(page, [170, 170], [230, 230]);
    await panelTab(page, 'Generate');
    await poll(() => page.getByTestId('study-fixed').textContent()).toMatch(/placed on the artboard at once/);
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(async () => (await historySteps(page)).at(-1)).toBe('Accept variant');
    expect(await page.getByRole('toolbar', { name: 'Variants' }).count()).toBe(0);
    expect(await layerNames(page)).toEqual(['Fill 1', 'Rectangle']);

    await menu('Study', 'End participant session…');
    await page
      .getByRole('alertdialog', { name: /End the participant/ })
      .getByRole('button', { name: 'End session' })
      .click();
    await page.getByTestId('welcome').waitFor();
    expect(await taskBar().count()).toBe(0);
    expect(readdirSync(dataDir).sort()).toEqual(['P-ALPHA-banner.atelier', 'P-CHARLIE-banner.atelier']);
  });
});
