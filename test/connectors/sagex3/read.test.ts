import { describe, expect, it } from 'vitest';
import type { Invoice, Party, Payment, SalesOrder } from '../../../src/model/index.js';
import { companySeed, queryPath, readAll, startX3 } from './harness.js';

describe('Sage X3 reads', () => {
  it('reads every entity in pages of two, with lines, addresses, allocations and statuses', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector();

    const parties = await readAll(connector.read('party'));
    expect(parties.records.map((party) => [party.code, party.roles[0], party.source?.id])).toEqual([
      ['CUST-1', 'customer', 'C000001'],
      ['CUST-2', 'customer', 'C000002'],
      ['CUST-3', 'customer', 'C000003'],
      ['CUST-4', 'customer', 'C000004'],
      ['CUST-5', 'customer', 'C000005'],
      ['SUPP-1', 'supplier', 'S000001'],
      ['SUPP-2', 'supplier', 'S000002'],
    ]);
    expect(parties.pages).toBe(4);
    const first = parties.records[0] as Party;
    expect(first).toMatchObject({
      name: 'Customer 1 Ltd',
      status: 'active',
      taxNumber: 'GB123456781',
      defaultCurrency: 'GBP',
      email: 'accounts@customer1.example',
      paymentTermsDays: 30,
      creditLimit: { amountMinor: 100_050, currency: 'GBP' },
      addresses: [
        {
          kind: 'billing',
          label: 'MAIN',
          lines: ['1 High Street'],
          city: 'Reading',
          postalCode: 'RG1 1AA',
          countryCode: 'GB',
        },
      ],
    });
    expect(first.source).toMatchObject({ system: 'sagex3', updatedAt: '2026-01-05T09:00:00.000Z', version: '1' });

    const products = await readAll(connector.read('product'));
    expect(products.records.map((product) => [product.code, product.status, product.sales?.unitPrice])).toEqual([
      ['BIND-01', 'active', '19.99'],
      ['PAPR-02', 'active', '24.5'],
      ['BOOK-03', 'archived', '7.25'],
    ]);

    const orders = await readAll(connector.read('salesOrder'));
    expect(orders.records).toHaveLength(3);
    const order = orders.records[0] as SalesOrder;
    expect(order).toMatchObject({
      number: 'ORD-1',
      customerReference: 'PO-1',
      party: { ref: { system: 'sagex3', id: 'C000001' } },
      status: 'open',
      deliveryStatus: 'none',
      invoiceStatus: 'none',
      totals: {
        net: { amountMinor: 10_897, currency: 'GBP' },
        tax: { amountMinor: 2_179, currency: 'GBP' },
        gross: { amountMinor: 13_076, currency: 'GBP' },
      },
    });
    expect(order.lines[0]).toMatchObject({
      lineNumber: 1000,
      product: { code: 'BIND-01' },
      quantity: '3',
      unitPrice: '19.99',
      taxCode: 'NOR',
      net: { amountMinor: 5_997 },
      tax: { amountMinor: 1_199 },
    });

    const invoices = await readAll(connector.read('invoice'));
    expect(invoices.records.map((invoice) => [invoice.number, invoice.status, invoice.amountDue.amountMinor])).toEqual([
      ['INV-1', 'paid', 0],
      ['INV-2', 'authorised', 13_076],
      ['INV-3', 'authorised', 13_076],
    ]);
    expect((invoices.records[1] as Invoice).salesOrder).toEqual({ ref: { system: 'sagex3', id: 'SON000002' } });

    const payments = await readAll(connector.read('payment'));
    expect(payments.records).toHaveLength(1);
    expect(payments.records[0] as Payment).toMatchObject({
      direction: 'received',
      date: '2026-01-10',
      amount: { amountMinor: 13_076, currency: 'GBP' },
      reference: 'RCPT-1',
      allocations: [{ document: { ref: { id: 'SIH000001' } }, amount: { amountMinor: 13_076 } }],
    });

    const accounts = await readAll(connector.read('ledgerAccount'));
    expect(accounts.records.map((account) => [account.code, account.type])).toContainEqual(['4000', 'sales']);
    const taxes = await readAll(connector.read('taxRate'));
    expect(taxes.records.map((tax) => [tax.code, tax.ratePercent])).toEqual(
      expect.arrayContaining([
        ['NOR', '20'],
        ['RED', '5'],
        ['ZER', '0'],
      ]),
    );
  });

  it('reads incrementally: after one change only the changed record comes back, with a new version', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector();
    const since = new Date(Date.now() - 1_000).toISOString();
    expect((await readAll(connector.read('party', { modifiedSince: since }))).records).toEqual([]);

    const renamed = await x3.x3("/BPCUSTOMER('C000003')?representation=BPCUSTOMER.$edit", {
      method: 'PUT',
      body: { BPCNAM: 'Customer Three Renamed' },
    });
    expect(renamed.status).toBe(200);
    const changed = await readAll(connector.read('party', { modifiedSince: since }));
    expect(changed.records.map((party) => [party.code, party.name, party.source?.version])).toEqual([
      ['CUST-3', 'Customer Three Renamed', '2'],
    ]);
    // One query per class and one $details for the changed customer.
    const before = connector.statistics().calls;
    await readAll(connector.read('party', { modifiedSince: since }));
    expect(connector.statistics().calls - before).toBe(3);
  });

  it('sees invoices paid in X3 through their open items, though the invoices themselves did not change', async () => {
    const x3 = await startX3({ seed: companySeed() });
    // Lookups of one key at a time, so the re-read of paid invoices runs in several batches.
    const connector = x3.connector({ lookupBatchSize: 1 });
    const since = new Date(Date.now() - 1_000).toISOString();
    const payments: [string, string, number][] = [
      ['C000002', 'SIH000002', 50],
      ['C000003', 'SIH000003', 130.76],
    ];
    for (const [customer, invoice, amount] of payments) {
      const paid = await x3.x3('/PAYMENTH?representation=PAYMENTH.$create', {
        method: 'POST',
        body: {
          BPR: customer,
          ACCDAT: '2026-02-01',
          AMTCUR: amount,
          REF: `PAY-${invoice}`,
          PYHPYD: [{ VCRNUM: invoice, AMTLIN: amount }],
        },
      });
      expect(paid.status).toBe(201);
    }
    const invoices = await readAll(connector.read('invoice', { modifiedSince: since }));
    const figures = invoices.records.map((invoice) => [
      invoice.number,
      invoice.status,
      invoice.amountPaid.amountMinor,
      invoice.amountDue.amountMinor,
    ]);
    expect(figures).toEqual([
      ['INV-2', 'authorised', 5_000, 8_076],
      ['INV-3', 'paid', 13_076, 0],
    ]);
    const read = await readAll(connector.read('payment', { modifiedSince: since }));
    expect(read.records.map((payment) => payment.reference)).toEqual(['PAY-SIH000002', 'PAY-SIH000003']);
  });

  it('filters on the update stamp and orders by it, so pages come oldest change first', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const queries: string[] = [];
    const recording = x3.trustedFetch;
    const connector = x3.connector(
      {},
      {
        fetch: async (url, init) => {
          queries.push(decodeURIComponent(new URL(url).search));
          return recording(url, init);
        },
      },
    );
    await readAll(connector.read('product', { modifiedSince: '2026-01-05T09:00:05.250Z' }));
    expect(queries[0]).toContain('where=UPDDATTIM ge @2026-01-05T09:00:05Z@');
    expect(queries[0]).toContain('orderBy=UPDDATTIM asc');
    expect(queries[0]).toContain('count=2');
    const seeded = await x3.x3(queryPath('ITMMASTER', { count: '10' }));
    expect((seeded.body as { $resources: unknown[] }).$resources).toHaveLength(3);
  });

  it('stops early at a limit without reading further pages', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector({ readDetails: { party: false } });
    const { records } = await readAll(connector.read('party', { limit: 3 }));
    expect(records).toHaveLength(3);
    expect(connector.statistics().calls).toBe(2);
  });
});
