import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteRequest } from '../../../src/connectors/connector.js';
import type { Invoice } from '../../../src/model/index.js';
import { FaultSpec } from '../../../src/sandbox/shared/faults.js';
import type { Started } from '../../sandbox/xero/helpers.js';
import { rawCall } from '../../sandbox/xero/helpers.js';
import { specFailures, validateEveryXeroNodeResponse } from '../../sandbox/xero/specValidator.js';
import { connectorFor, readAll, startXero } from './harness.js';
import { creates, invoice, party } from './records.js';

validateEveryXeroNodeResponse();

let started: Started;

beforeAll(async () => {
  started = await startXero();
  const { connector } = await connectorFor(started);
  const outcomes = await connector.write(
    'party',
    creates(
      Array.from({ length: 60 }, (_, i) => party(i + 1)),
      'seed-party',
    ),
  );
  expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
});

afterAll(async () => {
  await started.sandbox.close();
  expect(specFailures()).toEqual([]);
});

async function invoiceCount(): Promise<number> {
  const { json } = await rawCall(started.credentials, 'GET', '/Invoices?page=1&pageSize=1000');
  return (json as { Invoices: unknown[] }).Invoices.length;
}

describe('writing to Xero in batches', () => {
  it('writes 120 invoices in three calls of at most 50, one outcome per request', async () => {
    const { connector } = await connectorFor(started);
    const before = await invoiceCount();
    const requests = creates(
      Array.from({ length: 120 }, (_, i) => invoice(i, party((i % 60) + 1).code ?? '')),
      'batch-120',
    );
    const outcomes = await connector.write('invoice', requests);
    expect(outcomes).toHaveLength(120);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(120);
    expect(outcomes.map((outcome) => outcome.idempotencyKey)).toEqual(requests.map((r) => r.idempotencyKey));
    expect(connector.statistics().calls).toBe(3);
    expect(await invoiceCount()).toBe(before + 120);
    const first = outcomes[0];
    expect(first?.ok && first.ref.number).toMatch(/^INV-\d+$/);
  });

  it('keeps the good records of a batch when some fail, with Xero’s own message for each failure', async () => {
    const { connector } = await connectorFor(started);
    // FaultInjector.set takes the parsed form; FaultSpec.parse fills the defaults.
    started.faults.set(FaultSpec.parse({ xero: { partialBatch: 0.2 } }));
    let outcomes: Awaited<ReturnType<typeof connector.write>>;
    const requests = creates(
      Array.from({ length: 50 }, (_, i) => invoice(1000 + i, party((i % 60) + 1).code ?? '')),
      'partial',
    );
    try {
      outcomes = await connector.write('invoice', requests);
    } finally {
      started.faults.set({});
    }
    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(50);
    expect(connector.statistics().calls).toBe(1);
    for (const outcome of failed) {
      if (outcome.ok) continue;
      expect(outcome.error.kind).toBe('validation');
      expect(outcome.error.systemMessage).toBeTruthy();
      expect(outcome.error.message).toContain(outcome.error.systemMessage ?? '');
    }
    // Sending the failed ones again (a new set, so a new Idempotency-Key) writes them.
    const again = requests.filter((request) => failed.some((f) => f.idempotencyKey === request.idempotencyKey));
    const retried = await connector.write('invoice', again);
    expect(retried.every((outcome) => outcome.ok)).toBe(true);
    // The ones that had succeeded are not written twice.
    expect((await connector.write('invoice', requests)).every((outcome) => outcome.ok)).toBe(true);
    expect(connector.statistics().calls).toBe(2);
  });

  it('replays a batch idempotently: the same requests from a restarted connector create nothing twice', async () => {
    const requests = creates(
      Array.from({ length: 30 }, (_, i) => invoice(2000 + i, party(i + 1).code ?? '')),
      'replay',
    );
    const first = await (await connectorFor(started)).connector.write('invoice', requests);
    const count = await invoiceCount();
    const second = await (await connectorFor(started)).connector.write('invoice', requests);
    expect(await invoiceCount()).toBe(count);
    expect(second.map((o) => o.ok && o.ref.id)).toEqual(first.map((o) => o.ok && o.ref.id));
  });

  it('updates by id with POST and creates payments against invoices', async () => {
    const { connector } = await connectorFor(started);
    const [created] = await connector.write('invoice', creates([invoice(3000, 'W-0001')], 'to-update'));
    if (!created?.ok) throw new Error('create failed');
    const update: WriteRequest<'invoice'> = {
      idempotencyKey: 'update-1',
      operation: 'update',
      target: created.ref,
      record: invoice(3000, 'W-0001', { reference: 'PO-CHANGED', number: created.ref.number }),
    };
    const [updated] = await connector.write('invoice', [update]);
    expect(updated).toMatchObject({ ok: true, ref: { id: created.ref.id } });
    const [paid] = await connector.write('payment', [
      {
        idempotencyKey: 'payment-1',
        operation: 'create',
        record: {
          direction: 'received',
          status: 'authorised',
          date: '2024-06-10',
          amount: { amountMinor: 1002, currency: 'GBP' },
          allocations: [
            { document: { ref: created.ref }, documentKind: 'invoice', amount: { amountMinor: 1002, currency: 'GBP' } },
          ],
          bankAccount: { code: '090' },
          reference: 'BACS 10.02',
        },
      },
    ]);
    expect(paid?.ok).toBe(true);
    const { records } = await readAll(
      connector.read('invoice', { modifiedSince: new Date(Date.now() - 60_000).toISOString() }),
    );
    expect(records.find((record) => record.source?.id === created.ref.id)).toMatchObject({
      reference: 'PO-CHANGED',
      status: 'paid',
      amountDue: { amountMinor: 0 },
      fullyPaidOn: '2024-06-10',
    });
  });

  it('round-trips an invoice: what is written reads back the same, to the penny and the day', async () => {
    const { connector } = await connectorFor(started);
    const written: Invoice = invoice(4000, 'W-0002');
    const [outcome] = await connector.write('invoice', creates([written], 'round-trip'));
    if (!outcome?.ok) throw new Error('write failed');
    const { records } = await readAll(connector.read('invoice'));
    const read = records.find((record) => record.source?.id === outcome.ref.id);
    expect(read).toMatchObject({
      kind: written.kind,
      reference: written.reference,
      issueDate: written.issueDate,
      dueDate: written.dueDate,
      totals: written.totals,
      amountDue: written.amountDue,
      party: { code: 'W-0002' },
    });
    expect(
      read?.lines.map(({ description, quantity, unitPrice, net, tax, taxCode, accountCode }) => ({
        description,
        quantity,
        unitPrice,
        net,
        tax,
        taxCode,
        accountCode,
      })),
    ).toEqual(
      written.lines.map(({ description, quantity, unitPrice, net, tax, taxCode, accountCode }) => ({
        description,
        quantity,
        unitPrice,
        net,
        tax,
        taxCode,
        accountCode,
      })),
    );
  });

  it('round-trips a contact and refuses a duplicate name with Xero’s message', async () => {
    const { connector } = await connectorFor(started);
    const [ok, duplicate] = await connector.write('party', [
      { idempotencyKey: 'p-new', operation: 'create', record: party(500, 'RT') },
      { idempotencyKey: 'p-dup', operation: 'create', record: { ...party(501, 'RT'), name: party(500, 'RT').name } },
    ]);
    expect(ok?.ok).toBe(true);
    expect(duplicate).toMatchObject({ ok: false, error: { kind: 'duplicate' } });
    const { records } = await readAll(connector.read('party'));
    const back = records.find((record) => record.code === 'RT-0500');
    expect(back).toMatchObject({
      name: 'RT Customer 500 Ltd',
      email: 'ledger500@rt.example',
      status: 'active',
      addresses: [
        { kind: 'billing', lines: ['1 High Street'], city: 'Harrogate', postalCode: 'HG1 1AA', countryCode: 'GB' },
      ],
      contacts: [{ firstName: 'Ada', lastName: 'Lovelace 500', email: 'ada500@rt.example' }],
    });
  });
});
