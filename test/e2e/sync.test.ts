import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS_PATH } from '../../src/sandbox/shared/server.js';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

interface DemoSystems {
  readonly systems: readonly { readonly system: string; readonly baseUrl: string }[];
}

/** The value of a successful API answer; a failed one fails the test with the API's own message. */
function answerValue<T>(answer: Awaited<ReturnType<ServedConsole['api']>>): T {
  if (!answer.body.ok) throw new Error(`${answer.body.error.code}: ${answer.body.error.message}`);
  return answer.body.value as T;
}

describe('sync', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    await served.api('completeFirstRun', { choice: 'demo' });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  /** The sandboxes share one fault injector: Xero refuses a few records of each batch, as a validation error. */
  async function setFaults(spec: unknown): Promise<void> {
    const demo = answerValue<DemoSystems>(await served.api('getDemoStatus', {}));
    const xero = demo.systems.find((system) => system.system === 'xero');
    const response = await fetch(`${new URL(xero?.baseUrl ?? '').origin}${FAULTS_PATH}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect(response.status).toBe(204);
  }

  it('pairs Xero with Sage X3, syncs, and works the dead letters Xero refused: edit and replay one, resolve another', {
    timeout: 240_000,
  }, async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
    await page.getByRole('heading', { name: 'No sync pairs yet' }).waitFor();

    await page.getByRole('button', { name: 'Pair connections' }).click();
    const form = page.getByRole('form', { name: 'Pair two connections' });
    await form.getByLabel('Accounting system').selectOption({ label: 'Demo Xero' });
    await form.getByLabel('ERP or CRM').selectOption({ label: 'Demo Sage X3' });
    await expect.poll(() => form.getByLabel('Mapping').locator('option').count()).toBeGreaterThan(1);
    await form.getByLabel('Mapping').selectOption({ label: 'Xero ⇄ Sage X3 (v1, template)' });
    await form.getByRole('button', { name: 'Create pair' }).click();

    const pairs = page.getByRole('region', { name: 'Sync pairs' });
    const pair = pairs.getByRole('row', { name: /Demo Xero ⇄ Demo Sage X3/ });
    await pair.waitFor();
    expect(await pair.getByText('Never synced').isVisible()).toBe(true);
    expect(await pair.getByText('Xero ⇄ Sage X3').isVisible()).toBe(true);

    await setFaults({ xero: { partialBatch: 0.03 } });
    await pair.getByLabel('What to sync for Demo Xero:Demo Sage X3').selectOption({ label: 'Customers and suppliers' });
    await pair.getByRole('button', { name: 'Sync now: Demo Xero:Demo Sage X3' }).click();
    // While the run works, its flows show their progress and the run can be cancelled.
    await pair.getByRole('status', { name: 'Progress of Demo Xero:Demo Sage X3' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('sync-running'), fullPage: true });
    await pair.getByText('Partly failed').waitFor({ timeout: 120_000 });
    await setFaults({});

    // The runs grid shows the run's figures.
    const runs = page.getByRole('region', { name: 'Runs' });
    const run = runs.locator('.ag-row').first();
    await run.waitFor();
    const figure = (column: string) => run.locator(`[col-id="${column}"]`).textContent();
    expect(Number(await figure('read'))).toBeGreaterThan(300);
    expect(Number(await figure('written'))).toBeGreaterThan(0);
    expect(Number(await figure('failed'))).toBeGreaterThanOrEqual(2);
    expect(Number(await figure('apiCalls'))).toBeGreaterThan(0);
    expect(await figure('status')).toBe('Partly failed');

    // Each refused record waits in the dead-letter queue with what Xero said.
    const queue = page.getByRole('region', { name: /^Dead letters/ });
    const letters = queue.getByRole('list', { name: 'Open dead letters' }).getByRole('button');
    const refused = await letters.count();
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(await queue.getByText('A validation exception occurred (sandbox fault injection)').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('sync-dead-letters'), fullPage: true });

    // Edit the first one's record and replay it: Xero takes it and it leaves the queue.
    await letters.first().click();
    const record = queue.getByLabel('Record to send');
    const payload = JSON.parse(await record.inputValue()) as { name: string };
    await record.fill(JSON.stringify({ ...payload, name: `${payload.name} (checked)` }, null, 2));
    await queue.getByRole('button', { name: 'Replay', exact: true }).click();
    await expect.poll(() => letters.count(), { timeout: 30_000 }).toBe(refused - 1);

    // Resolve the next one with a note instead of replaying it.
    await letters.first().click();
    await queue.getByLabel('Note (why it needs no replay)').fill('Customer closed; not needed in Xero');
    await queue.getByRole('button', { name: 'Resolve with note' }).click();
    await expect.poll(() => letters.count(), { timeout: 30_000 }).toBe(refused - 2);
    await page.screenshot({ path: screenshotPath('sync-after-replay'), fullPage: true });

    const replayed = answerValue<{ deadLetters: { state: string; note: string | null; resolvedBy: string | null }[] }>(
      await served.api('listDeadLetters', {}),
    ).deadLetters;
    expect(replayed.filter((letter) => letter.state === 'replayed')).toHaveLength(1);
    expect(replayed.filter((letter) => letter.state === 'resolved')).toEqual([
      expect.objectContaining({ note: 'Customer closed; not needed in Xero', resolvedBy: expect.any(String) }),
    ]);
    // Both decisions are in the audit trail.
    const audit = answerValue<{ entries: { action: string }[] }>(await served.api('listAuditEntries', { limit: 50 }));
    expect(audit.entries.map((entry) => entry.action)).toContain('sync.run_started');
    expect(problems).toEqual([]);
    await context.close();
  });
});
