import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMinorUnits } from '../../../src/model/money.js';
import { generateDemoCompany } from '../../../src/sandbox/demo/demoCompany.js';
import { type DemoSystemView, demoViewFor } from '../../../src/sandbox/demo/systemViews.js';
import { type Harness, startHarness } from './harness.js';

interface Invoice {
  Id: number;
  Number: number;
  CustomerCode: string;
  NetAmount: number;
  VATAmount: number;
  GrossAmount: number;
  TotalPaidAmount: number;
  DueAmount: number;
  Status: string;
  PaymentLines: { Date: string; Reference: string; Amount: number }[];
}

const money = (minor: number) => Number(formatMinorUnits(minor, 2));

let harness: Harness;
let view: DemoSystemView;
let startMs: number;
beforeAll(async () => {
  view = demoViewFor(generateDemoCompany(), 'kashflow');
  const started = performance.now();
  harness = await startHarness({ demo: view });
  startMs = performance.now() - started;
});
afterAll(async () => {
  await harness.sandbox.close();
});

describe('KashFlow sandbox: demo company', () => {
  it('holds the demo view: hundreds of customers, a hundred-odd products, thousands of invoices', async () => {
    const customers = await harness.client.get<{ MetaData: { TotalRecords: number } }>('/customers?perpage=1');
    expect(customers.MetaData.TotalRecords).toBe(view.parties.filter((p) => p.roles.includes('customer')).length);
    expect(customers.MetaData.TotalRecords).toBeGreaterThanOrEqual(300);
    const invoices = await harness.client.get<{ MetaData: { TotalRecords: number } }>('/invoices?perpage=1');
    expect(invoices.MetaData.TotalRecords).toBe(view.invoices.length);
    expect(invoices.MetaData.TotalRecords).toBeGreaterThanOrEqual(2500);
    const products = await harness.client.get<{ MetaData: { TotalRecords: number } }>('/products/list?perpage=1');
    expect(products.MetaData.TotalRecords).toBe(view.products.length);
    // Not a timing assertion on the product: only a guard that seeding stays interactive.
    expect(startMs).toBeLessThan(10_000);
  });

  it('carries every invoice over with the same number, id, totals and payments as the canonical view', async () => {
    const byNumber = new Map(view.invoices.map((invoice) => [Number(invoice.number), invoice]));
    const sample = [...byNumber.keys()].filter((_, i) => i % 97 === 0);
    for (const number of sample) {
      const expected = byNumber.get(number)!;
      const actual = await harness.client.get<Invoice>(`/invoices/${number}`);
      expect(actual.Id).toBe(Number(expected.source?.id));
      expect(actual.CustomerCode).toBe(expected.party.code);
      expect(actual.NetAmount).toBe(money(expected.totals.net.amountMinor));
      expect(actual.VATAmount).toBe(money(expected.totals.tax.amountMinor));
      expect(actual.GrossAmount).toBe(money(expected.totals.gross.amountMinor));
      expect(actual.TotalPaidAmount).toBe(money(expected.amountPaid.amountMinor));
      expect(actual.Status === 'Paid').toBe(expected.status === 'paid');
    }
  });

  it('keeps the planted discrepancies visible through the API', async () => {
    expect(view.discrepancies.length).toBeGreaterThan(0);
    for (const discrepancy of view.discrepancies) {
      if (discrepancy.kind === 'missingRecord' && discrepancy.recordType === 'party') {
        expect((await harness.client.call('GET', `/customers/${discrepancy.businessKey}`)).status).toBe(404);
      }
      if (discrepancy.kind === 'taxDifference') {
        const expected = view.invoices.find((i) => i.number === discrepancy.businessKey)!;
        const actual = await harness.client.get<Invoice>(`/invoices/${discrepancy.businessKey}`);
        expect(actual.VATAmount).toBe(money(expected.totals.tax.amountMinor));
      }
      if (discrepancy.kind === 'duplicateRecord') {
        for (const id of discrepancy.recordIds) {
          expect(view.invoices.some((i) => i.source?.id === id)).toBe(true);
        }
      }
      if (discrepancy.kind === 'latePayment') {
        const payment = view.payments.find((p) => p.reference === discrepancy.businessKey)!;
        const number = payment.allocations[0]?.document.number;
        const invoice = await harness.client.get<Invoice>(`/invoices/${number}`);
        const line = invoice.PaymentLines.find((p) => p.Reference === payment.reference);
        expect(line?.Date.slice(0, 10)).toBe(payment.date);
      }
    }
  });
});
