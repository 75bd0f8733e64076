import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  createSalesforceConnector,
  SALESFORCE_SECRET_NAMES,
  type SalesforceConnectionSettingsInput,
  type SalesforceConnector,
} from '../../../src/connectors/salesforce/index.js';
import type { RetryOptions } from '../../../src/connectors/shared/retryPolicy.js';
import { generateDemoCompany } from '../../../src/sandbox/demo/demoCompany.js';
import { type DemoSystemView, demoViewFor } from '../../../src/sandbox/demo/systemViews.js';
import {
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
  startSalesforceSandbox,
} from '../../../src/sandbox/salesforce/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector, FaultSpec } from '../../../src/sandbox/shared/faults.js';
import { type SecretVault, secretReference } from '../../../src/secrets/keychain.js';
import { MemoryVault } from '../shared/memoryVault.js';

// jsforce and faye send every request through a proxy named in these variables, even to 127.0.0.1.
for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];

let demoView: DemoSystemView | undefined;
/** The demo company's Salesforce view: 320 accounts, 120 products, 2,999 orders and their opportunities. */
export function demo(): DemoSystemView {
  demoView ??= demoViewFor(generateDemoCompany(), 'salesforce');
  return demoView;
}

export interface SalesforceHarness {
  readonly sandbox: SalesforceSandbox;
  readonly faults: FaultInjector;
  readonly vault: SecretVault;
  readonly connectionId: string;
  readonly credentials: Record<string, string>;
  /** Injects faults for Salesforce, e.g. `{ status: { '503': 0.3 } }` (unnamed kinds stay off). */
  inject(faults: NonNullable<z.input<typeof FaultSpec>['salesforce']>): void;
  settings(overrides?: Partial<SalesforceConnectionSettingsInput>): SalesforceConnectionSettingsInput;
  connector(
    settings?: Partial<SalesforceConnectionSettingsInput>,
    retry?: Partial<Omit<RetryOptions, 'statistics' | 'signal'>>,
  ): SalesforceConnector;
  close(): Promise<void>;
}

/**
 * An in-process Salesforce sandbox on a free loopback port, the connection's client secret and tokens in a vault
 * (as after an authorisation), and connectors pointed at it with short timeouts and backoffs.
 */
export async function startSalesforce(
  options: Partial<Omit<SalesforceSandboxOptions, 'port' | 'faults'>> & { vault?: SecretVault } = {},
): Promise<SalesforceHarness> {
  const faults = new FaultInjector();
  const sandbox = await startSalesforceSandbox({ clock: new SandboxClock(1), ...options, port: 0, faults });
  const vault = options.vault ?? new MemoryVault();
  const connectionId = randomUUID();
  const credentials = sandbox.credentials as Record<string, string>;
  const store = (name: string, value: string | undefined) =>
    vault.store(secretReference(connectionId, name), value ?? '');
  await store(SALESFORCE_SECRET_NAMES.clientSecret, credentials.clientSecret);
  await store(SALESFORCE_SECRET_NAMES.accessToken, credentials.accessToken);
  await store(SALESFORCE_SECRET_NAMES.refreshToken, credentials.refreshToken);
  const connectors: SalesforceConnector[] = [];
  const settings = (overrides: Partial<SalesforceConnectionSettingsInput> = {}): SalesforceConnectionSettingsInput => ({
    loginUrl: sandbox.baseUrl,
    instanceUrl: sandbox.baseUrl,
    clientId: credentials.clientId ?? '',
    redirectUri: 'http://127.0.0.1:0/OauthRedirect',
    queryBatchSize: 200,
    timeoutMs: 3_000,
    bulkPollIntervalMs: 50,
    ...overrides,
  });
  return {
    sandbox,
    faults,
    vault,
    connectionId,
    credentials,
    inject(spec) {
      faults.set(FaultSpec.parse({ salesforce: spec }));
    },
    settings,
    connector(overrides = {}, retry = {}) {
      const connector = createSalesforceConnector({
        connectionId,
        settings: settings(overrides),
        secrets: vault,
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

/** Every page of a read, flattened, with the page sizes. */
export async function readAll<T>(pages: AsyncIterable<readonly T[]>): Promise<{ records: T[]; pages: number[] }> {
  const records: T[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    records.push(...page);
    sizes.push(page.length);
  }
  return { records, pages: sizes };
}
