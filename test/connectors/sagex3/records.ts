import type { Invoice, Party, Payment, Product, SalesOrder } from '../../../src/model/index.js';

const gbp = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });

export function customer(n: number, overrides: Partial<Party> = {}): Party {
  return {
    roles: ['customer'],
    code: `NEW-${n}`,
    name: `New Customer ${n} Ltd`,
    status: 'active',
    taxNumber: `GB99988877${n}`,
    defaultCurrency: 'GBP',
    email: `ap@new${n}.example`,
    contacts: [],
    addresses: [
      {
        kind: 'billing',
        label: 'MAIN',
        lines: [`${n} Station Road`],
        city: 'Bath',
        postalCode: 'BA1 1AA',
        countryCode: 'GB',
      },
    ],
    creditLimit: gbp(250_000),
    ...overrides,
  };
}

export function product(code: string, price: string): Product {
  return {
    code,
    name: `Product ${code}`,
    status: 'active',
    unitOfMeasure: 'UN',
    sales: { unitPrice: price, currency: 'GBP', taxCode: 'NOR' },
  };
}

/** 3 × 19.99 at 20 %: 59.97 net, 11.99 tax (11.994 rounded), 71.96 gross — pennies that floats get wrong. */
export function order(number: string, customerCode: string): SalesOrder {
  return {
    number,
    customerReference: `PO-${number}`,
    party: { code: customerCode },
    orderDate: '2026-03-02',
    currency: 'GBP',
    status: 'open',
    lines: [
      {
        description: 'Grey ring binder',
        product: { code: 'BIND-01' },
        quantity: '3',
        unitPrice: '19.99',
        taxCode: 'NOR',
        net: gbp(5_997),
        tax: gbp(1_199),
      },
    ],
    totals: { net: gbp(5_997), tax: gbp(1_199), gross: gbp(7_196) },
  };
}

export function invoice(number: string, customerCode: string): Invoice {
  return {
    kind: 'receivable',
    number,
    party: { code: customerCode },
    issueDate: '2026-03-03',
    dueDate: '2026-04-02',
    currency: 'GBP',
    status: 'authorised',
    lines: [
      {
        description: 'A4 paper, box',
        product: { code: 'PAPR-02' },
        quantity: '2',
        unitPrice: '24.50',
        taxCode: 'NOR',
        net: gbp(4_900),
        tax: gbp(980),
      },
    ],
    totals: { net: gbp(4_900), tax: gbp(980), gross: gbp(5_880) },
    amountPaid: gbp(0),
    amountDue: gbp(5_880),
  };
}

export function receipt(reference: string, customerCode: string, invoiceNumber: string, amountMinor: number): Payment {
  return {
    direction: 'received',
    status: 'authorised',
    date: '2026-03-10',
    amount: gbp(amountMinor),
    party: { code: customerCode },
    allocations: [{ document: { number: invoiceNumber }, documentKind: 'invoice', amount: gbp(amountMinor) }],
    reference,
  };
}
