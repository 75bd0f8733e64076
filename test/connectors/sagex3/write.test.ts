import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/connectors/sagex3/index.js';
import type { Invoice, SalesOrder } from '../../../src/model/index.js';
import { companySeed, queryPath, readAll, startX3 } from './harness.js';
import { customer, invoice, order, product, receipt } from './records.js';

const create = <T>(idempotencyKey: string, record: T) => ({ idempotencyKey, operation: 'create' as const, record });

describe('Sage X3 writes', () => {
  it('creates parties, products, orders, invoices and payments, one call each plus one lookup per batch', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector();

    const before = connector.statistics().calls;
    const parties = await connector.write('party', [create('p1', customer(1)), create('p2', customer(2))]);
    expect(parties.map((outcome) => outcome.ok && outcome.created)).toEqual([true, true]);
    // One `ZEXTKEY in (…)` lookup for both, then one POST each: X3 api1 has no batch endpoint.
    expect(connector.statistics().calls - before).toBe(3);

    const products = await connector.write('product', [create('i1', product('NEW-ITEM', '0.10'))]);
    expect(products[0]).toMatchObject({ ok: true, ref: { system: 'sagex3', id: 'NEW-ITEM' } });

    const orders = await connector.write('salesOrder', [create('o1', order('SF-ORD-1', 'NEW-1'))]);
    expect(orders[0]?.ok).toBe(true);
    const invoices = await connector.write('invoice', [create('v1', invoice('XERO-INV-1', 'NEW-1'))]);
    expect(invoices[0]?.ok).toBe(true);
    const payments = await connector.write('payment', [
      create('r1', receipt('XERO-PAY-1', 'NEW-1', 'XERO-INV-1', 2_000)),
    ]);
    expect(payments[0]?.ok).toBe(true);

    // Read back as X3 computed them: the pennies survive both ways.
    const since = new Date(Date.now() - 60_000).toISOString();
    const party = (await readAll(connector.read('party', { modifiedSince: since }))).records.find(
      (record) => record.code === 'NEW-1',
    );
    expect(party).toMatchObject({
      name: 'New Customer 1 Ltd',
      creditLimit: { amountMinor: 250_000 },
      addresses: [{ kind: 'billing', lines: ['1 Station Road'], postalCode: 'BA1 1AA' }],
    });
    const readOrders = await readAll(connector.read('salesOrder', { modifiedSince: since }));
    const written = readOrders.records.find((record) => record.number === 'SF-ORD-1') as SalesOrder;
    expect(written.party.ref?.id).toBe(party?.source?.id);
    expect(written.totals).toEqual(order('x', 'y').totals);
    expect(written.lines[0]).toMatchObject({ quantity: '3', unitPrice: '19.99', net: { amountMinor: 5_997 } });
    const readInvoices = await readAll(connector.read('invoice', { modifiedSince: since }));
    const billed = readInvoices.records.find((record) => record.number === 'XERO-INV-1') as Invoice;
    expect(billed).toMatchObject({
      status: 'authorised',
      totals: { gross: { amountMinor: 5_880 } },
      amountPaid: { amountMinor: 2_000 },
      amountDue: { amountMinor: 3_880 },
    });
  });

  it('never creates a record twice: a replayed key costs nothing, a fresh connector finds what exists', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const first = x3.connector();
    await first.write('party', [create('k1', customer(7))]);
    const calls = first.statistics().calls;
    const again = await first.write('party', [create('k1', customer(7))]);
    expect(again[0]).toMatchObject({ ok: true, created: true });
    expect(first.statistics().calls).toBe(calls);

    // After a restart the done-cache is gone: the lookup finds the customer and no POST is sent.
    const second = x3.connector();
    const replay = await second.write('party', [create('k1', customer(7))]);
    expect(replay[0]).toMatchObject({ ok: true, created: false });
    expect(second.statistics().calls).toBe(1);
    const stored = await x3.x3(queryPath('BPCUSTOMER', { where: "ZEXTKEY eq 'NEW-7'" }));
    expect((stored.body as { $resources: unknown[] }).$resources).toHaveLength(1);
  });

  it('searches again before re-sending a create whose answer was lost, so the retry does not duplicate', async () => {
    const x3 = await startX3({ seed: companySeed() });
    let dropped = 0;
    const losingFirstAnswer: FetchLike = async (url, init) => {
      const response = await x3.trustedFetch(url, init);
      if (init.method === 'POST' && dropped === 0) {
        dropped += 1;
        await response.text();
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      return response;
    };
    const connector = x3.connector({}, { fetch: losingFirstAnswer });
    const outcomes = await connector.write('salesOrder', [create('o-lost', order('LOST-1', 'CUST-4'))]);
    expect(outcomes[0]).toMatchObject({ ok: true, created: true });
    expect(dropped).toBe(1);
    const stored = await x3.x3(queryPath('SORDER', { where: "ZEXTKEY eq 'LOST-1'" }));
    expect((stored.body as { $resources: unknown[] }).$resources).toHaveLength(1);
    expect(connector.statistics().retries).toBeGreaterThanOrEqual(1);
  });

  it('updates a record named by its X3 id with one PUT, and upserts by the shared key', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector();
    const updated = await connector.write('party', [
      {
        idempotencyKey: 'u1',
        operation: 'update',
        target: { system: 'sagex3', id: 'C000002' },
        record: customer(2, { code: 'CUST-2', name: 'Customer Two Renamed', addresses: [] }),
      },
    ]);
    expect(updated[0]).toMatchObject({ ok: true, created: false, ref: { id: 'C000002' } });
    expect(connector.statistics().calls).toBe(1);
    const upserted = await connector.write('product', [
      { idempotencyKey: 'u2', operation: 'upsert', record: product('PAPR-02', '25.00') },
    ]);
    expect(upserted[0]).toMatchObject({ ok: true, created: false, ref: { id: 'PAPR-02' } });
    const price = await x3.x3("/ITMMASTER('PAPR-02')?representation=ITMMASTER.$details");
    expect((price.body as { BASPRI: number }).BASPRI).toBe(25);
  });

  it("keeps X3's own words when it refuses a record, and names the missing reference when it cannot resolve one", async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector();
    const bad = order('BAD-1', 'CUST-1');
    const outcomes = await connector.write('salesOrder', [
      create('b1', { ...bad, lines: bad.lines.map((line) => ({ ...line, product: { code: 'NO-SUCH' } })) }),
      create('b2', order('BAD-2', 'NOBODY')),
    ]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { kind: 'validation', system: 'sagex3' } });
    expect(outcomes[0]?.ok === false && outcomes[0].error.systemMessage).toMatch(/product NO-SUCH does not exist/);
    expect(outcomes[1]?.ok === false && outcomes[1].error.message).toMatch(/Customer NOBODY is not in Sage X3/);
  });

  it('says plainly that X3 refuses writes to a read-only class', async () => {
    const x3 = await startX3({ seed: companySeed(), settings: { readOnlyClasses: ['ITMMASTER'] } });
    const outcomes = await x3.connector().write('product', [create('ro', product('RO-1', '1.00'))]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { kind: 'permission' } });
    expect(outcomes[0]?.ok === false && outcomes[0].error.message).toMatch(/does not allow writing ITMMASTER/);
  });
});
