import { describe, expect, it } from 'vitest';
import { SalesforceApi } from './support/salesforceApi.js';
import { copyShippedWorkflow, demoWorkflowHarnesses, enableAndPoll, TEST_LEAD } from './support/workflowHarness.js';

const openDemo = demoWorkflowHarnesses();

async function start() {
  const { harness: h, sandboxes } = await openDemo();
  const workflow = copyShippedWorkflow(h, 'opportunity-to-invoice', { accounting: 'kashflow', erp: 'salesforce' });
  return { h, workflow, sandboxes, salesforce: new SalesforceApi(sandboxes) };
}

describe('dry runs and retries', () => {
  it('dry-runs a workflow against a sample opportunity, reporting each step and writing nothing', async () => {
    const { h, workflow, salesforce } = await start();
    const [opportunity] = await salesforce.query<{ Id: string }>(
      "SELECT Id FROM Opportunity WHERE StageName = 'Closed Won' LIMIT 1",
    );
    const invoicesBefore = (await h.readAll('kashflow', 'invoice')).length;
    const partiesBefore = (await h.readAll('kashflow', 'party')).length;

    const report = await h.engine.dryRun({
      id: workflow.id,
      sample: { connectionId: h.connection('salesforce').id, entity: 'salesOrder', id: String(opportunity?.Id) },
    });
    expect(report.sample).toMatchObject({ system: 'salesforce', id: opportunity?.Id });
    expect(report.steps.map((step) => step.stepId)).toEqual([
      'customer',
      'large',
      ...(report.steps.some((step) => step.stepId === 'approve') ? ['approve'] : []),
      'invoice',
      'invoiceRecord',
      'writeBackInvoice',
      'paid',
    ]);
    expect(report.steps.find((step) => step.stepId === 'invoice')?.outcome).toMatch(
      /^Would create a kashflow invoice through flow "opportunity-to-invoice"/,
    );
    expect(report.steps.find((step) => step.stepId === 'writeBackInvoice')?.outcome).toMatch(
      /^Would update salesforce/,
    );
    // A new invoice is unpaid: a run would wait there for the payment.
    expect(report.outcome).toBe('stopped');

    expect((await h.readAll('kashflow', 'invoice')).length).toBe(invoicesBefore);
    expect((await h.readAll('kashflow', 'party')).length).toBe(partiesBefore);
    expect(h.workspace.outbox.listByState('done')).toEqual([]);
    expect(h.engine.listRuns({})).toEqual([]);
  }, 180_000);

  it('retries a failed write-back once its cause is fixed, without repeating the steps before it', async () => {
    const { h, workflow, salesforce, sandboxes: running } = await start();
    await enableAndPoll(h, workflow.id);
    const accountId = await salesforce.create('Account', { Name: 'Kestrel Cleaning', AccountNumber: 'KEST-01' });
    const opportunityId = await salesforce.openOpportunity(accountId, 'OFF-0001', 1, 'Kestrel binder');
    await salesforce.update('Opportunity', opportunityId, { StageName: 'Closed Won' });

    // Salesforce refuses every record written to it (a validation rule, say) while the run writes back.
    running.faults.set({ salesforce: { partialBatch: 1 } });
    await h.engine.tick();
    const [run] = h.engine.listRuns({ workflowId: workflow.id });
    expect(run).toMatchObject({ state: 'failed', currentStepId: 'writeBackInvoice' });
    expect(run?.error?.message).toMatch(/Step "writeBackInvoice" could not update/);

    running.faults.set({});
    const retried = await h.engine.retry(run?.id ?? '', 'writeBackInvoice', TEST_LEAD);
    expect(retried).toMatchObject({ state: 'waiting', currentStepId: 'paid' });
    expect(retried.steps.filter((step) => step.stepId === 'writeBackInvoice').map((step) => step.state)).toEqual([
      'failed',
      'succeeded',
    ]);
    expect(retried.steps.filter((step) => step.stepId === 'invoice')).toHaveLength(1);
    const invoices = (await h.readAll('kashflow', 'invoice')).filter((invoice) => invoice.party.code === 'KEST-01');
    expect(invoices).toHaveLength(1);
    expect(await salesforce.get<Record<string, unknown>>('Opportunity', opportunityId)).toMatchObject({
      Invoice_Number__c: invoices[0]?.number,
    });
    // The refused write is closed, so nobody replays it from the Sync page as well.
    expect(h.syncEngine.listDeadLetters({ state: 'open' })).toEqual([]);
  }, 240_000);
});
