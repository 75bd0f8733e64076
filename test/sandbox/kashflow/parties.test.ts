import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import type { KfError, KfList } from './kashflowClient.js';

interface Customer {
  Id: number;
  Code: string;
  Name: string;
  Contacts: {
    Id: number;
    Firstname: string | null;
    LastName: string | null;
    Email: string | null;
    IsPrimary: boolean;
  }[];
  Addresses?: { Line1: string | null; PostCode: string | null }[];
  Currency: { Code: string; ExchangeRate: number };
  CreatedDate: string;
  LastUpdatedDate: string;
  OutstandingBalance: number;
  IsArchived: boolean;
  VATNumber: string;
  PaymentTerms: { Type: string; Days: number };
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  for (let i = 1; i <= 23; i++) {
    await harness.client.expect(
      'POST',
      '/customers',
      { Code: `CUST${String(i).padStart(2, '0')}`, Name: `Customer ${String.fromCharCode(96 + (24 - i))} Ltd` },
      201,
    );
  }
});
afterAll(async () => {
  await harness.sandbox.close();
});

describe('KashFlow sandbox: customers', () => {
  it('creates a customer with PascalCase fields, Firstname quirk, Currency object and zone-less dates', async () => {
    const created = await harness.client.expect<Customer>(
      'POST',
      '/customers',
      {
        Code: 'ACME01',
        Name: 'Acme Widgets Ltd',
        VATNumber: 'GB123456789',
        Contacts: [{ Firstname: 'Ada', LastName: 'Lovelace', Email: 'ada@acme.test' }],
        Addresses: [{ Line1: '1 Mill Lane', PostCode: 'LS1 1AA', CountryCode: 'GB' }],
        Currency: { Code: 'GBP' },
      },
      201,
    );
    expect(created).toMatchObject({
      Code: 'ACME01',
      Name: 'Acme Widgets Ltd',
      VATNumber: 'GB123456789',
      Currency: { Code: 'GBP', Name: 'British Pounds', Symbol: '£', ExchangeRate: 1 },
      Contacts: [{ Firstname: 'Ada', LastName: 'Lovelace', IsPrimary: true }],
      OutstandingBalance: 0,
      PaymentTerms: { Type: 'AfterIssuedDate', Days: 30 },
    });
    expect(created.Id).toBeGreaterThan(0);
    expect(created.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const fetched = await harness.client.get<Customer>('/customers/ACME01');
    expect(fetched.Addresses?.[0]).toMatchObject({ Line1: '1 Mill Lane', PostCode: 'LS1 1AA' });
  });

  it('updates only the fields sent and moves LastUpdatedDate', async () => {
    await harness.client.expect('POST', '/customers', { Code: 'UPD01', Name: 'Before Ltd', Note: 'keep me' }, 201);
    const updated = await harness.client.expect<Customer & { Note: string }>(
      'PUT',
      '/customers/UPD01',
      { Name: 'After Ltd' },
      200,
    );
    expect(updated.Name).toBe('After Ltd');
    expect(updated.Note).toBe('keep me');
  });

  it('renames a customer code through PUT', async () => {
    await harness.client.expect('POST', '/customers', { Code: 'OLD01', Name: 'Renamed Ltd' }, 201);
    await harness.client.expect('PUT', '/customers/OLD01', { Code: 'NEW01' }, 200);
    expect((await harness.client.call('GET', '/customers/OLD01')).status).toBe(404);
    expect((await harness.client.get<Customer>('/customers/NEW01')).Name).toBe('Renamed Ltd');
  });

  it('suggests a code when none is sent and refuses a duplicate code', async () => {
    const created = await harness.client.expect<Customer>('POST', '/customers', { Name: 'Zebra Crossing Co' }, 201);
    expect(created.Code).toBe('ZEBR01');
    const duplicate = await harness.client.call<KfError>('POST', '/customers', { Code: 'zebr01', Name: 'Other' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.Error).toBe('DuplicateCustomerCode');
    const allowed = await harness.client.expect<Customer>(
      'POST',
      '/customers',
      { Code: 'ZEBR01', Name: 'Zebra Two', CreateCustomerCodeIfDuplicate: true },
      201,
    );
    expect(allowed.Code).toBe('ZEBR02');
  });

  it('answers 404 {Message, Error} for an unknown code and 400 for a bad body', async () => {
    const missing = await harness.client.call<KfError>('GET', '/customers/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ Message: 'Customer with code NOPE was not found.', Error: 'CustomerNotFound' });

    const bad = await harness.client.call<KfError>('POST', '/customers', { Name: 'X', Contacts: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.Error).toBe('ValidationError');
    expect(bad.body.Message).toContain('Contacts');

    const noName = await harness.client.call<KfError>('POST', '/customers', { Note: 'no name' });
    expect(noName.status).toBe(400);

    const notJson = await fetch(`${harness.credentials.baseUrl}/customers`, {
      method: 'POST',
      headers: { Authorization: `KfToken ${harness.client.token}`, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ Error: 'BadRequest' });
  });

  it('pages with page/perpage inside {MetaData, Data} and follows NextPageUrl to the end', async () => {
    const first = await harness.client.get<KfList<Customer>>('/customers?page=1&perpage=10&sortby=1&order=asc');
    expect(first.Data).toHaveLength(10);
    expect(first.MetaData.TotalRecords).toBeGreaterThanOrEqual(23);
    expect(first.MetaData.PreviousPageUrl).toBeNull();
    expect(first.MetaData.NextPageUrl).toContain('page=2');
    expect(first.MetaData.FirstPageUrl).toContain('page=1');
    // List rows are summaries: no address blocks.
    expect(first.Data[0]).not.toHaveProperty('Addresses');

    const everyone = await harness.client.all<Customer>('/customers?perpage=7&sortby=1');
    expect(everyone).toHaveLength(first.MetaData.TotalRecords);
    expect(new Set(everyone.map((c) => c.Code)).size).toBe(everyone.length);
  });

  it('sorts by the integer sortby codes (0 Name, 1 Code) in either order', async () => {
    const byNameDesc = await harness.client.get<KfList<Customer>>(
      '/customers?sortby=0&order=desc&namestartswith=Customer',
    );
    const names = byNameDesc.Data.map((c) => c.Name);
    expect(names).toEqual([...names].sort().reverse());
    const byCode = await harness.client.get<KfList<Customer>>('/customers?sortby=1&perpage=100');
    const codes = byCode.Data.map((c) => c.Code);
    expect(codes).toEqual(
      [...codes].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true, sensitivity: 'base' })),
    );
  });

  it('filters by namestartswith, searchtext and creation date', async () => {
    const acme = await harness.client.get<KfList<Customer>>('/customers?namestartswith=acme');
    expect(acme.Data.map((c) => c.Code)).toEqual(['ACME01']);
    const search = await harness.client.get<KfList<Customer>>('/customers?searchtext=zebra');
    expect(search.Data.length).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    const future = await harness.client.get<KfList<Customer>>('/customers?startcreationdate=2999-01-01');
    expect(future.MetaData.TotalRecords).toBe(0);
    expect(future.MetaData.NextPageUrl).toBeNull();
    const sinceToday = await harness.client.get<KfList<Customer>>(`/customers?startcreationdate=${today}&perpage=1`);
    expect(sinceToday.MetaData.TotalRecords).toBeGreaterThan(0);
    const bad = await harness.client.call<KfError>('GET', '/customers?startcreationdate=yesterday');
    expect(bad.status).toBe(400);
  });

  it('rejects a bad page number with 400', async () => {
    const response = await harness.client.call<KfError>('GET', '/customers?page=0');
    expect(response.status).toBe(400);
    expect(response.body.Error).toBe('ValidationError');
  });

  it('deletes a customer without transactions', async () => {
    await harness.client.expect('POST', '/customers', { Code: 'DEL01', Name: 'Short Lived Ltd' }, 201);
    await harness.client.expect('DELETE', '/customers/DEL01', undefined, 200);
    expect((await harness.client.call('GET', '/customers/DEL01')).status).toBe(404);
  });

  it('searches customers by code, name or email', async () => {
    const byEmail = await harness.client.get<Customer[]>('/customers/search?searchBy=email&searchText=ada@acme.test');
    expect(byEmail.map((c) => c.Code)).toEqual(['ACME01']);
  });
});

describe('KashFlow sandbox: suppliers', () => {
  it('creates, reads, lists and updates a supplier with its single Address and VatNumber', async () => {
    const created = await harness.client.expect<{ Code: string; VatNumber: string; Address: { Line1: string } }>(
      'POST',
      '/suppliers',
      { Code: 'SUP01', Name: 'Honda Suppliers', VatNumber: 'GB999', Address: { Line1: 'Line1', PostCode: 'AB1 2CD' } },
      201,
    );
    expect(created).toMatchObject({ Code: 'SUP01', VatNumber: 'GB999', Address: { Line1: 'Line1' } });
    const list = await harness.client.get<KfList<{ Code: string }>>('/suppliers');
    expect(list.Data.map((s) => s.Code)).toContain('SUP01');
    const updated = await harness.client.expect<{ Name: string }>('PUT', '/suppliers/SUP01', { Name: 'Honda UK' }, 200);
    expect(updated.Name).toBe('Honda UK');
  });
});
