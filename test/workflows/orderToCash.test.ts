import { describe, expect, it } from 'vitest';
import type { Invoice, RecordRef } from '../../src/model/index.js';
import { SageX3Api } from './support/sageX3Api.js';
import {
  copyShippedWorkflow,
  demoWorkflowHarnesses,
  enableAndPoll,
  recordCustomerPayment,
} from './support/workflowHarness.js';

const openDemo = demoWorkflowHarnesses();

describe('Order to cash (Sage X3 → Xero), against the sandboxes', () => {
  it('invoices a shipped X3 order in Xero as a draft, and posts invoice and receipt in X3 once Xero is paid', async () => {
    const { harness: h, sandboxes } = await openDemo();
    const workflow = copyShippedWorkflow(h, 'order-to-cash-x3-xero', { accounting: 'xero', erp: 'sagex3' });
    await enableAndPoll(h, workflow.id);
    expect(h.engine.listRuns({ workflowId: workflow.id })).toEqual([]);

    const order = (await h.readAll('sagex3', 'salesOrder')).find(
      (candidate) => candidate.status === 'open' && candidate.deliveryStatus === 'none',
    );
    if (!order?.source) throw new Error('the demo company has no open order left to ship');
    await new SageX3Api(sandboxes).shipOrder(order.source.id);
    await h.engine.tick();

    const [run] = h.engine.listRuns({ workflowId: workflow.id });
    expect(run).toMatchObject({ state: 'waiting', currentStepId: 'paid', record: { id: order.source.id } });
    const invoiceStep = h.engine.runView(run?.id ?? '').steps.find((step) => step.stepId === 'invoice');
    const created = invoiceStep?.output as { ref: RecordRef; record: Invoice } | undefined;
    if (!created) throw new Error('the invoice step has no output');
    const { ref, record } = created;
    expect(record).toMatchObject({ kind: 'receivable', status: 'draft', reference: order.number });
    expect(record.lines.map((line) => line.accountCode)).toEqual(order.lines.map(() => '200'));
    expect(
      record.lines.every((line) =>
        ['OUTPUT2', 'RROUTPUT', 'ZERORATEDOUTPUT', 'EXEMPTOUTPUT'].includes(String(line.taxCode)),
      ),
    ).toBe(true);

    // In Xero the accountant approves the draft and the customer's payment is recorded against it.
    const xero = h.connector('xero');
    const [approved] = await xero.write('invoice', [
      {
        idempotencyKey: 'approve-draft',
        operation: 'update',
        target: ref,
        record: { ...record, status: 'authorised' },
      },
    ]);
    expect(approved).toMatchObject({ ok: true });
    const paid = await recordCustomerPayment(
      xero,
      record,
      { ref },
      { bankAccount: { code: '090' }, reference: `Receipt ${order.number}` },
    );
    expect(paid).toMatchObject({ ok: true });

    h.later(16 * 60_000);
    await h.engine.tick();
    const finished = h.engine.runView(run?.id ?? '');
    expect(finished).toMatchObject({ state: 'succeeded' });
    const x3Invoice = finished.steps.find((step) => step.stepId === 'x3Invoice')?.output as { ref: RecordRef };
    const x3Payment = finished.steps.find((step) => step.stepId === 'x3Payment')?.output as { ref: RecordRef };
    expect(x3Invoice.ref.system).toBe('sagex3');
    expect(x3Payment.ref.system).toBe('sagex3');

    // The receipt X3 accepted settles the invoice the run posted there (X3 refuses one without an open item).
    const receipt = finished.steps.find((step) => step.stepId === 'x3Payment')?.output as {
      record: { allocations: { document: { ref: RecordRef } }[] };
    };
    expect(receipt.record.allocations[0]?.document.ref).toEqual(x3Invoice.ref);
  }, 420_000);
});
