import type { RetryOptions } from '../../../src/connectors/shared/retryPolicy.js';
import type { XeroConnectionSettingsInput } from '../../../src/connectors/xero/index.js';
import { createXeroConnector, XERO_SECRET_NAMES, type XeroConnector } from '../../../src/connectors/xero/index.js';
import type { FaultSpec } from '../../../src/sandbox/shared/faults.js';
import type { XeroSandboxExtras, XeroSeed } from '../../../src/sandbox/xero/index.js';
import type { SecretVault } from '../../../src/secrets/keychain.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { type Started, startSandbox } from '../../sandbox/xero/helpers.js';
import { MemoryVault } from '../shared/memoryVault.js';

export const CONNECTION_ID = 'xero-test-connection';

/** Sandbox limits high enough that only the tests about rate limits meet them. */
const ROOMY_LIMITS = { perMinute: 100_000, perDay: 1_000_000, appPerMinute: 1_000_000 };

export async function startXero(
  options: {
    seed?: XeroSeed;
    faults?: FaultSpec;
    timeScale?: number;
    extras?: XeroSandboxExtras;
    roomy?: boolean;
  } = {},
): Promise<Started> {
  const started = await startSandbox({
    ...options,
    extras: {
      ...options.extras,
      settings: {
        ...(options.roomy === false ? {} : { rateLimits: ROOMY_LIMITS }),
        ...options.extras?.settings,
      },
    },
  });
  return started;
}

/** Connection settings pointing every Xero address at the sandbox. */
export function sandboxSettings(
  started: Started,
  overrides: XeroConnectionSettingsInput | object = {},
): XeroConnectionSettingsInput {
  const base = started.sandbox.baseUrl;
  return {
    apiBasePath: started.credentials.apiBasePath,
    issuer: base,
    authorizeUrl: `${base}/identity/connect/authorize`,
    tokenUrl: `${base}/connect/token`,
    revokeUrl: `${base}/connect/revocation`,
    jwksUrl: `${base}/.well-known/openid-configuration/jwks`,
    connectionsUrl: `${base}/connections`,
    clientId: started.credentials.clientId,
    tenantId: started.credentials.tenantId,
    redirectUri: 'http://127.0.0.1:0/callback',
    rateLimits: { concurrency: 5, perMinute: 100_000, perDay: 1_000_000 },
    timeoutMs: 2_000,
    ...overrides,
  };
}

/** Fast, deterministic backoff: tests wait milliseconds, not seconds (Retry-After is still honoured). */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 } as const;

/** A vault holding the sandbox's web-app secret and its ready token set, as after a consent. */
export async function consentedVault(started: Started, vault: SecretVault = new MemoryVault()): Promise<SecretVault> {
  const { credentials } = started;
  await vault.store(secretReference(CONNECTION_ID, XERO_SECRET_NAMES.clientSecret), credentials.clientSecret);
  await vault.store(secretReference(CONNECTION_ID, XERO_SECRET_NAMES.refreshToken), credentials.tokenSet.refresh_token);
  await vault.store(secretReference(CONNECTION_ID, XERO_SECRET_NAMES.accessToken), credentials.tokenSet.access_token);
  return vault;
}

export async function connectorFor(
  started: Started,
  options: { vault?: SecretVault; settings?: object; retry?: RetryOptions } = {},
): Promise<{ connector: XeroConnector; vault: SecretVault }> {
  const vault = options.vault ?? (await consentedVault(started));
  const connector = createXeroConnector({
    connectionId: CONNECTION_ID,
    settings: sandboxSettings(started, options.settings),
    secrets: vault,
    retry: options.retry ?? FAST_RETRY,
  });
  return { connector, vault };
}

/** Every record of every page of a read. */
export async function readAll<T>(pages: AsyncIterable<readonly T[]>): Promise<{ records: T[]; pages: number }> {
  const records: T[] = [];
  let count = 0;
  for await (const page of pages) {
    records.push(...page);
    count += 1;
  }
  return { records, pages: count };
}

const CUSTOMER = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A small organisation with more than two pages (at page size 10) of every paged collection. */
export function bookSeed(count = 25): XeroSeed {
  const contacts = Array.from({ length: count }, (_, i) => ({
    ContactID: CUSTOMER(i + 1),
    Name: `Customer ${String(i + 1).padStart(3, '0')} Ltd`,
    ContactNumber: `CUST-${String(i + 1).padStart(3, '0')}`,
    EmailAddress: `accounts${i + 1}@customer.example`,
  }));
  const invoices = Array.from({ length: count }, (_, i) => ({
    InvoiceID: `b0000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    Type: i % 5 === 4 ? 'ACCPAY' : 'ACCREC',
    InvoiceNumber: `INV-${String(i + 1).padStart(4, '0')}`,
    Contact: { ContactID: CUSTOMER(i + 1) },
    Date: '2024-03-01',
    DueDate: '2024-03-31',
    Status: 'AUTHORISED',
    LineItems: [
      {
        Description: 'Binders',
        Quantity: 3,
        UnitAmount: 0.1,
        AccountCode: i % 5 === 4 ? '400' : '200',
        TaxType: i % 5 === 4 ? 'INPUT2' : 'OUTPUT2',
      },
      {
        Description: 'Paper',
        Quantity: 2,
        UnitAmount: 19.99,
        AccountCode: i % 5 === 4 ? '400' : '200',
        TaxType: i % 5 === 4 ? 'INPUT2' : 'OUTPUT2',
      },
    ],
  }));
  const payments = Array.from({ length: Math.min(count, 12) }, (_, i) => ({
    Invoice: { InvoiceID: `b0000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}` },
    Account: { Code: '090' },
    Date: '2024-03-20',
    Amount: 10.01,
  }));
  const creditNotes = Array.from({ length: Math.min(count, 12) }, (_, i) => ({
    Type: 'ACCRECCREDIT',
    Contact: { ContactID: CUSTOMER(i + 1) },
    Date: '2024-03-05',
    Status: 'AUTHORISED',
    LineItems: [{ Description: 'Refund', Quantity: 1, UnitAmount: 5.55, AccountCode: '200', TaxType: 'OUTPUT2' }],
  }));
  const bankTransactions = Array.from({ length: Math.min(count, 12) }, (_, i) => ({
    Type: i % 2 === 0 ? 'RECEIVE' : 'SPEND',
    Contact: { ContactID: CUSTOMER(i + 1) },
    BankAccount: { Code: '090' },
    Date: '2024-03-07',
    Reference: `BANK-${i + 1}`,
    LineItems: [{ Description: 'Cash', Quantity: 1, UnitAmount: 120.05, AccountCode: i % 2 === 0 ? '200' : '400' }],
  }));
  return {
    Contacts: contacts,
    Items: [
      {
        Code: 'BIND-01',
        Name: 'Grey Ring Binder',
        SalesDetails: { UnitPrice: 4.5, AccountCode: '200', TaxType: 'OUTPUT2' },
      },
      {
        Code: 'PAPR-01',
        Name: 'A4 Paper',
        SalesDetails: { UnitPrice: 19.9949, AccountCode: '200' },
        PurchaseDetails: { UnitPrice: 12.5, AccountCode: '400' },
      },
    ],
    Invoices: invoices,
    CreditNotes: creditNotes,
    Payments: payments,
    BankTransactions: bankTransactions,
  };
}
