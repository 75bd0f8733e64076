import { StreamingExtension } from 'jsforce/api/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../../../src/sandbox/salesforce/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { connect, startSandbox } from './helpers.js';

interface ChangeEvent {
  payload: Record<string, unknown> & {
    ChangeEventHeader: { changeType: string; changeOrigin: string; recordIds: string[]; changedFields: string[] };
  };
  event: { replayId: number };
}

function waitFor<T>(items: T[], predicate: (item: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const found = items.find(predicate);
      if (found) return resolve(found);
      if (Date.now() - started > 15_000) return reject(new Error('no matching event'));
      setTimeout(check, 20);
    };
    check();
  });
}

describe('Salesforce sandbox Change Data Capture over CometD', () => {
  let sandbox: SalesforceSandbox;
  beforeAll(async () => {
    // A time scale keeps long-poll holds short so the suite closes quickly.
    sandbox = await startSandbox({ clock: new SandboxClock(50) });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('delivers change events with changeOrigin to a jsforce subscriber', async () => {
    const listener = connect(sandbox);
    const received: ChangeEvent[] = [];
    const subscription = listener.streaming.topic('/data/AccountChangeEvent').subscribe((message) => {
      received.push(message as unknown as ChangeEvent);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const writer = connect(sandbox, { client: 'CounterpartSync' });
    const created = (await writer.sobject('Account').create({ Name: 'Streamed Ltd' })) as { id: string };
    await writer.sobject('Account').update({ Id: created.id, Phone: '0113 496 0000', BillingCity: 'Leeds' });

    const createEvent = await waitFor(received, (e) => e.payload.ChangeEventHeader.changeType === 'CREATE');
    expect(createEvent.payload).toMatchObject({ Name: 'Streamed Ltd' });
    expect(createEvent.payload.ChangeEventHeader).toMatchObject({
      recordIds: [created.id],
      changeOrigin: 'com/salesforce/api/rest/62.0;client=CounterpartSync',
    });
    const updateEvent = await waitFor(received, (e) => e.payload.ChangeEventHeader.changeType === 'UPDATE');
    expect(updateEvent.payload.ChangeEventHeader.changedFields).toEqual(
      expect.arrayContaining(['Phone', 'BillingAddress.City', 'LastModifiedDate']),
    );
    expect(updateEvent.payload.BillingAddress).toEqual({ City: 'Leeds' });
    expect(updateEvent.event.replayId).toBeGreaterThan(createEvent.event.replayId);
    subscription.cancel();
  });

  it('replays retained events with replay id -2', async () => {
    const conn = connect(sandbox);
    await conn.sobject('Contact').create({ LastName: 'Replayed' });
    const received: ChangeEvent[] = [];
    const client = conn.streaming.createClient([new StreamingExtension.Replay('/data/ContactChangeEvent', -2)]);
    const subscription = client.subscribe('/data/ContactChangeEvent', (message: unknown) => {
      received.push(message as ChangeEvent);
    });
    const event = await waitFor(received, (e) => (e.payload.Name as { LastName?: string })?.LastName === 'Replayed');
    expect(event.payload.ChangeEventHeader.changeOrigin).toBe('com/salesforce/api/rest/62.0');
    subscription.cancel();
  });

  it('replays after a given replay id on the all-objects channel, including deletes', async () => {
    const conn = connect(sandbox);
    const first = (await conn.sobject('Product2').create({ Name: 'Replay widget' })) as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen: ChangeEvent[] = [];
    const probe = conn.streaming.createClient([new StreamingExtension.Replay('/data/ChangeEvents', -2)]);
    const all = probe.subscribe('/data/ChangeEvents', (message: unknown) => {
      seen.push(message as unknown as ChangeEvent);
    });
    const created = await waitFor(seen, (e) => e.payload.ChangeEventHeader.recordIds[0] === first.id);
    all.cancel();

    await conn.sobject('Product2').destroy(first.id);
    const after: ChangeEvent[] = [];
    const client = conn.streaming.createClient([
      new StreamingExtension.Replay('/data/Product2ChangeEvent', created.event.replayId),
    ]);
    const subscription = client.subscribe('/data/Product2ChangeEvent', (message: unknown) => {
      after.push(message as unknown as ChangeEvent);
    });
    const deleted = await waitFor(after, (e) => e.payload.ChangeEventHeader.changeType === 'DELETE');
    expect(deleted.payload.ChangeEventHeader.recordIds).toEqual([first.id]);
    expect(after.some((e) => e.event.replayId <= created.event.replayId)).toBe(false);
    subscription.cancel();
  });
});
