import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

describe('bad input and missing tokens', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('tells a person who opened the console without its token what to do, then starts with it', async () => {
    const { page, context } = await openConsolePage(browser);
    await page.goto(`${served.origin}/`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toBe('Open the address printed by counterpart serve');
    await page.screenshot({ path: screenshotPath('missing-token') });

    // Pasting the printed address into the same tab changes only the fragment; the console picks the token up.
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Explore with demo companies' }).waitFor();
    expect(page.url()).not.toContain(served.token);
    await context.close();
  });

  it('tells them the same when the token is wrong, and forgets it', async () => {
    const { page, context } = await openConsolePage(browser);
    await page.goto(`${served.origin}/#token=not-the-token`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toBe('Open the address printed by counterpart serve');
    expect(page.url()).not.toContain('not-the-token');
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    await context.close();
  });

  it('refuses API calls without the right token', async () => {
    const missing = await served.api('getSettings', {}, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'api.unauthorized' } });

    const wrong = await served.api('updateSettings', { userName: 'Mallory' }, { token: 'x'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'api.unauthorized' } });
  });

  it('refuses the event socket without the right token', async () => {
    const statusOf = (query: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${served.origin.replace('http', 'ws')}/api/events${query}`, {
          origin: served.origin,
        });
        socket.once('unexpected-response', (_request, response) => {
          resolve(response.statusCode ?? 0);
          socket.terminate();
        });
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('error', reject);
      });
    expect(await statusOf('')).toBe(401);
    expect(await statusOf('?token=wrong')).toBe(401);
    expect(await statusOf(`?token=${served.token}`)).toBe(101);
  });

  it('refuses unknown operations and wrong input types, and nothing changes', async () => {
    const settingsBefore = await served.api('getSettings', {});
    const auditBefore = await served.api('listAuditEntries', {});
    expect(settingsBefore.status).toBe(200);

    const unknown = await served.api('dropAllTables', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'api.unknown_operation' } });

    const wrongType = await served.api('updateSettings', { userName: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ ok: false, error: { code: 'api.invalid_input' } });
    expect(wrongType.body.ok ? '' : wrongType.body.error.message).toContain('userName');

    const badRole = await served.api('updateSettings', { role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.ok ? '' : badRole.body.error.message).toContain('role');

    const extraField = await served.api('updateSettings', { userName: 'Eve', firstRunComplete: true });
    expect(extraField.status).toBe(400);
    expect(extraField.body).toMatchObject({ ok: false, error: { code: 'api.invalid_input' } });

    const badChoice = await served.api('completeFirstRun', { choice: 'everything' });
    expect(badChoice.status).toBe(400);
    expect(badChoice.body.ok ? '' : badChoice.body.error.message).toContain('choice');

    const malformed = await served.api('updateSettings', '{"userName": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ ok: false, error: { code: 'api.malformed_json' } });

    expect(await served.api('getSettings', {})).toEqual(settingsBefore);
    expect(await served.api('listAuditEntries', {})).toEqual(auditBefore);
  });

  it('says so on screen when Counterpart stops answering', async () => {
    const own = await startServe();
    const { page, context } = await openConsolePage(browser);
    try {
      await own.api('completeFirstRun', { choice: 'ownConnections' });
      await page.goto(`${own.url.split('#')[0]}#/activity?token=${own.token}`);
      await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      await own.stop();

      await page.getByRole('button', { name: 'Verify audit trail' }).click();
      const alert = page.getByRole('alert');
      await alert.getByText('Could not verify the audit trail').waitFor();
      expect(await alert.textContent()).toContain('Check that “counterpart serve” is still running');
      await page.getByText('Reconnecting…').waitFor();
      await page.screenshot({ path: screenshotPath('server-stopped') });
    } finally {
      await context.close();
      await own.stop();
    }
  });
});
