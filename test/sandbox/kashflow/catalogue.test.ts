import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import type { KfError, KfList } from './kashflowClient.js';

interface Product {
  Code: string;
  Name: string;
  NominalCode: number;
  Price: number;
  VATRate: number;
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.sandbox.close();
});

describe('KashFlow sandbox: nominals, products, bank accounts, VAT rates', () => {
  it('serves nominals as a bare array and by code', async () => {
    const nominals = await harness.client.get<{ Code: number; Name: string }[]>('/nominals');
    expect(Array.isArray(nominals)).toBe(true);
    expect(nominals.map((n) => n.Code)).toContain(4000);
    const sales = await harness.client.get<{ Code: number; Name: string; IsProduct: number }>('/nominals/4000');
    expect(sales).toMatchObject({ Code: 4000, Name: 'Sales', IsProduct: 0 });
    expect((await harness.client.call<KfError>('GET', '/nominals/9999')).status).toBe(404);
  });

  it('creates, updates and deletes a nominal', async () => {
    await harness.client.expect('POST', '/nominals', { Code: 4100, Name: 'Service Sales', Type: 'Sales' }, 201);
    const updated = await harness.client.expect<{ Name: string }>('PUT', '/nominals/4100', { Name: 'Services' }, 200);
    expect(updated.Name).toBe('Services');
    await harness.client.expect('DELETE', '/nominals/4100', undefined, 200);
    const duplicate = await harness.client.call<KfError>('POST', '/nominals', { Code: 4000, Name: 'Again' });
    expect(duplicate.body.Error).toBe('DuplicateNominalCode');
  });

  it('files products under a nominal code with a two-part key', async () => {
    const created = await harness.client.expect<Product>(
      'POST',
      '/products',
      { NominalCode: 4000, Code: 'P-1', Name: 'Pallet', Price: 12.5, VATRate: 20 },
      201,
    );
    expect(created).toMatchObject({ Code: 'P-1', NominalCode: 4000, Price: 12.5 });
    expect((await harness.client.get<Product>('/products/4000/P-1')).Name).toBe('Pallet');
    const missingNominal = await harness.client.call<KfError>('POST', '/products', { Code: 'X', Name: 'X' });
    expect(missingNominal.status).toBe(400);
    const underNominal = await harness.client.get<Product[]>('/nominals/4000/products');
    expect(underNominal.map((p) => p.Code)).toEqual(['P-1']);
    const nominal = await harness.client.get<{ IsProduct: number; DefaultProduct: { Code: string } | null }>(
      '/nominals/4000',
    );
    expect(nominal.IsProduct).toBe(1);
    expect(nominal.DefaultProduct?.Code).toBe('P-1');

    const moved = await harness.client.expect<Product>(
      'PUT',
      '/products/4000/P-1',
      { NominalCode: 4900, Price: 13 },
      200,
    );
    expect(moved).toMatchObject({ NominalCode: 4900, Price: 13, Name: 'Pallet' });
    expect((await harness.client.call('GET', '/products/4000/P-1')).status).toBe(404);
    await harness.client.expect('DELETE', '/products/4900/P-1', undefined, 200);
  });

  it('pages products/list at no more than 100 a page', async () => {
    for (let i = 0; i < 105; i++) {
      await harness.client.expect('POST', '/products', { NominalCode: 4000, Code: `BULK${i}`, Name: `Bulk ${i}` }, 201);
    }
    const page = await harness.client.get<KfList<Product>>('/products/list?perpage=500');
    expect(page.Data).toHaveLength(100);
    expect(page.MetaData.TotalRecords).toBe(105);
    expect(page.MetaData.NextPageUrl).toContain('perpage=100');
    expect(page.MetaData).not.toHaveProperty('TotalAmount');
    const bare = await harness.client.get<Product[]>('/products');
    expect(bare).toHaveLength(105);
  });

  it('keeps bank accounts with a BankBalance that follows payments', async () => {
    const accounts =
      await harness.client.get<{ Id: number; Code: number; BankBalance: number; IsDefaultAccount: boolean }[]>(
        '/bankaccounts',
      );
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ Code: 1200, IsDefaultAccount: true, BankBalance: 0 });
    const savings = await harness.client.expect<{ Id: number; Code: number }>(
      'POST',
      '/bankaccounts',
      { AccountName: 'Savings', OpeningBalance: 1000 },
      201,
    );
    expect(savings.Code).toBe(1201);
    await harness.client.expect('POST', '/customers', { Code: 'BANK01', Name: 'Payer Ltd' }, 201);
    await harness.client.expect(
      'POST',
      '/invoices',
      {
        CustomerCode: 'BANK01',
        LineItems: [{ Quantity: 1, Rate: 100, VATLevel: 20 }],
        PaymentLines: [{ Amount: 120, AccountId: savings.Id, Date: '2026-01-02' }],
      },
      201,
    );
    const after = await harness.client.get<{ BankBalance: number }>(`/bankaccounts/${savings.Id}`);
    expect(after.BankBalance).toBe(1120);
    const list = await harness.client.get<KfList<{ Code: number }>>('/bankaccounts/list');
    expect(list.MetaData.TotalRecords).toBe(2);
    const unknown = await harness.client.call<KfError>('POST', '/invoices', {
      CustomerCode: 'BANK01',
      LineItems: [{ Quantity: 1, Rate: 1 }],
      PaymentLines: [{ Amount: 1, AccountId: 424242 }],
    });
    expect(unknown.body.Error).toBe('InvalidBankAccount');
  });

  it('serves VAT rates as a bare array of {VATId, VATRate, VATText} and adds or removes one', async () => {
    const rates =
      await harness.client.get<{ VATId: number; VATRate: number; VATText: string }[]>('/vat/settings/vatrates');
    expect(rates.map((r) => r.VATRate)).toEqual([20, 5, 0]);
    expect(rates[0]?.VATText).toBe('20%');
    const added = await harness.client.expect<{ VATId: number }>('POST', '/vat/settings/vatrates/17.5', undefined, 201);
    await harness.client.expect('DELETE', `/vat/settings/vatrates/${added.VATId}`, undefined, 200);
  });

  it('lists payment methods for invoices and purchases', async () => {
    const methods = await harness.client.get<{ Id: number; Name: string }[]>('/paymentmethods/invoice');
    expect(methods.map((m) => m.Name)).toContain('BACS');
    expect((await harness.client.call('GET', '/paymentmethods/nonsense')).status).toBe(400);
  });
});
