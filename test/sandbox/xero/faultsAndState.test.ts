import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Invoice } from 'xero-node';
import type { XeroSeed } from '../../../src/sandbox/xero/index.js';
import { rawCall, type Started, startSandbox, xeroClientFor, xeroFailure } from './helpers.js';
import { specFailures, validateEveryXeroNodeResponse } from './specValidator.js';

validateEveryXeroNodeResponse();

const running: Started[] = [];

async function start(options: Parameters<typeof startSandbox>[0]): Promise<Started> {
  const started = await startSandbox(options);
  running.push(started);
  return started;
}

afterEach(async () => {
  for (const started of running.splice(0)) await started.sandbox.close();
  expect(specFailures()).toEqual([]);
});

const SEED: XeroSeed = {
  Organisations: [{ Name: 'Seeded Trading Ltd' }],
  Contacts: [{ ContactID: 'A1B2C3D4-0000-4000-8000-000000000001', Name: 'Seed Customer', ContactNumber: 'CUST-1' }],
  Items: [{ Code: 'SKU-1', Name: 'Seed Item', SalesDetails: { UnitPrice: 12.5, AccountCode: '200' } }],
  Invoices: [
    {
      InvoiceID: 'b1b2c3d4-0000-4000-8000-000000000002',
      Type: 'ACCREC',
      InvoiceNumber: 'INV-9001',
      Contact: { ContactID: 'a1b2c3d4-0000-4000-8000-000000000001' },
      Date: '/Date(1709251200000+0000)/',
      DueDate: '2024-03-31T00:00:00',
      Status: 'PAID',
      LineItems: [{ ItemCode: 'SKU-1', Quantity: 4 }],
      UpdatedDateUTC: '/Date(1709290000000+0000)/',
    },
  ],
  Payments: [
    {
      Invoice: { InvoiceID: 'b1b2c3d4-0000-4000-8000-000000000002' },
      Account: { Code: '090' },
      Date: '2024-03-20',
      Amount: 60,
      UpdatedDateUTC: '/Date(1710979200000+0000)/',
    },
  ],
};

describe('seeding and persisted state', () => {
  it('loads a seed in Xero wire shape, keeping ids and settling payments', async () => {
    const started = await start({ seed: SEED });
    const xero = await xeroClientFor(started.credentials);
    expect(started.credentials.tenantName).toBe('Seeded Trading Ltd');
    const { body } = await xero.accountingApi.getInvoice(started.credentials.tenantId, 'INV-9001');
    expect(body.invoices?.[0]).toMatchObject({
      invoiceID: 'b1b2c3d4-0000-4000-8000-000000000002',
      status: 'PAID',
      total: 60,
      amountDue: 0,
      contact: { contactID: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Seed Customer' },
    });
    // The seeded payment settled the invoice, which dates its last change.
    expect(body.invoices?.[0]?.updatedDateUTC).toEqual(new Date(1710979200000));
  });

  it('loads the seed example documented in docs/sandbox-xero.md', async () => {
    const doc = readFileSync(new URL('../../../docs/sandbox-xero.md', import.meta.url), 'utf8');
    const example = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => b.includes('"xero"'));
    const started = await start({ seed: JSON.parse(example ?? '{}').xero });
    const xero = await xeroClientFor(started.credentials);
    const { body } = await xero.accountingApi.getInvoice(started.credentials.tenantId, 'INV-9001');
    expect(body.invoices?.[0]).toMatchObject({ status: 'PAID', total: 54, amountPaid: 54 });
  });

  it('refuses a seed record Xero itself would refuse, naming it', async () => {
    await expect(
      start({ seed: { Invoices: [{ Type: 'ACCREC', Contact: { ContactID: 'nope' }, LineItems: [] }] } }),
    ).rejects.toThrow(/Xero seed Invoices\[0\] was refused/);
  });

  it('restores a snapshot with records, tokens and connections intact', async () => {
    const first = await start({ seed: SEED });
    const snapshot = JSON.parse(JSON.stringify(first.sandbox.snapshot()));
    await first.sandbox.close();
    running.splice(running.indexOf(first), 1);
    const second = await start({ state: snapshot });
    // The token printed by the first run is still accepted: the signing key was persisted too.
    const old = { ...second.credentials, tokenSet: first.credentials.tokenSet };
    const call = await rawCall(old, 'GET', '/Invoices/INV-9001');
    expect(call.status).toBe(200);
    expect(second.credentials.tenantId).toBe(first.credentials.tenantId);
  });
});

describe('fault injection', () => {
  it('fails single elements of a batch when partial failures are injected', async () => {
    const started = await start({
      faults: { xero: { partialBatch: 0.5, status: {}, latencyMs: 0, reset: 0, timeout: 0 } },
      extras: { settings: { rateLimits: { perMinute: 10_000 } } },
    });
    const xero = await xeroClientFor(started.credentials);
    const { body } = await xero.accountingApi.createContacts(
      started.credentials.tenantId,
      { contacts: Array.from({ length: 20 }, (_, i) => ({ name: `Flaky ${i}` })) },
      false,
    );
    const statuses = body.contacts?.map((c) => c.statusAttributeString) ?? [];
    expect(statuses).toContain('OK');
    expect(statuses).toContain('ERROR');
    const saved = await xero.accountingApi.getContacts(
      started.credentials.tenantId,
      undefined,
      'Name.StartsWith("Flaky")',
    );
    expect(saved.body.contacts?.length).toBe(statuses.filter((s) => s === 'OK').length);
  });

  it('shapes injected 503s and 429s like Xero and can be switched off at run time', async () => {
    const started = await start({
      faults: { xero: { status: { '503': 1 }, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0 } },
    });
    const xero = await xeroClientFor(started.credentials);
    const failure = await xeroFailure(() => xero.accountingApi.getContacts(started.credentials.tenantId));
    expect(failure.statusCode).toBe(503);
    started.faults.set({ xero: { status: { '429': 1 }, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0 } });
    const limited = await xeroFailure(() => xero.accountingApi.getContacts(started.credentials.tenantId));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    started.faults.set({});
    const ok = await xero.accountingApi.getContacts(started.credentials.tenantId);
    expect(ok.response.status).toBe(200);
  });

  it('keeps valid elements out when configured not to save a failing batch', async () => {
    const started = await start({ extras: { settings: { writes: { saveValidElementsOfFailedBatch: false } } } });
    const xero = await xeroClientFor(started.credentials);
    const tenant = started.credentials.tenantId;
    const failure = await xeroFailure(() =>
      xero.accountingApi.createInvoices(tenant, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { name: 'Atomic Ltd' },
            lineItems: [{ description: 'ok', unitAmount: 1 }],
          },
          { type: Invoice.TypeEnum.ACCREC, lineItems: [{ description: 'no contact', unitAmount: 1 }] },
        ],
      }),
    );
    expect(failure.statusCode).toBe(400);
    const contacts = await xero.accountingApi.getContacts(tenant, undefined, 'Name=="Atomic Ltd"');
    expect(contacts.body.contacts).toHaveLength(0);
  });
});
