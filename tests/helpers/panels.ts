import type { Page } from 'playwright-core';

/** Opens a panel by its tab (Layers, Properties, History, Generate, Jobs). */
export const panelTab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();

/** The Layers panel's rows, top to bottom. */
export async function layerNames(page: Page): Promise<(string | null)[]> {
  await panelTab(page, 'Layers');
  return page
    .getByRole('listbox', { name: 'Layers' })
    .getByRole('option')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
}

/** The History panel's steps, oldest first. */
export async function historySteps(page: Page): Promise<string[]> {
  await panelTab(page, 'History');
  return page.getByRole('list', { name: 'History' }).getByRole('button').allTextContents();
}
