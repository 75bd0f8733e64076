import { describe, expect, it } from 'vitest';
import type { Entity, WriteOutcome, WriteRequest } from '../../../src/connectors/connector.js';
import { companySeed, queryPath, startX3 } from './harness.js';
import { customer, invoice, order, product, receipt } from './records.js';

function refOf(outcome: WriteOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`write failed: ${outcome?.ok === false ? outcome.error.message : 'no outcome'}`);
  return outcome.ref;
}

describe('Sage X3 writes replayed after a crash', () => {
  it('leaves exactly one customer, product, order, invoice and receipt when a fresh connector sends them again', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const write = async <E extends Entity>(entity: E, request: WriteRequest<E>) =>
      // A new connector each time: nothing in memory remembers the first attempt, only X3's records can.
      refOf((await x3.connector().write(entity, [request]))[0]);
    const send = async () => [
      (await write('party', { idempotencyKey: 'party-1', operation: 'upsert', record: customer(61) })).id,
      (await write('product', { idempotencyKey: 'product-1', operation: 'upsert', record: product('RPL-1', '4.50') }))
        .id,
      (
        await write('salesOrder', {
          idempotencyKey: 'order-1',
          operation: 'create',
          record: order('RPL-SO-1', 'NEW-61'),
        })
      ).id,
      (
        await write('invoice', {
          idempotencyKey: 'invoice-1',
          operation: 'create',
          record: invoice('RPL-INV-1', 'NEW-61'),
        })
      ).id,
      (
        await write('payment', {
          idempotencyKey: 'payment-1',
          operation: 'create',
          record: receipt('RPL-PAY-1', 'NEW-61', 'RPL-INV-1', 1_000),
        })
      ).id,
    ];
    const first = await send();
    expect(await send()).toEqual(first);

    const stored = async (className: string, key: string, field = 'ZEXTKEY') => {
      const answer = await x3.x3(queryPath(className, { where: `${field} eq '${key}'` }));
      return (answer.body as { $resources: unknown[] }).$resources.length;
    };
    expect(await stored('BPCUSTOMER', 'NEW-61')).toBe(1);
    expect(await stored('ITMMASTER', 'RPL-1', 'ITMREF')).toBe(1);
    expect(await stored('SORDER', 'RPL-SO-1')).toBe(1);
    expect(await stored('SINVOICE', 'RPL-INV-1')).toBe(1);
    expect(await stored('PAYMENTH', 'RPL-PAY-1', 'REF')).toBe(1);
  });
});
