import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/connectors/connector.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { PairRunQueue, startSalesforceChangeTrigger, type Trigger } from '../../../src/sync/triggers/index.js';
import { type SalesforceHarness, startSalesforce } from '../../connectors/salesforce/harness.js';
import { customer, product, upsert } from '../../connectors/salesforce/records.js';
import { connect } from '../../sandbox/salesforce/helpers.js';
import { eventually, FakeEngine } from './fakeEngine.js';

describe('runs started by Salesforce Change Data Capture', () => {
  let harness: SalesforceHarness;
  let trigger: Trigger | undefined;
  beforeAll(async () => {
    // A time scale keeps the CometD long-poll holds short.
    harness = await startSalesforce({ clock: new SandboxClock(50) });
  });
  afterEach(async () => {
    await trigger?.stop();
    trigger = undefined;
  });
  afterAll(async () => {
    await harness.close();
  });

  const listen = async (engine: FakeEngine, ownWrites?: ReadonlySet<string>) => {
    trigger = await startSalesforceChangeTrigger({
      source: harness.connector(),
      queue: new PairRunQueue({ engine, pairId: 'pair-sf' }),
      objects: ['Account', 'Product2'],
      // Generous, so one burst of events falls in one quiet window even on a slow machine.
      debounceMs: 1_000,
      maxWaitMs: 10_000,
      ...(ownWrites ? { isOwnWrite: (_entity: Entity, id: string) => ownWrites.has(id) } : {}),
    });
  };

  it('starts one run for a burst of changes made by someone else, covering the entities they touched', async () => {
    const engine = new FakeEngine();
    await listen(engine);
    const someoneElse = connect(harness.sandbox, { client: 'SomeoneElse' });
    for (let n = 1; n <= 5; n += 1) await someoneElse.sobject('Account').create({ Name: `Elsewhere ${n} Ltd` });
    await someoneElse.sobject('Product2').create({ Name: 'Elsewhere widget', ProductCode: 'EW-1' });
    await engine.started(1);
    expect(engine.calls).toEqual([{ pairId: 'pair-sf', trigger: 'event', entities: ['party', 'product'] }]);
  });

  it("starts no run for Counterpart's own writes, recognised by their origin", async () => {
    const engine = new FakeEngine();
    await listen(engine);
    const [ours] = await harness.connector().write('product', [upsert('own-product', product(31))]);
    expect(ours?.ok).toBe(true);
    // Published after our write: by the time its run starts, an echo of our write would have been in it.
    await connect(harness.sandbox, { client: 'SomeoneElse' }).sobject('Account').create({ Name: 'Later Ltd' });
    await engine.started(1);
    expect(engine.calls.map((call) => call.entities)).toEqual([['party']]);
  });

  it('starts no run for records the engine says it has just written, whatever their origin', async () => {
    const own = new Set<string>();
    const engine = new FakeEngine();
    await listen(engine, own);
    // Written under another client id (an origin the connector cannot recognise), but reported by the engine.
    const viaOtherClient = harness.connector({ callOptionsClient: 'OldCounterpart' });
    const [ours] = await viaOtherClient.write('product', [upsert('own-product-2', product(32))]);
    if (!ours?.ok) throw new Error('write failed');
    own.add(ours.ref.id);
    await connect(harness.sandbox, { client: 'SomeoneElse' }).sobject('Account').create({ Name: 'After Ltd' });
    await engine.started(1);
    expect(engine.calls.map((call) => call.entities)).toEqual([['party']]);
  });

  it('runs the entity of a change once the engine has written it back, not for its own write-back', async () => {
    const own = new Set<string>();
    const writer = harness.connector({ callOptionsClient: 'EngineWithoutOrigin' });
    // Each run writes one account back to Salesforce, as a sync from the accounting side would.
    const engine = new FakeEngine(async (call) => {
      const [written] = await writer.write('party', [upsert(`write-back-${call.entities?.join()}`, customer(40))]);
      if (written?.ok) own.add(written.ref.id);
    });
    await listen(engine, own);
    const someoneElse = connect(harness.sandbox, { client: 'SomeoneElse' });
    await someoneElse.sobject('Product2').create({ Name: 'Changed elsewhere', ProductCode: 'CE-1' });
    await engine.started(1);
    // The write-back's own event would start a second run of parties; a later change elsewhere shows it did not.
    await eventually(() => (own.size > 0 ? true : undefined));
    await someoneElse.sobject('Product2').create({ Name: 'Changed again', ProductCode: 'CE-2' });
    await engine.started(2);
    expect(engine.calls.map((call) => call.entities)).toEqual([['product'], ['product']]);
  });
});
