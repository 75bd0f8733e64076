import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Party, Product, SalesOrder } from '../../../src/model/index.js';
import { demo, readAll, type SalesforceHarness, startSalesforce } from './harness.js';

describe('Salesforce connector reads', () => {
  let harness: SalesforceHarness;
  beforeAll(async () => {
    harness = await startSalesforce({ demo: demo() });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('reads every account as a party, in pages of the query batch size, with addresses, contacts and custom fields', async () => {
    const connector = harness.connector();
    const { records, pages } = await readAll<Party>(connector.read('party'));
    expect(records).toHaveLength(demo().parties.length);
    expect(pages).toEqual([200, 120]);
    const expected = demo().parties[0];
    const party = records.find((record) => record.code === expected?.code);
    expect(party).toMatchObject({
      source: { system: 'salesforce', id: expected?.source?.id },
      name: expected?.name,
      roles: ['customer'],
      customFields: expect.objectContaining({ Counterpart_External_Id__c: expected?.code }),
    });
    expect(party?.addresses.find((address) => address.kind === 'billing')?.city).toBeTruthy();
    expect(records.some((record) => record.contacts.length > 0)).toBe(true);
    // Oldest change first, so the cursor can move page by page.
    const stamps = records.map((record) => record.source?.updatedAt ?? '');
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('reads products with their standard price as decimal text', async () => {
    const { records } = await readAll<Product>(harness.connector().read('product'));
    expect(records.length).toBeGreaterThanOrEqual(demo().products.length);
    const expected = demo().products.find((candidate) => candidate.sales?.unitPrice !== undefined);
    const product = records.find((record) => record.code === expected?.code);
    expect(product?.sales?.unitPrice).toBeDefined();
    expect(Number(product?.sales?.unitPrice)).toBeCloseTo(Number(expected?.sales?.unitPrice), 2);
  });

  it('reads orders with their lines, totals adding up in minor units, and opportunities by setting', async () => {
    const { records, pages } = await readAll<SalesOrder>(harness.connector().read('salesOrder'));
    expect(records).toHaveLength(demo().salesOrders.length);
    expect(pages.length).toBe(Math.ceil(demo().salesOrders.length / 200));
    const expected = demo().salesOrders[0];
    const order = records.find((record) => record.source?.id === expected?.source?.id);
    expect(order?.lines).toHaveLength(expected?.lines.length ?? -1);
    expect(order?.totals.net.amountMinor).toBe(expected?.totals.net.amountMinor);
    expect(order?.party.code).toBe(expected?.party.code);

    const opportunities = await readAll<SalesOrder>(
      harness.connector({ salesOrderObject: 'Opportunity' }).read('salesOrder', { limit: 250 }),
    );
    expect(opportunities.records).toHaveLength(250);
    expect(opportunities.records.every((record) => record.lines.length > 0)).toBe(true);
  });

  it('reads incrementally: after one change only that record comes back', async () => {
    const connector = harness.connector();
    const before = new Date(Date.now() + 1_000).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const target = demo().parties[5];
    const session = await connector.session.open();
    await session.sobject('Account').update({ Id: target?.source?.id ?? '', Phone: '0161 496 0999' });
    const { records } = await readAll<Party>(connector.read('party', { modifiedSince: before }));
    expect(records.map((record) => record.source?.id)).toEqual([target?.source?.id]);
    expect(records[0]?.phone).toBe('0161 496 0999');
  });
});
