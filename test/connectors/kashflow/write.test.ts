import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRequest } from '../../../src/connectors/connector.js';
import type { Invoice, Party } from '../../../src/model/index.js';
import { type KashFlowHarness, readAll, seedLedger, startKashFlow } from './harness.js';
import { customer, gbp, invoice, product, receipt } from './records.js';

let harness: KashFlowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const create = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'create' as const, record });

describe('KashFlow connector writes', () => {
  it('creates customers, products, invoices and payments, and reads them back unchanged', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();
    const parties = await connector.write(
      'party',
      [1, 2, 3, 4].map((n) => create(`party-${n}`, customer(n))),
    );
    expect(parties.every((outcome) => outcome.ok && outcome.created)).toBe(true);
    const products = await connector.write('product', [create('product-1', product(1))]);
    expect(products[0]).toMatchObject({ ok: true, created: true, ref: { number: 'NP-1' } });
    const invoices = await connector.write('invoice', [create('inv-20001', invoice(20_001, 'NEW001'))]);
    expect(invoices[0]).toMatchObject({ ok: true, created: true, ref: { number: '20001' } });
    const payments = await connector.write('payment', [create('pay-1', receipt('20001', 1234))]);
    expect(payments[0]).toMatchObject({ ok: true, created: true });

    const reader = harness.connector();
    const back = (await readAll(reader.read('party'))).find((party) => party.code === 'NEW002') as Party;
    const { source: _source, defaultCurrency: _currency, ...withoutSource } = back;
    expect(withoutSource).toEqual({
      ...customer(2),
      contacts: [{ ...customer(2).contacts[0], receivesInvoices: true, sourceId: expect.any(String) }],
    });
    const written = (await readAll(reader.read('invoice'))).find((doc) => doc.number === '20001') as Invoice;
    expect(written).toMatchObject({
      reference: 'PO-20001',
      issueDate: '2026-03-29',
      dueDate: '2026-04-28',
      totals: invoice(20_001, 'NEW001').totals,
      amountPaid: gbp(1234),
      amountDue: gbp(4798 - 1234),
      party: { code: 'NEW001' },
    });
    expect(written.lines[0]).toMatchObject({ quantity: '2', unitPrice: '19.99', net: gbp(3998), tax: gbp(800) });
    const paid = (await readAll(reader.read('payment'))).find((payment) => payment.reference === 'BACS batch 7');
    expect(paid).toMatchObject({ amount: gbp(1234), date: '2026-04-02', method: '3' });
  });

  it('never duplicates: the same idempotency key twice, or replayed by a fresh connector, leaves one record', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const first = harness.connector();
    const request = create('party-dup', customer(9));
    const [one, again] = await first.write('party', [request, request]);
    expect(one).toEqual(again);
    const replay = await harness.connector().write('party', [request]);
    expect(replay[0]).toMatchObject({ ok: true, created: false, ref: { number: 'NEW009' } });

    await first.write('product', [create('p', product(1))]);
    await first.write('invoice', [create('i', invoice(20_002, 'NEW009'))]);
    const replayed = harness.connector();
    expect((await replayed.write('invoice', [create('i', invoice(20_002, 'NEW009'))]))[0]).toMatchObject({
      ok: true,
      created: false,
    });
    await replayed.write('payment', [create('pay', receipt('20002', 500, 'once'))]);
    expect(
      (await harness.connector().write('payment', [create('pay', receipt('20002', 500, 'once'))]))[0],
    ).toMatchObject({
      ok: true,
      created: false,
    });

    const reader = harness.connector();
    expect((await readAll(reader.read('party'))).filter((party) => party.code === 'NEW009')).toHaveLength(1);
    const invoices = (await readAll(reader.read('invoice'))).filter((doc) => doc.number === '20002');
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.amountPaid).toEqual(gbp(500));
  });

  it('writes a batch of payments sharing a bank reference in one bulk call, and reports each outcome', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();
    // Invoices 10002, 10003, 10005, 10006 owe 35.97 each; one over-payment is refused on its own.
    const requests: WriteRequest<'payment'>[] = [
      create('a', receipt('10002', 3597, 'Remittance 88')),
      create('b', receipt('10003', 1000, 'Remittance 88')),
      create('c', receipt('10005', 999_999, 'Remittance 88')),
      create('d', receipt('10006', 1, 'Remittance 88')),
    ];
    const outcomes = await connector.write('payment', requests);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true]);
    const refused = outcomes[2];
    expect(refused?.ok === false && refused.error.kind).toBe('validation');
    expect(refused?.ok === false && refused.error.message).toMatch(/KashFlow said: "Payments of/);
    expect(harness.calls.filter((call) => call === 'POST /invoices/bulk/payments')).toHaveLength(1);
  });

  it('refuses what KashFlow cannot hold with a classified error, one outcome per request', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();
    const outcomes = await connector.write('invoice', [
      create('bad-number', { ...invoice(1, 'CUST01'), number: 'INV-7' }),
      create('no-customer', invoice(20_003, 'NOBODY')),
      create('taken', invoice(10_001, 'CUST02')),
    ]);
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.kind))).toEqual([
      'validation',
      'validation',
      'duplicate',
    ]);
    const noCustomer = outcomes[1];
    expect(noCustomer?.ok === false && noCustomer.error.systemMessage).toMatch(/NOBODY/);
    expect((await connector.write('bankTransaction', [create('x', {} as never)]))[0]).toMatchObject({
      ok: false,
      error: { kind: 'configuration' },
    });
  });

  it('updates and upserts by code', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();
    const upserted = await connector.write('party', [
      { idempotencyKey: 'u1', operation: 'upsert', record: { ...customer(1), code: 'CUST03', name: 'Renamed Three' } },
      { idempotencyKey: 'u2', operation: 'upsert', record: customer(50) },
    ]);
    expect(upserted.map((outcome) => outcome.ok && outcome.created)).toEqual([false, true]);
    const names = (await readAll(harness.connector().read('party'))).map((party) => party.name);
    expect(names).toContain('Renamed Three');
    expect(names).toContain('New Customer 50');
  });
});
