/**
 * Xero connector benchmark: writes and reads 1,000 contacts, invoices and payments against the in-process sandbox
 * and prints API calls per 1,000 records next to the theoretical minimum for Xero's page (100) and batch (50) sizes
 * (median of RUNS runs, default 3). The sandbox's and the governor's rate limits are lifted so the run measures
 * calls, not waiting; at Xero's real 60 calls a minute the same calls take the minutes printed. Figures only; it
 * never fails on time.
 *
 *   npx tsx bench/connectors/xero.bench.ts
 */
import { randomUUID } from 'node:crypto';
import type { Entity, WriteRequest } from '../../src/connectors/connector.js';
import { createXeroConnector, XERO_SECRET_NAMES, type XeroConnector } from '../../src/connectors/xero/index.js';
import { SandboxClock } from '../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../src/sandbox/shared/faults.js';
import { startXeroSandbox } from '../../src/sandbox/xero/index.js';
import { secretReference } from '../../src/secrets/keychain.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { invoice, party } from '../../test/connectors/xero/records.js';
import { medianOfRuns, printTable, RECORDS, RUNS } from '../support/runs.js';

const PAGE = 100;
const BATCH = 50;
const CHANGED = 10;

interface Row {
  readonly step: string;
  readonly calls: number;
  readonly minimum: number;
}

const per = (calls: number) => (calls * 1_000) / RECORDS;
const chunks = (records: number, size: number) => Math.ceil(records / size);

async function run(): Promise<Row[]> {
  const sandbox = await startXeroSandbox(
    { port: 0, faults: new FaultInjector(), clock: new SandboxClock() },
    { settings: { rateLimits: { perMinute: 1_000_000, perDay: 1_000_000, appPerMinute: 1_000_000 } } },
  );
  const credentials = sandbox.credentials as {
    apiBasePath: string;
    clientId: string;
    clientSecret: string;
    tenantId: string;
    tokenSet: { access_token: string; refresh_token: string };
  };
  const connectionId = randomUUID();
  const vault = new MemoryVault();
  await vault.store(secretReference(connectionId, XERO_SECRET_NAMES.clientSecret), credentials.clientSecret);
  await vault.store(secretReference(connectionId, XERO_SECRET_NAMES.refreshToken), credentials.tokenSet.refresh_token);
  await vault.store(secretReference(connectionId, XERO_SECRET_NAMES.accessToken), credentials.tokenSet.access_token);
  const connector = createXeroConnector({
    connectionId,
    settings: {
      apiBasePath: credentials.apiBasePath,
      issuer: sandbox.baseUrl,
      tokenUrl: `${sandbox.baseUrl}/connect/token`,
      connectionsUrl: `${sandbox.baseUrl}/connections`,
      jwksUrl: `${sandbox.baseUrl}/.well-known/openid-configuration/jwks`,
      clientId: credentials.clientId,
      tenantId: credentials.tenantId,
      pageSize: PAGE,
      writeBatchSize: BATCH,
      rateLimits: { concurrency: 5, perMinute: 1_000_000, perDay: 1_000_000 },
    },
    secrets: vault,
  });
  const rows: Row[] = [];
  const measure = async (
    step: string,
    minimum: number,
    work: (c: XeroConnector) => Promise<number>,
    expected = RECORDS,
  ) => {
    const before = connector.statistics().calls;
    const moved = await work(connector);
    if (moved !== expected) throw new Error(`${step}: ${moved} of ${expected} records`);
    rows.push({ step, calls: connector.statistics().calls - before, minimum });
  };
  const write = async <E extends Entity>(entity: E, requests: WriteRequest<E>[]) => {
    const outcomes = await connector.write(entity, requests);
    const failed = outcomes.find((outcome) => !outcome.ok);
    if (failed && !failed.ok) throw failed.error;
    return outcomes.length;
  };
  const read = async (entity: Entity, modifiedSince?: string) => {
    let count = 0;
    for await (const page of connector.read(entity, { modifiedSince })) count += page.length;
    return count;
  };
  const create = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'create' as const, record });
  const numbers = Array.from({ length: RECORDS }, (_, index) => index + 1);
  const invoiceIds: string[] = [];

  await measure('write contacts', chunks(RECORDS, BATCH), () =>
    write(
      'party',
      numbers.map((n) => create(`c${n}`, party(n, 'B'))),
    ),
  );
  await measure('write invoices', chunks(RECORDS, BATCH), async (c) => {
    const outcomes = await c.write(
      'invoice',
      numbers.map((n) => create(`i${n}`, invoice(n, party(n, 'B').code ?? ''))),
    );
    for (const outcome of outcomes) {
      if (!outcome.ok) throw outcome.error;
      invoiceIds.push(outcome.ref.id);
    }
    return outcomes.length;
  });
  await measure('write payments', chunks(RECORDS, BATCH), () =>
    write(
      'payment',
      invoiceIds.map((id, index) =>
        create(`r${index}`, {
          direction: 'received' as const,
          status: 'authorised' as const,
          date: '2024-06-10',
          amount: { amountMinor: 1002, currency: 'GBP' },
          allocations: [
            {
              document: { ref: { system: 'xero' as const, id } },
              documentKind: 'invoice' as const,
              amount: { amountMinor: 1002, currency: 'GBP' },
            },
          ],
          bankAccount: { code: '090' },
        }),
      ),
    ),
  );
  await measure('read contacts', chunks(RECORDS, PAGE), () => read('party'));
  await measure('read invoices', chunks(RECORDS, PAGE), () => read('invoice'));
  await measure('read payments', chunks(RECORDS, PAGE), () => read('payment'));
  // Xero compares If-Modified-Since to the second.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const since = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await write(
    'party',
    numbers.slice(0, CHANGED).map((n) => ({
      ...create(`u${n}`, { ...party(n, 'B'), email: `changed${n}@b.example` }),
      operation: 'upsert' as const,
    })),
  );
  await measure(`incremental read (${CHANGED} changed contacts)`, 1, () => read('party', since), CHANGED);
  await connector.close();
  await sandbox.close();
  return rows;
}

const steps = await medianOfRuns(run);
console.log(`Xero connector: API calls for ${RECORDS} records (median of ${RUNS} runs; page ${PAGE}, batch ${BATCH})`);
printTable(
  [
    { title: 'step', width: 44 },
    { title: 'calls', width: 7, align: 'right' },
    { title: 'per 1,000', width: 10, align: 'right' },
    { title: 'minimum', width: 8, align: 'right' },
    { title: 'at 60/min', width: 10, align: 'right' },
  ],
  steps.map(({ step, calls, minimum }) => [
    step,
    String(calls),
    per(calls).toFixed(1),
    String(minimum),
    `${(calls / 60).toFixed(1)} min`,
  ]),
  ' ',
);
const total = steps.reduce((sum, step) => sum + step.calls, 0);
console.log(`total ${total} calls; ${(total / 5000).toFixed(2)} of a 5,000-call Xero day`);
