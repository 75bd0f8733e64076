/**
 * Sage X3 connector benchmark: writes and reads 1,000 customers, products, sales orders, invoices and payments
 * against the in-process sandbox (HTTPS, CA bundle trusted) and prints API calls per 1,000 records next to the
 * theoretical minimum for api1's page size and its lack of a batch endpoint (median of RUNS runs, default 3).
 * Figures only; it never fails on time.
 *
 *   npx tsx bench/connectors/sagex3.bench.ts
 */
import { randomUUID } from 'node:crypto';
import type { Entity, WriteRequest } from '../../src/connectors/connector.js';
import { createSageX3Connector } from '../../src/connectors/sagex3/index.js';
import type { SageX3Connector } from '../../src/connectors/sagex3/sageX3Connector.js';
import { closeTrustedAgents } from '../../src/connectors/shared/httpFailure.js';
import { startSageX3Sandbox } from '../../src/sandbox/sagex3/index.js';
import { SandboxClock } from '../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../src/sandbox/shared/faults.js';
import { secretReference } from '../../src/secrets/keychain.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { customer, invoice, order, product, receipt } from '../../test/connectors/sagex3/records.js';
import { medianOfRuns, printTable, RECORDS, RUNS } from '../support/runs.js';

/** The largest `count` the sandbox serves (X3's own cap is UNCONFIRMED). */
const PAGE_SIZE = 200;
const LOOKUP_BATCH = 50;
const CHANGED = 10;

interface Row {
  readonly step: string;
  readonly calls: number;
  readonly minimum: number;
  readonly note: string;
  /** Records the step moved (RECORDS unless said). */
  readonly records?: number;
}

const per = (calls: number, records = RECORDS) => (calls * 1_000) / records;
const pages = (records: number) => Math.ceil(records / PAGE_SIZE);

async function run(): Promise<Row[]> {
  // The products the order and invoice lines name.
  const seed = {
    ITMMASTER: [
      { ITMREF: 'BIND-01', ITMDES1: 'Grey ring binder', BASPRI: 19.99, VACITM: 'NOR' },
      { ITMREF: 'PAPR-02', ITMDES1: 'A4 paper, box', BASPRI: 24.5, VACITM: 'NOR' },
    ],
  };
  const sandbox = await startSageX3Sandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock(), seed });
  const credentials = sandbox.credentials as Record<string, string>;
  const vault = new MemoryVault();
  const connectionId = randomUUID();
  await vault.store(secretReference(connectionId, 'password'), String(credentials.password));
  const connector = (overrides: Record<string, unknown> = {}): SageX3Connector =>
    createSageX3Connector({
      connectionId,
      settings: {
        baseUrl: sandbox.baseUrl,
        user: String(credentials.user),
        caBundlePem: String(credentials.caCertificatePem),
        pageSize: PAGE_SIZE,
        lookupBatchSize: LOOKUP_BATCH,
        concurrency: 4,
        ...overrides,
      },
      secrets: vault,
    });
  const rows: Row[] = [];
  const measure = async (step: string, minimum: number, note: string, work: (c: SageX3Connector) => Promise<void>) => {
    const fresh = connector();
    await work(fresh);
    rows.push({ step, calls: fresh.statistics().calls, minimum, note });
  };
  const write = async <E extends Entity>(c: SageX3Connector, entity: E, records: WriteRequest<E>['record'][]) => {
    // The sync engine hands over a few hundred at a time; each batch costs one lookup per 50 keys.
    for (let start = 0; start < records.length; start += 250) {
      const batch = records.slice(start, start + 250).map((record, index) => ({
        idempotencyKey: `${entity}-${start + index}`,
        operation: 'create' as const,
        record,
      }));
      const outcomes = await c.write(entity, batch);
      const failed = outcomes.find((outcome) => !outcome.ok);
      if (failed && !failed.ok) throw failed.error;
    }
  };
  const read = async (c: SageX3Connector, entity: Entity, modifiedSince?: string) => {
    let count = 0;
    for await (const page of c.read(entity, { modifiedSince })) count += page.length;
    return count;
  };
  const n = Array.from({ length: RECORDS }, (_, index) => index + 1);
  const onePerRecord = 'no batch endpoint: 1 POST per record';
  try {
    await measure('write customers', RECORDS, `${onePerRecord}, + 1 lookup per ${LOOKUP_BATCH}`, (c) =>
      write(
        c,
        'party',
        n.map((i) => customer(i)),
      ),
    );
    await measure('write products', RECORDS, `${onePerRecord}, + 1 lookup per ${LOOKUP_BATCH}`, (c) =>
      write(
        c,
        'product',
        n.map((i) => product(`B-${i}`, '19.99')),
      ),
    );
    await measure('write sales orders', RECORDS, `${onePerRecord}, + lookups: existing, customers`, (c) =>
      write(
        c,
        'salesOrder',
        n.map((i) => order(`B-ORD-${i}`, `NEW-${i}`)),
      ),
    );
    await measure('write invoices', RECORDS, `${onePerRecord}, + lookups: existing, customers`, (c) =>
      write(
        c,
        'invoice',
        n.map((i) => invoice(`B-INV-${i}`, `NEW-${i}`)),
      ),
    );
    await measure('write payments', RECORDS, `${onePerRecord}, + lookups: existing, customers, invoices`, (c) =>
      write(
        c,
        'payment',
        n.map((i) => receipt(`B-PAY-${i}`, `NEW-${i}`, `B-INV-${i}`, 1_000)),
      ),
    );

    /** A full read, its minimum computed from the records it returned (the seed adds two products). */
    const measureRead = async (
      step: string,
      entity: Entity,
      minimum: (records: number) => number,
      note: string,
      overrides: Record<string, unknown> = {},
    ) => {
      const reader = connector(overrides);
      const records = await read(reader, entity);
      rows.push({ step, calls: reader.statistics().calls, minimum: minimum(records), note });
    };
    const withDetails = (records: number) => pages(records) + records;
    const childTable = '$query pages + 1 $details per record (api1 $query rows have no child table)';
    // Customers and suppliers: the (empty) supplier feed costs one page too.
    await measureRead('read parties, with addresses', 'party', (r) => withDetails(r) + 1, childTable);
    await measureRead('read parties, summary rows', 'party', (r) => pages(r) + 1, '$query pages only', {
      readDetails: { party: false },
    });
    await measureRead(
      'read parties, with addresses, via GraphQL',
      'party',
      (r) => pages(r) + 1,
      'customers and their addresses in one GraphQL page; suppliers on api1',
      { graphql: { entities: ['party'] } },
    );
    await measureRead('read products', 'product', pages, '$query pages');
    await measureRead('read sales orders, with lines', 'salesOrder', withDetails, childTable);
    await measureRead(
      'read invoices, with lines and open items',
      'invoice',
      (r) => withDetails(r) + pages(r),
      `+ open items: 1 query per ${LOOKUP_BATCH} invoices (minimum: 1 per page)`,
    );
    await measureRead('read payments, with allocations', 'payment', withDetails, childTable);

    // Change a few customers, then read incrementally from just before the change.
    const since = new Date(Date.now() - 1_000).toISOString();
    const changer = connector();
    await changer.write(
      'party',
      n.slice(0, CHANGED).map((i) => ({
        idempotencyKey: `rename-${i}`,
        operation: 'upsert' as const,
        record: customer(i, { name: `Renamed ${i}` }),
      })),
    );
    const incremental = connector();
    const changed = await read(incremental, 'party', since);
    rows.push({
      step: `incremental read, ${changed} of ${RECORDS} customers changed`,
      calls: incremental.statistics().calls,
      minimum: 2 + CHANGED,
      records: CHANGED,
      note: 'per changed record: 1 page each for customers and suppliers + 1 $details per change',
    });
  } finally {
    await sandbox.close();
    await closeTrustedAgents();
  }
  return rows;
}

const started = Date.now();
const steps = await medianOfRuns(run);
console.log(
  `Sage X3 api1 — calls per 1,000 records (${RECORDS} records, page size ${PAGE_SIZE}, median of ${RUNS} runs, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
printTable(
  [
    { title: 'step', width: 44 },
    { title: 'calls/1k', width: 10, align: 'right' },
    { title: 'minimum/1k', width: 12, align: 'right' },
    { title: '  why', width: 0 },
  ],
  steps.map((row) => [
    row.step,
    per(row.calls, row.records).toFixed(1),
    per(row.minimum, row.records).toFixed(1),
    `  ${row.note}`,
  ]),
);
