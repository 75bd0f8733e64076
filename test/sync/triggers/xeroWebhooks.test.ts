import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/connectors/connector.js';
import { signWebhookBody, WEBHOOKS_CONTROL_PATH } from '../../../src/sandbox/xero/index.js';
import {
  isXeroSignatureValid,
  PairRunQueue,
  startXeroWebhookTrigger,
  type XeroWebhookTrigger,
} from '../../../src/sync/triggers/index.js';
import { connectorFor, startXero } from '../../connectors/xero/harness.js';
import { invoice, party } from '../../connectors/xero/records.js';
import type { Started } from '../../sandbox/xero/helpers.js';
import { eventually, FakeEngine } from './fakeEngine.js';

const KEY = 'counterpart-sandbox-webhook-key';

describe('Xero webhook signatures', () => {
  // Xero publishes no vector; this one was computed with Node's crypto (reference notes, xero.md §5).
  const body = Buffer.from('{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}');

  it('accepts the base64 HMAC-SHA256 of the exact body bytes under the webhook key', () => {
    expect(isXeroSignatureValid(body, 'BliCoqBVe1yagQ1XkGYaIdLyTq+hRS0vVpVeoBQyu7A=', 'ABC123')).toBe(true);
  });

  it('refuses another key, a changed body, a missing signature and a non-canonical spelling', () => {
    const good = 'BliCoqBVe1yagQ1XkGYaIdLyTq+hRS0vVpVeoBQyu7A=';
    expect(isXeroSignatureValid(body, good, 'ABC124')).toBe(false);
    expect(isXeroSignatureValid(Buffer.from(`${body.toString()} `), good, 'ABC123')).toBe(false);
    expect(isXeroSignatureValid(body, undefined, 'ABC123')).toBe(false);
    expect(isXeroSignatureValid(body, `${good}!!`, 'ABC123')).toBe(false);
  });
});

describe('the Xero webhook listener', () => {
  let trigger: XeroWebhookTrigger | undefined;
  afterEach(async () => {
    await trigger?.stop();
    trigger = undefined;
  });

  const start = async (engine: FakeEngine) => {
    const queue = new PairRunQueue({ engine, pairId: 'pair-x' });
    trigger = await startXeroWebhookTrigger({
      queue,
      webhookKey: KEY,
      host: '127.0.0.1',
      port: 0,
      path: '/webhooks/xero',
      debounceMs: 50,
      maxWaitMs: 5_000,
    });
    return trigger;
  };
  const post = (url: string, body: string, signature?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-xero-signature': signature } : {}) },
      body,
    });

  it('answers a good signature 200 with an empty body, and a bad or missing one 401', async () => {
    const { url } = await start(new FakeEngine());
    const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'ABC' });
    const good = await post(url, body, signWebhookBody(body, KEY));
    expect([good.status, await good.text(), good.headers.get('set-cookie')]).toEqual([200, '', null]);
    const bad = await post(url, body, signWebhookBody(body, 'not-the-key'));
    expect([bad.status, await bad.text()]).toEqual([401, '']);
    const unsigned = await post(url, body);
    expect(unsigned.status).toBe(401);
    expect((await fetch(url)).status).toBe(405);
    expect((await post(url.replace('/webhooks/xero', '/elsewhere'), body, signWebhookBody(body, KEY))).status).toBe(
      404,
    );
  });

  it('turns signed CONTACT and INVOICE events into one run of their entities, ignoring other organisations', async () => {
    const engine = new FakeEngine();
    const queue = new PairRunQueue({ engine, pairId: 'pair-x' });
    trigger = await startXeroWebhookTrigger({
      queue,
      webhookKey: KEY,
      host: '127.0.0.1',
      port: 0,
      path: '/hooks',
      tenantId: 'TENANT-A',
      debounceMs: 50,
      maxWaitMs: 5_000,
    });
    const event = (category: string, tenantId: string) => ({
      resourceUrl: 'https://api.xero.com/api.xro/2.0/Contacts/1',
      resourceId: `${category}-1`,
      eventDateUtc: '2026-11-21T08:00:00.000',
      eventType: 'UPDATE',
      eventCategory: category,
      tenantId,
      tenantType: 'ORGANISATION',
    });
    const body = JSON.stringify({
      events: [event('CONTACT', 'tenant-a'), event('INVOICE', 'TENANT-A'), event('CREDITNOTE', 'TENANT-B')],
      firstEventSequence: 1,
      lastEventSequence: 3,
      entropy: 'XYZ',
    });
    expect((await post(trigger.url, body, signWebhookBody(body, KEY))).status).toBe(200);
    await engine.started(1);
    expect(engine.calls).toEqual([{ pairId: 'pair-x', trigger: 'event', entities: ['invoice', 'party'] }]);
  });
});

describe('Xero webhooks end to end through the sandbox', () => {
  let started: Started;
  let trigger: XeroWebhookTrigger | undefined;
  beforeAll(async () => {
    // A time scale shortens the sandbox's webhook batching delay.
    started = await startXero({ timeScale: 10 });
  });
  afterEach(async () => {
    await trigger?.stop();
    trigger = undefined;
    await fetch(`${started.sandbox.baseUrl}${WEBHOOKS_CONTROL_PATH}`, { method: 'DELETE' });
  });
  afterAll(async () => {
    await started.sandbox.close();
  });

  const register = async (url: string, signingKey = KEY) => {
    const response = await fetch(`${started.sandbox.baseUrl}${WEBHOOKS_CONTROL_PATH}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, signingKey }),
    });
    return (await response.json()) as { status: string; url: string };
  };

  const listen = async (engine: FakeEngine, ownWrites?: ReadonlySet<string>) => {
    const queue = new PairRunQueue({ engine, pairId: 'pair-x' });
    trigger = await startXeroWebhookTrigger({
      queue,
      webhookKey: KEY,
      host: '127.0.0.1',
      port: 0,
      path: '/webhooks/xero',
      tenantId: started.credentials.tenantId,
      // Generous, so the sandbox's separate deliveries of one burst fall in one quiet window even on a slow machine.
      debounceMs: 1_000,
      maxWaitMs: 10_000,
      ...(ownWrites ? { isOwnWrite: (_entity: Entity, id: string) => ownWrites.has(id) } : {}),
    });
    return trigger;
  };

  it("passes Xero's intent-to-receive check, and fails it with the wrong key", async () => {
    const { url } = await listen(new FakeEngine());
    expect(await register(url)).toMatchObject({ status: 'OK', url });
    expect(await register(url, 'another-key')).toMatchObject({ status: 'FAILED' });
  });

  it('starts one run for a burst of contact and invoice changes made in Xero', async () => {
    const engine = new FakeEngine();
    const { url } = await listen(engine);
    expect(await register(url)).toMatchObject({ status: 'OK' });
    const { connector } = await connectorFor(started);
    for (let n = 1; n <= 4; n += 1) {
      const [written] = await connector.write('party', [
        { idempotencyKey: `burst-party-${n}`, operation: 'create', record: party(700 + n, 'B') },
      ]);
      expect(written?.ok).toBe(true);
    }
    const [bill] = await connector.write('invoice', [
      { idempotencyKey: 'burst-invoice', operation: 'create', record: invoice(700, party(701, 'B').code ?? '') },
    ]);
    expect(bill?.ok).toBe(true);
    await engine.started(1);
    await eventually(() => (started.sandbox.webhooks.delivered.length > 0 ? true : undefined));
    expect(engine.calls).toEqual([{ pairId: 'pair-x', trigger: 'event', entities: ['invoice', 'party'] }]);
  });

  it("starts no run for the engine's own writes when their webhooks come back", async () => {
    const own = new Set<string>();
    const { connector } = await connectorFor(started);
    // The first run writes a contact to Xero, as a sync to Xero would; its webhook must not start another run.
    const engine = new FakeEngine(async (call) => {
      if (call.entities?.includes('invoice') && own.size === 0) {
        const [written] = await connector.write('party', [
          { idempotencyKey: 'echo-party', operation: 'create', record: party(801, 'E') },
        ]);
        if (written?.ok) own.add(written.ref.id);
      }
    });
    const { url } = await listen(engine, own);
    expect(await register(url)).toMatchObject({ status: 'OK' });
    const someoneElse = (await connectorFor(started)).connector;
    const foreign = (n: number) =>
      someoneElse.write('invoice', [
        { idempotencyKey: `foreign-${n}`, operation: 'create', record: invoice(800 + n, party(701, 'B').code ?? '') },
      ]);
    await foreign(1);
    await engine.started(1);
    await eventually(() => (own.size > 0 ? true : undefined));
    // A later change by someone else is delivered after the echo: by its run, the echo would have shown up.
    await foreign(2);
    await engine.started(2);
    expect(engine.calls.map((call) => call.entities)).toEqual([['invoice'], ['invoice']]);
  });
});
