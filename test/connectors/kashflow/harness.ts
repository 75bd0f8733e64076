import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { createKashFlowConnector } from '../../../src/connectors/kashflow/index.js';
import type { KashFlowConnector } from '../../../src/connectors/kashflow/kashflowConnector.js';
import type { KashFlowConnectionSettingsInput } from '../../../src/connectors/kashflow/settings.js';
import type { RetryOptions } from '../../../src/connectors/shared/retryPolicy.js';
import {
  type KashFlowSandbox,
  type KashFlowSeed,
  type KashFlowSettingsInput,
  startKashFlowSandbox,
} from '../../../src/sandbox/kashflow/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector, FaultSpec } from '../../../src/sandbox/shared/faults.js';
import { type SecretVault, secretReference } from '../../../src/secrets/keychain.js';
import { MemoryVault } from '../shared/memoryVault.js';

export interface KashFlowHarness {
  readonly sandbox: KashFlowSandbox;
  readonly faults: FaultInjector;
  /** Injects faults for KashFlow, e.g. `{ status: { '503': 0.3 }, timeout: 0.05 }` (unnamed kinds stay off). */
  inject(faults: NonNullable<z.input<typeof FaultSpec>['kashflow']>): void;
  readonly vault: SecretVault;
  readonly connectionId: string;
  readonly password: string;
  readonly memorableWord: string;
  /** Every call the connector made, as "METHOD /path" (query left off). */
  readonly calls: string[];
  connector(settings?: Partial<KashFlowConnectionSettingsInput>, retry?: Partial<RetryOptions>): KashFlowConnector;
  close(): Promise<void>;
}

/**
 * An in-process KashFlow sandbox on a free loopback port, the connection's password and memorable word in a vault,
 * and connectors pointed at it with small pages (so paging is exercised) and short backoffs (so faults are quick).
 */
export async function startKashFlow(
  options: { seed?: KashFlowSeed; sandboxSettings?: KashFlowSettingsInput; vault?: SecretVault } = {},
): Promise<KashFlowHarness> {
  const faults = new FaultInjector();
  const sandbox = await startKashFlowSandbox({
    port: 0,
    faults,
    clock: new SandboxClock(),
    seed: options.seed,
    settings: options.sandboxSettings,
  });
  const vault = options.vault ?? new MemoryVault();
  const connectionId = randomUUID();
  const { password, memorableWord, userName } = sandbox.settings;
  await vault.store(secretReference(connectionId, 'password'), password);
  await vault.store(secretReference(connectionId, 'memorable_word'), memorableWord);
  const calls: string[] = [];
  const counting: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/^\/v2/, '')}`);
    return fetch(input, init);
  };
  const connectors: KashFlowConnector[] = [];
  return {
    sandbox,
    faults,
    vault,
    connectionId,
    password,
    memorableWord,
    calls,
    inject(spec) {
      faults.set(FaultSpec.parse({ kashflow: spec }));
    },
    connector(settings = {}, retry = {}) {
      const connector = createKashFlowConnector({
        connectionId,
        settings: {
          baseUrl: sandbox.baseUrl,
          userName,
          pageSize: 5,
          productPageSize: 5,
          timeoutMs: 2_000,
          ...settings,
        },
        secrets: vault,
        fetch: counting,
        retry: { baseDelayMs: 5, maxDelayMs: 40, ...retry },
      });
      connectors.push(connector);
      return connector;
    },
    async close() {
      faults.set({});
      await Promise.all(connectors.map((connector) => connector.close()));
      await sandbox.close();
    },
  };
}

/** Every page of a read, flattened. */
export async function readAll<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const records: T[] = [];
  for await (const page of pages) records.push(...page);
  return records;
}

/** A small ledger dated last year, so anything the tests change stands out to an incremental read. */
export function seedLedger(
  counts = { customers: 12, suppliers: 3, products: 7, invoices: 11, purchases: 4 },
): KashFlowSeed {
  const old = '2025-11-03 10:00:00';
  const customers = Array.from({ length: counts.customers }, (_, index) => ({
    Id: 10_600 + index,
    Code: `CUST${String(index + 1).padStart(2, '0')}`,
    Name: `Customer ${index + 1} Ltd`,
    VATNumber: `GB${100_000_000 + index}`,
    Contacts: [{ Firstname: 'Ada', LastName: `Lovelace ${index + 1}`, Email: `ada${index + 1}@example.test` }],
    Addresses: [{ Line1: `${index + 1} Mill Lane`, Line2: 'Leeds', PostCode: 'LS1 1AA', CountryCode: 'GB' }],
    PaymentTerms: { Type: 'AfterIssuedDate', Days: 30 },
    CreatedDate: old,
    LastUpdatedDate: old,
  }));
  const suppliers = Array.from({ length: counts.suppliers }, (_, index) => ({
    Code: `SUPP${String(index + 1).padStart(2, '0')}`,
    Name: `Supplier ${index + 1}`,
    VatNumber: `GB${900_000_000 + index}`,
    Address: { Line1: `Yard ${index + 1}`, PostCode: 'M1 1AA' },
    CreatedDate: old,
    LastUpdatedDate: old,
  }));
  const products = Array.from({ length: counts.products }, (_, index) => ({
    NominalCode: 4000,
    Code: `WID-${index + 1}`,
    Name: `Widget ${index + 1}`,
    Price: 9.99 + index,
    VATRate: 20,
  }));
  const invoices = Array.from({ length: counts.invoices }, (_, index) => ({
    Number: 10_001 + index,
    CustomerCode: customers[index % customers.length]?.Code,
    IssuedDate: '2025-11-03',
    DueDate: '2025-12-03',
    CreatedDate: old,
    LastUpdatedDate: old,
    LineItems: [
      { ProductCode: 'WID-1', NominalCode: 4000, Quantity: 3, Rate: 9.99, VATLevel: 20, Description: 'Widgets' },
      { Description: 'Carriage', NominalCode: 4000, Quantity: 1, Rate: 0.01, VATLevel: 20 },
    ],
    PaymentLines:
      index % 3 === 0 ? [{ Amount: 10.01, Date: '2025-11-20', Method: 3, Reference: `BACS ${10_001 + index}` }] : [],
  }));
  const purchases = Array.from({ length: counts.purchases }, (_, index) => ({
    Number: 501 + index,
    SupplierCode: suppliers[index % suppliers.length]?.Code,
    SupplierReference: `INV-${700 + index}`,
    IssuedDate: '2025-11-04',
    DueDate: '2025-12-04',
    CreatedDate: old,
    LastUpdatedDate: old,
    LineItems: [{ Description: 'Timber', Quantity: 10, Rate: 12.5, VATLevel: 20, NominalCode: 5000 }],
    PaymentLines: index === 0 ? [{ Amount: 150, Date: '2025-11-30', Method: 3, Reference: 'Cheque 42' }] : [],
  }));
  return { customers, suppliers, products, invoices, purchases } as unknown as KashFlowSeed;
}
