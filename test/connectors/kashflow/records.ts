import type { Invoice, Party, Payment, Product } from '../../../src/model/index.js';

/** Canonical records the write, fault and benchmark runs send to KashFlow. */
export const gbp = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });

export function customer(index: number): Party {
  return {
    roles: ['customer'],
    code: `NEW${String(index).padStart(3, '0')}`,
    name: `New Customer ${index}`,
    status: 'active',
    email: `accounts${index}@new.test`,
    contacts: [{ firstName: 'Grace', lastName: `Hopper ${index}`, primary: true }],
    addresses: [{ kind: 'billing', lines: ['2 Dock Road'], postalCode: 'L1 1AA', countryCode: 'GB' }],
    paymentTermsDays: 14,
  };
}

export function product(index: number): Product {
  return {
    code: `NP-${index}`,
    name: `New product ${index}`,
    status: 'active',
    sales: { unitPrice: '19.99', currency: 'GBP', accountCode: '4000', taxRate: '20' },
  };
}

export function invoice(number: number, customerCode: string): Invoice {
  // 2 × 19.99 = 39.98 net, 8.00 VAT (rounded half away from zero from 7.996), 47.98 gross.
  return {
    kind: 'receivable',
    number: String(number),
    reference: `PO-${number}`,
    party: { code: customerCode },
    issueDate: '2026-03-29',
    dueDate: '2026-04-28',
    currency: 'GBP',
    status: 'authorised',
    lines: [
      {
        description: 'New product',
        product: { code: 'NP-1' },
        quantity: '2',
        unitPrice: '19.99',
        net: gbp(3998),
        taxRate: '20',
        tax: gbp(800),
        accountCode: '4000',
      },
    ],
    totals: { net: gbp(3998), tax: gbp(800), gross: gbp(4798) },
    amountPaid: gbp(0),
    amountDue: gbp(4798),
  };
}

export function receipt(number: string, amountMinor: number, reference = 'BACS batch 7'): Payment {
  return {
    direction: 'received',
    status: 'authorised',
    date: '2026-04-02',
    amount: gbp(amountMinor),
    allocations: [{ document: { number }, documentKind: 'invoice', amount: gbp(amountMinor) }],
    reference,
    method: 'BACS',
  };
}
