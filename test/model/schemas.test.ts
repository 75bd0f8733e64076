import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CounterpartError } from '../../src/errors.js';
import {
  BankTransaction,
  CreditNote,
  Currency,
  convertMoney,
  FxRate,
  Invoice,
  invoiceTotals,
  LedgerAccount,
  lineNet,
  lineTax,
  Party,
  Payment,
  Product,
  parseRecord,
  SalesOrder,
  TaxRate,
} from '../../src/model/index.js';

const gbp = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });

/** Every issue as "path: message", so assertions can check the field is named. */
function issues(schema: z.ZodType, data: unknown): string[] {
  const result = schema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const party: Party = {
  source: { system: 'kashflow', id: '40213', number: 'HARG0042', updatedAt: '2024-05-02T09:14:00Z' },
  roles: ['customer'],
  code: 'HARG0042',
  name: 'Hargreaves & Daughters Joinery Ltd',
  status: 'active',
  taxNumber: 'GB123456789',
  companyNumber: '08123456',
  defaultCurrency: 'GBP',
  email: 'accounts@hargreaves-joinery.co.uk',
  phone: '0113 496 0123',
  contacts: [
    { firstName: 'Alison', lastName: 'Hargreaves', email: 'alison@hargreaves-joinery.co.uk', primary: true },
    { firstName: 'Tom', lastName: 'Pickles', jobTitle: 'Buyer' },
  ],
  addresses: [
    {
      kind: 'billing',
      lines: ['Unit 4, Canal Wharf', 'Kirkstall Road'],
      city: 'Leeds',
      region: 'West Yorkshire',
      postalCode: 'LS3 1JL',
      countryCode: 'GB',
    },
  ],
  paymentTermsDays: 30,
  creditLimit: gbp(500000),
  customFields: { Region__c: 'North', ZPRIORITY: 2, VIP: false, Notes: null },
};

const line = (net: number, tax: number, overrides: object = {}) => ({
  lineNumber: 1,
  description: 'Oak worktop 3m',
  product: { code: 'WT-OAK-3000' },
  quantity: '2',
  unitPrice: String(net / 200),
  net: gbp(net),
  taxCode: 'OUTPUT2',
  taxRate: '20',
  tax: gbp(tax),
  accountCode: '200',
  ...overrides,
});

const invoice: Invoice = {
  source: {
    system: 'xero',
    id: '0b0fd2b1-9d5c-4c1a-8f0e-2c7a9d6b1e55',
    number: '10042',
    updatedAt: '2024-05-02T09:14:00Z',
  },
  kind: 'receivable',
  number: '10042',
  reference: 'SO-4411',
  party: { code: 'HARG0042', name: 'Hargreaves & Daughters Joinery Ltd' },
  issueDate: '2024-04-30',
  dueDate: '2024-05-30',
  currency: 'GBP',
  status: 'authorised',
  lines: [line(39998, 8000), line(1250, 63, { lineNumber: 2, taxCode: 'RRINPUT', taxRate: '5', quantity: '1' })],
  totals: { net: gbp(41248), tax: gbp(8063), gross: gbp(49311) },
  amountPaid: gbp(10000),
  amountDue: gbp(39311),
};

describe('Party', () => {
  it('accepts a customer with contacts, addresses and custom fields', () => {
    expect(Party.parse(party)).toEqual(party);
  });

  it.each([
    [{ ...party, name: '  ' }, 'name'],
    [{ ...party, roles: [] }, 'roles'],
    [{ ...party, email: 'not an email' }, 'email'],
    [{ ...party, addresses: [{ kind: 'billing', lines: [], countryCode: 'GBR' }] }, 'addresses.0.countryCode'],
    [
      {
        ...party,
        contacts: [
          { lastName: 'A', primary: true },
          { lastName: 'B', primary: true },
        ],
      },
      'contacts',
    ],
    [{ ...party, creditLimit: gbp(-1) }, 'creditLimit'],
    [{ ...party, customFields: { Nested__c: { a: 1 } } }, 'customFields.Nested__c'],
  ])('rejects a bad record and names %#: %s', (bad, field) => {
    const found = issues(Party, bad);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((issue) => issue.startsWith(`${field}:`))).toBe(true);
  });
});

describe('Product', () => {
  const product: Product = {
    source: { system: 'sagex3', id: 'WT-OAK-3000', updatedAt: '2024-03-01T12:00:00Z', version: '17' },
    code: 'WT-OAK-3000',
    name: 'Oak worktop 3m',
    status: 'active',
    unitOfMeasure: 'EA',
    sales: { unitPrice: '199.99', currency: 'GBP', accountCode: '200', taxCode: 'OUTPUT2', taxRate: '20' },
    purchases: { unitPrice: '120.5', currency: 'GBP', accountCode: '310' },
    standardCost: gbp(12050),
  };

  it('accepts a product with sales and purchase details', () => {
    expect(Product.parse(product)).toEqual(product);
  });

  it('rejects a missing code, an over-long code and a negative price, naming the field', () => {
    expect(issues(Product, { ...product, code: '' })).toEqual(['code: code is required']);
    expect(issues(Product, { ...product, code: 'X'.repeat(31) })[0]).toMatch(/^code:/);
    expect(issues(Product, { ...product, sales: { ...product.sales, unitPrice: '-1' } })).toEqual([
      'sales.unitPrice: sales.unitPrice cannot be negative',
    ]);
    expect(issues(Product, { ...product, sales: { ...product.sales, unitPrice: 199.99 } })[0]).toMatch(
      /^sales\.unitPrice:/,
    );
  });
});

describe('Invoice', () => {
  it('accepts a realistic part-paid sales invoice', () => {
    expect(Invoice.parse(invoice)).toEqual(invoice);
  });

  it('rejects a gross that is not net + tax', () => {
    const found = issues(Invoice, { ...invoice, totals: { ...invoice.totals, gross: gbp(49312) } });
    expect(found).toContain('totals.gross: totals.gross is 493.12 GBP but net + tax is 493.11 GBP');
  });

  it('accepts a gross that includes a rounding adjustment', () => {
    const rounded = {
      ...invoice,
      totals: { ...invoice.totals, rounding: gbp(-1), gross: gbp(49310) },
      amountDue: gbp(39310),
    };
    expect(issues(Invoice, rounded)).toEqual([]);
  });

  it('rejects totals that do not add up from the lines', () => {
    const found = issues(Invoice, {
      ...invoice,
      totals: { net: gbp(41249), tax: gbp(8063), gross: gbp(49312) },
      amountDue: gbp(39312),
    });
    expect(found).toEqual(["totals.net: totals.net is 412.49 GBP but the lines' net amounts add up to 412.48 GBP"]);
  });

  it('rejects a line in another currency', () => {
    const lines = [invoice.lines[0], { ...invoice.lines[1], tax: { amountMinor: 63, currency: 'EUR' } }];
    expect(issues(Invoice, { ...invoice, lines })).toEqual([
      'lines.1.tax: lines.1.tax is in EUR but the document is in GBP',
    ]);
  });

  it('rejects a due date before the issue date', () => {
    expect(issues(Invoice, { ...invoice, dueDate: '2024-04-29' })).toEqual([
      'dueDate: dueDate 2024-04-29 is before issueDate 2024-04-30',
    ]);
  });

  it('rejects an amount due that ignores payments, and a paid invoice with money still due', () => {
    expect(issues(Invoice, { ...invoice, amountDue: gbp(49311) })[0]).toMatch(/^amountDue: amountDue is 493.11 GBP/);
    expect(issues(Invoice, { ...invoice, status: 'paid' })).toEqual([
      'status: status is paid but amountDue is 393.11 GBP',
    ]);
  });

  it('rejects an impossible date, an unknown status and a float amount, naming each field', () => {
    expect(issues(Invoice, { ...invoice, issueDate: '2024-02-30' })[0]).toMatch(/^issueDate:/);
    expect(issues(Invoice, { ...invoice, status: 'OUTSTANDING' })[0]).toMatch(/^status:/);
    expect(issues(Invoice, { ...invoice, amountPaid: { amountMinor: 100.5, currency: 'GBP' } })[0]).toMatch(
      /^amountPaid.amountMinor:/,
    );
    expect(issues(Invoice, { ...invoice, party: {} })[0]).toMatch(/^party: a party reference needs/);
  });

  it('reports malformed fields as issues rather than throwing from a cross-field check', () => {
    const odd = { amountMinor: 100, currency: 'XXQ' };
    expect(issues(Invoice, { ...invoice, currency: 'XXQ', totals: { ...invoice.totals, gross: odd } })[0]).toMatch(
      /^lines.0.net: lines.0.net is in GBP but the document is in XXQ/,
    );
    expect(issues(Invoice, { ...invoice, lines: [{ ...invoice.lines[0], quantity: 'two' }] })).toEqual([
      'lines.0.quantity: a decimal number written with digits and a point',
    ]);
  });

  it('skips the amount-due check on voided invoices', () => {
    expect(issues(Invoice, { ...invoice, status: 'voided', amountDue: gbp(0) })).toEqual([]);
  });
});

describe('invoice helpers', () => {
  it('total lines in minor units', () => {
    expect(invoiceTotals(invoice.lines, 'GBP')).toEqual({ net: gbp(41248), tax: gbp(8063), gross: gbp(49311) });
    expect(invoiceTotals(invoice.lines)).toEqual(invoiceTotals(invoice.lines, 'GBP'));
    expect(() => invoiceTotals([])).toThrow(CounterpartError);
    expect(invoiceTotals([], 'JPY')).toEqual({
      net: { amountMinor: 0, currency: 'JPY' },
      tax: { amountMinor: 0, currency: 'JPY' },
      gross: { amountMinor: 0, currency: 'JPY' },
    });
    expect(() => invoiceTotals([{ net: gbp(1), tax: { amountMinor: 0, currency: 'EUR' } }], 'GBP')).toThrow(
      CounterpartError,
    );
  });

  it('compute a line net from quantity, price and discount, and VAT on it', () => {
    expect(lineNet({ quantity: '3', unitPrice: '19.99' }, 'GBP')).toEqual(gbp(5997));
    expect(lineNet({ quantity: '3', unitPrice: '19.99', discountRate: '10' }, 'GBP')).toEqual(gbp(5397)); // 53.973
    expect(lineNet({ quantity: '1', unitPrice: '10', discount: gbp(250) }, 'GBP')).toEqual(gbp(750));
    expect(lineNet({ quantity: '0.5', unitPrice: '0.0125' }, 'GBP')).toEqual(gbp(1)); // 0.00625
    expect(lineTax(gbp(5997), '20')).toEqual(gbp(1199)); // 11.994
    expect(lineTax(gbp(1250), '5')).toEqual(gbp(63)); // 0.625 rounds away
    expect(lineTax(gbp(1000), '17.5')).toEqual(gbp(175));
    expect(lineTax(gbp(1000), '0')).toEqual(gbp(0));
  });
});

describe('CreditNote', () => {
  const credit: CreditNote = {
    kind: 'receivable',
    number: 'CN-0007',
    party: { code: 'HARG0042' },
    originalInvoice: { number: '10042' },
    issueDate: '2024-05-03',
    currency: 'GBP',
    status: 'authorised',
    lines: [line(1250, 63, { taxRate: '5', quantity: '1' })],
    totals: { net: gbp(1250), tax: gbp(63), gross: gbp(1313) },
    allocations: [{ invoice: { number: '10042' }, amount: gbp(1000), date: '2024-05-03' }],
    remainingCredit: gbp(313),
  };

  it('accepts a part-allocated credit note', () => {
    expect(CreditNote.parse(credit)).toEqual(credit);
  });

  it('rejects remaining credit that ignores allocations, and allocations before the credit note', () => {
    expect(issues(CreditNote, { ...credit, remainingCredit: gbp(1313) })[0]).toMatch(/^remainingCredit:/);
    const early = { ...credit, allocations: [{ ...credit.allocations[0], date: '2024-05-01' }] };
    expect(issues(CreditNote, early)).toEqual([
      'allocations.0.date: allocations.0.date 2024-05-01 is before issueDate 2024-05-03',
    ]);
  });
});

describe('SalesOrder', () => {
  const order: SalesOrder = {
    source: { system: 'sagex3', id: 'SOH2404-000123', number: 'SOH2404-000123', updatedAt: '2024-04-20T10:00:00Z' },
    number: 'SOH2404-000123',
    customerReference: 'PO-77812',
    party: { code: 'HARG0042' },
    orderDate: '2024-04-20',
    shipmentDate: '2024-04-25',
    currency: 'GBP',
    status: 'closed',
    deliveryStatus: 'fully',
    invoiceStatus: 'fully',
    lines: [line(39998, 8000)],
    totals: { net: gbp(39998), tax: gbp(8000), gross: gbp(47998) },
    customFields: { ZSALESREP: 'JB' },
  };

  it('accepts a delivered, invoiced order', () => {
    expect(SalesOrder.parse(order)).toEqual(order);
  });

  it('rejects a shipment before the order and totals that do not add up', () => {
    expect(issues(SalesOrder, { ...order, shipmentDate: '2024-04-19' })).toEqual([
      'shipmentDate: shipmentDate 2024-04-19 is before orderDate 2024-04-20',
    ]);
    expect(issues(SalesOrder, { ...order, totals: { ...order.totals, tax: gbp(7999) } })).toContain(
      "totals.tax: totals.tax is 79.99 GBP but the lines' tax amounts add up to 80.00 GBP",
    );
    expect(issues(SalesOrder, { ...order, status: 'Activated' })[0]).toMatch(/^status:/);
  });
});

describe('Payment', () => {
  const payment: Payment = {
    source: { system: 'xero', id: '5d3c2b1a-0f9e-4d8c-b7a6-554433221100', updatedAt: '2024-05-10T08:00:00Z' },
    direction: 'received',
    status: 'authorised',
    date: '2024-05-10',
    amount: gbp(10000),
    party: { code: 'HARG0042' },
    allocations: [{ document: { number: '10042' }, documentKind: 'invoice', amount: gbp(10000) }],
    bankAccount: { code: '090', name: 'Business Current Account' },
    reference: 'BACS HARGREAVES',
    reconciled: true,
  };

  it('accepts a payment against an invoice', () => {
    expect(Payment.parse(payment)).toEqual(payment);
  });

  it('rejects a zero amount and over-allocation, naming the field', () => {
    expect(issues(Payment, { ...payment, amount: gbp(0), allocations: [] })).toEqual([
      'amount: amount must be more than zero',
    ]);
    expect(issues(Payment, { ...payment, amount: gbp(9999) })[0]).toMatch(
      /^allocations: allocations add up to 100.00 GBP/,
    );
    expect(issues(Payment, { ...payment, bankAccount: { name: 'Current' } })[0]).toMatch(/^bankAccount:/);
  });
});

describe('BankTransaction', () => {
  const transaction: BankTransaction = {
    direction: 'spend',
    kind: 'standard',
    status: 'authorised',
    bankAccount: { code: '090' },
    date: '2024-05-12',
    reference: 'DD BT BUSINESS',
    currency: 'GBP',
    lines: [line(5000, 1000, { quantity: '1', unitPrice: '50', accountCode: '489', product: undefined })],
    totals: { net: gbp(5000), tax: gbp(1000), gross: gbp(6000) },
    reconciled: false,
  };

  it('accepts a spend-money transaction and a bare statement line', () => {
    expect(BankTransaction.parse(transaction)).toEqual(transaction);
    const statementLine = { ...transaction, lines: [], totals: { net: gbp(6000), tax: gbp(0), gross: gbp(6000) } };
    expect(issues(BankTransaction, statementLine)).toEqual([]);
  });

  it('rejects a negative total and an unknown direction', () => {
    const negative = { ...transaction, lines: [], totals: { net: gbp(-6000), tax: gbp(0), gross: gbp(-6000) } };
    expect(issues(BankTransaction, negative)[0]).toMatch(/^totals.gross: totals.gross cannot be negative/);
    expect(issues(BankTransaction, { ...transaction, direction: 'SPEND' })[0]).toMatch(/^direction:/);
  });
});

describe('LedgerAccount', () => {
  const account: LedgerAccount = {
    code: '200',
    name: 'Sales',
    class: 'revenue',
    type: 'sales',
    status: 'active',
    taxCode: 'OUTPUT2',
  };

  it('accepts an income account and a bank account', () => {
    expect(LedgerAccount.parse(account)).toEqual(account);
    const bank = {
      code: '090',
      name: 'Current',
      class: 'asset',
      type: 'bank',
      status: 'active',
      bankAccountNumber: '20-00-00 12345678',
      currency: 'GBP',
    };
    expect(issues(LedgerAccount, bank)).toEqual([]);
  });

  it('rejects a class that contradicts the type and a bank number on a non-bank account', () => {
    expect(issues(LedgerAccount, { ...account, class: 'expense' })).toEqual([
      'class: class is expense but a sales account is revenue',
    ]);
    expect(issues(LedgerAccount, { ...account, bankAccountNumber: '123' })[0]).toMatch(/^bankAccountNumber:/);
  });
});

describe('TaxRate', () => {
  const standard: TaxRate = {
    code: 'OUTPUT2',
    name: '20% (VAT on Income)',
    ratePercent: '20',
    components: [{ name: 'VAT', ratePercent: '20.0000' }],
    status: 'active',
    appliesTo: ['sales'],
    reportType: 'OUTPUT',
    validFrom: '2011-01-04',
  };

  it('accepts UK standard, reduced and zero VAT', () => {
    expect(TaxRate.parse(standard)).toEqual(standard);
    expect(issues(TaxRate, { ...standard, code: 'RR', ratePercent: '5', components: undefined })).toEqual([]);
    expect(issues(TaxRate, { ...standard, code: 'ZERORATED', ratePercent: '0', components: [] })).toEqual([]);
  });

  it('rejects components that disagree, a negative rate and a percent sign', () => {
    expect(issues(TaxRate, { ...standard, ratePercent: '17.5' })).toEqual([
      'ratePercent: ratePercent is 17.5 but the components add up to 20.0000',
    ]);
    expect(issues(TaxRate, { ...standard, ratePercent: '-1', components: undefined })).toEqual([
      'ratePercent: ratePercent cannot be negative',
    ]);
    expect(issues(TaxRate, { ...standard, ratePercent: '20%' })[0]).toMatch(/^ratePercent:/);
    expect(issues(TaxRate, { ...standard, validTo: '2010-01-01' })[0]).toMatch(/^validTo:/);
  });
});

describe('Currency and FxRate', () => {
  it('accept currencies with their ISO exponent and reject a wrong one', () => {
    expect(issues(Currency, { code: 'GBP', name: 'Pound Sterling', exponent: 2, isBase: true })).toEqual([]);
    expect(issues(Currency, { code: 'JPY', exponent: 2 })).toEqual([
      'exponent: exponent is 2 but JPY has 0 minor-unit digits',
    ]);
  });

  it('accept a rate and reject a zero rate or a self-rate', () => {
    const fx = { base: 'GBP', quote: 'EUR', rate: '1.1734', date: '2024-05-31', provider: 'ecb' };
    expect(FxRate.parse(fx)).toEqual(fx);
    expect(issues(FxRate, { ...fx, rate: '0' })).toEqual(['rate: rate must be more than zero']);
    expect(issues(FxRate, { ...fx, quote: 'GBP' })).toEqual(['quote: quote is the same currency as base (GBP)']);
    expect(issues(FxRate, { ...fx, rate: 1.1734 })[0]).toMatch(/^rate:/);
  });

  it('convert both ways, across currencies with different minor units', () => {
    const eur = FxRate.parse({ base: 'GBP', quote: 'EUR', rate: '1.1734', date: '2024-05-31' });
    expect(convertMoney(gbp(10000), eur)).toEqual({ amountMinor: 11734, currency: 'EUR' });
    expect(convertMoney({ amountMinor: 11734, currency: 'EUR' }, eur)).toEqual(gbp(10000));
    const yen = FxRate.parse({ base: 'GBP', quote: 'JPY', rate: '191.52', date: '2024-05-31' });
    expect(convertMoney(gbp(1000), yen)).toEqual({ amountMinor: 1915, currency: 'JPY' });
    expect(convertMoney({ amountMinor: 1915, currency: 'JPY' }, yen)).toEqual(gbp(1000));
    const dinar = FxRate.parse({ base: 'GBP', quote: 'BHD', rate: '0.4789', date: '2024-05-31' });
    expect(convertMoney(gbp(100), dinar)).toEqual({ amountMinor: 479, currency: 'BHD' });
    expect(() => convertMoney({ amountMinor: 1, currency: 'USD' }, eur)).toThrow(CounterpartError);
  });
});

describe('parseRecord', () => {
  it('returns the parsed record', () => {
    expect(parseRecord(Invoice, invoice, 'Invoice')).toEqual(invoice);
  });

  it('throws one CounterpartError naming the record and the failing fields', () => {
    try {
      parseRecord(Invoice, { ...invoice, dueDate: '2024-01-01' }, 'Xero invoice 10042', { system: 'xero' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CounterpartError);
      const failure = error as CounterpartError;
      expect(failure.code).toBe('model.invalid_record');
      expect(failure.message).toBe(
        'Xero invoice 10042 is not valid: dueDate: dueDate 2024-01-01 is before issueDate 2024-04-30.',
      );
      expect(failure.context).toMatchObject({ system: 'xero', fields: 'dueDate' });
    }
  });
});
