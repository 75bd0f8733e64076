import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

describe('first run', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('offers demo companies on a new workspace and leads into the shell', async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Welcome to Counterpart/);
    // The token is moved out of the address bar as soon as the console starts.
    expect(page.url()).not.toContain(served.token);
    await page.screenshot({ path: screenshotPath('first-run') });

    // Keyboard only: the first Tab reaches the first choice, Enter takes it.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toContain('Explore with demo companies');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Connections' }).isVisible()).toBe(true);
    expect(await page.getByRole('banner').getByText('Demo companies').isVisible()).toBe(true);
    // Focus follows into the shell, onto the page heading, and the window title names the page.
    expect(await page.locator('h1:focus').textContent()).toBe('Connections');
    expect(await page.title()).toBe('Connections · Counterpart');
    // The demo companies' four sample systems start on this computer and are listed, addresses but no secrets.
    const demoPanel = page.getByRole('region', { name: 'Demo companies' });
    await expect.poll(() => demoPanel.getByText('Running').count(), { timeout: 20_000 }).toBe(4);
    for (const name of ['Xero', 'Salesforce', 'Sage X3', 'KashFlow']) {
      expect(await demoPanel.getByRole('rowheader', { name }).isVisible()).toBe(true);
    }
    await page.screenshot({ path: screenshotPath('after-first-run') });
    const settings = await served.api('getSettings', {});
    expect(settings.body).toMatchObject({ ok: true, value: { firstRunComplete: true, demoMode: true } });
    expect(problems).toEqual([]);
    await context.close();
  });
});
