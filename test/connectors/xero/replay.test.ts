import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity, WriteOutcome, WriteRequest } from '../../../src/connectors/connector.js';
import type { Payment, Product } from '../../../src/model/index.js';
import type { Started } from '../../sandbox/xero/helpers.js';
import { connectorFor, readAll, startXero } from './harness.js';
import { invoice, party } from './records.js';

let started: Started;
beforeAll(async () => {
  started = await startXero();
});
afterAll(async () => {
  await started.sandbox.close();
});

const item: Product = {
  code: 'RPL-01',
  name: 'Replayed ring binder',
  status: 'active',
  sales: { unitPrice: '4.50', currency: 'GBP', accountCode: '200', taxCode: 'OUTPUT2' },
};

function refOf(outcome: WriteOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`write failed: ${outcome?.ok === false ? outcome.error.message : 'no outcome'}`);
  return outcome.ref;
}

describe('Xero writes replayed after a crash', () => {
  it('leaves exactly one contact, item, invoice and payment when a fresh connector sends the same keys again', async () => {
    const write = async <E extends Entity>(entity: E, request: WriteRequest<E>) => {
      // A new connector each time: nothing in memory remembers the first attempt, only Xero's Idempotency-Key can.
      const { connector } = await connectorFor(started);
      return refOf((await connector.write(entity, [request]))[0]);
    };
    const send = async () => {
      const contact = await write('party', { idempotencyKey: 'party-1', operation: 'upsert', record: party(501, 'R') });
      const product = await write('product', { idempotencyKey: 'product-1', operation: 'upsert', record: item });
      const bill = await write('invoice', {
        idempotencyKey: 'invoice-1',
        operation: 'create',
        record: invoice(501, party(501, 'R').code ?? '', { party: { ref: contact } }),
      });
      const payment: Payment = {
        direction: 'received',
        status: 'authorised',
        date: '2024-06-10',
        amount: { amountMinor: 1002, currency: 'GBP' },
        allocations: [
          { document: { ref: bill }, documentKind: 'invoice', amount: { amountMinor: 1002, currency: 'GBP' } },
        ],
        bankAccount: { code: '090' },
        reference: 'Replayed receipt',
      };
      const paid = await write('payment', { idempotencyKey: 'payment-1', operation: 'create', record: payment });
      return [contact.id, product.id, bill.id, paid.id];
    };
    const first = await send();
    expect(await send()).toEqual(first);

    const { connector } = await connectorFor(started);
    const count = async <E extends Entity>(entity: E, keep: (record: Record<string, unknown>) => boolean) =>
      (await readAll(connector.read(entity))).records.filter((record) => keep(record as Record<string, unknown>))
        .length;
    expect(await count('party', (record) => record.code === party(501, 'R').code)).toBe(1);
    expect(await count('product', (record) => record.code === item.code)).toBe(1);
    expect(await count('invoice', (record) => record.reference === 'PO-501')).toBe(1);
    expect(await count('payment', (record) => record.reference === 'Replayed receipt')).toBe(1);
  });
});
