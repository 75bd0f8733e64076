import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KashFlowSettings } from '../../src/sandbox/kashflow/settings.js';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

describe('connections', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('lists the demo connections, adds one from the form (refusing a wrong password first) and tests it', async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await served.api('completeFirstRun', { choice: 'demo' });
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Connections' }).click();

    const yours = page.getByRole('region', { name: 'Your connections' });
    await expect.poll(() => yours.getByText(/^Connected as/).count(), { timeout: 30_000 }).toBe(4);

    const status = await served.api('getDemoStatus', {});
    const demo = status.body.ok ? (status.body.value as { systems: { system: string; baseUrl: string }[] }) : undefined;
    const kashflow = demo?.systems.find((system) => system.system === 'kashflow');
    const sandboxUser = KashFlowSettings.parse({});

    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('System').selectOption({ label: 'KashFlow' });
    await form.getByLabel('Connection name').fill('KashFlow (mine)');
    await form.getByLabel('KashFlow user name').fill(sandboxUser.userName);
    await form.getByLabel('API address (optional)').fill(kashflow?.baseUrl ?? '');
    await form.getByLabel('Password').fill('not the password');
    await form.getByLabel('Memorable word').fill(sandboxUser.memorableWord);
    await form.getByRole('button', { name: 'Connect and test' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/password/i);
    expect(await yours.getByRole('rowheader', { name: /KashFlow \(mine\)/ }).count()).toBe(0);

    await form.getByLabel('Password').fill(sandboxUser.password);
    await form.getByRole('button', { name: 'Connect and test' }).click();
    const mine = yours.getByRole('row', { name: /KashFlow \(mine\)/ });
    await expect.poll(() => mine.count(), { timeout: 20_000 }).toBe(1);
    await mine.getByRole('button', { name: 'Test connection KashFlow (mine)' }).click();
    await expect.poll(() => mine.getByText(/^Connected as/).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('connections-added'), fullPage: true });

    // The password went to the keychain; the console never gets it back.
    const listed = await served.api('listConnections', {});
    expect(JSON.stringify(listed.body)).not.toContain(sandboxUser.password);
    // The refused attempt is an HTTP 422, which Chromium logs as a failed load; nothing else may appear.
    expect(problems.filter((problem) => !problem.includes('status of 422'))).toEqual([]);
    await context.close();
  });
});
