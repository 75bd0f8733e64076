import { afterEach, describe, expect, it } from 'vitest';
import type { WriteOutcome } from '../../../src/connectors/connector.js';
import { type SalesforceHarness, startSalesforce } from './harness.js';
import { customer, product, salesOrder, upsert } from './records.js';

let harness: SalesforceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const OPPORTUNITIES = { salesOrderObject: 'Opportunity' } as const;

function refOf(outcome: WriteOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`write failed: ${outcome?.ok === false ? outcome.error.message : 'no outcome'}`);
  return outcome.ref;
}

describe('Salesforce writes replayed after a crash', () => {
  it('leaves exactly one account, product and opportunity when a fresh connector sends the same keys again', async () => {
    harness = await startSalesforce();
    const h = harness;
    const send = async () => {
      // A new connector each time: nothing in memory remembers the first attempt.
      const connector = h.connector(OPPORTUNITIES);
      const party = refOf((await connector.write('party', [upsert('party-1', customer(1))]))[0]);
      const item = refOf((await connector.write('product', [upsert('product-1', product(1))]))[0]);
      const order = refOf((await connector.write('salesOrder', [upsert('order-1', salesOrder('SO-1', party))]))[0]);
      return [party.id, item.id, order.id];
    };
    const first = await send();
    const replayed = await send();
    expect(replayed).toEqual(first);

    const connection = await h.connector().session.open();
    for (const object of ['Account', 'Product2', 'Opportunity']) {
      expect((await connection.query(`SELECT count() FROM ${object}`)).totalSize, object).toBe(1);
    }
  });
});
