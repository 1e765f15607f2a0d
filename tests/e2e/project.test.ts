// The project lifecycle in Chromium: edit, undo and redo by keyboard, the History panel, save,
// the unsaved-changes question, reopening from Recent, the CLI on the saved file, and recovery
// of unsaved work after the studio was killed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../helpers/browser';
import { startStudio, type RunningStudio } from '../helpers/studio-server';
import { tempDir } from '../helpers/temp';
import { pixelAt } from '../helpers/stage';
import { inspectProjectFile } from '../../native/project/project-file';

const artifacts = join(import.meta.dirname, '..', 'artifacts');
const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const dir = tempDir('atelier-e2e-project-');
const home = join(dir.path, 'home');
const userData = join(dir.path, 'userdata');
let studio: RunningStudio;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  mkdirSync(userData, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  // Autosave every 5 s, so the recovery test need not wait 30.
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ autosaveSeconds: 5 }));
  studio = await startStudio({ root: home, userData });
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

const artboardTabs = () => page.getByRole('tablist', { name: 'Artboards' }).getByRole('tab');
const historySteps = () => page.getByRole('list', { name: 'History' }).getByRole('button');
/** The colour drawn in the middle of the shown artboard (no layers there: its background). */
const background = async () => {
  const [r, g, b] = await pixelAt(page, 540, 540);
  return `rgb(${r}, ${g}, ${b})`;
};
const title = () => page.getByTestId('project-title').textContent();

describe('a project from start to reopen', () => {
  it('edits, undoes and redoes with the keyboard, and lists the steps in the History panel', async () => {
    await page.getByRole('button', { name: 'New Square post 1080×1080' }).click();
    await expect.poll(() => artboardTabs().allTextContents()).toEqual(['Square post']);
    expect(await title()).toBe('Untitled');
    await page.getByRole('button', { name: '+ Artboard' }).click();
    expect(await artboardTabs().allTextContents()).toEqual(['Square post', 'Artboard 2']);
    await page.getByRole('tab', { name: 'Properties' }).click();
    await page.getByLabel('Background').fill('#ff0000');
    await expect.poll(background).toBe('rgb(255, 0, 0)');
    expect(await title()).toBe('• Untitled');
    await page.getByRole('tab', { name: 'History' }).click();
    expect(await historySteps().allTextContents()).toEqual(['Opened', 'Add artboard', 'Change colour']);

    await page.keyboard.press('Control+z');
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await page.keyboard.press('Control+z');
    expect(await artboardTabs().count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    expect(await artboardTabs().count()).toBe(2);
    await page.keyboard.press('Control+y');
    await page.getByRole('tab', { name: 'Artboard 2' }).click();
    await expect.poll(background).toBe('rgb(255, 0, 0)');
    // Clicking a step in History goes back to it.
    await historySteps().filter({ hasText: 'Add artboard' }).click();
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await historySteps().filter({ hasText: 'Change colour' }).click();
    await expect.poll(background).toBe('rgb(255, 0, 0)');
  });

  it('saves through the save dialog; the title drops the unsaved mark', async () => {
    await page.keyboard.press('b'); // a tool change: logged, not a document change
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Save project' });
    await dialog.getByLabel('File name').fill('launch');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(title).toBe('launch');
    expect(existsSync(join(home, 'launch.atelier'))).toBe(true);
    expect(await page.title()).toBe('launch — Atelier');
    await page.screenshot({ path: join(artifacts, 'e2e-project-saved.png') });
  });

  it('asks before closing unsaved changes, and reopens from Recent as saved', async () => {
    await page.getByRole('tab', { name: 'Properties' }).click();
    await page.getByLabel('Name').fill('Renamed but not saved');
    await page.getByLabel('Name').press('Enter');
    expect(await title()).toBe('• launch');
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: /Close/ }).click();
    const question = page.getByRole('alertdialog', { name: 'Unsaved changes' });
    expect(await question.textContent()).toContain('Save the changes to "launch" before closing it?');
    await question.getByRole('button', { name: "Don't save" }).click();
    await page.getByRole('heading', { name: 'Welcome to Atelier' }).waitFor();
    await page.getByRole('button', { name: 'launch' }).click();
    await expect.poll(() => artboardTabs().allTextContents()).toEqual(['Square post', 'Artboard 2']);
    await page.getByRole('tab', { name: 'Artboard 2' }).click();
    await expect.poll(background).toBe('rgb(255, 0, 0)');
    expect(await title()).toBe('launch');
  });

  it('the CLI verifies the log of the file made in the studio and replays it to the saved document', () => {
    const path = join(home, 'launch.atelier');
    expect(execFileSync(process.execPath, [cli, 'log', 'verify', path], { encoding: 'utf8' })).toMatch(
      /^ok: \d+ events\n$/,
    );
    const out = join(dir.path, 'replayed.json');
    execFileSync(process.execPath, [cli, 'replay', path, '--out', out], { stdio: 'pipe' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(inspectProjectFile(path).doc);
    const csv = execFileSync(process.execPath, [cli, 'log', 'export', path, '--format', 'csv'], {
      encoding: 'utf8',
    });
    expect(csv).toMatch(/,command,canvas\.add,/);
    expect(csv).toMatch(/,tool\.changed,brush,/);
    expect(csv).not.toContain('Renamed but not saved');
  });
});

describe('recovery after the studio was killed', () => {
  it('offers the unsaved work back on the next start and recovers it', async () => {
    await page.getByRole('button', { name: '+ Artboard' }).click();
    expect(await title()).toBe('• launch');
    // Wait for an autosave (every 5 s here), then kill the studio without warning.
    await new Promise((r) => setTimeout(r, 6500));
    studio.process.kill('SIGKILL');
    await new Promise((r) => studio.process.once('close', r));
    studio = await startStudio({ root: home, userData });
    await page.goto(studio.url);
    const offer = page.getByRole('dialog', { name: 'Recover unsaved work' });
    await offer.waitFor();
    expect(await offer.textContent()).toContain(join(home, 'launch.atelier'));
    await offer.getByRole('button', { name: 'Recover' }).click();
    await expect
      .poll(() => artboardTabs().allTextContents())
      .toEqual(['Square post', 'Artboard 2', 'Artboard 3']);
    expect(await title()).toBe('• launch');
    await page.keyboard.press('Control+s');
    await expect.poll(title).toBe('launch');
    expect(Object.keys(inspectProjectFile(join(home, 'launch.atelier')).doc.canvases)).toHaveLength(3);
  });
});
