import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { type Harness, startHarness } from './harness.js';
import type { KfError, KfList } from './kashflowClient.js';

let harnesses: Harness[] = [];
async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const harness = await startHarness(options);
  harnesses.push(harness);
  return harness;
}
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.sandbox.close()));
  harnesses = [];
});

const seed = {
  nominals: [{ Code: 4010, Name: 'Trade Sales', Type: 'Sales' }],
  customers: [
    { Id: 777, Code: 'SEED01', Name: 'Seeded Customer Ltd', CreatedDate: '2025-11-01 09:15:00' },
    { Code: 'SEED02', Name: 'Second Seed Ltd' },
  ],
  suppliers: [{ Code: 'SSUP1', Name: 'Seed Supplier' }],
  products: [{ NominalCode: 4010, Code: 'SP1', Name: 'Seed Product', Price: 2.5 }],
  invoices: [
    {
      Number: 5001,
      CustomerCode: 'SEED01',
      IssuedDate: '2025-11-03',
      DueDate: '2025-12-03',
      LineItems: [{ ProductCode: 'SP1', NominalCode: 4010, Quantity: 4, Rate: 2.5, VATLevel: 20 }],
      PaymentLines: [{ Id: 90, Amount: 12, Date: '2025-11-20', Method: 3 }],
    },
  ],
  purchases: [{ Number: 12, SupplierCode: 'SSUP1', LineItems: [{ Quantity: 1, Rate: 50, VATLevel: 20 }] }],
};

describe('KashFlow sandbox: faults, limits, state and settings', () => {
  it('shapes injected 500, 503 and 429 faults as KashFlow errors', async () => {
    const faults = new FaultInjector();
    const harness = await start({ faults });
    await harness.client.login();
    for (const status of ['500', '503', '429'] as const) {
      faults.set({ kashflow: { status: { [status]: 1 }, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0 } });
      const response = await harness.client.raw<KfError>('GET', '/customers', undefined, harness.client.token);
      expect(response.status).toBe(Number(status));
      expect(Object.keys(response.body).sort()).toEqual(['Error', 'Message']);
      if (status === '429') expect(response.headers.get('retry-after')).toBe('1');
    }
    faults.set({});
    expect((await harness.client.call('GET', '/customers')).status).toBe(200);
  });

  it('answers 429 with Retry-After once a configured per-session limit is spent, then lets the client in', async () => {
    // Three requests a minute; at time scale 60 the minute lasts one real second.
    const harness = await start({ timeScale: 60, settings: { rateLimit: { requests: 3, windowMs: 60_000 } } });
    await harness.client.login();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await harness.client.raw<KfError>('GET', '/nominals', undefined, harness.client.token);
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(response.body.Error).toBe('TooManyRequests');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(retryAfter).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, Number(retryAfter) * 1000 + 50));
    expect((await harness.client.call('GET', '/nominals')).status).toBe(200);
  });

  it('fails items of a bulk payment independently under partial-batch faults', async () => {
    const faults = new FaultInjector();
    const harness = await start({ faults, seed });
    await harness.client.login();
    const invoices = [];
    for (let i = 0; i < 6; i++) {
      invoices.push(
        await harness.client.expect<{ Number: number }>(
          'POST',
          '/invoices',
          { CustomerCode: 'SEED02', LineItems: [{ Quantity: 1, Rate: 10, VATLevel: 0 }] },
          201,
        ),
      );
    }
    faults.set({ kashflow: { status: {}, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0.5 } });
    const response = await harness.client.call<{
      Results: { Number: number; Success: boolean; Error: string | null }[];
    }>('POST', '/invoices/bulk/payments', {
      Date: '2026-01-05',
      Payments: invoices.map((i) => ({ Number: i.Number, Amount: 10 })),
    });
    faults.set({});
    const outcomes = response.body.Results.map((r) => r.Success);
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
    expect(response.status).toBe(200);
    for (const result of response.body.Results) {
      const invoice = await harness.client.get<{ Status: string }>(`/invoices/${result.Number}`);
      expect(invoice.Status === 'Paid').toBe(result.Success);
    }
  });

  it('loads a wire-shape seed keeping its ids, numbers and dates', async () => {
    const harness = await start({ seed });
    const customer = await harness.client.get<{ Id: number; CreatedDate: string; InvoiceCount: number }>(
      '/customers/SEED01',
    );
    expect(customer).toMatchObject({ Id: 777, CreatedDate: '2025-11-01 09:15:00', InvoiceCount: 1 });
    const invoice = await harness.client.get<{
      GrossAmount: number;
      DueAmount: number;
      PaymentLines: { Id: number }[];
    }>('/invoices/5001');
    expect(invoice).toMatchObject({ GrossAmount: 12, DueAmount: 0, PaymentLines: [{ Id: 90 }] });
    const created = await harness.client.expect<{ Id: number }>('POST', '/customers', { Name: 'After Seed' }, 201);
    expect(created.Id).not.toBe(777);
    expect(await harness.client.get<number>('/nextavailablepurchasenumber')).toBe(13);
  });

  it('loads the seed example documented in docs/sandbox-kashflow.md', async () => {
    const doc = readFileSync(new URL('../../../docs/sandbox-kashflow.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    const harness = await start({ seed: JSON.parse(example ?? '{}').kashflow });
    const invoice = await harness.client.get<{ GrossAmount: number; Status: string }>('/invoices/10001');
    expect(invoice).toMatchObject({ GrossAmount: 35.96, Status: 'Paid' });
    const savings = (await harness.client.get<{ Code: number; BankBalance: number }[]>('/bankaccounts')).find(
      (account) => account.Code === 1210,
    );
    expect(savings?.BankBalance).toBe(5000);
  });

  it('refuses a seed that is not in KashFlow wire shape, naming the record', async () => {
    await expect(start({ seed: { customers: [{ Name: 42 }] } })).rejects.toThrow(/customers\[0\]/);
    await expect(start({ seed: { invoices: [{ CustomerCode: 'NOBODY' }] } })).rejects.toThrow(/invoices\[0\]/);
  });

  it('restores a JSON snapshot into a new sandbox', async () => {
    const first = await start({ seed });
    await first.client.expect('POST', '/customers', { Code: 'SNAP01', Name: 'Snapshot Ltd' }, 201);
    const state = JSON.parse(JSON.stringify(first.sandbox.snapshot()));
    const second = await start({ state });
    expect((await second.client.get<{ Name: string }>('/customers/SNAP01')).Name).toBe('Snapshot Ltd');
    expect((await second.client.get<{ Number: number }>('/invoices/5001')).Number).toBe(5001);
    const next = await second.client.expect<{ Id: number }>('POST', '/customers', { Name: 'Next One' }, 201);
    const ids = (await second.client.all<{ Id: number }>('/customers')).map((c) => c.Id);
    expect(ids.filter((id) => id === next.Id)).toHaveLength(1);
    await expect(start({ state: { version: 2 } })).rejects.toThrow(/snapshot/);
  });

  it('restyles dates, page links and summaries when settings say so', async () => {
    const harness = await start({
      seed,
      settings: {
        dateStyle: 'iso',
        unsetDate: '1970-01-01 12:00:00',
        pageUrlStyle: 'relative',
        summaryDetail: 'omit',
        perPageOverMax: 'error',
        maxPerPage: { default: 10 },
      },
    });
    const invoice = await harness.client.get<{ IssuedDate: string; PaidDate: string }>('/purchases/12');
    expect(invoice.IssuedDate).toMatch(/^\d{4}-\d{2}-\d{2}T12:00:00$/);
    expect(invoice.PaidDate).toBe('1970-01-01 12:00:00');
    const page = await harness.client.get<KfList<Record<string, unknown>>>('/customers?perpage=1');
    expect(page.MetaData.NextPageUrl).toMatch(/^\/v2\/customers\?/);
    const invoices = await harness.client.get<KfList<Record<string, unknown>>>('/invoices');
    expect(invoices.Data[0]).not.toHaveProperty('LineItems');
    expect((await harness.client.call<KfError>('GET', '/customers?perpage=11')).status).toBe(400);

    harness.sandbox.configure({ dateStyle: 'offset' });
    const offset = await harness.client.get<{ CreatedDate: string }>('/customers/SEED01');
    expect(offset.CreatedDate).toBe('2025-11-01 09:15:00 +00:00');
  });

  it('answers an unknown route with a KashFlow-shaped 404', async () => {
    const harness = await start();
    await harness.client.login();
    const response = await harness.client.call<KfError>('GET', '/no/such/thing');
    expect(response.status).toBe(404);
    expect(response.body.Error).toBe('NotFound');
  });
});
