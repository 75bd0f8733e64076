import { describe, expect, it } from 'vitest';
import { CounterpartError } from '../../../src/errors.js';
import {
  addMonths,
  Invoice,
  invoiceTotals,
  LedgerAccount,
  lineNet,
  lineTax,
  Party,
  Payment,
  Product,
  SalesOrder,
  TaxRate,
  todayUtc,
} from '../../../src/model/index.js';
import { generateDemoCompany } from '../../../src/sandbox/demo/demoCompany.js';

const company = generateDemoCompany({ startDate: '2024-03-01' });

describe('generateDemoCompany', () => {
  it('meets the demo minimums: 300 customers, 100 products, 3,000 orders over three months', () => {
    expect(company.customers.length).toBeGreaterThanOrEqual(300);
    expect(company.products.length).toBeGreaterThanOrEqual(100);
    expect(company.salesOrders.length).toBeGreaterThanOrEqual(3000);
    expect(company.suppliers.length).toBeGreaterThan(0);
    expect(company.period).toEqual({ start: '2024-03-01', end: '2024-05-31' });
    for (const order of company.salesOrders) {
      expect(order.orderDate >= company.period.start && order.orderDate <= company.period.end).toBe(true);
    }
  });

  it('invoices every shipped order once, and only shipped orders', () => {
    const shipped = company.salesOrders.filter((order) => order.shipmentDate !== undefined);
    expect(shipped.length).toBeGreaterThan(2800);
    expect(company.invoices.length).toBe(shipped.length);
    const invoicedOrders = new Set(company.invoices.map((invoice) => invoice.salesOrder?.number));
    expect(invoicedOrders.size).toBe(shipped.length);
    for (const order of shipped) expect(invoicedOrders.has(order.number)).toBe(true);
  });

  it('gives each invoice lines and totals that agree with its order, prices and VAT rates', () => {
    const orders = new Map(company.salesOrders.map((order) => [order.number, order]));
    for (const invoice of company.invoices) {
      const order = orders.get(invoice.salesOrder?.number)!;
      expect(invoice.totals).toEqual(order.totals);
      expect(invoice.totals).toEqual(invoiceTotals(invoice.lines, 'GBP'));
      for (const line of invoice.lines) {
        expect(lineNet(line, 'GBP')).toEqual(line.net);
        expect(lineTax(line.net, line.taxRate!)).toEqual(line.tax);
      }
      expect(invoice.amountDue.amountMinor).toBe(invoice.totals.gross.amountMinor - invoice.amountPaid.amountMinor);
      expect(invoice.dueDate! >= invoice.issueDate).toBe(true);
    }
  });

  it('uses UK VAT at 20 %, 5 % and 0 %', () => {
    const rates = new Set(company.invoices.flatMap((invoice) => invoice.lines.map((line) => line.taxRate)));
    expect([...rates].sort()).toEqual(['0', '20', '5']);
  });

  it('has most invoices paid, some part-paid, some open and a few paid late', () => {
    const paidByInvoice = new Map<string, number>();
    for (const payment of company.payments) {
      for (const allocation of payment.allocations) {
        const number = allocation.document.number!;
        paidByInvoice.set(number, (paidByInvoice.get(number) ?? 0) + allocation.amount.amountMinor);
      }
    }
    for (const invoice of company.invoices) {
      expect(invoice.amountPaid.amountMinor).toBe(paidByInvoice.get(invoice.number!) ?? 0);
    }
    const paid = company.invoices.filter((invoice) => invoice.status === 'paid');
    const partial = company.invoices.filter((i) => i.status !== 'paid' && i.amountPaid.amountMinor > 0);
    const open = company.invoices.filter((i) => i.amountPaid.amountMinor === 0);
    const dueDates = new Map(company.invoices.map((invoice) => [invoice.number, invoice.dueDate!]));
    const late = company.payments.filter((p) => p.date > dueDates.get(p.allocations[0]!.document.number)!);
    expect(paid.length).toBeGreaterThan(company.invoices.length / 2);
    expect(partial.length).toBeGreaterThan(10);
    expect(open.length).toBeGreaterThan(10);
    expect(late.length).toBeGreaterThan(3);
    for (const payment of company.payments) expect(payment.date <= company.period.end).toBe(true);
  });

  it('produces records that all validate against the canonical schemas', () => {
    const checks = [
      [Party, [...company.customers, ...company.suppliers]],
      [Product, company.products],
      [SalesOrder, company.salesOrders],
      [Invoice, company.invoices],
      [Payment, company.payments],
      [TaxRate, company.taxRates],
      [LedgerAccount, company.ledgerAccounts],
    ] as const;
    for (const [schema, records] of checks) {
      for (const record of records) {
        const result = schema.safeParse(record);
        expect(result.error?.issues ?? []).toEqual([]);
      }
    }
  });

  it('keeps business keys unique', () => {
    const unique = (values: unknown[]) => new Set(values).size === values.length;
    expect(unique(company.customers.map((party) => party.code))).toBe(true);
    expect(unique(company.customers.map((party) => party.name))).toBe(true);
    expect(unique(company.products.map((product) => product.code))).toBe(true);
    expect(unique(company.salesOrders.map((order) => order.number))).toBe(true);
    expect(unique(company.invoices.map((invoice) => invoice.number))).toBe(true);
    expect(unique(company.payments.map((payment) => payment.reference))).toBe(true);
  });

  it('is the same company for the same seed, and a different one for another seed', () => {
    expect(generateDemoCompany({ startDate: '2024-03-01' })).toEqual(company);
    const other = generateDemoCompany({ startDate: '2024-03-01', seed: 7 });
    expect(other.customers.map((party) => party.name)).not.toEqual(company.customers.map((party) => party.name));
  });

  it('starts by default on the first of the month three months back', () => {
    const small = generateDemoCompany({ customers: 5, products: 3, orders: 20 });
    expect(small.period.start).toBe(addMonths(todayUtc(), -3));
  });

  it('builds a tiny company when asked, and refuses nonsense sizes and dates', () => {
    const tiny = generateDemoCompany({ customers: 3, products: 2, orders: 12, startDate: '2024-01-01', seed: 1 });
    expect(tiny.customers).toHaveLength(3);
    expect(tiny.products).toHaveLength(2);
    expect(tiny.salesOrders).toHaveLength(12);
    expect(() => generateDemoCompany({ customers: 0 })).toThrow(CounterpartError);
    expect(() => generateDemoCompany({ orders: 2.5 })).toThrow(CounterpartError);
    expect(() => generateDemoCompany({ startDate: '2024-02-30' })).toThrow(/startDate "2024-02-30"/);
  });
});
