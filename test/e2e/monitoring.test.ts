import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS_PATH } from '../../src/sandbox/shared/server.js';
import { XERO_SANDBOX_APP } from '../../src/sandbox/xero/index.js';
import { cliEntry } from '../support/built.js';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

interface DemoSystems {
  readonly state: string;
  readonly systems?: readonly { readonly system: string; readonly baseUrl: string }[];
}
interface Connections {
  readonly connections: readonly { readonly id: string; readonly system: string }[];
}
interface Summary {
  readonly level: string;
  readonly deadLetters: { readonly open: number };
  readonly pairs: readonly {
    readonly label: string;
    readonly lastRun: { readonly figures: Record<string, number> } | null;
  }[];
  readonly workflows: { readonly awaitingApproval: number };
  readonly reconciliations: { readonly inProgress: number };
  readonly alerts: { readonly open: number };
}

function answerValue<T>(answer: Awaited<ReturnType<ServedConsole['api']>>): T {
  if (!answer.body.ok) throw new Error(`${answer.body.error.code}: ${answer.body.error.message}`);
  return answer.body.value as T;
}

/** A Xero contact read straight from the Xero sandbox's API, as a custom-connection app would. */
async function xeroContactsNamed(baseUrl: string, name: string): Promise<unknown[]> {
  const basic = Buffer.from(`${XERO_SANDBOX_APP.clientId}:${XERO_SANDBOX_APP.clientSecret}`).toString('base64');
  const token = (await (
    await fetch(`${baseUrl}/connect/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=accounting.contacts',
    })
  ).json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${token.access_token}`, Accept: 'application/json' };
  const [tenant] = (await (await fetch(`${baseUrl}/connections`, { headers })).json()) as { tenantId: string }[];
  const where = encodeURIComponent(`Name=="${name}"`);
  const response = await fetch(`${baseUrl}/api.xro/2.0/Contacts?where=${where}`, {
    headers: { ...headers, 'xero-tenant-id': tenant?.tenantId ?? '' },
  });
  return ((await response.json()) as { Contacts: unknown[] }).Contacts;
}

describe('monitoring', () => {
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

  it('shows a failing sync on the dashboard, replays its dead letter from the dead-letter page into Xero, and agrees with `counterpart status --json`', {
    timeout: 300_000,
  }, async () => {
    await expect
      .poll(async () => answerValue<Connections>(await served.api('listConnections', {})).connections.length, {
        timeout: 60_000,
      })
      .toBe(4);
    const { connections } = answerValue<Connections>(await served.api('listConnections', {}));
    const idOf = (system: string) => connections.find((connection) => connection.system === system)?.id;
    const pair = answerValue<{ id: string; label: string }>(
      await served.api('ensureSyncPair', { accountingConnectionId: idOf('xero'), erpConnectionId: idOf('sagex3') }),
    );
    const demo = answerValue<DemoSystems>(await served.api('getDemoStatus', {}));
    const xeroUrl = new URL(demo.systems?.find((system) => system.system === 'xero')?.baseUrl ?? '').origin;
    const faults = (spec: unknown) =>
      fetch(`${xeroUrl}${FAULTS_PATH}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(spec),
      });

    // Xero refuses a few records of each batch; the run partly fails and its refusals become dead letters.
    expect((await faults({ xero: { partialBatch: 0.03 } })).status).toBe(204);
    answerValue(await served.api('runSync', { pairId: pair.id, entities: ['party'] }));
    await expect
      .poll(
        async () => answerValue<{ runs: { status: string }[] }>(await served.api('listSyncRuns', {})).runs[0]?.status,
        {
          timeout: 180_000,
          interval: 1000,
        },
      )
      .toBe('partly_failed');
    await faults({});

    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const pairs = page.getByRole('region', { name: 'Sync pairs' });
    await pairs.getByText('Partly failed').first().waitFor({ timeout: 30_000 });
    const figures = page.locator('dl[aria-label="Figures"]');
    const figure = async (label: string) =>
      Number(await figures.locator('div', { hasText: label }).locator('dd').textContent());
    const shown = {
      deadLetters: await figure('Open dead letters'),
      awaitingApproval: await figure('Runs awaiting approval'),
      reconciliations: await figure('Reconciliations in progress'),
      alerts: await figure('Open alerts'),
      written: Number(
        await pairs
          .getByRole('row', { name: new RegExp(`^${pair.label}`) })
          .locator('td')
          .nth(3)
          .textContent(),
      ),
      level: await page.locator('.page-header__actions .health-level').textContent(),
    };
    expect(shown.deadLetters).toBeGreaterThanOrEqual(1);
    expect(shown.level).toBe('Needs attention');
    await page.screenshot({ path: screenshotPath('dashboard-failure'), fullPage: true });

    // `counterpart status --json` prints the same figures, and exits 0: amber is not red.
    const status = spawnSync(process.execPath, [cliEntry, 'status', '--json', '--data-dir', served.dataDirectory], {
      encoding: 'utf8',
    });
    expect(status.status).toBe(0);
    const printed = JSON.parse(status.stdout) as Summary;
    expect({
      deadLetters: printed.deadLetters.open,
      awaitingApproval: printed.workflows.awaitingApproval,
      reconciliations: printed.reconciliations.inProgress,
      alerts: printed.alerts.open,
      written: printed.pairs.find((candidate) => candidate.label === pair.label)?.lastRun?.figures.written,
      level: printed.level,
    }).toEqual({ ...shown, level: 'amber' });

    // The dead-letter page groups the refusals by cause; edit one record and replay it.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Dead letters', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Dead letters' }).waitFor();
    const groups = page.getByRole('list', { name: 'Dead-letter groups' }).getByRole('button');
    await groups.first().waitFor();
    expect(await groups.first().textContent()).toContain('A validation exception occurred (sandbox fault injection)');
    const queue = page.getByRole('region', { name: /^Dead letters \(/ });
    const letters = queue.getByRole('list', { name: 'Open dead letters' }).getByRole('button');
    const before = await letters.count();
    await letters.first().click();
    const record = queue.getByLabel('Record to send');
    const payload = JSON.parse(await record.inputValue()) as { name: string };
    const fixedName = `${payload.name} (checked)`;
    await record.fill(JSON.stringify({ ...payload, name: fixedName }, null, 2));
    await queue.getByRole('button', { name: 'Replay', exact: true }).click();
    await expect.poll(() => letters.count(), { timeout: 30_000 }).toBe(before - 1);
    await page.screenshot({ path: screenshotPath('dead-letters-page'), fullPage: true });

    // The record is in Xero now, read back through the sandbox's own API.
    expect(await xeroContactsNamed(xeroUrl, fixedName)).toEqual([expect.objectContaining({ Name: fixedName })]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
