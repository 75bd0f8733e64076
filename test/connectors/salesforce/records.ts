import type { Party, Product, RecordRef, SalesOrder } from '../../../src/model/index.js';

export function customer(n: number, overrides: Partial<Party> = {}): Party {
  return {
    roles: ['customer'],
    code: `CP${String(n).padStart(5, '0')}`,
    name: `Counterpart Customer ${n} Ltd`,
    status: 'active',
    phone: '0113 496 0000',
    contacts: [],
    addresses: [
      { kind: 'billing', lines: [`${n} Mill Lane`, 'Holbeck'], city: 'Leeds', postalCode: 'LS11 5AA', country: 'GB' },
      { kind: 'delivery', lines: ['Unit 4, Dock Road'], city: 'Hull', postalCode: 'HU1 1AA', country: 'GB' },
    ],
    ...overrides,
  };
}

export function product(n: number, overrides: Partial<Product> = {}): Product {
  return {
    code: `CPW-${String(n).padStart(5, '0')}`,
    name: `Counterpart widget ${n}`,
    status: 'active',
    ...overrides,
  };
}

export const upsert = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'upsert' as const, record });

/** An order of 3 × 19.99 (59.97 net; Salesforce opportunities carry no tax) for a customer already in Salesforce. */
export function salesOrder(number: string, account: RecordRef, overrides: Partial<SalesOrder> = {}): SalesOrder {
  const gbp = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });
  return {
    number,
    customerReference: `Order ${number}`,
    party: { ref: account, name: 'Counterpart Customer' },
    orderDate: '2026-03-02',
    currency: 'GBP',
    status: 'open',
    lines: [
      {
        description: 'Grey ring binder',
        quantity: '3',
        unitPrice: '19.99',
        net: gbp(5_997),
        tax: gbp(0),
      },
    ],
    totals: { net: gbp(5_997), tax: gbp(0), gross: gbp(5_997) },
    ...overrides,
  };
}
