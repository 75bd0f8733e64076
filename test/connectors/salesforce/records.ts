import type { Party, Product } from '../../../src/model/index.js';

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
