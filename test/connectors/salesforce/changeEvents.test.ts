import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeNotification } from '../../../src/connectors/salesforce/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { connect } from '../../sandbox/salesforce/helpers.js';
import { type SalesforceHarness, startSalesforce } from './harness.js';
import { customer, upsert } from './records.js';

function eventually<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const found = find();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(check, 20);
    };
    check();
  });
}

describe('Salesforce Change Data Capture', () => {
  let harness: SalesforceHarness;
  beforeAll(async () => {
    // A time scale keeps the CometD long-poll holds short.
    harness = await startSalesforce({ clock: new SandboxClock(50) });
  });
  afterAll(async () => {
    await harness.close();
  });

  it("notifies a change made by another client and ignores Counterpart's own writes", async () => {
    const connector = harness.connector();
    const changes: ChangeNotification[] = [];
    const replayIds = new Map<string, number>();
    const subscription = await connector.subscribeToChanges({
      objects: ['Account', 'Product2'],
      onChange: (change) => changes.push(change),
      onReplayId: (channel, replayId) => replayIds.set(channel, replayId),
    });
    try {
      const [ours] = await connector.write('party', [upsert('own', customer(1))]);
      if (!ours?.ok) throw new Error('write failed');
      const other = connect(harness.sandbox, { client: 'SomeoneElse' });
      const theirs = (await other.sobject('Account').create({ Name: 'Made elsewhere Ltd' })) as { id: string };

      const seen = await eventually(() => changes.find((change) => change.recordIds.includes(theirs.id)));
      expect(seen).toMatchObject({
        entity: 'party',
        object: 'Account',
        changeType: 'create',
        channel: '/data/AccountChangeEvent',
      });
      // Our own create was published first, so by now it would have arrived; its replay id was still recorded.
      expect(changes.some((change) => change.recordIds.includes(ours.ref.id))).toBe(false);
      expect(replayIds.get('/data/AccountChangeEvent')).toBe(seen.replayId);
      expect(replayIds.size).toBe(1);

      // A resumed subscription picks up from the stored replay id: only what happened after it.
      await subscription.close();
      await other.sobject('Account').update({ Id: theirs.id, Phone: '0113 496 0001' });
      const resumed: ChangeNotification[] = [];
      const again = await connector.subscribeToChanges({
        objects: ['Account'],
        replayFrom: Object.fromEntries(replayIds),
        onChange: (change) => resumed.push(change),
      });
      const update = await eventually(() => resumed.find((change) => change.changeType === 'update'));
      expect(update.changedFields).toContain('Phone');
      expect(resumed.some((change) => change.changeType === 'create')).toBe(false);
      await again.close();
    } finally {
      await subscription.close();
    }
  });

  it('renews an expired session and keeps delivering, from the last replay id', async () => {
    const connector = harness.connector();
    const changes: ChangeNotification[] = [];
    const errors: unknown[] = [];
    const subscription = await connector.subscribeToChanges({
      objects: ['Product2'],
      onChange: (change) => changes.push(change),
      onError: (error) => errors.push(error),
    });
    try {
      const other = connect(harness.sandbox, { client: 'SomeoneElse' });
      const before = (await other.sobject('Product2').create({ Name: 'Before expiry' })) as { id: string };
      await eventually(() => changes.find((change) => change.recordIds.includes(before.id)));
      harness.sandbox.expireSessions();
      const connection = await connector.session.open();
      const expired = connection.accessToken;
      // The held long poll ends (110 s at a time scale of 50), the next is refused, and the subscription renews.
      await eventually(() => (connection.accessToken !== expired ? true : undefined), 10_000);
      const fresh = connect(harness.sandbox, { client: 'SomeoneElse' });
      fresh.accessToken = harness.sandbox.issueTokens().access_token ?? '';
      const after = (await fresh.sobject('Product2').create({ Name: 'After expiry' })) as { id: string };
      const seen = await eventually(() => changes.find((change) => change.recordIds.includes(after.id)));
      expect(seen.changeType).toBe('create');
      expect(changes.filter((change) => change.recordIds.includes(before.id))).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await subscription.close();
    }
  });

  it('says plainly when Salesforce refuses a subscription', async () => {
    await expect(
      harness
        .connector({ timeoutMs: 2_000 })
        .subscribeToChanges({ objects: ['Invoice__c'], onChange: () => undefined }),
    ).rejects.toMatchObject({ kind: 'configuration', message: expect.stringMatching(/Change Data Capture/) });
  });
});
