import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

describe('settings', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    await served.api('completeFirstRun', { choice: 'ownConnections' });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('saves name, role and theme, keeps them across a reload, and records the change in Activity', async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByRole('radio', { name: /Approver/ }).check();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();

    await page.getByRole('status').getByText('Your changes are saved and recorded in Activity.').waitFor();
    const banner = page.getByRole('banner');
    await expect.poll(() => banner.textContent()).toContain('Ada Lovelace');
    expect(await banner.textContent()).toContain('Approver');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByLabel('Your name').inputValue()).toBe('Ada Lovelace');
    expect(await page.getByRole('radio', { name: /Approver/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    expect(await page.getByRole('banner').textContent()).toContain('Ada Lovelace');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.screenshot({ path: screenshotPath('settings-dark') });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    const row = page.locator('.ag-row', { hasText: 'Changed settings' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Role: preparer → approver');
    expect(text).toContain('Theme: system → dark');

    await page.getByRole('button', { name: 'Verify audit trail' }).click();
    await page.getByText('Audit trail intact.').waitFor();
    await page.screenshot({ path: screenshotPath('activity-after-settings') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('filters the audit trail by action and by person', async () => {
    const { page, context } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await page.locator('.ag-row').first().waitFor();
    await expect.poll(() => page.locator('.ag-row').count()).toBeGreaterThanOrEqual(2);

    await page.getByLabel('What').selectOption({ label: 'Finished first-run setup' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('.ag-row').count()).toBe(1);
    expect(await page.locator('.ag-row').textContent()).toContain('Finished first-run setup');

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Who').fill('Nobody In Particular');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No audit entries match these filters.').waitFor();
    await context.close();
  });

  it('shows the API’s validation message next to the field and changes nothing', async () => {
    const { page, context } = await openConsolePage(browser);
    const before = await served.api('getSettings', {});
    const auditBefore = await served.api('listAuditEntries', {});
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();

    await page.getByLabel('Your name').fill('   ');
    await page.getByRole('button', { name: 'Save settings' }).click();

    const name = page.getByLabel('Your name');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await name.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(
      describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    const description = descriptions.join(' ');
    expect(description).toContain('Enter your name');
    expect(await page.locator(':focus').getAttribute('name')).toBe('userName');
    await page.screenshot({ path: screenshotPath('settings-invalid') });

    expect(await served.api('getSettings', {})).toEqual(before);
    expect(await served.api('listAuditEntries', {})).toEqual(auditBefore);
    await context.close();
  });

  it('shows changes made in another window as they happen', async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await page.locator('.ag-row').first().waitFor();
    await page.getByText('Live', { exact: true }).waitFor();

    const changed = await served.api('updateSettings', { userName: 'Grace Hopper' });
    expect(changed.status).toBe(200);

    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Grace Hopper');
    await page.locator('.ag-row', { hasText: '→ Grace Hopper' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
