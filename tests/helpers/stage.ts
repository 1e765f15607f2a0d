import type { Page } from 'playwright-core';

/**
 * The canvas editor as a person sees it: where the artboard is on the page, where an artboard
 * point is under the mouse, and what colour is shown there (all the stage's canvases together).
 */
export interface StageView {
  zoom: number;
  /** Page coordinates of the artboard's top-left corner. */
  left: number;
  top: number;
}

export async function stageView(page: Page): Promise<StageView> {
  const stage = page.getByTestId('stage');
  const [view, box] = await Promise.all([stage.getAttribute('data-view'), stage.boundingBox()]);
  const [zoom, x, y] = view!.split(' ').map(Number) as [number, number, number];
  return { zoom, left: box!.x + x, top: box!.y + y };
}

/** Page coordinates of an artboard point (for page.mouse). */
export async function toPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const v = await stageView(page);
  return { x: v.left + x * v.zoom, y: v.top + y * v.zoom };
}

/** The artboard's box on the page. */
export async function artboardBox(page: Page, size: { width: number; height: number }) {
  const v = await stageView(page);
  return { x: v.left, y: v.top, width: size.width * v.zoom, height: size.height * v.zoom };
}

/** The colour on screen at an artboard point: the stage's canvases composed as the browser shows them. */
export async function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  return page.getByTestId('stage').evaluate(
    (host: HTMLElement, [ax, ay]) => {
      const [zoom, vx, vy] = host.dataset.view!.split(' ').map(Number) as [number, number, number];
      const sx = vx + ax! * zoom;
      const sy = vy + ay! * zoom;
      const out = document.createElement('canvas');
      out.width = out.height = 1;
      const ctx = out.getContext('2d')!;
      for (const canvas of host.querySelectorAll('canvas')) {
        const ratio = canvas.width / canvas.clientWidth;
        ctx.drawImage(canvas, Math.floor(sx * ratio), Math.floor(sy * ratio), 1, 1, 0, 0, 1, 1);
      }
      return Array.from(ctx.getImageData(0, 0, 1, 1).data);
    },
    [x, y],
  );
}

/** Presses at one page point and releases at another, moving in steps like a hand, with `keys` held. */
export async function dragOnPage(
  page: Page,
  a: { x: number; y: number },
  b: { x: number; y: number },
  keys: string[] = [],
): Promise<void> {
  await page.mouse.move(a.x, a.y);
  for (const key of keys) await page.keyboard.down(key);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++)
    await page.mouse.move(a.x + ((b.x - a.x) * i) / 8, a.y + ((b.y - a.y) * i) / 8);
  await page.mouse.up();
  for (const key of keys) await page.keyboard.up(key);
}

/** The same between two artboard points. */
export async function dragOnArtboard(
  page: Page,
  from: [number, number],
  to: [number, number],
  keys: string[] = [],
): Promise<void> {
  await dragOnPage(page, await toPage(page, ...from), await toPage(page, ...to), keys);
}
