import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from './browser';
import { startStudio, type RunningStudio } from './studio-server';
import { tempDir } from './temp';

/**
 * The studio in web mode, opened in Chromium on a new Square post (1080×1080), with `home` as
 * the folder its file browser may use. Put files in `home` before `start()`.
 *
 * @example
 * const studio = studioOnSquare('atelier-e2e-fill-');
 * let page: Page;
 * beforeAll(async () => (page = await studio.start()));
 * afterAll(() => studio.close());
 */
export function studioOnSquare(prefix: string) {
  const dir = tempDir(prefix);
  const home = join(dir.path, 'home');
  mkdirSync(home, { recursive: true });
  let server: RunningStudio | undefined;
  let session: BrowserSession | undefined;
  return {
    home,
    async start(): Promise<Page> {
      server = await startStudio({ root: home, userData: join(dir.path, 'userdata') });
      session = await launchChromium();
      const page = await session.browser.newPage();
      await page.goto(server.url);
      await page.locator('[data-testid=shell][data-ready=true]').waitFor();
      await page.getByRole('button', { name: 'New Square post 1080×1080' }).click();
      await page.locator('[data-testid=stage] canvas').first().waitFor();
      return page;
    },
    async close(): Promise<void> {
      await session?.close();
      await server?.stop();
      dir.cleanup();
    },
  };
}
