import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import type { KfError, KfList } from './kashflowClient.js';

interface PaymentLine {
  Id: number;
  Date: string;
  Amount: number;
  Method: number;
  AccountId: number;
  Reference: string;
}
interface Invoice {
  Id: number;
  Number: number;
  CustomerCode: string;
  CustomerName: string;
  IssuedDate: string;
  DueDate: string;
  PaidDate: string | null;
  NetAmount: number;
  VATAmount: number;
  GrossAmount: number;
  TotalPaidAmount: number;
  DueAmount: number;
  Status: string;
  Currency: { Code: string } | null;
  LineItems:
    | {
        Number: number;
        Quantity: number;
        Rate: number;
        VATLevel: number;
        VATAmount: number;
        NominalCode: number;
        ProductName: string;
      }[]
    | null;
  PaymentLines: PaymentLine[] | null;
  LastUpdatedDate: string;
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  await harness.client.expect('POST', '/customers', { Code: 'BUY01', Name: 'Buyer One Ltd' }, 201);
  await harness.client.expect('POST', '/customers', { Code: 'BUY02', Name: 'Buyer Two Ltd' }, 201);
  await harness.client.expect(
    'POST',
    '/products',
    { NominalCode: 4000, Code: 'WID-1', Name: 'Widget', Price: 9.99, VATRate: 20 },
    201,
  );
});
afterAll(async () => {
  await harness.sandbox.close();
});

const lines = [
  { Description: 'Widgets', Quantity: 3, Rate: 9.99, VATLevel: 20, NominalCode: 4000, ProductCode: 'WID-1' },
  { Description: 'Delivery', Quantity: 1, Rate: 4.17, VATLevel: 20, NominalCode: 4000 },
  { Description: 'Book', Quantity: 2, Rate: 7.5, VATLevel: 0, NominalCode: 4000 },
];

async function newInvoice(body: Record<string, unknown> = {}): Promise<Invoice> {
  return harness.client.expect<Invoice>(
    'POST',
    '/invoices',
    { CustomerCode: 'BUY01', IssuedDate: '2026-01-10', DueDate: '2026-02-09', LineItems: lines, ...body },
    201,
  );
}

describe('KashFlow sandbox: invoices', () => {
  it('creates an invoice whose totals follow from its lines, with line VAT as VATLevel and VATAmount', async () => {
    const invoice = await newInvoice();
    expect(invoice.Number).toBeGreaterThan(0);
    expect(invoice.CustomerName).toBe('Buyer One Ltd');
    expect(invoice.LineItems?.map((l) => l.VATAmount)).toEqual([5.99, 0.83, 0]);
    expect(invoice).toMatchObject({ NetAmount: 49.14, VATAmount: 6.82, GrossAmount: 55.96, DueAmount: 55.96 });
    expect(invoice.TotalPaidAmount).toBe(0);
    expect(invoice.IssuedDate).toBe('2026-01-10 12:00:00');
    expect(invoice.PaidDate).toBeNull();
    expect(invoice.LineItems?.[0]?.ProductName).toBe('Widget');
    expect(invoice).not.toHaveProperty('Paid');
  });

  it('requires CustomerCode and a known customer', async () => {
    const missing = await harness.client.call<KfError>('POST', '/invoices', { LineItems: lines });
    expect(missing.status).toBe(400);
    expect(missing.body.Error).toBe('CustomerCodeRequired');
    const unknown = await harness.client.call<KfError>('POST', '/invoices', {
      CustomerCode: 'GHOST',
      LineItems: lines,
    });
    expect(unknown.status).toBe(400);
  });

  it('marks the invoice paid when payment lines cover it, and outstanding again when a payment is removed', async () => {
    const invoice = await newInvoice({ DueDate: '2999-01-01' });
    expect(invoice.Status).toBe('Outstanding');
    const part = await harness.client.expect<Invoice>(
      'PUT',
      `/invoices/${invoice.Number}`,
      { PaymentLines: [{ Amount: 20, Date: '2026-01-20', Method: 3, Reference: 'BACS 1' }] },
      200,
    );
    expect(part).toMatchObject({ TotalPaidAmount: 20, DueAmount: 35.96, Status: 'Outstanding', PaidDate: null });
    const first = part.PaymentLines?.[0];
    expect(first?.AccountId).toBeGreaterThan(0);

    const paid = await harness.client.expect<Invoice>(
      'PUT',
      `/invoices/${invoice.Number}`,
      {
        PaymentLines: [
          { Id: first?.Id, Amount: 20, Date: '2026-01-20' },
          { Amount: 35.96, Date: '2026-01-25' },
        ],
      },
      200,
    );
    expect(paid).toMatchObject({
      TotalPaidAmount: 55.96,
      DueAmount: 0,
      Status: 'Paid',
      PaidDate: '2026-01-25 12:00:00',
    });
    expect(paid.PaymentLines?.[0]?.Id).toBe(first?.Id);

    const second = paid.PaymentLines?.[1];
    const unallocate = await harness.client.call(
      'POST',
      `/internal/invoice/${invoice.Number}/payments/${second?.Id}/unallocate`,
    );
    expect(unallocate.status).toBe(200);
    const reopened = await harness.client.get<Invoice>(`/invoices/${invoice.Number}`);
    expect(reopened).toMatchObject({ TotalPaidAmount: 20, DueAmount: 35.96, Status: 'Outstanding', PaidDate: null });
  });

  it('reads Overdue once the due date has passed unpaid', async () => {
    const invoice = await newInvoice({ IssuedDate: '2020-01-01', DueDate: '2020-01-31' });
    expect(invoice.Status).toBe('Overdue');
  });

  it('refuses payments above the amount due unless overpayment is allowed', async () => {
    const invoice = await newInvoice();
    const over = await harness.client.call<KfError>('PUT', `/invoices/${invoice.Number}`, {
      PaymentLines: [{ Amount: 100 }],
    });
    expect(over.status).toBe(400);
    expect(over.body.Error).toBe('PaymentExceedsAmountDue');
  });

  it('returns 201 for a PUT that changes the Number', async () => {
    const invoice = await newInvoice();
    const response = await harness.client.call<Invoice>('PUT', `/invoices/${invoice.Number}`, { Number: 90_001 });
    expect(response.status).toBe(201);
    expect(response.body.Number).toBe(90_001);
    expect((await harness.client.call('GET', `/invoices/${invoice.Number}`)).status).toBe(404);
    const next = await harness.client.get<number>('/nextavailableinvoicenumber');
    expect(next).toBe(90_002);
  });

  it('lists summaries in the envelope with TotalAmount, filters and integer sortby codes', async () => {
    await newInvoice({ CustomerCode: 'BUY02', IssuedDate: '2026-03-01' });
    const page = await harness.client.get<KfList<Invoice>>('/invoices?perpage=2&sortby=5&order=desc');
    expect(page.Data).toHaveLength(2);
    expect(page.Data[0]?.LineItems).toBeNull();
    expect(page.Data[0]?.PaymentLines).toBeNull();
    expect(page.MetaData.InvoiceLimitReached).toBe(false);
    expect(page.MetaData.TotalAmount).toBeGreaterThan(0);
    const all = await harness.client.all<Invoice>('/invoices?sortby=5&order=desc&perpage=3');
    const gross = all.map((i) => i.GrossAmount);
    expect(gross).toEqual([...gross].sort((a, b) => b - a));

    const buyer2 = await harness.client.get<KfList<Invoice>>('/invoices?customercode=BUY02');
    expect(buyer2.Data.map((i) => i.CustomerCode)).toEqual(['BUY02']);
    const march = await harness.client.get<KfList<Invoice>>(
      '/invoices?issuedatefrom=2026-03-01&issuedateto=2026-03-31',
    );
    expect(march.MetaData.TotalRecords).toBe(1);
    const paid = await harness.client.get<KfList<Invoice>>('/invoices?statusfilter=paid');
    expect(paid.Data.every((i) => i.Status === 'Paid')).toBe(true);
  });

  it('refuses to delete a customer with invoices, then deletes the invoice', async () => {
    const invoice = await newInvoice({ CustomerCode: 'BUY02' });
    const refused = await harness.client.call<KfError>('DELETE', '/customers/BUY02');
    expect(refused.status).toBe(400);
    expect(refused.body.Error).toBe('CustomerHasTransactions');
    await harness.client.expect('DELETE', `/invoices/${invoice.Number}`, undefined, 200);
    expect((await harness.client.call('GET', `/invoices/${invoice.Number}`)).status).toBe(404);
  });

  it('serves customer aggregates from invoices', async () => {
    const customer = await harness.client.get<{
      OutstandingBalance: number;
      InvoiceCount: number;
      TotalPaidAmount: number;
    }>('/customers/BUY01');
    expect(customer.InvoiceCount).toBeGreaterThan(0);
    expect(customer.OutstandingBalance).toBeGreaterThan(0);
    expect(customer.TotalPaidAmount).toBe(20);
  });

  it('serves /invoices/{n}/payments only when the unconfirmed endpoint is switched on', async () => {
    const invoice = await newInvoice();
    expect((await harness.client.call('GET', `/invoices/${invoice.Number}/payments`)).status).toBe(404);
    harness.sandbox.configure({ paymentsEndpoint: true });
    try {
      const payment = await harness.client.expect<PaymentLine>(
        'POST',
        `/invoices/${invoice.Number}/payments`,
        { Amount: 55.96, Date: '2026-02-01' },
        201,
      );
      expect((await harness.client.get<Invoice>(`/invoices/${invoice.Number}`)).Status).toBe('Paid');
      await harness.client.expect('DELETE', `/invoices/${invoice.Number}/payments/${payment.Id}`, undefined, 200);
      expect((await harness.client.get<PaymentLine[]>(`/invoices/${invoice.Number}/payments`)).length).toBe(0);
    } finally {
      harness.sandbox.configure({ paymentsEndpoint: false });
    }
  });

  it('records a bulk payment across invoices', async () => {
    const a = await newInvoice();
    const b = await newInvoice();
    const response = await harness.client.call<{ Results: { Number: number; Success: boolean }[] }>(
      'POST',
      '/invoices/bulk/payments',
      {
        Date: '2026-02-02',
        Method: 3,
        Payments: [
          { Number: a.Number, Amount: 55.96 },
          { Number: b.Number, Amount: 10 },
        ],
      },
    );
    expect(response.status).toBe(201);
    expect(response.body.Results.every((r) => r.Success)).toBe(true);
    expect((await harness.client.get<Invoice>(`/invoices/${a.Number}`)).Status).toBe('Paid');
    expect((await harness.client.get<Invoice>(`/invoices/${b.Number}`)).DueAmount).toBe(45.96);
  });

  it('rejects a malformed invoice number and date', async () => {
    expect((await harness.client.call<KfError>('GET', '/invoices/abc')).status).toBe(400);
    const badDate = await harness.client.call<KfError>('POST', '/invoices', {
      CustomerCode: 'BUY01',
      IssuedDate: '31/01/2026',
      LineItems: lines,
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.Message).toContain('IssuedDate');
  });
});

describe('KashFlow sandbox: purchases', () => {
  it('creates a purchase against a supplier and pays it', async () => {
    await harness.client.expect('POST', '/suppliers', { Code: 'SUP9', Name: 'Materials Co' }, 201);
    const purchase = await harness.client.expect<Invoice & { SupplierCode: string; SupplierReference: string }>(
      'POST',
      '/purchases',
      {
        SupplierCode: 'SUP9',
        SupplierReference: 'INV-778',
        IssuedDate: '2026-01-05',
        LineItems: [{ Description: 'Timber', Quantity: 10, Rate: 12, VATLevel: 20, NominalCode: 5000 }],
      },
      201,
    );
    expect(purchase).toMatchObject({ SupplierCode: 'SUP9', NetAmount: 120, VATAmount: 24, GrossAmount: 144 });
    expect(purchase.Status).toMatch(/Unpaid|Overdue/);
    expect(purchase).not.toHaveProperty('DueAmount');
    const paid = await harness.client.expect<Invoice>(
      'PUT',
      `/purchases/${purchase.Number}`,
      { PaymentLines: [{ Amount: 144, Date: '2026-01-30' }] },
      200,
    );
    expect(paid.Status).toBe('Paid');
    const list = await harness.client.get<KfList<{ Number: number }>>('/purchases?suppliercode=SUP9');
    expect(list.Data.map((p) => p.Number)).toEqual([purchase.Number]);
  });
});
