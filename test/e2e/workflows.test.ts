import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

interface Planted {
  readonly system: string;
  readonly kind: string;
  readonly recordType: string;
  readonly businessKey: string;
}

/** Polls an API query until `done` accepts its value; the demo companies start in the background. */
async function waitForApi<T>(served: ServedConsole, operation: string, done: (value: T) => boolean): Promise<T> {
  return vi.waitFor(
    async () => {
      const answer = await served.api(operation, {});
      if (!answer.body.ok || !done(answer.body.value as T)) throw new Error(`${operation} is not ready yet.`);
      return answer.body.value as T;
    },
    { timeout: 30_000, interval: 250 },
  );
}

/** The side panel beside the canvas, whatever it shows (trigger, step or workflow settings). */
function sidePanel(page: Page) {
  return page.getByRole('complementary', { name: 'Settings of the selected step' });
}

describe('workflows', () => {
  let served: ServedConsole;
  let browser: Browser;
  let missingCustomer: string;
  let connectionIds: Readonly<Record<string, string>>;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    await served.api('completeFirstRun', { choice: 'demo' });
    const { connections } = await waitForApi<{ connections: { id: string; system: string }[] }>(
      served,
      'listConnections',
      (list) => list.connections.length === 4,
    );
    connectionIds = Object.fromEntries(connections.map((connection) => [connection.system, connection.id]));
    const demo = await waitForApi<{ state: string; discrepancies?: Planted[] }>(
      served,
      'getDemoStatus',
      (status) => status.state === 'running',
    );
    // The demo plants a customer that Salesforce has and KashFlow lacks: the workflow creates it in KashFlow.
    const planted = demo.discrepancies?.find(
      (entry) => entry.kind === 'missingRecord' && entry.system === 'kashflow' && entry.recordType === 'party',
    );
    if (planted === undefined) throw new Error('The demo companies no longer plant a customer missing from KashFlow.');
    missingCustomer = planted.businessKey;
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('builds a workflow on the canvas, dry-runs it, enables it and sees a run complete', {
    timeout: 120_000,
  }, async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    // The built-in flows are offered as templates to copy.
    const templates = page.getByRole('region', { name: 'Built-in templates' });
    await expect.poll(() => templates.getByRole('button', { name: /^Copy and edit/ }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('workflows-list'), fullPage: true });

    await page.getByRole('button', { name: 'New workflow' }).click();
    const panel = sidePanel(page);
    await panel.getByRole('heading', { name: 'Trigger' }).waitFor();
    expect(await panel.getByLabel('Starts when').inputValue()).toBe('manual');

    // The workflow's settings: its name, the two connections and their mapping.
    await panel.getByRole('button', { name: 'Workflow settings' }).click();
    await panel.getByLabel('Name', { exact: true }).fill('Missing KashFlow customers');
    await panel.getByLabel('Accounting connection').selectOption({ label: 'Demo KashFlow (KashFlow)' });
    await panel.getByLabel('ERP or CRM connection').selectOption({ label: 'Demo Salesforce (Salesforce)' });
    await panel.getByLabel('Mapping', { exact: true }).selectOption('kashflow-salesforce');

    // Keyboard path: select the trigger (focus, Enter), add a Find step after it (linked by itself), configure it.
    await page.getByRole('group', { name: 'Trigger: Trigger' }).focus();
    await page.keyboard.press('Enter');
    await panel.getByRole('heading', { name: 'Trigger' }).waitFor();
    await page.getByLabel('Step to add').selectOption('find');
    await page.getByRole('button', { name: 'Add step' }).click();
    await panel.getByRole('heading', { name: 'Find: Find' }).waitFor();
    await panel.getByLabel('Step name').fill('Find the Salesforce account');
    await panel.getByLabel('Side').selectOption('erp');
    await panel.getByLabel('Entity').selectOption('party');
    await panel.getByLabel('Where field').fill('code');
    await panel.getByLabel('Equals').fill(`"${missingCustomer}"`);
    await panel.getByLabel('Fail the run when nothing is found').check();

    await page.getByLabel('Step to add').selectOption('create');
    await page.getByRole('button', { name: 'Add step' }).click();
    await panel.getByRole('heading', { name: 'Create: Create' }).waitFor();
    await panel.getByLabel('Step name').fill('Create the KashFlow customer');
    await expect.poll(() => panel.getByLabel('Mapping flow').locator('option').count()).toBeGreaterThan(1);
    await panel.getByLabel('Mapping flow').selectOption('parties-to-kashflow');
    await panel.getByLabel('Record to map').selectOption('find1');
    // The chosen flow's field rules are shown beside the step.
    await panel.getByText(/^Field rules of parties-to-kashflow/).click();
    expect(await panel.getByRole('rowheader', { name: /^code/ }).count()).toBeGreaterThan(0);

    // Mouse path: an approval dragged from the palette lands unconnected, and validation says so on the step.
    const canvas = page.getByRole('region', { name: /^Steps of Missing KashFlow customers/ });
    await page
      .getByRole('list', { name: 'Steps to drag onto the canvas' })
      .getByText('Approval', { exact: true })
      .dragTo(canvas, { targetPosition: { x: 120, y: 380 } });
    const problemList = page.getByRole('list', { name: 'Problems found' });
    await expect
      .poll(() => problemList.getByRole('button', { name: 'Show Step Approval' }).count(), { timeout: 15_000 })
      .toBe(1);
    const approval = canvas.getByRole('group', { name: 'Approval: Approval' });
    expect(await approval.textContent()).toMatch(/question/);
    await page.screenshot({ path: screenshotPath('workflow-designer-problems'), fullPage: true });
    await panel.getByRole('button', { name: 'Remove this step' }).click();
    const noProblems = page.getByRole('region', { name: 'Problems' }).getByText('No problems');
    await expect.poll(() => noProblems.count(), { timeout: 15_000 }).toBe(1);
    expect(await canvas.locator('.react-flow__edge').count()).toBe(2);

    // Linking with selects: unlinking Find from Create leaves Create unconnected, which validation reports.
    await canvas.getByRole('group', { name: 'Find: Find the Salesforce account' }).focus();
    await page.keyboard.press('Enter');
    await panel.getByLabel('Go to').selectOption('');
    await expect.poll(() => problemList.getByText(/this step is not connected/).count(), { timeout: 15_000 }).toBe(1);
    await panel.getByLabel('Go to').selectOption('create1');
    await expect.poll(() => noProblems.count(), { timeout: 15_000 }).toBe(1);

    // Dry run: what each step would do, writing nothing.
    const dryRun = page.getByRole('form', { name: 'Dry run' });
    await dryRun.getByRole('button', { name: 'Dry run' }).click();
    const result = page.getByRole('status', { name: 'Dry run result' });
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Would create a kashflow party/);
    expect(await result.textContent()).toContain(missingCustomer);
    await page.screenshot({ path: screenshotPath('workflow-dry-run'), fullPage: true });

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText(/^Version 1/).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => page.getByText('Enabled', { exact: true }).count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Start a run' }).click();
    const state = page.getByRole('status', { name: /^Run state:/ });
    await expect.poll(() => state.getAttribute('aria-label'), { timeout: 30_000 }).toBe('Run state: Succeeded');
    const log = page.getByRole('list', { name: 'Step log' });
    expect(await log.getByRole('listitem').count()).toBe(2);
    expect(await log.textContent()).toContain('Create the KashFlow customer');
    await page.screenshot({ path: screenshotPath('workflow-run-succeeded'), fullPage: true });

    const runs = await served.api('listWorkflowRuns', { state: 'succeeded' });
    expect(runs.body).toMatchObject({ ok: true, value: { runs: [{ workflowName: 'Missing KashFlow customers' }] } });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pauses a run at its approval step until an approver approves it, with a comment, in Approvals', async () => {
    await served.api('updateSettings', { role: 'approver' });
    const question = `Create ${missingCustomer} in KashFlow?`;
    const saved = await served.api('saveWorkflow', {
      definition: {
        id: 'approved-customers',
        name: 'Approved customers',
        connections: { accounting: connectionIds.kashflow, erp: connectionIds.salesforce },
        mapping: { id: 'kashflow-salesforce' },
        trigger: { kind: 'manual' },
        start: 'account',
        steps: [
          {
            id: 'account',
            kind: 'find',
            next: 'approve',
            side: 'erp',
            entity: 'party',
            by: { field: 'code', value: `"${missingCustomer}"` },
            required: true,
          },
          { id: 'approve', kind: 'approval', label: 'Accounts approve', next: null, question },
        ],
      },
    });
    expect(saved.body.ok).toBe(true);
    const started = await served.api('startWorkflowRun', { workflowId: 'approved-customers' });
    const runId = started.body.ok ? (started.body.value as { id: string }).id : '';

    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals', exact: true }).click();
    const waiting = page.getByRole('region', { name: 'Workflow steps waiting' });
    const card = waiting.getByRole('article', { name: question });
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);
    await page.screenshot({ path: screenshotPath('workflow-approval-waiting') });

    await card.getByLabel('Comment').fill('Customer checked with sales.');
    await card.getByRole('button', { name: /^Approve:/ }).click();
    await expect.poll(() => waiting.getByText('No workflow run is waiting for an approval.').count()).toBe(1);

    // The run's step log says who approved it and why.
    await page.goto(`${served.origin}/#/workflows?run=${encodeURIComponent(runId)}`);
    const state = page.getByRole('status', { name: /^Run state:/ });
    await expect.poll(() => state.getAttribute('aria-label'), { timeout: 30_000 }).toBe('Run state: Succeeded');
    const log = page.getByRole('list', { name: 'Step log' });
    expect(await log.textContent()).toMatch(/Approved by .*Customer checked with sales\./);
    await page.screenshot({ path: screenshotPath('workflow-approval-decided') });
    expect(problems).toEqual([]);
    await context.close();
  });
});
