import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/sandbox/demo/random.js';
import { OsKeychain } from '../../../src/secrets/keychain.js';
import { openWorkspace, type Workspace } from '../../../src/store/workspace.js';
import { type SandboxProcess, startSandboxProcess } from '../../support/sandboxProcess.js';
import { type KillPoint, killPointFor, runKilledAt, type SyncAttempt, type SyncPhase } from './crashLoop.js';
import { buildInvoiceSeed, type InvoiceSeed, type InvoiceSeedOptions, writeInvoiceSeed } from './invoiceSeed.js';
import { connectorFor, connectSandboxPair, forgetSecrets, PAIR_LABEL, type SandboxPair } from './sandboxConnections.js';
import {
  compareCustomers,
  compareInvoices,
  compareProducts,
  crossReferenceProblems,
  readEverything,
} from './targetCheck.js';
import { startWireTap, type WireTap } from './wireTap.js';

/**
 * The sync process — the built CLI, as a user runs it — is killed with SIGKILL again and again while it syncs Sage
 * X3 invoices (their customers and products first) to Xero, which takes them in batches of 50 under one
 * Idempotency-Key each. The sandboxes run in a process of their own, so what Xero saved survives every kill. After
 * the last kill a run goes to the end, and Xero must hold every invoice exactly once, as X3 has it, with the
 * engine's cross-reference pointing at it. The CLI takes its connections' secrets from the OS keychain.
 */
const RANDOM_SEED = Number(process.env.COUNTERPART_CRASH_SEED ?? Date.now() % 100_000);
const clean = { duplicated: {}, missing: [], unexpected: [], differing: [] };

describe('a sync killed with SIGKILL at random points and restarted', () => {
  const INVOICES = 5_000;
  const KILLS = 22;
  const MINIMUM_LANDED = 20;
  // Xero's minute lasts 2 s here, and its 6-minute idempotency window 12 s.
  const stage = crashStage({ invoices: INVOICES }, 30);

  it(`leaves each of ${INVOICES} invoices in Xero exactly once, as X3 has it, and cross-referenced`, async ({
    onTestFailed,
  }) => {
    const random = new SeededRandom(RANDOM_SEED);
    const attempts: SyncAttempt[] = [];
    // A timeout says nothing of how far the kills got: the log does.
    onTestFailed(() => console.error(killLog(attempts)));
    const turns: Record<SyncPhase, number> = { reading: 0, writing: 0 };
    while (attempts.length < KILLS && attempts.at(-1)?.outcome !== 'exited') {
      // A restarted sync first sends what the killed one left in the outbox, then reads.
      // Every fifth restart is killed while it reads (after it has drained what the last one left), so kills land
      // during reads however quickly the writes come to dominate the work left.
      const reads = stage.unsentWrites() === 0 || attempts.length % 5 === 4;
      const phase: SyncPhase = reads ? 'reading' : 'writing';
      const point = killPointFor(random, phase, turns[phase]);
      turns[phase] += 1;
      const backstop = reads ? Number.POSITIVE_INFINITY : random.int(2, 4);
      attempts.push(await runKilledAt(stage.args(), stage.tap(), point, backstop));
    }
    const log = killLog(attempts);
    const last = attempts.at(-1)?.outcome === 'exited' ? attempts.at(-1) : undefined;
    const finished = last ?? (await runKilledAt(stage.args(), stage.tap(), null));
    expect(finished?.exitCode, `the run after the kills failed: ${finished?.stderr}\n${log}`).toBe(0);
    const landed = attempts.filter((attempt) => attempt.outcome === 'killed');
    expect(landed.length, `too few kills landed while the sync had work left\n${log}`).toBeGreaterThanOrEqual(
      MINIMUM_LANDED,
    );
    for (const phases of [
      ['x3-request'],
      ['xero-write-sent'],
      ['xero-write-answered'],
      ['xero-write-handed', 'backstop'],
    ]) {
      expect(
        landed.some((attempt) => phases.includes(attempt.killedAt ?? '')),
        `no kill landed at ${phases.join(' or ')}\n${log}`,
      ).toBe(true);
    }
    await stage.expectTargetMatchesSource(log);
    // A limit, not a timing check: every restart reads X3's 5,000 invoices again (one detail call each) before it
    // writes, which on a loaded 2-core machine takes minutes over twenty-odd restarts.
  }, 900_000);
});

describe('a sync killed after Xero saved a batch, restarted once Xero forgot its idempotency key', () => {
  // Xero's 6-minute idempotency window lasts 6 s here.
  const TIME_SCALE = 60;
  const stage = crashStage({ invoices: 150, customers: 20, products: 10 }, TIME_SCALE);

  it('does not write the batch again, and links what Xero holds', async ({ onTestFailed }) => {
    // One batch of contacts, one of items, then the first batch of invoices: Xero saves it, the sync never hears.
    const point: KillPoint = { event: 'xero-write-answered', nth: 3, delayMs: 0 };
    const killed = await runKilledAt(stage.args(), stage.tap(), point);
    const log = killLog([killed]);
    onTestFailed(() => console.error(log));
    expect(killed.outcome, log).toBe('killed');
    await new Promise((resolve) => setTimeout(resolve, (6 * 60_000) / TIME_SCALE + 1_000));
    const finished = await runKilledAt(stage.args(), stage.tap(), null);
    expect(finished.exitCode, `the run after the kill failed: ${finished.stderr}`).toBe(0);
    await stage.expectTargetMatchesSource(log);
  }, 90_000);
});

/**
 * Sandboxes in a process of their own seeded with the invoices, a wire tap between them and the sync, and a
 * workspace connected to both with its secrets in the OS keychain — set up before the describe's tests, taken down
 * after them.
 */
function crashStage(options: InvoiceSeedOptions, timeScale: number) {
  const vault = new OsKeychain();
  const seed: InvoiceSeed = buildInvoiceSeed(options);
  let dataDirectory = '';
  let sandboxes: SandboxProcess | undefined;
  let tap: WireTap | undefined;
  let workspace: Workspace | undefined;
  let pair: SandboxPair | undefined;

  beforeAll(async () => {
    // Outlives the test (freshDirectories removes its folders after each test; the sandboxes run until afterAll).
    dataDirectory = mkdtempSync(join(tmpdir(), 'counterpart-crash-'));
    writeInvoiceSeed(join(dataDirectory, 'seed.json'), seed);
    sandboxes = await startSandboxProcess({ dataDirectory, seedFile: join(dataDirectory, 'seed.json'), timeScale });
    tap = await startWireTap({
      xeroApiBasePath: String(sandboxes.details.xero.apiBasePath),
      x3BaseUrl: String(sandboxes.details.sagex3.url),
    });
    workspace = openWorkspace({ dataDirectory, name: 'default' });
    pair = await connectSandboxPair(workspace, vault, sandboxes.details, {
      xeroApiBasePath: tap.xeroApiBasePath,
      x3BaseUrl: tap.x3BaseUrl,
      xeroCallsPerMinute: 60 * timeScale,
    });
  });

  afterAll(async () => {
    if (workspace) {
      await forgetSecrets(workspace, vault);
      workspace.close();
    }
    await tap?.close();
    await sandboxes?.stop();
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  return {
    /** Writes the outbox holds unconfirmed (none before the first run made the pair). */
    unsentWrites: () => {
      const ready = workspace as Workspace;
      const pairId = ready.syncPairs.list()[0]?.id;
      return pairId === undefined ? 0 : ready.outbox.countUnfinished(pairId);
    },
    args: () => ['sync', '--pair', PAIR_LABEL, '--once', '--data-dir', dataDirectory, '--json'],
    tap: () => tap as WireTap,
    /** Reads Xero through its API and the engine's tables, and compares both with what X3 holds. */
    expectTargetMatchesSource: async (log: string) => {
      const ready = { workspace: workspace as Workspace, pair: pair as SandboxPair };
      const xero = connectorFor(ready.pair.xero, vault);
      try {
        const contacts = await readEverything(xero, 'party');
        const items = await readEverything(xero, 'product');
        const invoices = await readEverything(xero, 'invoice');
        expect(compareCustomers(seed.customers, contacts), `customers in Xero\n${log}`).toEqual(clean);
        expect(compareProducts(seed.products, items), `products in Xero\n${log}`).toEqual(clean);
        expect(compareInvoices(seed.invoices, invoices, contacts), `invoices in Xero\n${log}`).toEqual(clean);
        expect(invoices.filter((invoice) => invoice.kind === 'receivable')).toHaveLength(seed.invoices.length);

        const pairId = ready.workspace.syncPairs.list()[0]?.id ?? '';
        expect(ready.workspace.outbox.countUnfinished(pairId), `writes left in the outbox\n${log}`).toBe(0);
        expect(ready.workspace.deadLetters.list({ pairId }), `dead letters\n${log}`).toEqual([]);
        const links = ready.workspace.crossReferences.list(pairId);
        const linksOf = (entity: string) => links.filter((link) => link.erp.entity === entity);
        const idsOf = (records: readonly { source?: { id: string } | undefined }[], key: (index: number) => string) => {
          const ids = new Map<string, string[]>();
          records.forEach((record, index) => {
            ids.set(key(index), [...(ids.get(key(index)) ?? []), record.source?.id ?? '']);
          });
          return (wanted: string) => ids.get(wanted) ?? [];
        };
        const invoiceIds = idsOf(invoices, (index) => invoices[index]?.number ?? '');
        const contactIds = idsOf(contacts, (index) => contacts[index]?.name ?? '');
        const itemIds = idsOf(items, (index) => items[index]?.code ?? '');
        expect(
          crossReferenceProblems(
            linksOf('invoice'),
            seed.invoices.map((seeded) => ({
              erpId: seeded.id,
              key: seeded.number,
              accountingIds: invoiceIds(seeded.number),
            })),
          ),
          `invoice cross-references\n${log}`,
        ).toEqual([]);
        expect(
          crossReferenceProblems(
            linksOf('party'),
            seed.customers.map((seeded) => ({
              erpId: seeded.id,
              key: seeded.name,
              accountingIds: contactIds(seeded.name),
            })),
          ),
          `customer cross-references\n${log}`,
        ).toEqual([]);
        expect(
          crossReferenceProblems(
            linksOf('product'),
            seed.products.map((seeded) => ({
              erpId: seeded.code,
              key: seeded.code,
              accountingIds: itemIds(seeded.code),
            })),
          ),
          `product cross-references\n${log}`,
        ).toEqual([]);
      } finally {
        await xero.close();
      }
    },
  };
}

/** One line per attempt: where it was to be killed, where the kill landed, and what it had done on the wire. */
function killLog(attempts: readonly SyncAttempt[]): string {
  const where = (point: KillPoint | null) =>
    point === null ? 'no kill' : `${point.event} #${point.nth} +${point.delayMs} ms`;
  return [
    `kill log (COUNTERPART_CRASH_SEED=${RANDOM_SEED}):`,
    ...attempts.map(
      (attempt, index) =>
        `${index + 1}. ${where(attempt.point)}: ${attempt.outcome === 'killed' ? `killed at ${attempt.killedAt}` : `exited ${attempt.exitCode}`}; wire ${JSON.stringify(attempt.wire)}`,
    ),
  ].join('\n');
}
