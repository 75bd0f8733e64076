import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import type { KfError, KfList, TemporaryTokenResponse } from './kashflowClient.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    timeScale: 3_600,
    seed: {
      customers: [
        { Code: 'B2', Name: 'Alpha', Note: 'a note' },
        { Code: 'A1', Name: 'Bravo' },
      ],
      invoices: [
        { Number: 7, CustomerCode: 'A1', DueDate: '2020-01-01', LineItems: [{ Quantity: 1, Rate: 10, VATLevel: 0 }] },
      ],
    },
  });
  await harness.client.login();
});
afterAll(async () => {
  await harness.sandbox.close();
});

const codes = (list: KfList<{ Code: string }>) => list.Data.map((c) => c.Code);

describe('KashFlow sandbox: settings for unconfirmed behaviour', () => {
  it('replaces unsent fields on PUT when putSemantics is replace', async () => {
    harness.sandbox.configure({ putSemantics: 'replace' });
    const replaced = await harness.client.expect<{ Note: string; Name: string }>(
      'PUT',
      '/customers/B2',
      { Name: 'Alpha 2' },
      200,
    );
    expect(replaced).toMatchObject({ Name: 'Alpha 2', Note: '' });
    harness.sandbox.configure({ putSemantics: 'merge' });
  });

  it('ignores PaymentLines on PUT, allows overpayment and drops Overdue when told to', async () => {
    harness.sandbox.configure({ putPaymentLines: 'ignore', overdueStatus: false });
    const ignored = await harness.client.expect<{ TotalPaidAmount: number; Status: string }>(
      'PUT',
      '/invoices/7',
      { PaymentLines: [{ Amount: 5 }] },
      200,
    );
    expect(ignored).toMatchObject({ TotalPaidAmount: 0, Status: 'Outstanding' });
    harness.sandbox.configure({ putPaymentLines: 'replace', allowOverpayment: true, overdueStatus: true });
    const over = await harness.client.expect<{ TotalPaidAmount: number; DueAmount: number; Status: string }>(
      'PUT',
      '/invoices/7',
      { PaymentLines: [{ Amount: 15 }] },
      200,
    );
    expect(over).toMatchObject({ TotalPaidAmount: 15, DueAmount: 0, Status: 'Paid' });
    harness.sandbox.configure({ allowOverpayment: false });
  });

  it('maps sortby through replaced code tables and can refuse names or unknown codes', async () => {
    harness.sandbox.configure({ sortCodes: { customers: { '0': 'code' } } });
    expect(codes(await harness.client.get('/customers?sortby=0'))).toEqual(['A1', 'B2']);
    harness.sandbox.configure({ sortCodes: {}, acceptSortByNames: false, unknownSortBy: 'error' });
    const refused = await harness.client.call<KfError>('GET', '/customers?sortby=Code');
    expect(refused.status).toBe(400);
    expect((await harness.client.call<KfError>('GET', '/customers?sortby=2')).status).toBe(400);
    expect(codes(await harness.client.get('/customers?sortby=0'))).toEqual(['B2', 'A1']);
    harness.sandbox.configure({ acceptSortByNames: true, unknownSortBy: 'ignore' });
  });

  it('lets a temporary token lapse after temporaryTokenTtlMs on the sandbox clock', async () => {
    harness.sandbox.configure({ temporaryTokenTtlMs: 1_800_000 }); // 30 minutes = 0.5 s here
    const step1 = await harness.client.raw<TemporaryTokenResponse>('POST', '/sessiontoken', {
      UserName: harness.credentials.userName,
      Password: harness.credentials.password,
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const word = harness.credentials.memorableWord;
    const step2 = await harness.client.raw<KfError>('PUT', '/sessiontoken', {
      TemporaryToken: step1.body.TemporaryToken,
      MemorableWordList: step1.body.MemorableWordList.map(({ Position }) => ({ Position, Value: word[Position - 1] })),
    });
    expect(step2.body.Error).toBe('InvalidTemporaryToken');
  });

  it('rejects settings that make no sense', () => {
    expect(() => harness.sandbox.configure({ defaultPerPage: 0 })).toThrow(/defaultPerPage/);
  });
});
