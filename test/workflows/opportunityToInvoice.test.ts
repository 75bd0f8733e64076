import { describe, expect, it } from 'vitest';
import { SalesforceApi } from './support/salesforceApi.js';
import {
  copyShippedWorkflow,
  demoWorkflowHarnesses,
  enableAndPoll,
  recordCustomerPayment,
} from './support/workflowHarness.js';

const openDemo = demoWorkflowHarnesses();

async function start() {
  const { harness: h, sandboxes } = await openDemo();
  const workflow = copyShippedWorkflow(h, 'opportunity-to-invoice', { accounting: 'kashflow', erp: 'salesforce' });
  // The demo's opportunities were won before the workflow was enabled: they start nothing.
  await enableAndPoll(h, workflow.id);
  expect(h.engine.listRuns({ workflowId: workflow.id })).toEqual([]);
  return { h, workflow, salesforce: new SalesforceApi(sandboxes) };
}

describe('Opportunity to invoice (Salesforce → KashFlow), against the sandboxes', () => {
  it('invoices a won opportunity in KashFlow for a new customer and writes the invoice back', async () => {
    const { h, workflow, salesforce } = await start();
    const accountId = await salesforce.create('Account', { Name: 'Wren & Finch Ltd', AccountNumber: 'WREN-001' });
    await salesforce.create('Contact', {
      AccountId: accountId,
      FirstName: 'Ada',
      LastName: 'Wren',
      Email: 'ada@wrenfinch.example',
    });
    const [product] = await salesforce.query<{ ProductCode: string }>(
      "SELECT ProductCode FROM PricebookEntry WHERE ProductCode LIKE 'OFF-%' LIMIT 1",
    );
    const opportunityId = await salesforce.openOpportunity(accountId, String(product?.ProductCode), 2, 'Wren desks');

    await h.engine.tick();
    expect(h.engine.listRuns({ workflowId: workflow.id })).toEqual([]);

    await salesforce.update('Opportunity', opportunityId, { StageName: 'Closed Won' });
    await h.engine.tick();
    const [run] = h.engine.listRuns({ workflowId: workflow.id });
    expect(run).toMatchObject({ state: 'waiting', currentStepId: 'paid', record: { id: opportunityId } });
    const view = h.engine.runView(run?.id ?? '');
    expect(view.steps.map((step) => [step.stepId, step.state])).toEqual([
      ['customer', 'succeeded'],
      ['large', 'succeeded'],
      ['invoice', 'succeeded'],
      ['invoiceRecord', 'succeeded'],
      ['writeBackInvoice', 'succeeded'],
      ['paid', 'waiting'],
    ]);
    expect(view.steps[0]?.output).toMatchObject({ found: 'created' });

    const customers = await h.readAll('kashflow', 'party');
    expect(customers.filter((customer) => customer.code === 'WREN-001')).toHaveLength(1);
    const invoices = (await h.readAll('kashflow', 'invoice')).filter((invoice) => invoice.party.code === 'WREN-001');
    expect(invoices).toHaveLength(1);
    const opportunity = await salesforce.get<Record<string, unknown>>('Opportunity', opportunityId);
    expect(opportunity).toMatchObject({ Invoice_Number__c: invoices[0]?.number, Invoice_Status__c: 'Outstanding' });

    // Polling again starts nothing new and writes nothing twice.
    await h.engine.tick();
    expect(h.engine.listRuns({ workflowId: workflow.id })).toHaveLength(1);
    expect(
      (await h.readAll('kashflow', 'invoice')).filter((invoice) => invoice.party.code === 'WREN-001'),
    ).toHaveLength(1);

    // The customer pays in KashFlow; the next look at the waiting run writes the payment back to the opportunity.
    const invoice = invoices[0];
    if (!invoice?.source) throw new Error('the invoice was not read back');
    const paid = await recordCustomerPayment(
      h.connector('kashflow'),
      invoice,
      { ref: invoice.source, number: invoice.number },
      { reference: 'BACS WREN' },
    );
    expect(paid).toMatchObject({ ok: true });
    h.later(16 * 60_000);
    await h.engine.tick();
    expect(h.engine.runView(run?.id ?? '')).toMatchObject({ state: 'succeeded', currentStepId: null });
    expect(await salesforce.get<Record<string, unknown>>('Opportunity', opportunityId)).toMatchObject({
      Invoice_Number__c: invoice.number,
      Invoice_Status__c: 'Paid',
      Amount_Paid__c: invoice.totals.gross.amountMinor / 100,
      Amount_Due__c: 0,
    });
  }, 240_000);

  it('pauses a large deal for approval and invoices it once an approver approves', async () => {
    const { h, workflow, salesforce } = await start();
    const [account] = await salesforce.query<{ Id: string; AccountNumber: string }>(
      'SELECT Id, AccountNumber FROM Account WHERE AccountNumber != null LIMIT 1',
    );
    const [product] = await salesforce.query<{ ProductCode: string }>(
      "SELECT ProductCode FROM PricebookEntry WHERE ProductCode LIKE 'OFF-%' LIMIT 1",
    );
    const opportunityId = await salesforce.openOpportunity(
      String(account?.Id),
      String(product?.ProductCode),
      500,
      'Head office fit-out',
    );
    await salesforce.update('Opportunity', opportunityId, { StageName: 'Closed Won' });
    const before = (await h.readAll('kashflow', 'invoice')).length;
    await h.engine.tick();
    const [run] = h.engine.listRuns({ workflowId: workflow.id });
    expect(run).toMatchObject({ state: 'awaiting_approval', currentStepId: 'approve' });
    expect(h.engine.runView(run?.id ?? '').steps[0]?.output).toMatchObject({ found: 'businessKey' });
    expect((await h.readAll('kashflow', 'invoice')).length).toBe(before);

    const decided = await h.engine.decide(
      { runId: run?.id ?? '', stepId: 'approve', approve: true, comment: 'Signed contract on file' },
      'Priya Approver',
    );
    expect(decided).toMatchObject({ state: 'waiting', currentStepId: 'paid' });
    expect(decided.steps.find((step) => step.stepId === 'approve')?.decision).toMatchObject({
      approved: true,
      decidedBy: 'Priya Approver',
      comment: 'Signed contract on file',
    });
    expect((await h.readAll('kashflow', 'invoice')).length).toBe(before + 1);
    expect(h.workspace.auditLog.list({ action: 'workflow.approval.approved', limit: 10 })).toEqual([
      expect.objectContaining({ actor: 'Priya Approver', comment: 'Signed contract on file' }),
    ]);
  }, 240_000);
});
