import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XeroClient } from 'xero-node';
import { demoViewFor, generateDemoCompany } from '../../../src/sandbox/demo/index.js';
import type { DemoSystemView } from '../../../src/sandbox/demo/systemViews.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { type RunningXeroSandbox, startXeroSandbox } from '../../../src/sandbox/xero/index.js';
import { Credentials, xeroClientFor } from './helpers.js';
import { specFailures, validateEveryXeroNodeResponse } from './specValidator.js';

validateEveryXeroNodeResponse();

let view: DemoSystemView;
let sandbox: RunningXeroSandbox;
let xero: XeroClient;
let tenant: string;
let startMs: number;

beforeAll(async () => {
  view = demoViewFor(generateDemoCompany(), 'xero');
  const began = performance.now();
  sandbox = await startXeroSandbox(
    { port: 0, faults: new FaultInjector(), clock: new SandboxClock(1), demo: view },
    { settings: { rateLimits: { perMinute: 1000 } } },
  );
  startMs = performance.now() - began;
  const credentials = Credentials.parse(sandbox.credentials);
  xero = await xeroClientFor(credentials);
  tenant = credentials.tenantId;
});

afterAll(async () => {
  await sandbox.close();
  expect(specFailures()).toEqual([]);
});

describe('the demo company in Xero', () => {
  it('starts with every demo contact, item, invoice and payment, quickly', async () => {
    // Loading 300+ contacts and 2,800+ invoices must stay well under a second on a laptop; printed for the record.
    console.log(`Xero demo sandbox started in ${Math.round(startMs)} ms`);
    const contacts = await xero.accountingApi.getContacts(
      tenant,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
      true,
      undefined,
      undefined,
      1000,
    );
    expect(contacts.body.pagination?.itemCount).toBe(view.parties.length);
    const items = await xero.accountingApi.getItems(tenant);
    expect(items.body.items).toHaveLength(view.products.length);
    const invoices = await xero.accountingApi.getInvoices(
      tenant,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
      undefined,
      undefined,
      undefined,
      undefined,
      100,
    );
    expect(invoices.body.pagination?.itemCount).toBe(view.invoices.length);
    const payments = await xero.accountingApi.getPayments(tenant, undefined, undefined, undefined, 1, 10);
    expect(payments.body.pagination?.itemCount).toBe(view.payments.length);
  });

  it('keeps the demo ids, numbers and planted discrepancies', async () => {
    const sample = view.invoices[0];
    const { body } = await xero.accountingApi.getInvoice(tenant, sample?.source?.id ?? '');
    expect(body.invoices?.[0]?.invoiceNumber).toBe(sample?.number);
    expect(body.invoices?.[0]?.total).toBe((sample?.totals.gross.amountMinor ?? 0) / 100);
    const typo = view.discrepancies.find((d) => d.kind === 'nameTypo' && d.recordType === 'party');
    if (typo?.recordIds[0]) {
      const contact = await xero.accountingApi.getContact(tenant, typo.recordIds[0]);
      expect(typo.description).toContain(contact.body.contacts?.[0]?.name ?? '?');
    }
  });
});
