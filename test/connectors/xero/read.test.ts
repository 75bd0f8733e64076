import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/connectors/connector.js';
import { IncrementalReader } from '../../../src/connectors/shared/incrementalReader.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import type { Started } from '../../sandbox/xero/helpers.js';
import { rawCall } from '../../sandbox/xero/helpers.js';
import { preloadSpec, specFailures, validateEveryXeroNodeResponse } from '../../sandbox/xero/specValidator.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { bookSeed, connectorFor, readAll, startXero } from './harness.js';

validateEveryXeroNodeResponse();

const tempDirectory = freshDirectories();

let started: Started;

beforeAll(async () => {
  preloadSpec();
  started = await startXero({ seed: bookSeed(25) });
});

afterAll(async () => {
  await started.sandbox.close();
  expect(specFailures()).toEqual([]);
});

describe('reading every entity from Xero', () => {
  it('pages through each collection, oldest change first, with one call per page', async () => {
    const { connector } = await connectorFor(started, { settings: { pageSize: 10 } });
    const expected: Partial<Record<Entity, { records: number; pages: number }>> = {
      party: { records: 25, pages: 3 },
      invoice: { records: 25, pages: 3 },
      creditNote: { records: 12, pages: 2 },
      payment: { records: 12, pages: 2 },
      bankTransaction: { records: 12, pages: 2 },
      product: { records: 2, pages: 1 },
    };
    for (const [entity, want] of Object.entries(expected)) {
      const before = connector.statistics().calls;
      const { records, pages } = await readAll(connector.read(entity as Entity));
      expect({ entity, records: records.length, pages }).toEqual({ entity, ...want });
      expect(connector.statistics().calls - before).toBe(want.pages);
      const stamps = records.map((record) => record.source?.updatedAt ?? '');
      expect([...stamps].sort()).toEqual(stamps);
    }
    const accounts = await readAll(connector.read('ledgerAccount'));
    expect(accounts.records.map((a) => a.code)).toEqual(expect.arrayContaining(['090', '200', '400']));
    const taxRates = await readAll(connector.read('taxRate'));
    expect(taxRates.records.find((t) => t.code === 'OUTPUT2')).toMatchObject({ ratePercent: '20', status: 'active' });
  });

  it('decodes money in minor units and dates as calendar dates', async () => {
    const { connector } = await connectorFor(started);
    const { records } = await readAll(connector.read('invoice'));
    const sale = records.find((invoice) => invoice.number === 'INV-0002');
    // 3 × 0.10 is 0.30 exactly (not 0.30000000000000004), 2 × 19.99 = 39.98, VAT 20 % on each line.
    expect(sale).toMatchObject({
      kind: 'receivable',
      issueDate: '2024-03-01',
      dueDate: '2024-03-31',
      status: 'authorised',
      currency: 'GBP',
      amountPaid: { amountMinor: 1001, currency: 'GBP' },
      amountDue: { amountMinor: 3833, currency: 'GBP' },
      totals: {
        net: { amountMinor: 4028, currency: 'GBP' },
        tax: { amountMinor: 806, currency: 'GBP' },
        gross: { amountMinor: 4834, currency: 'GBP' },
      },
    });
    expect(
      sale?.lines.map((line) => [line.quantity, line.unitPrice, line.net.amountMinor, line.tax.amountMinor]),
    ).toEqual([
      ['3', '0.1', 30, 6],
      ['2', '19.99', 3998, 800],
    ]);
    expect(records.filter((invoice) => invoice.kind === 'payable')).toHaveLength(5);
    const { records: items } = await readAll(connector.read('product'));
    expect(items.find((item) => item.code === 'PAPR-01')?.sales?.unitPrice).toBe('19.9949');
  });

  it('reads incrementally: after one change only that record comes back', async () => {
    const { connector } = await connectorFor(started, { settings: { pageSize: 10 } });
    const { records } = await readAll(connector.read('party'));
    const newest =
      records
        .map((record) => record.source?.updatedAt ?? '')
        .sort()
        .at(-1) ?? '';
    // Xero compares If-Modified-Since to the second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const since = new Date(Date.parse(newest) + 1000).toISOString();
    const changed = await rawCall(started.credentials, 'POST', '/Contacts/c0000000-0000-4000-8000-000000000007', {
      body: { Contacts: [{ EmailAddress: 'new.address@customer.example' }] },
    });
    expect(changed.status).toBe(200);
    const before = connector.statistics().calls;
    const again = await readAll(connector.read('party', { modifiedSince: since }));
    expect(again.records.map((party) => [party.code, party.email])).toEqual([
      ['CUST-007', 'new.address@customer.example'],
    ]);
    expect(connector.statistics().calls - before).toBe(1);
  });

  it('de-duplicates by (id, last-modified) behind the look-back window: only the changed version passes again', async () => {
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    try {
      const connection = workspace.connections.create({ system: 'xero', name: 'Xero', isSandbox: true, settings: {} });
      const { connector } = await connectorFor(started, { settings: { pageSize: 10 } });
      const reader = new IncrementalReader({
        connector,
        connectionId: connection.id,
        cursors: workspace.readCursors,
        lookBackMs: 60 * 60_000,
      });
      const drain = async () => {
        const read = reader.read('invoice');
        const numbers: (string | undefined)[] = [];
        for await (const page of read) {
          numbers.push(...page.records.map((record) => record.number));
          page.acknowledge();
        }
        return { numbers, summary: read.summary() };
      };
      expect((await drain()).numbers).toHaveLength(25);
      const changed = await rawCall(started.credentials, 'POST', '/Invoices/INV-0003', {
        body: { Invoices: [{ Reference: 'Changed after the first read' }] },
      });
      expect(changed.status).toBe(200);
      const second = await drain();
      // The look-back window makes Xero send every invoice again; only the new version of INV-0003 is new.
      expect(second.numbers).toEqual(['INV-0003']);
      expect(second.summary).toMatchObject({ records: 1, skipped: 24, complete: true });
    } finally {
      workspace.close();
    }
  });

  it('stops early at a limit', async () => {
    const { connector } = await connectorFor(started, { settings: { pageSize: 10 } });
    const { records, pages } = await readAll(connector.read('invoice', { limit: 15 }));
    expect([records.length, pages]).toEqual([15, 2]);
    expect(connector.statistics().calls).toBe(2);
  });
});
