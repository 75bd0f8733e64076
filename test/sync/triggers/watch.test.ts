import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CounterpartError } from '../../../src/errors.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { signWebhookBody } from '../../../src/sandbox/xero/index.js';
import type { SyncRun } from '../../../src/sync/syncContract.js';
import { watch } from '../../../src/sync/triggers/index.js';
import { type SalesforceHarness, startSalesforce } from '../../connectors/salesforce/harness.js';
import { connect } from '../../sandbox/salesforce/helpers.js';
import { eventually, FakeEngine } from './fakeEngine.js';

const KEY = 'watch-webhook-key';
const PAIR = { id: 'pair-watch' };

function webhook(url: string, category: string) {
  const body = JSON.stringify({
    events: [
      {
        resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/1',
        resourceId: `${category}-1`,
        eventDateUtc: '2026-11-21T08:00:00.000',
        eventType: 'CREATE',
        eventCategory: category,
        tenantId: 'tenant-1',
        tenantType: 'ORGANISATION',
      },
    ],
    firstEventSequence: 1,
    lastEventSequence: 1,
    entropy: 'WATCH',
  });
  return fetch(url, { method: 'POST', headers: { 'x-xero-signature': signWebhookBody(body, KEY) }, body });
}

describe('watching a pair (counterpart sync --watch)', () => {
  let harness: SalesforceHarness;
  beforeAll(async () => {
    harness = await startSalesforce({ clock: new SandboxClock(50) });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('runs on schedule, on Salesforce changes and on Xero webhooks, one run at a time, until stopped', async () => {
    const engine = new FakeEngine();
    const runs: SyncRun[] = [];
    const watching = await watch(engine, PAIR, {
      settings: { pollSeconds: 3_600, debounceMs: 300, xeroWebhooks: { enabled: true } },
      salesforce: { source: harness.connector(), objects: ['Account'] },
      xero: { webhookKey: KEY, tenantId: 'tenant-1' },
      onRun: (run) => runs.push(run),
    });
    const url = watching.webhookUrl ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/xero$/);
    await engine.started(1);
    expect(engine.calls[0]).toMatchObject({ trigger: 'schedule', entities: undefined });

    await connect(harness.sandbox, { client: 'SomeoneElse' }).sobject('Account').create({ Name: 'Watched Ltd' });
    await engine.started(2);
    expect((await webhook(url, 'INVOICE')).status).toBe(200);
    await engine.started(3);
    expect(engine.calls.slice(1).map((call) => [call.trigger, call.entities])).toEqual([
      ['event', ['party']],
      ['event', ['invoice']],
    ]);
    await eventually(() => (runs.length === 3 ? true : undefined));
    expect(engine.maxConcurrent).toBe(1);

    await watching.stop();
    await expect(webhook(url, 'CONTACT')).rejects.toThrow();
    expect(engine.calls).toHaveLength(3);
  });

  it('stops when its signal is aborted', async () => {
    const stopping = new AbortController();
    const watching = await watch(new FakeEngine(), PAIR, {
      settings: { pollSeconds: 0, xeroWebhooks: { enabled: true } },
      xero: { webhookKey: KEY },
      signal: stopping.signal,
    });
    expect((await webhook(watching.webhookUrl ?? '', 'CONTACT')).status).toBe(200);
    stopping.abort();
    await watching.stop();
    await expect(webhook(watching.webhookUrl ?? '', 'CONTACT')).rejects.toThrow();
  });

  it('refuses settings it cannot use, saying which', async () => {
    await expect(watch(new FakeEngine(), PAIR, { settings: { pollSeconds: -5 } })).rejects.toMatchObject({
      code: 'sync.watch_bad_settings',
      context: { field: 'pollSeconds' },
    });
    const noKey = watch(new FakeEngine(), PAIR, { settings: { pollSeconds: 0, xeroWebhooks: { enabled: true } } });
    await expect(noKey).rejects.toBeInstanceOf(CounterpartError);
    await expect(noKey).rejects.toMatchObject({ code: 'sync.watch_missing_webhook_key' });
  });
});
