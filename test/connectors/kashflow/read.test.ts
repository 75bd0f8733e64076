import { afterEach, describe, expect, it } from 'vitest';
import type { Invoice, Party, Payment } from '../../../src/model/index.js';
import { type KashFlowHarness, readAll, seedLedger, startKashFlow } from './harness.js';

let harness: KashFlowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('KashFlow connector reads', () => {
  it('reads every supported entity through small pages, with full invoices and their payments', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();

    const parties = await readAll(connector.read('party'));
    expect(parties.filter((party) => party.roles.includes('customer'))).toHaveLength(12);
    expect(parties.filter((party) => party.roles.includes('supplier'))).toHaveLength(3);
    const first = parties.find((party) => party.code === 'CUST01') as Party;
    expect(first).toMatchObject({
      name: 'Customer 1 Ltd',
      taxNumber: 'GB100000000',
      defaultCurrency: 'GBP',
      paymentTermsDays: 30,
      contacts: [{ firstName: 'Ada', lastName: 'Lovelace 1', email: 'ada1@example.test', primary: true }],
      addresses: [{ kind: 'billing', lines: ['1 Mill Lane', 'Leeds'], postalCode: 'LS1 1AA', countryCode: 'GB' }],
      source: { system: 'kashflow', id: 'customer:10600', number: 'CUST01', updatedAt: '2025-11-03T10:00:00.000Z' },
    });

    const products = await readAll(connector.read('product'));
    expect(products.map((product) => product.code).sort()).toEqual(
      ['WID-1', 'WID-2', 'WID-3', 'WID-4', 'WID-5', 'WID-6', 'WID-7'].sort(),
    );
    expect(products.find((product) => product.code === 'WID-1')?.sales).toMatchObject({
      unitPrice: '9.99',
      accountCode: '4000',
      taxRate: '20',
    });

    const accounts = await readAll(connector.read('ledgerAccount'));
    expect(accounts.find((account) => account.code === '4000')).toMatchObject({ type: 'sales', class: 'revenue' });
    expect(accounts.find((account) => account.code === '1200')).toMatchObject({ type: 'bank' });
    const rates = await readAll(connector.read('taxRate'));
    expect(rates.map((rate) => rate.ratePercent).sort()).toEqual(['0', '20', '5']);

    const invoices = await readAll(connector.read('invoice'));
    expect(invoices.filter((invoice) => invoice.kind === 'receivable')).toHaveLength(11);
    expect(invoices.filter((invoice) => invoice.kind === 'payable')).toHaveLength(4);
    const paidInPart = invoices.find((invoice) => invoice.number === '10001') as Invoice;
    // 3 × 9.99 + 0.01 = 29.98 net, VAT 5.99 + 0.00, gross 35.97; 10.01 paid.
    expect(paidInPart.totals).toEqual({
      net: { amountMinor: 2998, currency: 'GBP' },
      tax: { amountMinor: 599, currency: 'GBP' },
      gross: { amountMinor: 3597, currency: 'GBP' },
    });
    expect(paidInPart.amountPaid.amountMinor).toBe(1001);
    expect(paidInPart.amountDue.amountMinor).toBe(2596);
    expect(paidInPart.lines).toHaveLength(2);
    expect(paidInPart.lines[0]).toMatchObject({ quantity: '3', unitPrice: '9.99', taxRate: '20', accountCode: '4000' });

    const payments = await readAll(connector.read('payment'));
    // Invoices 10001, 10004, 10007, 10010 carry a receipt; purchase 501 a payment out.
    expect(payments).toHaveLength(5);
    const out = payments.find((payment) => payment.direction === 'paid') as Payment;
    expect(out).toMatchObject({
      amount: { amountMinor: 15000, currency: 'GBP' },
      date: '2025-11-30',
      reference: 'Cheque 42',
      allocations: [{ document: { number: '501' }, documentKind: 'invoice' }],
    });

    // Pages of five: the list calls are there, and each summary row cost one detail call.
    expect(harness.calls.filter((call) => call === 'GET /customers').length).toBe(3);
    expect(harness.calls.filter((call) => call.startsWith('GET /customers/')).length).toBe(12);
  });

  it('honours a limit and stops calling once it is reached', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();
    const seven = await readAll(connector.read('party', { limit: 7 }));
    expect(seven).toHaveLength(7);
    expect(harness.calls.filter((call) => call === 'GET /customers').length).toBe(2);
  });

  it('reads incrementally: after a change only the changed records come back', async () => {
    harness = await startKashFlow({ seed: seedLedger() });
    const connector = harness.connector();
    const before = new Date().toISOString();
    expect(await readAll(connector.read('party', { modifiedSince: before }))).toEqual([]);
    expect(await readAll(connector.read('invoice', { modifiedSince: before }))).toEqual([]);

    // Someone edits one customer and pays one invoice in KashFlow.
    const other = harness.connector();
    const [customer] = await readAll(other.read('party', { limit: 1 }));
    await other.write('party', [
      {
        idempotencyKey: 'rename-1',
        operation: 'update',
        record: { ...(customer as Party), name: 'Customer One (renamed) Ltd' },
        target: (customer as Party).source,
      },
    ]);
    await other.write('payment', [
      {
        idempotencyKey: 'receipt-10002',
        operation: 'create',
        record: {
          direction: 'received',
          status: 'authorised',
          date: '2026-01-05',
          amount: { amountMinor: 500, currency: 'GBP' },
          allocations: [
            { document: { number: '10002' }, documentKind: 'invoice', amount: { amountMinor: 500, currency: 'GBP' } },
          ],
          reference: 'BACS late',
        },
      },
    ]);
    const since = new Date(Date.parse(before) - 1_000).toISOString();
    const changedParties = await readAll(connector.read('party', { modifiedSince: since }));
    expect(changedParties.map((party) => party.name)).toEqual(['Customer One (renamed) Ltd']);
    const changedInvoices = await readAll(connector.read('invoice', { modifiedSince: since }));
    expect(changedInvoices.map((invoice) => [invoice.number, invoice.amountPaid.amountMinor])).toEqual([
      ['10002', 500],
    ]);
    const detailCalls = harness.calls.filter((call) => /^GET \/invoices\/\d+$/.test(call));
    // Only the changed invoice was fetched in full by the incremental reads (the write looked one up too).
    expect(detailCalls.length).toBeLessThanOrEqual(2);
  });
});
