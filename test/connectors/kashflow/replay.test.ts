import { afterEach, describe, expect, it } from 'vitest';
import type { Entity, WriteOutcome, WriteRequest } from '../../../src/connectors/connector.js';
import { type KashFlowHarness, readAll, seedLedger, startKashFlow } from './harness.js';
import { customer, invoice, product, receipt } from './records.js';

let harness: KashFlowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function refOf(outcome: WriteOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`write failed: ${outcome?.ok === false ? outcome.error.message : 'no outcome'}`);
  return outcome.ref;
}

describe('KashFlow writes replayed after a crash', () => {
  it('leaves exactly one customer, product, invoice and payment when a fresh connector sends them again', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const h = harness;
    const write = async <E extends Entity>(entity: E, request: WriteRequest<E>) =>
      // A new connector each time: nothing in memory remembers the first attempt, only KashFlow's records can.
      refOf((await h.connector().write(entity, [request]))[0]);
    const send = async () => [
      (await write('party', { idempotencyKey: 'party-1', operation: 'upsert', record: customer(71) })).id,
      (await write('product', { idempotencyKey: 'product-1', operation: 'upsert', record: product(1) })).id,
      (await write('invoice', { idempotencyKey: 'invoice-1', operation: 'create', record: invoice(20_071, 'NEW071') }))
        .id,
      (
        await write('payment', {
          idempotencyKey: 'payment-1',
          operation: 'create',
          record: receipt('20071', 1_000, 'RPL'),
        })
      ).id,
    ];
    const first = await send();
    expect(await send()).toEqual(first);

    const reader = h.connector();
    expect((await readAll(reader.read('party'))).filter((record) => record.code === 'NEW071')).toHaveLength(1);
    expect((await readAll(reader.read('product'))).filter((record) => record.code === 'NP-1')).toHaveLength(1);
    const invoices = (await readAll(reader.read('invoice'))).filter((record) => record.number === '20071');
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.amountPaid).toEqual({ amountMinor: 1_000, currency: 'GBP' });
    expect((await readAll(reader.read('payment'))).filter((record) => record.reference === 'RPL')).toHaveLength(1);
  });
});
