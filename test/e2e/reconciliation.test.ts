import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OperationInput, type OperationName, type OperationOutput, operations } from '../../src/api/contract.js';
import { addDays, addMonths, todayUtc } from '../../src/model/index.js';
import { XERO_SANDBOX_APP } from '../../src/sandbox/xero/index.js';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const LEFT = 'Demo Xero';
const RIGHT = 'Demo Sage X3';
const STEP_TIMEOUT = 60_000;

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

/** The demo companies' period: the three months the demo generates, ending yesterday (src/sandbox/demo). */
function demoPeriod(): { start: string; end: string } {
  const start = addMonths(todayUtc(), -3);
  return { start, end: addDays(addMonths(start, 3), -1) };
}

function grid(page: Page, connection: string): Locator {
  return page.getByRole('region', { name: `Records in ${connection}` });
}

function rowAt(page: Page, connection: string, index: number): Locator {
  return grid(page, connection).locator(`.ag-row[row-index="${index}"]`);
}

/** Picks a status in the filter bar and waits for the rows it asked the server for. */
async function filterStatus(page: Page, label: string): Promise<void> {
  await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/getReconciliationRows')),
    page.getByRole('form', { name: 'Filter both sides' }).getByLabel('Status').selectOption({ label }),
  ]);
  await rowAt(page, LEFT, 0).locator('.ag-cell').first().waitFor();
}

/**
 * Clicks the first row until the detail panel shows it: a click that lands while the grid is still swapping in the
 * new filter's page selects nothing, exactly as it would for a person, who would click again.
 */
async function selectFirstRow(page: Page): Promise<void> {
  const status = rowAt(page, LEFT, 0).locator('[col-id="status"]');
  await expect
    .poll(
      async () => {
        await status.click();
        return page.locator('#recon-detail-title').isVisible();
      },
      { timeout: STEP_TIMEOUT, interval: 1000 },
    )
    .toBe(true);
}

async function noticeSaying(page: Page, title: string): Promise<void> {
  await page.getByRole('status').getByText(title).first().waitFor({ timeout: STEP_TIMEOUT });
}

/** WCAG 2.1 A/AA violations axe-core finds on the page, one line each (as test/e2e/accessibility.test.ts checks). */
async function axeViolations(page: Page): Promise<string[]> {
  if ((await page.evaluate<string>('typeof axe')) === 'undefined') await page.addScriptTag({ path: axeScript });
  return page.evaluate<string[]>(
    `axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((result) =>
      result.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`,
  );
}

type XeroCall = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

/** The Xero demo sandbox's own HTTP API, called as a custom-connection app would (client credentials). */
async function xeroSandbox(baseUrl: string): Promise<XeroCall> {
  const basic = Buffer.from(`${XERO_SANDBOX_APP.clientId}:${XERO_SANDBOX_APP.clientSecret}`).toString('base64');
  const token = (await fetch(`${baseUrl}/connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'accounting.transactions' }),
  }).then((response) => response.json())) as { access_token: string };
  const authorization = `Bearer ${token.access_token}`;
  const tenants = (await fetch(`${baseUrl}/connections`, { headers: { Authorization: authorization } }).then(
    (response) => response.json(),
  )) as { tenantId: string }[];
  const tenantId = tenants[0]?.tenantId ?? '';
  return async (method, path, body) => {
    const response = await fetch(`${baseUrl}/api.xro/2.0/${path}`, {
      method,
      headers: {
        Authorization: authorization,
        'xero-tenant-id': tenantId,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`Xero sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
}

interface XeroInvoice {
  readonly InvoiceID: string;
  readonly InvoiceNumber: string;
  readonly Reference?: string;
  readonly LineItems?: { readonly UnitAmount: number }[];
}

async function xeroInvoice(xero: XeroCall, id: string): Promise<XeroInvoice> {
  const { Invoices } = (await xero('GET', `Invoices/${encodeURIComponent(id)}`)) as { Invoices: XeroInvoice[] };
  const invoice = Invoices[0];
  if (invoice === undefined) throw new Error(`The Xero sandbox has no invoice ${id}.`);
  return invoice;
}

/**
 * The demo companies agree on every invoice number, so the engine matches all of them outright. Raising one unpaid
 * Xero invoice's first line makes its totals disagree with Sage X3: the engine then proposes that pair as a
 * suggestion instead (a number match whose totals differ), which the test accepts.
 */
async function raiseOneXeroInvoice(xero: XeroCall, periodStart: string): Promise<string> {
  const [year, month, day] = periodStart.split('-').map(Number);
  const where = `Type=="ACCREC" AND Status=="AUTHORISED" AND AmountPaid==0 AND Date>=DateTime(${year},${month},${day})`;
  const { Invoices } = (await xero('GET', `Invoices?page=1&where=${encodeURIComponent(where)}`)) as {
    Invoices: XeroInvoice[];
  };
  const chosen = Invoices[0];
  if (chosen === undefined) throw new Error('The Xero demo company has no unpaid invoice in the period.');
  const full = await xeroInvoice(xero, chosen.InvoiceID);
  const lines = (full.LineItems ?? []).map((line, index) =>
    index === 0 ? { ...line, UnitAmount: line.UnitAmount + 25 } : line,
  );
  await xero('POST', `Invoices/${chosen.InvoiceID}`, { Invoices: [{ InvoiceID: chosen.InvoiceID, LineItems: lines }] });
  return chosen.InvoiceNumber;
}

describe('reconciliation console', () => {
  let served: ServedConsole;
  let browser: Browser;
  let downloads: string;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    downloads = mkdtempSync(join(tmpdir(), 'counterpart-downloads-'));
    await call(served, 'completeFirstRun', { choice: 'demo' });
    await call(served, 'updateSettings', { userName: 'Priya Preparer', role: 'preparer' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('reconciles the demo companies, works the flags, has a correction approved and written, signs off and exports', {
    timeout: 300_000,
  }, async () => {
    // The demo companies start, and their connections are made, in the background once demo mode is chosen.
    await expect
      .poll(
        async () => {
          const [demo, list] = await Promise.all([
            call(served, 'getDemoStatus', {}),
            call(served, 'listConnections', {}),
          ]);
          return [demo.state, ...list.connections.map((connection) => connection.name)];
        },
        { timeout: 60_000, interval: 500 },
      )
      .toEqual(expect.arrayContaining(['running', LEFT, RIGHT]));
    const period = demoPeriod();
    const demo = await call(served, 'getDemoStatus', {});
    const xeroBaseUrl = (demo.state === 'running' ? demo.systems : []).find(
      (system) => system.system === 'xero',
    )?.baseUrl;
    const xero = await xeroSandbox(xeroBaseUrl ?? '');
    const raised = await raiseOneXeroInvoice(xero, period.start);

    // axe is injected as a script, which the console's Content-Security-Policy would rightly refuse.
    const { page, context, problems } = await openConsolePage(browser, { bypassCSP: true });
    try {
      await page.goto(served.url);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reconciliation' }).click();

      // Start: two demo connections, invoices, the demo period.
      const form = page.getByRole('form', { name: 'Start a reconciliation' });
      await form.getByLabel('Left side: connection').selectOption({ label: LEFT });
      await form.getByLabel('Right side: connection').selectOption({ label: RIGHT });
      await form.getByLabel('Records').selectOption({ label: 'Invoices' });
      await form.getByLabel('Period from').fill(period.start);
      await form.getByLabel('Period to').fill(period.end);
      await form.getByRole('button', { name: 'Reconcile' }).click();
      await page.getByRole('button', { name: '← All reconciliations' }).waitFor({ timeout: 120_000 });
      await rowAt(page, LEFT, 0).locator('.ag-cell').first().waitFor({ timeout: STEP_TIMEOUT });
      await rowAt(page, RIGHT, 0).locator('.ag-cell').first().waitFor();
      const id = new URL(page.url()).hash.split('id=')[1] ?? '';
      expect(id).not.toBe('');
      await selectFirstRow(page);
      // The console scrolls inside its main area, so each screenshot is the 1280×800 window as a person sees it.
      await page.screenshot({ path: screenshotPath('recon-workspace') });
      await page.locator('.recon-detail').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('recon-workspace-detail') });
      expect(await axeViolations(page)).toEqual([]);

      // Flagged mismatches: rows with differences, each differing cell marked in words too.
      await filterStatus(page, 'With differences');
      const differing = grid(page, LEFT).locator('.differs').first();
      await differing.waitFor();
      expect(await differing.textContent()).toContain(`Differs from ${RIGHT}`);
      await grid(page, LEFT).scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('recon-differences') });

      // Accept the suggestion (the raised invoice) with the keyboard shortcut.
      await filterStatus(page, 'Suggested');
      expect(await rowAt(page, LEFT, 0).textContent()).toContain(raised);
      await selectFirstRow(page);
      await page
        .locator('#recon-detail-title')
        .getByText(/Suggested/)
        .waitFor();
      await page.keyboard.press('a');
      await noticeSaying(page, 'Match accepted');

      // Reject an automatic match, with a reason.
      await filterStatus(page, 'Auto-matched');
      const [firstAuto] = (await call(served, 'getReconciliationRows', { id, offset: 0, limit: 1, status: 'auto' }))
        .rows;
      const rejectedNumber = firstAuto?.left?.values.number ?? '';
      await selectFirstRow(page);
      await page
        .getByRole('toolbar', { name: 'Decisions' })
        .getByRole('button', { name: /^Reject/ })
        .click();
      const reject = page.getByRole('dialog', { name: 'Reject this match' });
      await reject.getByLabel('Reason').fill('Different customer: the amounts agree by coincidence.');
      await reject.getByRole('button', { name: 'Reject match' }).click();
      await noticeSaying(page, 'Match rejected');

      // The two records are unmatched now: find them by number and match them again by hand.
      await filterStatus(page, 'Unmatched');
      const filters = page.getByRole('form', { name: 'Filter both sides' });
      await filters.getByLabel('Search').fill(rejectedNumber);
      await filters.getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => filters.getByText(/^2 rows$/).count()).toBe(1);
      const tick = (connection: string) =>
        grid(page, connection).locator('.ag-row input[type="checkbox"]:visible').first().check();
      await tick(LEFT);
      await tick(RIGHT);
      await page
        .getByRole('toolbar', { name: 'Decisions' })
        .getByRole('button', { name: /^Match 1 ↔ 1/ })
        .click();
      await noticeSaying(page, 'Records matched');
      await filters.getByRole('button', { name: 'Clear filters' }).click();

      // Propose a correction of the reference on the Xero side of a matched row.
      await filterStatus(page, 'Auto-matched');
      await selectFirstRow(page);
      await page.keyboard.press('c');
      const correction = page.getByRole('dialog', { name: 'Propose a correction' });
      await correction.getByRole('radio', { name: LEFT }).check();
      await correction.getByLabel('Field').selectOption('reference');
      const newReference = `PO-E2E-${Date.now().toString(36).toUpperCase()}`;
      await correction.getByLabel(/^New value/).fill(newReference);
      await correction.getByLabel('Why').fill('The customer’s purchase order number was keyed wrongly.');
      await correction.getByRole('button', { name: 'Propose correction' }).click();
      await noticeSaying(page, 'Correction proposed');

      // A preparer cannot approve it: switch to the approver role in Settings.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByLabel('Your name').fill('Adaeze Approver');
      await page.getByRole('radio', { name: /Approver/ }).check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await noticeSaying(page, 'Settings saved');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
      const card = page.getByRole('article').filter({ hasText: newReference });
      await card.getByLabel('Comment').fill('Checked against the purchase order.');
      await card.getByRole('button', { name: 'Approve and write' }).click();
      await noticeSaying(page, 'Correction written');
      const decided = page.getByRole('region', { name: 'Decided corrections' }).getByRole('row', { name: /PO-E2E/ });
      await decided.getByText(/Written to Xero/).waitFor();
      await page.screenshot({ path: screenshotPath('approvals-written') });

      // The new reference reached the Xero sandbox.
      const { corrections } = await call(served, 'listReconDecisions', { id });
      const written = corrections.find((entry) => entry.proposedValue === newReference);
      expect(written?.outcome?.state).toBe('written');
      const recordId = written?.outcome?.state === 'written' ? written.outcome.recordId : '';
      expect((await xeroInvoice(xero, recordId)).Reference).toBe(newReference);

      // Sign the period off from the approvals list; the workspace then shows the lock and refuses decisions.
      await page
        .getByRole('link', { name: /^Review and sign off/ })
        .first()
        .click();
      await page.getByRole('button', { name: 'Sign off period…' }).click();
      const signOff = page.getByRole('dialog', { name: /^Sign off/ });
      await signOff.getByLabel('Comment (optional)').fill('Invoices agree after the corrections.');
      await signOff.getByRole('button', { name: 'Sign off and lock' }).click();
      await noticeSaying(page, 'Period signed off');
      await page.getByText('Signed off and locked.').waitFor();
      expect(
        await page
          .getByRole('toolbar', { name: 'Decisions' })
          .getByRole('button', { name: /^Accept/ })
          .isDisabled(),
      ).toBe(true);
      await page.screenshot({ path: screenshotPath('recon-signed-off') });

      // Export the XLSX report and read it back.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Excel (XLSX)' }).click(),
      ]);
      const file = join(downloads, download.suggestedFilename());
      await download.saveAs(file);
      expect(file).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheets = workbook.worksheets.map((sheet) => sheet.name);
      expect(sheets).toEqual(
        expect.arrayContaining(['Summary', 'Matches', 'Differences', 'Unmatched', 'Flags', 'Decisions']),
      );
      const detail = await call(served, 'getReconciliation', { id });
      expect(detail.signOff?.by).toBe('Adaeze Approver');
      const summary = sheetText(workbook, 'Summary');
      expect(summary).toContain('Adaeze Approver');
      expect(summary).toContain(String(detail.counts.auto));
      const unmatchedRows = (workbook.getWorksheet('Unmatched')?.actualRowCount ?? 1) - 1;
      expect(unmatchedRows).toBe(detail.counts.unmatchedLeft + detail.counts.unmatchedRight);
      const decisions = sheetText(workbook, 'Decisions');
      expect(decisions).toContain('Different customer: the amounts agree by coincidence.');

      // Activity browses this reconciliation's decisions, and the hash chain still verifies.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
      await page.getByLabel('Reconciliation').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const rejection = page.locator('.ag-row', { hasText: 'Rejected a match' });
      await rejection.waitFor();
      expect(await rejection.textContent()).toContain('Different customer: the amounts agree by coincidence.');
      await page.locator('.ag-row', { hasText: 'Signed the period off' }).waitFor();
      await page.getByRole('button', { name: 'Verify audit trail' }).click();
      await page.getByText('Audit trail intact.').waitFor();
      await page.screenshot({ path: screenshotPath('activity-reconciliation') });

      expect(problems).toEqual([]);
    } catch (error) {
      // What the screen showed when a step failed, kept with the other screenshots.
      await page.screenshot({ path: screenshotPath('recon-failure') });
      throw error;
    } finally {
      await context.close();
    }
  });
});

function sheetText(workbook: ExcelJS.Workbook, name: string): string {
  const sheet = workbook.getWorksheet(name);
  const lines: string[] = [];
  sheet?.eachRow((row) => {
    lines.push(
      (row.values as unknown[])
        .map((value) => (value === undefined || value === null ? '' : String(value)))
        .join(' | '),
    );
  });
  return lines.join('\n');
}
