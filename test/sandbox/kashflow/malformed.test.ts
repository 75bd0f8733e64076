import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import type { KfError } from './kashflowClient.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    seed: {
      customers: [{ Code: 'C1', Name: 'One' }],
      suppliers: [{ Code: 'S1', Name: 'One' }],
      invoices: [{ Number: 1, CustomerCode: 'C1', LineItems: [{ Quantity: 1, Rate: 10 }] }],
      purchases: [{ Number: 1, SupplierCode: 'S1', LineItems: [{ Quantity: 1, Rate: 10 }] }],
      products: [{ NominalCode: 4000, Code: 'P1', Name: 'P' }],
    },
  });
  await harness.client.login();
});
afterAll(async () => {
  await harness.sandbox.close();
});

const bodies: unknown[] = [
  null,
  [],
  'text',
  42,
  { Code: { nested: true } },
  { Name: 'X', Contacts: [null] },
  { Name: 'X', Currency: 'GBP' },
  { CustomerCode: 'C1', LineItems: [{ Quantity: 'lots' }] },
  { CustomerCode: 'C1', SupplierCode: 'S1', LineItems: [{ Quantity: 1e308, Rate: 1e308 }] },
  { CustomerCode: 'C1', SupplierCode: 'S1', LineItems: [{ Quantity: 1, Rate: 1, NominalCode: 1.5 }] },
  { CustomerCode: 'C1', SupplierCode: 'S1', PaymentLines: [{ Amount: 'x' }] },
  { CustomerCode: 'C1', SupplierCode: 'S1', IssuedDate: '2026-02-30' },
  { Number: -4 },
  { NominalCode: 'abc', Code: 'Z', Name: 'Z' },
  { AccountName: 'A', Code: 'x' },
];

const targets = [
  ['POST', '/customers'],
  ['PUT', '/customers/C1'],
  ['POST', '/suppliers'],
  ['PUT', '/suppliers/S1'],
  ['POST', '/invoices'],
  ['PUT', '/invoices/1'],
  ['POST', '/purchases'],
  ['PUT', '/purchases/1'],
  ['POST', '/products'],
  ['PUT', '/products/4000/P1'],
  ['POST', '/nominals'],
  ['POST', '/bankaccounts'],
  ['POST', '/invoices/bulk/payments'],
  ['PUT', '/sessiontoken'],
  ['POST', '/sessiontoken'],
] as const;

describe('KashFlow sandbox: malformed requests', () => {
  it('answers every malformed body with a 4xx {Message, Error}, never a 500', async () => {
    const failures: string[] = [];
    for (const [method, path] of targets) {
      for (const body of bodies) {
        const response = await harness.client.raw<KfError>(method, path, body, harness.client.token);
        const shaped =
          response.body && typeof response.body.Message === 'string' && typeof response.body.Error === 'string';
        if (response.status >= 500 || (response.status >= 400 && !shaped)) {
          failures.push(
            `${method} ${path} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers odd paths and parameters with 4xx', async () => {
    for (const path of [
      '/invoices/1.5',
      '/invoices/99999999999999999999',
      '/products/abc/P1',
      '/bankaccounts/x',
      '/nominals/Id/x',
    ]) {
      const response = await harness.client.call<KfError>('GET', path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
  });
});
