import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Invoice } from 'xero-node';
import { signWebhookBody } from '../../../src/sandbox/xero/index.js';
import { type Started, startSandbox, xeroClientFor } from './helpers.js';
import { specFailures, validateEveryXeroNodeResponse } from './specValidator.js';

validateEveryXeroNodeResponse();

interface Receiver {
  readonly url: string;
  readonly payloads: { body: string; signature: string; valid: boolean }[];
  close(): Promise<void>;
}

/** A webhook receiver as Xero's docs ask for: 200 with an empty body for a good signature, 401 otherwise. */
async function startReceiver(
  key: string,
  behaviour: { alwaysOk?: boolean; failFirst?: number } = {},
): Promise<Receiver> {
  const payloads: Receiver['payloads'] = [];
  let failuresLeft = behaviour.failFirst ?? 0;
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const signature = String(request.headers['x-xero-signature'] ?? '');
    const valid = signWebhookBody(body, key) === signature;
    payloads.push({ body, signature, valid });
    if (failuresLeft > 0 && JSON.parse(body).events.length > 0) {
      failuresLeft--;
      response.writeHead(500).end();
      return;
    }
    response.writeHead(behaviour.alwaysOk || valid ? 200 : 401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/xero/webhooks`,
    payloads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let started: Started | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await started?.sandbox.close();
  await receiver?.close();
  started = undefined;
  receiver = undefined;
  expect(specFailures()).toEqual([]);
});

describe('Xero webhooks', () => {
  it('signs bodies exactly like the reference test vector', () => {
    const body = '{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}';
    expect(signWebhookBody(body, 'ABC123')).toBe('BliCoqBVe1yagQ1XkGYaIdLyTq+hRS0vVpVeoBQyu7A=');
  });

  it('passes intent-to-receive only for a receiver that rejects bad signatures', async () => {
    const key = 'itr-key';
    receiver = await startReceiver(key);
    const lax = await startReceiver(key, { alwaysOk: true });
    started = await startSandbox({ extras: { settings: { webhooks: { url: receiver.url, signingKey: key } } } });
    expect(started.sandbox.webhooks.subscriptionStatus).toBe('OK');
    expect(receiver.payloads.filter((p) => p.valid)).toHaveLength(2);
    expect(receiver.payloads.filter((p) => !p.valid)).toHaveLength(2);
    expect(JSON.parse(receiver.payloads[0]?.body ?? '{}')).toMatchObject({ events: [], firstEventSequence: 0 });
    started.sandbox.configure({ webhooks: { url: lax.url } });
    expect(await started.sandbox.verifyWebhookReceiver()).toBe(false);
    expect(started.sandbox.webhooks.subscriptionStatus).toBe('FAILED');
    await lax.close();
  });

  it('delivers signed CONTACT and INVOICE events after writes, retrying a failed delivery', async () => {
    const key = 'delivery-key';
    receiver = await startReceiver(key, { failFirst: 1 });
    started = await startSandbox({
      timeScale: 600,
      extras: { settings: { webhooks: { url: receiver.url, signingKey: key }, rateLimits: { perMinute: 10_000 } } },
    });
    const xero = await xeroClientFor(started.credentials);
    const tenant = started.credentials.tenantId;
    const contact = await xero.accountingApi.createContacts(tenant, { contacts: [{ name: 'Hooked Ltd' }] });
    const contactID = contact.body.contacts?.[0]?.contactID ?? '';
    await xero.accountingApi.createInvoices(tenant, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID },
          lineItems: [{ description: 'Hook', quantity: 1, unitAmount: 10, accountCode: '200' }],
        },
      ],
    });
    await until(() => started?.sandbox.webhooks.delivered.length === 2);
    // The contact's payload was refused once and re-sent after the invoice's, so order by category.
    const events = started.sandbox.webhooks.delivered
      .flatMap((body) => JSON.parse(body).events)
      .sort((a: { eventCategory: string }, b: { eventCategory: string }) =>
        a.eventCategory.localeCompare(b.eventCategory),
      );
    expect(
      events.map((e: { eventCategory: string; eventType: string }) => `${e.eventCategory} ${e.eventType}`),
    ).toEqual(['CONTACT CREATE', 'INVOICE CREATE']);
    expect(events[0]).toMatchObject({ resourceId: contactID, tenantId: tenant, tenantType: 'ORGANISATION' });
    expect(events[0].resourceUrl).toBe(`${started.credentials.apiBasePath}/Contacts/${contactID}`);
    expect(events[0].eventDateUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    const nonEmpty = receiver.payloads.filter((p) => JSON.parse(p.body).events.length > 0);
    expect(nonEmpty.every((p) => p.valid)).toBe(true);
    // One delivery was refused with 500 and sent again.
    expect(nonEmpty.length).toBe(3);
  });
});
