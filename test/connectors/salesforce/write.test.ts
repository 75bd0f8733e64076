import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Party, Product } from '../../../src/model/index.js';
import { readAll, type SalesforceHarness, startSalesforce } from './harness.js';
import { customer, product, upsert } from './records.js';

describe('Salesforce connector writes', () => {
  let harness: SalesforceHarness;
  beforeEach(async () => {
    harness = await startSalesforce();
  });
  afterEach(async () => {
    await harness.close();
  });

  const countAccounts = async () => {
    const connection = await harness.connector().session.open();
    return (await connection.query('SELECT count() FROM Account')).totalSize;
  };

  it('upserts 450 parties through sObject Collections in calls of 200, and re-upserting creates no duplicates', async () => {
    const connector = harness.connector();
    const requests = Array.from({ length: 450 }, (_, index) => upsert(`party-${index}`, customer(index)));
    const before = connector.statistics().calls;
    const outcomes = await connector.write('party', requests);
    expect(outcomes.every((outcome) => outcome.ok && outcome.created)).toBe(true);
    expect(outcomes.map((outcome) => outcome.idempotencyKey)).toEqual(
      requests.map((request) => request.idempotencyKey),
    );
    // 3 collection calls (+1 none: no describe is needed to write).
    expect(connector.statistics().calls - before).toBe(3);
    expect(await countAccounts()).toBe(450);

    // Another connector (a restart) sends the same records again, one renamed: updates, not new accounts.
    const again = harness.connector();
    const renamed = requests.map((request, index) =>
      index === 7 ? upsert('party-7-rename', customer(7, { name: 'Renamed Ltd' })) : request,
    );
    const second = await again.write('party', renamed);
    expect(second.every((outcome) => outcome.ok && !outcome.created)).toBe(true);
    expect(await countAccounts()).toBe(450);
    const first = outcomes[7];
    const seventh = second[7];
    expect(first?.ok && seventh?.ok && seventh.ref.id === first.ref.id).toBe(true);
    const { records } = await readAll<Party>(again.read('party'));
    expect(records.find((record) => record.code === customer(7).code)?.name).toBe('Renamed Ltd');
    // The same idempotency key twice in this connector costs no call at all.
    const calls = again.statistics().calls;
    await again.write('party', renamed.slice(0, 10));
    expect(again.statistics().calls).toBe(calls);
  });

  it('maps partial batch failures back to their requests, keeping Salesforce error codes', async () => {
    const connector = harness.connector();
    harness.inject({ partialBatch: 0.2 });
    const requests = Array.from({ length: 200 }, (_, index) => upsert(`p-${index}`, customer(index)));
    const outcomes = await connector.write('party', requests);
    harness.inject({});
    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed.length).toBeGreaterThan(10);
    expect(failed.length).toBeLessThan(90);
    for (const outcome of failed) {
      if (outcome.ok) continue;
      expect(outcome.error.kind).toBe('validation');
      expect(outcome.error.context).toMatchObject({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
      expect(outcome.error.systemMessage).toContain('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    }
    expect(await countAccounts()).toBe(200 - failed.length);
    // Sending the failed ones again completes the set without duplicating the others.
    const retry = requests.filter((_, index) => !outcomes[index]?.ok);
    const retried = await harness.connector().write('party', retry);
    expect(retried.every((outcome) => outcome.ok)).toBe(true);
    expect(await countAccounts()).toBe(200);
  });

  it('classifies a rejected record (a name too long) as validation, keeping the error code and field', async () => {
    const outcomes = await harness
      .connector()
      .write('party', [upsert('long', customer(1, { name: 'x'.repeat(300) })), upsert('ok', customer(2))]);
    expect(outcomes[1]?.ok).toBe(true);
    expect(outcomes[0]).toMatchObject({
      ok: false,
      idempotencyKey: 'long',
      error: { kind: 'validation', context: { errorCode: expect.any(String), fields: 'Name' } },
    });
  });

  it('writes above the bulk threshold as one Bulk API 2.0 job, with per-record outcomes', async () => {
    const connector = harness.connector({ bulkThreshold: 100 });
    const requests = Array.from({ length: 260 }, (_, index) => upsert(`w-${index}`, product(index)));
    requests[3] = upsert('w-bad', product(3, { name: 'y'.repeat(300) }));
    const before = connector.statistics().calls;
    const outcomes = await connector.write('product', requests);
    const calls = connector.statistics().calls - before;
    // Create, upload, close, a few polls, three result files: far fewer than two collection calls would be per 200.
    expect(calls).toBeLessThan(15);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(259);
    const bad = outcomes[3];
    expect(bad?.ok).toBe(false);
    if (bad?.ok === false) expect(bad.error.kind).toBe('validation');
    const { records, pages } = await readAll<Product>(connector.read('product'));
    expect(records.filter((record) => record.code.startsWith('CPW-'))).toHaveLength(259);
    expect(pages).toEqual([200, 59]);
    // Re-sent through Bulk again, the products are updated in place.
    const again = await harness.connector({ bulkThreshold: 100 }).write('product', requests);
    expect(again.filter((outcome) => outcome.ok && !outcome.created)).toHaveLength(259);
  });

  it('updates a record named by its Salesforce id', async () => {
    const connector = harness.connector();
    const [created] = await connector.write('party', [upsert('c', customer(9))]);
    if (!created?.ok) throw new Error('create failed');
    const [updated] = await connector.write('party', [
      { idempotencyKey: 'u', operation: 'update', record: customer(9, { name: 'Updated Ltd' }), target: created.ref },
    ]);
    expect(updated).toMatchObject({ ok: true, ref: { id: created.ref.id } });
  });
});
