import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

const topLevelPages = [
  { id: 'connections', label: 'Connections' },
  { id: 'sync', label: 'Sync' },
  { id: 'workflows', label: 'Workflows' },
  { id: 'reconciliation', label: 'Reconciliation' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'activity', label: 'Activity' },
  { id: 'settings', label: 'Settings' },
] as const;

/** The element that has keyboard focus. */
function focused(page: Page) {
  return page.locator(':focus');
}

describe('top-level pages', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    const done = await served.api('completeFirstRun', { choice: 'demo' });
    expect(done.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  async function headingOf(page: Page, name: string) {
    const heading = page.getByRole('heading', { level: 1, name, exact: true });
    await heading.waitFor({ state: 'visible' });
    return heading;
  }

  it('shows each page from the navigation, with its heading, and saves a screenshot of it', async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await headingOf(page, 'Connections');
    const navigation = page.getByRole('navigation', { name: 'Main' });

    for (const { id, label } of topLevelPages) {
      await navigation.getByRole('link', { name: label, exact: true }).click();
      expect(await (await headingOf(page, label)).isVisible()).toBe(true);
      expect(page.url()).toMatch(new RegExp(`#/${id}$`));
      expect(await navigation.getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).toBe(
        'page',
      );
      if (id === 'activity') await page.locator('.ag-row').first().waitFor();
      await page.screenshot({ path: screenshotPath(id) });
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens a page named in the address directly and survives a reload', async () => {
    const { page, context } = await openConsolePage(browser);
    await page.goto(served.url);
    await headingOf(page, 'Connections');
    await page.goto(`${served.origin}/#/reconciliation`);
    await page.reload();
    await headingOf(page, 'Reconciliation');
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const { page, context } = await openConsolePage(browser);
    await page.goto(served.url);
    await headingOf(page, 'Connections');

    await page.keyboard.press('Tab');
    expect(await focused(page).textContent()).toBe('Skip to main content');

    // Tab through the navigation to Activity and open it with Enter; focus lands on the new page's heading.
    for (let presses = 0; presses < 20; presses++) {
      await page.keyboard.press('Tab');
      if ((await focused(page).textContent()) === 'Activity') break;
    }
    expect(await focused(page).getAttribute('href')).toBe('#/activity');
    await page.keyboard.press('Enter');
    await headingOf(page, 'Activity');
    await expect.poll(() => focused(page).textContent()).toBe('Activity');
    expect(await page.locator('h1:focus').count()).toBe(1);
    // Focus is visible: the focused link draws an outline.
    await page.keyboard.press('Shift+Tab');
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await context.close();
  });

  it('follows the computer’s dark theme when the setting is “system”', async () => {
    const { page, context } = await openConsolePage(browser, { colorScheme: 'dark' });
    await page.goto(served.url);
    await headingOf(page, 'Connections');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.screenshot({ path: screenshotPath('connections-dark') });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await page.locator('.ag-row').first().waitFor();
    await page.screenshot({ path: screenshotPath('activity-dark') });
    await context.close();
  });
});
