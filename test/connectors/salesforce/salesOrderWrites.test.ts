import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRequest } from '../../../src/connectors/connector.js';
import type { RecordRef, SalesOrder } from '../../../src/model/index.js';
import { readAll, type SalesforceHarness, startSalesforce } from './harness.js';
import { customer, salesOrder, upsert } from './records.js';

let harness: SalesforceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const OPPORTUNITIES = { salesOrderObject: 'Opportunity' } as const;

async function account(h: SalesforceHarness): Promise<RecordRef> {
  const [written] = await h.connector().write('party', [upsert('account', customer(1))]);
  if (!written?.ok) throw new Error('the account could not be written');
  return written.ref;
}

const writeBack = (key: string, target: RecordRef, record: SalesOrder): WriteRequest<'salesOrder'> => ({
  idempotencyKey: key,
  operation: 'update',
  target,
  record,
});

describe('Salesforce sales order (Opportunity) writes', () => {
  it('says it can write sales orders', async () => {
    harness = await startSalesforce();
    expect(harness.connector(OPPORTUNITIES).capabilities.salesOrder).toMatchObject({ read: true, write: true });
  });

  it('upserts an opportunity from an order by its number and reads it back as the same order', async () => {
    harness = await startSalesforce();
    const ref = await account(harness);
    const connector = harness.connector(OPPORTUNITIES);
    const [created] = await connector.write('salesOrder', [upsert('so-1', salesOrder('SO-1', ref))]);
    expect(created).toMatchObject({ ok: true, created: true, ref: { system: 'salesforce', number: 'SO-1' } });
    const [again] = await harness
      .connector(OPPORTUNITIES)
      .write('salesOrder', [upsert('so-1-renamed', salesOrder('SO-1', ref, { customerReference: 'Renamed order' }))]);
    expect(again).toMatchObject({ ok: true, created: false });
    if (!created?.ok || !again?.ok) throw new Error('writes failed');
    expect(again.ref.id).toBe(created.ref.id);

    const { records } = await readAll<SalesOrder>(harness.connector(OPPORTUNITIES).read('salesOrder'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      customerReference: 'Renamed order',
      orderDate: '2026-03-02',
      status: 'open',
      party: { ref: { id: ref.id } },
      customFields: expect.objectContaining({ Counterpart_External_Id__c: 'SO-1' }),
    });
  });

  it('writes back invoice fields to an opportunity by its id, named by the record, leaving the rest alone', async () => {
    harness = await startSalesforce();
    const ref = await account(harness);
    const [created] = await harness
      .connector(OPPORTUNITIES)
      .write('salesOrder', [upsert('so', salesOrder('SO-7', ref))]);
    if (!created?.ok) throw new Error('create failed');
    const paid = salesOrder('SO-7', ref, {
      customerReference: 'A name the CRM owns',
      status: 'cancelled',
      customFields: { Invoice_Number__c: 'INV-0042', Invoice_Status__c: 'PAID', Amount_Paid__c: 59.97 },
    });
    const [updated] = await harness
      .connector(OPPORTUNITIES)
      .write('salesOrder', [writeBack('wb-1', created.ref, paid)]);
    expect(updated).toMatchObject({ ok: true, ref: { id: created.ref.id } });

    const { records } = await readAll<SalesOrder>(harness.connector(OPPORTUNITIES).read('salesOrder'));
    expect(records[0]).toMatchObject({
      customerReference: 'Order SO-7',
      status: 'open',
      customFields: expect.objectContaining({
        Invoice_Number__c: 'INV-0042',
        Invoice_Status__c: 'PAID',
        Amount_Paid__c: 59.97,
      }),
    });
  });

  it('names the unknown field when Salesforce refuses a write-back, as a configuration problem', async () => {
    for (const collectionUnknownField of ['request', 'record'] as const) {
      harness = await startSalesforce({ settings: { collectionUnknownField } });
      const ref = await account(harness);
      const connector = harness.connector(OPPORTUNITIES);
      const [created] = await connector.write('salesOrder', [upsert('so', salesOrder('SO-8', ref))]);
      if (!created?.ok) throw new Error('create failed');
      const typo = salesOrder('SO-8', ref, { customFields: { Invoice_Nmuber__c: 'INV-1' } });
      const [refused] = await connector.write('salesOrder', [writeBack('typo', created.ref, typo)]);
      expect(refused).toMatchObject({
        ok: false,
        error: { kind: 'configuration', context: expect.objectContaining({ errorCode: 'INVALID_FIELD' }) },
      });
      if (!refused?.ok) expect(refused?.error.systemMessage).toContain('Invoice_Nmuber__c');
      await harness.close();
      harness = undefined;
    }
  });

  it('refuses, without a call, a write-back with no custom field or no target, and creating Orders', async () => {
    harness = await startSalesforce();
    const ref: RecordRef = { system: 'salesforce', id: '006000000000001AAA' };
    const connector = harness.connector(OPPORTUNITIES);
    const before = connector.statistics().calls;
    const [bare, untargeted] = await connector.write('salesOrder', [
      writeBack('bare', ref, salesOrder('SO-9', ref)),
      { idempotencyKey: 'no-target', operation: 'update', record: salesOrder('SO-9', ref) },
    ]);
    expect(bare).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(untargeted).toMatchObject({ ok: false, error: { kind: 'configuration' } });
    expect(connector.statistics().calls).toBe(before);

    const [order] = await harness
      .connector({ salesOrderObject: 'Order' })
      .write('salesOrder', [upsert('order', salesOrder('SO-10', ref))]);
    expect(order).toMatchObject({ ok: false, error: { kind: 'configuration' } });
  });
});
