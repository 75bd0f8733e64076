import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Connector } from '../../../src/connectors/connector.js';
import type { Invoice } from '../../../src/model/index.js';
import type { FaultSpec } from '../../../src/sandbox/shared/faults.js';
import { type RunningSandboxes, startSandboxes } from '../../../src/sandbox/startSandboxes.js';
import { MemoryVault } from '../../../src/secrets/memoryVault.js';
import { openWorkspace, type Workspace } from '../../../src/store/workspace.js';
import type { DeadLetter, SyncPair } from '../../../src/sync/syncContract.js';
import type { SyncEngine } from '../../../src/sync/syncEngine.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { startSyncEngine } from './engineHarness.js';
import { buildInvoiceSeed, type SeededInvoice } from './invoiceSeed.js';
import { connectorFor, connectSandboxPair, type SandboxPair } from './sandboxConnections.js';
import { compareCustomers, compareInvoices, compareProducts, readEverything } from './targetCheck.js';

/**
 * A sync of 600 Sage X3 invoices to Xero while both sandboxes fail about one call in ten with a 5xx, Xero answers
 * in bursts of 429s, calls hang until the client gives up, and Xero refuses single elements of its batches. Three
 * invoices are in a currency the Xero organisation does not take: Xero refuses them for good.
 */
const INVOICES = 600;
const REFUSED = [7, 333, 501];
const TIME_SCALE = 60;
type Faults = z.input<typeof FaultSpec>;
const FAULTS = {
  xero: { status: { '500': 0.04, '502': 0.03, '503': 0.03 }, timeout: 0.01 },
  // X3 asks to wait a whole second after a 503 (Retry-After: 1), which the connector honours.
  sagex3: { status: { '500': 0.08, '503': 0.02 }, timeout: 0.002 },
} as const satisfies Faults;
/**
 * Single elements of Xero's invoice batches refused (a ValidationError, as Xero words it) — only once the invoice
 * flow starts (customers and products are written by then), so that every refusal is an invoice's and no invoice
 * waits on a customer or product refused earlier.
 */
const PARTIAL_BATCH = 0.02;
/** The template's flow of X3 invoices to Xero. */
const INVOICE_FLOW = 'invoices-to-xero';
const clean = { duplicated: {}, missing: [], unexpected: [], differing: [] };

const tempDirectory = freshDirectories();

describe('a sync against failing systems', () => {
  const seed = buildInvoiceSeed({ invoices: INVOICES, customers: 60, products: 30, refusedCurrencyInvoices: REFUSED });
  const vault = new MemoryVault();
  let sandboxes: RunningSandboxes;
  let workspace: Workspace;
  let connections: SandboxPair;
  let engine: SyncEngine;
  let pair: SyncPair;

  beforeEach(async () => {
    sandboxes = await startSandboxes({ seed: { kind: 'file', records: seed.file }, timeScale: TIME_SCALE });
    workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    const described = sandboxes.describe();
    connections = await connectSandboxPair(workspace, vault, described, {
      xeroCallsPerMinute: 60 * TIME_SCALE,
      timeoutMs: 1_500,
    });
    engine = startSyncEngine(workspace, vault);
    pair = engine.ensurePair({
      accountingConnectionId: connections.xero.id,
      erpConnectionId: connections.sagex3.id,
      actor: 'resilience test',
    });
  });

  afterEach(async () => {
    await engine?.close();
    workspace?.close();
    await sandboxes?.close();
  });

  it('completes with no duplicate, every refusal in the dead-letter queue and nothing lost; a fixed one lands once', async () => {
    let invoicing = false;
    const faultsNow = (): Faults => ({
      ...FAULTS,
      xero: { ...FAULTS.xero, partialBatch: invoicing ? PARTIAL_BATCH : 0 },
    });
    sandboxes.faults.set(faultsNow());
    const bursts = rateLimitBursts(sandboxes, faultsNow);
    const run = await engine
      .runOnce(pair.id, {
        onProgress: (progress) => {
          if (!invoicing && progress.flow === INVOICE_FLOW) {
            invoicing = true;
            sandboxes.faults.set(faultsNow());
          }
        },
      })
      .finally(() => bursts.stop());
    sandboxes.faults.set({});
    expect(run.status, run.error ?? JSON.stringify(run.totals)).toBe('partly_failed');

    const letters = engine.listDeadLetters({ pairId: pair.id, state: 'open' });
    const refused = seed.invoices.filter((_, index) => REFUSED.includes(index));
    for (const invoice of refused) {
      expect(letterFor(letters, invoice), `${invoice.number} in the dead-letter queue`).toMatchObject({
        entity: 'invoice',
        errorClass: 'validation',
        systemMessage: expect.stringContaining('Organisation is not subscribed to currency CHF'),
        payload: expect.objectContaining({ number: invoice.number, currency: 'CHF' }),
      });
    }
    // Elements Xero refused inside a batch are dead letters too, with Xero's words; nothing else is.
    const injected = letters.filter((letter) => !refused.some((invoice) => letterFor([letter], invoice)));
    for (const letter of injected) expect(letter.systemMessage).toContain('sandbox fault injection');

    const xero = connectorFor(connections.xero, vault);
    try {
      const held = await readTarget(xero);
      const parked = new Set(letters.map((letter) => keyOf(letter.payload)));
      const expectedNow = seed.invoices.filter(
        (invoice) => !parked.has(invoice.number) && !parked.has(invoice.customer.name),
      );
      expect(compareInvoices(expectedNow, held.invoices, held.contacts)).toEqual(clean);
      expect(held.invoices.filter((invoice) => parked.has(invoice.number ?? ''))).toEqual([]);

      // The refusals injected by the sandbox were passing: sent again, they land.
      for (const letter of injected) {
        expect((await engine.replayDeadLetter(letter.id, { actor: 'resilience test' })).state).toBe('replayed');
      }
      // A planted one needs its payload fixed (the organisation takes GBP), then it lands once; replaying it twice
      // does not write it twice.
      const [first] = refused as [SeededInvoice];
      const letter = letterFor(letters, first) as DeadLetter;
      const fixed = JSON.parse(JSON.stringify(letter.payload).replaceAll('"CHF"', '"GBP"'));
      expect((await engine.replayDeadLetter(letter.id, { payload: fixed, actor: 'resilience test' })).state).toBe(
        'replayed',
      );
      await engine.replayDeadLetter(letter.id, { payload: fixed, actor: 'resilience test' }).catch(() => undefined);
      await engine.runOnce(pair.id);

      const after = await readTarget(xero);
      const stillRefused = refused.slice(1);
      const landed = seed.invoices
        .filter((invoice) => !stillRefused.includes(invoice))
        .map((invoice) => (invoice === first ? { ...invoice, currency: 'GBP' } : invoice));
      expect(compareInvoices(landed, after.invoices, after.contacts)).toEqual(clean);
      expect(compareCustomers(seed.customers, after.contacts)).toEqual(clean);
      expect(compareProducts(seed.products, after.items)).toEqual(clean);
      expect(
        engine
          .listDeadLetters({ pairId: pair.id, state: 'open' })
          .map((open) => keyOf(open.payload))
          .sort(),
      ).toEqual(stillRefused.map((invoice) => invoice.number).sort());
    } finally {
      await xero.close();
    }
  }, 120_000);
});

async function readTarget(xero: Connector) {
  return {
    contacts: await readEverything(xero, 'party'),
    items: await readEverything(xero, 'product'),
    invoices: await readEverything(xero, 'invoice'),
  };
}

function letterFor(letters: readonly DeadLetter[], invoice: SeededInvoice): DeadLetter | undefined {
  return letters.find((letter) => letter.entity === 'invoice' && keyOf(letter.payload) === invoice.number);
}

/** The business key a dead letter's payload carries: an invoice's number, a customer's name, a product's code. */
function keyOf(payload: unknown): string {
  const record = (payload ?? {}) as Partial<Invoice> & { name?: string; code?: string };
  return record.number ?? record.name ?? record.code ?? '';
}

/** Every 1.5 s Xero answers nothing but 429s for 300 ms, on top of the other faults. */
function rateLimitBursts(sandboxes: RunningSandboxes, faults: () => Faults): { stop(): void } {
  const burst = () => sandboxes.faults.set({ ...faults(), xero: { ...faults().xero, status: { '429': 1 } } });
  const timers = [
    setInterval(() => {
      burst();
      timers.push(setTimeout(() => sandboxes.faults.set(faults()), 300));
    }, 1_500),
  ];
  return {
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      sandboxes.faults.set(faults());
    },
  };
}
