/**
 * KashFlow connector benchmark: writes and reads 1,000 customers, products, invoices and payments against the
 * in-process sandbox and prints API calls per 1,000 records next to the theoretical minimum for KashFlow's page and
 * batch sizes (median of RUNS runs, default 3). Figures only; it never fails on time.
 *
 *   npx tsx bench/connectors/kashflow.bench.ts
 */
import { randomUUID } from 'node:crypto';
import type { Entity, WriteRequest } from '../../src/connectors/connector.js';
import { createKashFlowConnector, KashFlowConnectionSettings } from '../../src/connectors/kashflow/index.js';
import type { KashFlowConnector } from '../../src/connectors/kashflow/kashflowConnector.js';
import { startKashFlowSandbox } from '../../src/sandbox/kashflow/index.js';
import { SandboxClock } from '../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../src/sandbox/shared/faults.js';
import { secretReference } from '../../src/secrets/keychain.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { customer, invoice, product, receipt } from '../../test/connectors/kashflow/records.js';
import { medianOfRuns, printTable, RECORDS, RUNS } from '../support/runs.js';

/** Allocations that share one bank remittance (date, method, account, reference) and so one bulk-payment call. */
const PER_REMITTANCE = 100;
const CHANGED = 10;

interface Row {
  readonly step: string;
  readonly calls: number;
  readonly minimum: number;
  readonly note: string;
}

const settings = KashFlowConnectionSettings.parse({ userName: 'x' });
const per = (calls: number) => (calls * 1_000) / RECORDS;
const pages = (records: number, pageSize: number) => Math.ceil(records / pageSize);

async function run(): Promise<Row[]> {
  const sandbox = await startKashFlowSandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock() });
  const vault = new MemoryVault();
  const connectionId = randomUUID();
  await vault.store(secretReference(connectionId, 'password'), sandbox.settings.password);
  await vault.store(secretReference(connectionId, 'memorable_word'), sandbox.settings.memorableWord);
  const connector = createKashFlowConnector({
    connectionId,
    settings: { baseUrl: sandbox.baseUrl, userName: sandbox.settings.userName },
    secrets: vault,
  });
  const rows: Row[] = [];
  const measure = async (
    step: string,
    minimum: number,
    note: string,
    work: (c: KashFlowConnector) => Promise<number>,
  ) => {
    const before = connector.statistics().calls;
    const moved = await work(connector);
    if (moved !== RECORDS && !step.includes('incremental')) throw new Error(`${step}: ${moved} of ${RECORDS} records`);
    rows.push({ step, calls: connector.statistics().calls - before, minimum, note });
  };
  const write = async <E extends Entity>(entity: E, requests: WriteRequest<E>[]) => {
    const outcomes = await connector.write(entity, requests);
    const failed = outcomes.find((outcome) => !outcome.ok);
    if (failed && !failed.ok) throw failed.error;
    return outcomes.length;
  };
  const read = async (entity: Entity, filter: (record: unknown) => boolean, modifiedSince?: string) => {
    let count = 0;
    for await (const page of connector.read(entity, { modifiedSince })) count += page.filter(filter).length;
    return count;
  };
  const create = <T>(key: string, record: T) => ({ idempotencyKey: key, operation: 'create' as const, record });
  const numbers = Array.from({ length: RECORDS }, (_, index) => index + 1);

  // Log in outside the figures: it is two calls per session, not per record.
  await connector.testConnection();

  await measure('write customers', RECORDS, 'no batch create: one POST each', () =>
    write(
      'party',
      numbers.map((n) => create(`c${n}`, customer(n))),
    ),
  );
  await measure('write products', RECORDS, 'no batch create: one POST each', () =>
    write(
      'product',
      numbers.map((n) => create(`p${n}`, product(n))),
    ),
  );
  await measure('write invoices', RECORDS, 'no batch create: one POST each', () =>
    write(
      'invoice',
      numbers.map((n) => create(`i${n}`, invoice(30_000 + n, customer(n).code as string))),
    ),
  );
  await measure(
    'write payments',
    pages(RECORDS, settings.bulkPaymentBatchSize),
    `bulk payments of ${PER_REMITTANCE} (+ invoice list to search, + method lookup)`,
    () =>
      write(
        'payment',
        numbers.map((n) =>
          create(`r${n}`, receipt(String(30_000 + n), 100, `Remittance ${Math.ceil(n / PER_REMITTANCE)}`)),
        ),
      ),
  );
  const mine = (prefix: string) => (record: unknown) =>
    String(
      (record as { code?: string; number?: string; reference?: string }).code ??
        (record as { number?: string }).number ??
        '',
    ).startsWith(prefix);
  await measure(
    'read customers',
    pages(RECORDS, settings.pageSize) + 1 + RECORDS,
    `pages of ${settings.pageSize} + empty supplier list + GET per summary row`,
    () => read('party', mine('NEW')),
  );
  await measure(
    'read products',
    pages(RECORDS, settings.productPageSize),
    `/products/list pages of ${settings.productPageSize}`,
    () => read('product', mine('NP-')),
  );
  await measure(
    'read invoices',
    pages(RECORDS, settings.pageSize) + 1 + RECORDS,
    'pages + empty purchase list + GET per row (rows lack lines)',
    () => read('invoice', mine('3')),
  );
  await measure(
    'read payments',
    pages(RECORDS, settings.pageSize) + 1 + RECORDS,
    'payment lines come only with full invoices',
    () => read('payment', (record) => (record as { reference?: string }).reference?.startsWith('Remittance') === true),
  );
  // Incremental: change a few customers, then read what changed. KashFlow stamps whole seconds, so wait past the
  // second of the last write and ask from a second before the change.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const changedSince = new Date(Date.now() - 1_000).toISOString();
  await write(
    'party',
    numbers.slice(0, CHANGED).map((n) => ({
      idempotencyKey: `u${n}`,
      operation: 'upsert' as const,
      record: { ...customer(n), name: `Renamed ${n}` },
    })),
  );
  await measure(
    `read customers incremental (${CHANGED} changed)`,
    pages(RECORDS, settings.pageSize) + 1 + CHANGED,
    'no change-date filter: all list pages + changed rows only',
    () => read('party', mine('NEW'), changedSince),
  );
  await connector.close();
  await sandbox.close();
  return rows;
}

const steps = await medianOfRuns(run);
console.log(
  `KashFlow connector: API calls per 1,000 records (${RECORDS} records, median of ${RUNS} runs; sandbox defaults)`,
);
printTable(
  [
    { title: 'step', width: 44 },
    { title: 'calls/1000', width: 11, align: 'right' },
    { title: 'minimum/1000', width: 13, align: 'right' },
    { title: '  why the minimum', width: 0 },
  ],
  steps.map((row) => [row.step, per(row.calls).toFixed(1), per(row.minimum).toFixed(1), `  ${row.note}`]),
);
