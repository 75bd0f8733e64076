/**
 * Salesforce connector benchmark: writes 1,000 accounts through sObject Collections and 1,000 products through
 * Bulk API 2.0, reads both back (full and incrementally) against the in-process sandbox, and prints API calls per
 * 1,000 records next to the theoretical minimum for Salesforce's sizes (query batch 2,000; collections 200; a Bulk
 * 2.0 job is a handful of calls). Median of RUNS runs (default 3). Figures only; it never fails on time.
 *
 *   npx tsx bench/connectors/salesforce.bench.ts
 */
import { randomUUID } from 'node:crypto';
import type { Entity, WriteRequest } from '../../src/connectors/connector.js';
import {
  createSalesforceConnector,
  SALESFORCE_SECRET_NAMES,
  SalesforceConnectionSettings,
  type SalesforceConnector,
} from '../../src/connectors/salesforce/index.js';
import { startSalesforceSandbox } from '../../src/sandbox/salesforce/index.js';
import { SandboxClock } from '../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../src/sandbox/shared/faults.js';
import { secretReference } from '../../src/secrets/keychain.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { customer, product } from '../../test/connectors/salesforce/records.js';
import { medianOfRuns, printTable, RECORDS, RUNS } from '../support/runs.js';

// jsforce's streaming client would send even loopback requests through a proxy named here.
for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];

const CHANGED = 10;
/** Create, upload, close, one status poll, successful results. */
const BULK_JOB_MINIMUM = 5;

interface Row {
  readonly step: string;
  readonly calls: number;
  readonly minimum: number;
  readonly note: string;
}

const defaults = SalesforceConnectionSettings.parse({ clientId: 'x' });
const per = (calls: number) => (calls * 1_000) / RECORDS;
const pages = (records: number, size: number) => Math.ceil(records / size);

async function run(): Promise<Row[]> {
  const sandbox = await startSalesforceSandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock() });
  const credentials = sandbox.credentials as Record<string, string>;
  const vault = new MemoryVault();
  const connectionId = randomUUID();
  await vault.store(
    secretReference(connectionId, SALESFORCE_SECRET_NAMES.clientSecret),
    credentials.clientSecret ?? '',
  );
  await vault.store(secretReference(connectionId, SALESFORCE_SECRET_NAMES.accessToken), credentials.accessToken ?? '');
  await vault.store(
    secretReference(connectionId, SALESFORCE_SECRET_NAMES.refreshToken),
    credentials.refreshToken ?? '',
  );
  const connector = (bulkThreshold: number) =>
    createSalesforceConnector({
      connectionId,
      settings: {
        loginUrl: sandbox.baseUrl,
        instanceUrl: sandbox.baseUrl,
        clientId: credentials.clientId ?? '',
        bulkThreshold,
        bulkPollIntervalMs: 200,
      },
      secrets: vault,
    });
  const collections = connector(Number.MAX_SAFE_INTEGER);
  const bulk = connector(1);
  const rows: Row[] = [];
  const measure = async (
    step: string,
    minimum: number,
    note: string,
    target: SalesforceConnector,
    work: () => Promise<number>,
  ) => {
    const before = target.statistics().calls;
    const moved = await work();
    if (moved !== RECORDS && !step.includes('incremental')) throw new Error(`${step}: ${moved} of ${RECORDS} records`);
    rows.push({ step, calls: target.statistics().calls - before, minimum, note });
  };
  const write = async <E extends Entity>(target: SalesforceConnector, entity: E, requests: WriteRequest<E>[]) => {
    const outcomes = await target.write(entity, requests);
    const failed = outcomes.find((outcome) => !outcome.ok);
    if (failed && !failed.ok) throw failed.error;
    return outcomes.length;
  };
  const read = async (target: SalesforceConnector, entity: Entity, modifiedSince?: string) => {
    let count = 0;
    for await (const page of target.read(entity, { modifiedSince })) count += page.length;
    return count;
  };
  const upsert = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'upsert' as const, record });
  const numbers = Array.from({ length: RECORDS }, (_, index) => index + 1);

  await measure(
    'write accounts (Collections)',
    pages(RECORDS, 200),
    'sObject Collections upsert, 200 a call',
    collections,
    () =>
      write(
        collections,
        'party',
        numbers.map((n) => upsert(`c${n}`, customer(n))),
      ),
  );
  await measure(
    'write products (Bulk 2.0)',
    BULK_JOB_MINIMUM,
    'one ingest job: create, upload, close, poll, results',
    bulk,
    () =>
      write(
        bulk,
        'product',
        numbers.map((n) => upsert(`p${n}`, product(n))),
      ),
  );
  await measure(
    'read accounts (+ contacts)',
    pages(RECORDS, defaults.queryBatchSize),
    `query pages of ${defaults.queryBatchSize} (+1 describe for custom fields, once per object)`,
    collections,
    () => read(collections, 'party'),
  );
  await measure(
    'read products (+ standard price)',
    pages(RECORDS, defaults.queryBatchSize),
    `query pages of ${defaults.queryBatchSize} (+1 describe, once per object)`,
    collections,
    () => read(collections, 'product'),
  );
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const changedSince = new Date(Date.now() - 1_000).toISOString();
  await write(
    collections,
    'party',
    numbers.slice(0, CHANGED).map((n) => upsert(`u${n}`, customer(n, { name: `Renamed ${n}` }))),
  );
  await measure(
    `read accounts incremental (${CHANGED} changed)`,
    1,
    'WHERE SystemModstamp >= cursor: one page',
    collections,
    () => read(collections, 'party', changedSince),
  );
  await collections.close();
  await bulk.close();
  await sandbox.close();
  return rows;
}

const steps = await medianOfRuns(run);
console.log(
  `Salesforce connector: API calls per 1,000 records (${RECORDS} records, median of ${RUNS} runs; sandbox defaults)`,
);
printTable(
  [
    { title: 'step', width: 40 },
    { title: 'calls/1000', width: 11, align: 'right' },
    { title: 'minimum/1000', width: 13, align: 'right' },
    { title: '  why the minimum', width: 0 },
  ],
  steps.map((row) => [row.step, per(row.calls).toFixed(1), per(row.minimum).toFixed(1), `  ${row.note}`]),
);
