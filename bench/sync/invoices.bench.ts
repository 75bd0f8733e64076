/**
 * Sync engine benchmark: an initial sync of INVOICES (default 50,000) Sage X3 invoices — with their 500 customers and
 * 200 products — to Xero, then an incremental sync after 1 % of the invoices changed in X3 (a new customer reference).
 * Prints records per second and API calls per 1,000 records for both (medians of RUNS runs, default 3). The sandboxes
 * run in this process with Xero's rate limits lifted, so the figures measure the engine, the connectors and the
 * calls they make, not waiting; at Xero's real 60 calls a minute the Xero calls alone take the minutes printed.
 * Figures only; it never fails on time.
 *
 *   npx tsx bench/sync/invoices.bench.ts            INVOICES=5000 RUNS=1 npx tsx bench/sync/invoices.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector } from '../../src/connectors/connector.js';
import { closeTrustedAgents } from '../../src/connectors/shared/httpFailure.js';
import type { Invoice } from '../../src/model/index.js';
import { startSageX3Sandbox } from '../../src/sandbox/sagex3/index.js';
import { SandboxClock } from '../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../src/sandbox/shared/faults.js';
import type { RunningSandbox } from '../../src/sandbox/shared/runningSandbox.js';
import { startXeroSandbox } from '../../src/sandbox/xero/index.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { openWorkspace } from '../../src/store/workspace.js';
import type { SyncRun } from '../../src/sync/syncContract.js';
import { startSyncEngine } from '../../test/sync/resilience/engineHarness.js';
import { buildInvoiceSeed, type SeededInvoice } from '../../test/sync/resilience/invoiceSeed.js';
import { connectorFor, connectSandboxPair } from '../../test/sync/resilience/sandboxConnections.js';
import { median, printTable, RUNS } from '../support/runs.js';

const INVOICES = Number(process.env.INVOICES ?? 50_000);
const CHANGED = Math.max(1, Math.round(INVOICES / 100));
const UNLIMITED = 1_000_000_000;

interface Step {
  readonly step: string;
  readonly records: number;
  readonly seconds: number;
  readonly calls: number;
}

async function run(): Promise<Step[]> {
  const seed = buildInvoiceSeed({ invoices: INVOICES, customers: 500, products: 200 });
  const clock = new SandboxClock();
  const faults = new FaultInjector();
  const xero = await startXeroSandbox(
    { port: 0, faults, clock, seed: seed.file.xero as never },
    { settings: { rateLimits: { perMinute: UNLIMITED, perDay: UNLIMITED, appPerMinute: UNLIMITED } } },
  );
  const sagex3 = await startSageX3Sandbox({ port: 0, faults, clock, seed: seed.file.sagex3 as never });
  const dataDirectory = mkdtempSync(join(tmpdir(), 'counterpart-sync-bench-'));
  const workspace = openWorkspace({ dataDirectory, name: 'default' });
  const vault = new MemoryVault();
  const connections = await connectSandboxPair(
    workspace,
    vault,
    { xero: described(xero), sagex3: described(sagex3) },
    { xeroCallsPerMinute: UNLIMITED },
  );
  const engine = startSyncEngine(workspace, vault);
  const x3 = connectorFor(connections.sagex3, vault);
  try {
    const pair = engine.ensurePair({
      accountingConnectionId: connections.xero.id,
      erpConnectionId: connections.sagex3.id,
      actor: 'benchmark',
    });
    const initial = await timed(() => engine.runOnce(pair.id));
    await changeInvoices(x3, seed.invoices.filter((_, index) => index % 100 === 0).slice(0, CHANGED));
    // X3 stamps changes to the whole second: let the changes fall behind the cursor's instant.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const incremental = await timed(() => engine.runOnce(pair.id));
    return [
      { step: `initial sync (${INVOICES} invoices)`, records: INVOICES, ...initial },
      { step: `incremental sync (${CHANGED} changed)`, records: CHANGED, ...incremental },
    ];
  } finally {
    await x3.close();
    await engine.close();
    workspace.close();
    await Promise.all([xero.close(), sagex3.close()]);
    await closeTrustedAgents();
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

function described(sandbox: RunningSandbox): Record<string, unknown> {
  return { baseUrl: sandbox.baseUrl, ...sandbox.credentials };
}

async function timed(work: () => Promise<SyncRun>): Promise<{ seconds: number; calls: number }> {
  const started = performance.now();
  const done = await work();
  if (done.status !== 'succeeded') throw new Error(`The sync run ended ${done.status}: ${done.error ?? ''}`);
  return { seconds: (performance.now() - started) / 1_000, calls: done.totals.apiCalls };
}

/** A new customer reference on each invoice, written to X3 through its connector as a user's edit would be. */
async function changeInvoices(x3: Connector, invoices: readonly SeededInvoice[]): Promise<void> {
  const outcomes = await x3.write(
    'invoice',
    invoices.map((invoice) => ({
      idempotencyKey: `bench-change-${invoice.id}`,
      operation: 'update' as const,
      target: { system: 'sagex3' as const, id: invoice.id },
      record: { ...canonicalInvoice(invoice), reference: `PO-${invoice.id.slice(-6)}` },
    })),
  );
  const refused = outcomes.find((outcome) => !outcome.ok);
  if (refused && !refused.ok) throw refused.error;
}

function canonicalInvoice(invoice: SeededInvoice): Invoice {
  const money = (amountMinor: number) => ({ amountMinor, currency: invoice.currency });
  return {
    kind: 'receivable',
    number: invoice.number,
    party: { ref: { system: 'sagex3', id: invoice.customer.id } },
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    status: 'authorised',
    lines: invoice.lines.map((line) => ({
      description: line.description,
      product: { code: line.productCode },
      quantity: String(line.quantity),
      unitPrice: (line.unitPriceMinor / 100).toFixed(2),
      net: money(line.netMinor),
      tax: money(line.taxMinor),
      taxCode: 'NOR',
    })),
    totals: { net: money(invoice.netMinor), tax: money(invoice.taxMinor), gross: money(invoice.grossMinor) },
    amountPaid: money(0),
    amountDue: money(invoice.grossMinor),
  };
}

const runs: Step[][] = [];
for (let index = 0; index < RUNS; index += 1) {
  runs.push(await run());
  // A long benchmark says how each run went as it ends.
  const figures = (runs.at(-1) ?? []).map((step) => `${step.step}: ${step.seconds.toFixed(1)} s, ${step.calls} calls`);
  console.log(`run ${index + 1} of ${RUNS}: ${figures.join('; ')}`);
}
const steps = (runs[0] ?? []).map((first, index) => ({
  ...first,
  seconds: median(runs.map((steps) => steps[index]?.seconds ?? 0)),
  calls: median(runs.map((steps) => steps[index]?.calls ?? 0)),
}));
console.log(`Sync engine, Sage X3 → Xero invoices (median of ${RUNS} runs; rate limits lifted)`);
printTable(
  [
    { title: 'step', width: 36 },
    { title: 'records/s', width: 10, align: 'right' },
    { title: 'seconds', width: 9, align: 'right' },
    { title: 'API calls', width: 10, align: 'right' },
    { title: 'per 1,000', width: 10, align: 'right' },
  ],
  steps.map(({ step, records, seconds, calls }) => [
    step,
    (records / seconds).toFixed(0),
    seconds.toFixed(1),
    String(calls),
    ((calls * 1_000) / records).toFixed(1),
  ]),
  ' ',
);
