// The studio driven in Debian's Chromium against web mode, the way a person uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../helpers/browser';
import { gradientPng } from '../helpers/images';
import { startStudio, type RunningStudio } from '../helpers/studio-server';
import { tempDir } from '../helpers/temp';
import { artboardBox } from '../helpers/stage';
import packageJson from '../../package.json';

const artifacts = join(import.meta.dirname, '..', 'artifacts');
const dir = tempDir('atelier-e2e-');
const home = join(dir.path, 'home');
let studio: RunningStudio;
let session: BrowserSession;
let page: Page;
let sunset: Buffer;

beforeAll(async () => {
  mkdirSync(join(home, 'Pictures'), { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  sunset = await gradientPng(800, 600);
  writeFileSync(join(home, 'Pictures', 'sunset.png'), sunset);
  writeFileSync(join(home, 'Pictures', 'readme.txt'), 'not shown in the image browser');
  studio = await startStudio({ root: home, userData: join(dir.path, 'userdata') });
  session = await launchChromium();
  page = await session.browser.newPage();
});

afterAll(async () => {
  await session?.close();
  await studio?.stop();
  dir.cleanup();
});

async function dropFile(target: string, name: string, bytes: Uint8Array, type: string) {
  await page.evaluate(
    ({ target, name, data, type }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name, { type }));
      const element = document.querySelector(target)!;
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        element.dispatchEvent(
          new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    { target, name, data: Array.from(bytes), type },
  );
}

describe('the studio in a browser', () => {
  it('opens on the welcome screen inside the shell and shows the engine version', async () => {
    await page.goto(studio.url);
    await page.locator('[data-testid=shell][data-ready=true]').waitFor();
    expect(await page.getByRole('heading', { name: 'Welcome to Atelier' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Main menu' }).isVisible()).toBe(true);
    expect(await page.getByRole('complementary', { name: 'Tools' }).isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: 'Jobs' }).isVisible()).toBe(true);
    // The version comes from app.info, a StudioApi round trip over the WebSocket.
    expect(await page.getByTestId('version').textContent()).toBe(`Atelier ${packageJson.version}`);
    expect(await page.getByTestId('provider').textContent()).toBe('Inference: CPU');
    await page.screenshot({ path: join(artifacts, 'e2e-welcome.png') });
  });

  it('refuses requests and WebSockets without the token', async () => {
    const res = await fetch(`${studio.origin}/`);
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/needs the token/);
    const status = await page.evaluate(async (origin) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=wrong`);
      return new Promise<string>((resolve) => {
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    }, studio.origin);
    expect(status).toBe('refused');
  });

  it('without a project, an imported image goes to a thumbnail job that shows progress and its result', async () => {
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: /Import image/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Import image' });
    await dialog.getByRole('option', { name: /Pictures/ }).click();
    const options = dialog.getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringMatching(/^·sunset\.png/)]);
    await dialog.getByRole('option', { name: /sunset\.png/ }).click();
    await dialog.getByRole('button', { name: 'Import' }).click();

    const job = page.getByTestId('job').filter({ hasText: 'Thumbnail of sunset.png' });
    await job.and(page.locator('[data-state=done]')).waitFor();
    expect(Number(await job.getAttribute('data-progress-events'))).toBeGreaterThan(0);
    expect(await job.locator('progress').evaluate((p: HTMLProgressElement) => p.value)).toBe(1);
    const img = job.getByRole('img');
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(256);
    expect(await job.locator('figcaption').textContent()).toBe('800×600 PNG');
    expect(await page.getByTestId('status-job').textContent()).toBe('Ready');
    await page.screenshot({ path: join(artifacts, 'e2e-thumbnail-job.png') });
  });

  it('takes an image dropped from the desktop', async () => {
    const small = await gradientPng(300, 100);
    await dropFile('[data-testid=workspace]', 'dropped.png', small, 'image/png');
    const job = page.getByTestId('job').filter({ hasText: 'Thumbnail of dropped.png' });
    await job.and(page.locator('[data-state=done]')).waitFor();
    expect(await job.locator('figcaption').textContent()).toBe('300×100 PNG');
  });

  it('reports a text file renamed .png clearly and keeps working', async () => {
    await dropFile('[data-testid=workspace]', 'notes.png', new TextEncoder().encode('hello'), 'image/png');
    const alert = page.getByRole('alert').filter({ hasText: 'notes.png' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Thumbnail of notes\.png failed: notes\.png: not an image/);
    expect(await page.getByTestId('job').filter({ hasText: 'notes.png' }).getAttribute('data-state')).toBe(
      'failed',
    );
    expect(await page.getByRole('heading', { name: 'Welcome to Atelier' }).isVisible()).toBe(true);
  });

  it('keeps the file browser inside its root folder', async () => {
    await page.keyboard.press('Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import image' });
    await dialog.waitFor();
    // Typed once the dialog shows where it starts (its first listing could otherwise land mid-typing).
    const folder = dialog.getByRole('textbox', { name: 'Folder' });
    await expect.poll(() => folder.inputValue()).not.toBe('');
    await folder.fill('/etc');
    await dialog.getByRole('button', { name: 'Go' }).click();
    expect(await dialog.getByRole('alert').textContent()).toMatch(
      /\/etc is outside the folder this studio may use/,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
  it('starts a creative from a placement preset and switches views', async () => {
    await page.getByRole('button', { name: 'New Story / Reel 1080×1920' }).click();
    expect(await page.getByTestId('canvas-view').textContent()).toContain('Story / Reel · 1080×1920');
    await page.locator('[data-testid=stage] canvas').first().waitFor();
    const box = await artboardBox(page, { width: 1080, height: 1920 });
    expect(box.height / box.width).toBeCloseTo(1920 / 1080, 1);
    expect(await page.title()).toBe('Untitled — Atelier');
    await page.getByRole('tab', { name: 'Timeline' }).click();
    expect(await page.getByText('The timeline is empty').isVisible()).toBe(true);
    await page.keyboard.press('Alt+1');
    expect(await page.getByTestId('canvas-view').isVisible()).toBe(true);
  });

  it('selects tools by shortcut and shows the shortcuts sheet', async () => {
    await page.keyboard.press('b');
    expect(await page.getByRole('button', { name: 'Mask brush (B)' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.keyboard.press('Shift+?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });
});

describe('atelier serve on the command line', () => {
  it('warns when bound to a network address or run without a token', async () => {
    const open = await startStudio({
      root: home,
      userData: join(dir.path, 'userdata-open'),
      extraArgs: ['--host', '0.0.0.0', '--no-token'],
    });
    try {
      expect(open.output()).toMatch(
        /warning: listening on 0\.0\.0\.0: anyone who can reach this machine can use the studio/,
      );
      expect(open.output()).toMatch(/warning: --no-token/);
      expect(open.url).not.toContain('token=');
      const port = new URL(open.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});
