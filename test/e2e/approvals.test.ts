import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OperationInput, type OperationName, type OperationOutput, operations } from '../../src/api/contract.js';
import { addDays, addMonths, todayUtc } from '../../src/model/index.js';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

/** Calls the console API as the renderer does and checks the answer against the contract's schema. */
async function call<N extends OperationName>(
  served: ServedConsole,
  name: N,
  input: OperationInput<N>,
): Promise<OperationOutput<N>> {
  const answer = await served.api(name, input);
  if (!answer.body.ok) throw new Error(`${name}: ${answer.body.error.code}: ${answer.body.error.message}`);
  return operations[name].output.parse(answer.body.value) as OperationOutput<N>;
}

const LEFT = 'Demo Xero';
const RIGHT = 'Demo Sage X3';

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await check()); waited += 250) {
    if (waited > 90_000) throw new Error(`Gave up waiting: ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('approvals', () => {
  let served: ServedConsole;
  let browser: Browser;
  let reconciliationId: string;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    await call(served, 'completeFirstRun', { choice: 'demo' });
    await call(served, 'updateSettings', { userName: 'Priya Preparer', role: 'preparer' });
    await until('the demo companies and their connections', async () => {
      const [demo, list] = await Promise.all([call(served, 'getDemoStatus', {}), call(served, 'listConnections', {})]);
      const names = list.connections.map((connection) => connection.name);
      return demo.state === 'running' && names.includes(LEFT) && names.includes(RIGHT);
    });
    const { connections } = await call(served, 'listConnections', {});
    const connectionId = (name: string) => connections.find((connection) => connection.name === name)?.id ?? '';
    const start = addMonths(todayUtc(), -3);
    const { id } = await call(served, 'startReconciliation', {
      left: { connectionId: connectionId(LEFT) },
      right: { connectionId: connectionId(RIGHT) },
      entity: 'invoice',
      period: { start, end: addDays(addMonths(start, 3), -1) },
    });
    reconciliationId = id;
    await until('the reconciliation', async () => (await call(served, 'getReconciliation', { id })).status === 'ready');

    // Two corrections of Xero invoices: one Xero will refuse (a number another invoice has), one to be rejected.
    const { rows } = await call(served, 'getReconciliationRows', { id, offset: 0, limit: 2, status: 'auto' });
    const [first, second] = rows;
    if (!first?.left || !second?.left) throw new Error('The demo reconciliation has fewer than two matches.');
    await call(served, 'proposeCorrection', {
      id,
      rowKey: first.rowKey,
      side: 'left',
      field: 'number',
      value: second.left.values.number ?? '',
      note: 'Renumber to follow the ERP.',
    });
    await call(served, 'proposeCorrection', {
      id,
      rowKey: second.rowKey,
      side: 'left',
      field: 'reference',
      value: 'PO-SWAPPED',
      note: 'The purchase order digits look swapped.',
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows a preparer what waits without letting them decide; an approver’s decisions show their outcome', {
    timeout: 120_000,
  }, async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
    const refused = page.getByRole('article').filter({ hasText: 'Renumber to follow the ERP.' });
    const rejected = page.getByRole('article').filter({ hasText: 'PO-SWAPPED' });
    await refused.waitFor();
    expect(await refused.getByRole('button', { name: 'Approve and write' }).isDisabled()).toBe(true);
    await page.getByText(/You are a preparer/).waitFor();

    // Settings changed in another window reach this one as an event.
    await call(served, 'updateSettings', { userName: 'Adaeze Approver', role: 'approver' });
    await expect.poll(() => rejected.getByRole('button', { name: 'Reject' }).isDisabled()).toBe(false);
    await rejected.getByLabel('Comment').fill('The purchase order says what the ERP says.');
    await rejected.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('status').getByText('Correction rejected').waitFor();

    // Xero refuses a number another invoice already has: the write becomes a dead letter with Xero's message.
    await refused.getByRole('button', { name: 'Approve and write' }).click();
    await page.getByRole('alert').getByText('Correction approved but not written').waitFor({ timeout: 60_000 });

    const decided = page.getByRole('region', { name: 'Decided corrections' });
    await decided.getByText('Rejected by Adaeze Approver: “The purchase order says what the ERP says.”').waitFor();
    await decided.getByText(/Refused by the system, kept as dead letter/).waitFor();
    expect(await page.getByRole('region', { name: 'Corrections waiting' }).textContent()).toContain(
      'No corrections are waiting',
    );

    // With nothing pending, the period is ready for sign-off and links to its reconciliation.
    const signOffs = page.getByRole('region', { name: 'Periods ready for sign-off' });
    const link = signOffs.getByRole('link', { name: /^Review and sign off/ });
    expect(await link.getAttribute('href')).toBe(`#/reconciliation?id=${encodeURIComponent(reconciliationId)}`);
    await page.screenshot({ path: screenshotPath('approvals-decided') });

    const { corrections } = await call(served, 'listReconDecisions', { id: reconciliationId });
    expect(corrections.map((correction) => [correction.state, correction.outcome?.state ?? null])).toEqual(
      expect.arrayContaining([
        ['rejected', null],
        ['approved', 'dead_lettered'],
      ]),
    );
    // Chromium logs nothing but the refused write's HTTP status, if anything.
    expect(problems.filter((problem) => !problem.includes('status of'))).toEqual([]);
    await context.close();
  });
});
