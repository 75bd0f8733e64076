import { randomUUID } from 'node:crypto';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach } from 'vitest';
import type { z } from 'zod';
import { createSageX3Connector, type FetchLike } from '../../../src/connectors/sagex3/index.js';
import type { SageX3Connector } from '../../../src/connectors/sagex3/sageX3Connector.js';
import type { SageX3ConnectionSettingsInput } from '../../../src/connectors/sagex3/settings.js';
import { closeTrustedAgents } from '../../../src/connectors/shared/httpFailure.js';
import type { RetryOptions } from '../../../src/connectors/shared/retryPolicy.js';
import {
  type RunningSageX3Sandbox,
  type SageX3Seed,
  type SageX3SettingsInput,
  startSageX3Sandbox,
} from '../../../src/sandbox/sagex3/index.js';
import { generateTlsMaterial, type TlsMaterial } from '../../../src/sandbox/sagex3/tls.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector, FaultSpec } from '../../../src/sandbox/shared/faults.js';
import { type SecretVault, secretReference } from '../../../src/secrets/keychain.js';
import { MemoryVault } from '../shared/memoryVault.js';

export interface X3Harness {
  readonly sandbox: RunningSageX3Sandbox;
  readonly faults: FaultInjector;
  /** Injects faults for Sage X3, e.g. `{ status: { '503': 0.3 }, timeout: 0.05 }` (unnamed kinds stay off). */
  inject(faults: NonNullable<z.input<typeof FaultSpec>['sagex3']>): void;
  readonly vault: SecretVault;
  readonly connectionId: string;
  readonly credentials: Readonly<Record<string, string>>;
  /** Settings of a connector pointed at the sandbox with its CA trusted, small pages and short timeouts. */
  settings(overrides?: Partial<SageX3ConnectionSettingsInput>): SageX3ConnectionSettingsInput;
  connector(
    settings?: Partial<SageX3ConnectionSettingsInput>,
    options?: { retry?: Partial<RetryOptions>; fetch?: FetchLike },
  ): SageX3Connector;
  /** A fetch that trusts the sandbox CA, for wrappers that tamper with answers. */
  readonly trustedFetch: FetchLike;
  /** Calls the sandbox's api1 directly (Basic auth), as another X3 user or a test step would. */
  x3(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
}

const opened: { sandbox: RunningSageX3Sandbox; agent: Agent; connectors: SageX3Connector[] }[] = [];

afterEach(async () => {
  const entries = opened.splice(0);
  await Promise.all(entries.flatMap((entry) => entry.connectors.map((connector) => connector.close())));
  // Clients first: a request the sandbox holds unanswered (an injected timeout) keeps its server open until the
  // client's socket goes.
  await closeTrustedAgents();
  await Promise.all(entries.map((entry) => entry.agent.destroy()));
  await Promise.all(entries.map((entry) => entry.sandbox.close()));
});

let tls: Promise<TlsMaterial> | undefined;

/** One CA per test file keeps start-up quick. */
export function sandboxTls(): Promise<TlsMaterial> {
  tls ??= generateTlsMaterial();
  return tls;
}

/**
 * An in-process Sage X3 sandbox over HTTPS on a free loopback port, the connection's password and client secret in a
 * vault, and connectors pointed at it with the sandbox CA as their CA bundle, pages of 2 and short backoffs.
 */
export async function startX3(
  options: { seed?: SageX3Seed; settings?: SageX3SettingsInput; vault?: SecretVault; timeScale?: number } = {},
): Promise<X3Harness> {
  const faults = new FaultInjector({}, 0xc0ffee);
  const sandbox = await startSageX3Sandbox({
    port: 0,
    faults,
    clock: new SandboxClock(options.timeScale ?? 1),
    tls: await sandboxTls(),
    seed: options.seed,
    settings: options.settings,
  });
  const credentials = sandbox.credentials as Record<string, string>;
  const agent = new Agent({ connect: { ca: credentials.caCertificatePem } });
  const entry = { sandbox, agent, connectors: [] as SageX3Connector[] };
  opened.push(entry);
  const vault = options.vault ?? new MemoryVault();
  const connectionId = randomUUID();
  await vault.store(secretReference(connectionId, 'password'), String(credentials.password));
  await vault.store(secretReference(connectionId, 'client_secret'), String(credentials.clientSecret));
  const trustedFetch: FetchLike = async (url, init) => {
    const response = await undiciFetch(url, { ...init, dispatcher: agent });
    return { status: response.status, headers: response.headers, text: () => response.text() };
  };
  const settings = (overrides: Partial<SageX3ConnectionSettingsInput> = {}): SageX3ConnectionSettingsInput => ({
    baseUrl: sandbox.baseUrl,
    folder: String(credentials.folder),
    user: String(credentials.user),
    clientId: String(credentials.clientId),
    caBundlePem: String(credentials.caCertificatePem),
    pageSize: 2,
    lookupBatchSize: 3,
    timeoutMs: 2_000,
    ...overrides,
  });
  const basic = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  return {
    sandbox,
    faults,
    inject(spec) {
      faults.set(FaultSpec.parse({ sagex3: spec }));
    },
    vault,
    connectionId,
    credentials,
    settings,
    trustedFetch,
    connector(overrides = {}, connectorOptions = {}) {
      const connector = createSageX3Connector({
        connectionId,
        settings: settings(overrides),
        secrets: vault,
        retry: { baseDelayMs: 5, maxDelayMs: 20, ...connectorOptions.retry },
        ...(connectorOptions.fetch ? { fetch: connectorOptions.fetch } : {}),
      });
      entry.connectors.push(connector);
      return connector;
    },
    async x3(path, init = {}) {
      const response = await undiciFetch(`${credentials.apiUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: basic,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        dispatcher: agent,
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
  };
}

/** Drains a connector read into one array. */
export async function readAll<T>(pages: AsyncIterable<readonly T[]>): Promise<{ records: T[]; pages: number }> {
  const records: T[] = [];
  let count = 0;
  for await (const page of pages) {
    records.push(...page);
    count += 1;
  }
  return { records, pages: count };
}

const OLD = Date.parse('2026-01-05T09:00:00Z');
/** Stamps in the past, one second apart, so the order of changes is known and "now" is after all of them. */
function stamp(index: number): Record<string, string> {
  const at = new Date(OLD + index * 1_000).toISOString().replace('.000Z', 'Z');
  return { CREDATTIM: at, UPDDATTIM: at };
}

/**
 * A small company whose documents add up (line amounts and totals as X3 computes them): 5 customers, 2 suppliers,
 * 3 products, 3 orders, 3 invoices (the first paid by a payment), tax codes and accounts from the sandbox defaults.
 */
export function companySeed(): SageX3Seed {
  let tick = 0;
  const customers = [1, 2, 3, 4, 5].map((n) => ({
    BPCNUM: `C00000${n}`,
    BPCNAM: `Customer ${n} Ltd`,
    CUR: 'GBP',
    PTE: '30NET',
    EECNUM: `GB12345678${n}`,
    OSTAUZ: n * 1000 + 0.5,
    ZEXTKEY: `CUST-${n}`,
    BPAADD: 'MAIN',
    BPADDRESS: [
      {
        BPAADD: 'MAIN',
        BPAADDLIG: [`${n} High Street`],
        CTY: 'Reading',
        POSCOD: `RG1 ${n}AA`,
        CRY: 'GB',
        TEL: '0118 000 000',
        WEB: `accounts@customer${n}.example`,
        BPAADDFLG: 2,
      },
    ],
    ...stamp(tick++),
  }));
  const suppliers = [1, 2].map((n) => ({
    BPSNUM: `S00000${n}`,
    BPSNAM: `Supplier ${n} plc`,
    CUR: 'GBP',
    ZEXTKEY: `SUPP-${n}`,
    BPADDRESS: [{ BPAADD: 'MAIN', BPAADDLIG: ['1 Mill Lane'], CTY: 'Leeds', CRY: 'GB', BPAADDFLG: 2 }],
    ...stamp(tick++),
  }));
  const products = [
    { ITMREF: 'BIND-01', ITMDES1: 'Grey ring binder', BASPRI: 19.99, VACITM: 'NOR', SAU: 'UN' },
    { ITMREF: 'PAPR-02', ITMDES1: 'A4 paper, box', BASPRI: 24.5, VACITM: 'NOR', SAU: 'BOX' },
    { ITMREF: 'BOOK-03', ITMDES1: 'Ledger book', BASPRI: 7.25, VACITM: 'ZER', SAU: 'UN', ITMSTA: 6 },
  ].map((product) => ({ ...product, ...stamp(tick++) }));
  // 3 × 19.99 = 59.97 net, 11.99 VAT (11.994 rounded), 71.96 gross; 2 × 24.50 = 49.00, 9.80, 58.80.
  const lines = [
    { ITMREF: 'BIND-01', ITMDES: 'Grey ring binder', QTY: 3, NETPRI: 19.99, VAT: 'NOR', net: 59.97, gross: 71.96 },
    { ITMREF: 'PAPR-02', ITMDES: 'A4 paper, box', QTY: 2, NETPRI: 24.5, VAT: 'NOR', net: 49, gross: 58.8 },
  ];
  const orders = [1, 2, 3].map((n) => ({
    SOHNUM: `SON00000${n}`,
    BPCORD: `C00000${n}`,
    BPCNAM: `Customer ${n} Ltd`,
    ORDDAT: '2026-01-04',
    CUSORDREF: `PO-${n}`,
    CUR: 'GBP',
    ZEXTKEY: `ORD-${n}`,
    ORDINVNOT: 108.97,
    ORDINVATI: 130.76,
    SOHSOP: lines.map((line, index) => ({
      SOPLIN: (index + 1) * 1000,
      ITMREF: line.ITMREF,
      ITMDES: line.ITMDES,
      QTY: line.QTY,
      GROPRI: line.NETPRI,
      NETPRI: line.NETPRI,
      VAT: line.VAT,
      LINAMT: line.net,
      LINATIAMT: line.gross,
    })),
    ...stamp(tick++),
  }));
  const invoices = [1, 2, 3].map((n) => ({
    NUM: `SIH00000${n}`,
    BPR: `C00000${n}`,
    INVDAT: '2026-01-04',
    DUDDAT: '2026-02-03',
    CUR: 'GBP',
    SOHNUM: `SON00000${n}`,
    ZEXTKEY: `INV-${n}`,
    AMTNOT: 108.97,
    AMTATI: 130.76,
    STA: 3,
    SIHSID: lines.map((line, index) => ({
      SIDLIN: (index + 1) * 1000,
      SOHNUM: `SON00000${n}`,
      SOPLIN: (index + 1) * 1000,
      ITMREF: line.ITMREF,
      ITMDES: line.ITMDES,
      QTY: line.QTY,
      NETPRI: line.NETPRI,
      VAT: line.VAT,
      AMTNOTLIN: line.net,
      AMTATILIN: line.gross,
    })),
    ...stamp(tick++),
  }));
  const payments = [
    {
      NUM: 'PAY000001',
      BPR: 'C000001',
      ACCDAT: '2026-01-10',
      CUR: 'GBP',
      AMTCUR: 130.76,
      REF: 'RCPT-1',
      PYHPYD: [{ PYDLIN: 1000, VCRNUM: 'SIH000001', AMTLIN: 130.76 }],
      ...stamp(tick++),
    },
  ];
  return {
    BPCUSTOMER: customers,
    BPSUPPLIER: suppliers,
    ITMMASTER: products,
    SORDER: orders,
    SINVOICE: invoices,
    PAYMENTH: payments,
  };
}

/** A query path for the sandbox's api1: `/{CLASS}?representation={CLASS}.$query&…`. */
export function queryPath(className: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams({ representation: `${className}.$query`, ...params });
  return `/${className}?${search.toString()}`;
}
