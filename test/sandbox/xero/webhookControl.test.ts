import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookBody, WEBHOOKS_CONTROL_PATH } from '../../../src/sandbox/xero/index.js';
import { type Started, startSandbox } from './helpers.js';

describe('registering a webhook receiver with the Xero sandbox', () => {
  let started: Started;
  beforeAll(async () => {
    started = await startSandbox();
  });
  afterAll(async () => {
    await started.sandbox.close();
  });

  const control = (method: string, body?: unknown) =>
    fetch(`${started.sandbox.baseUrl}${WEBHOOKS_CONTROL_PATH}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  it('runs intent-to-receive against a registered receiver, and shows and removes the subscription', async () => {
    const key = 'registered-key';
    const seen: number[] = [];
    // A receiver that checks signatures as Xero requires, so the handshake passes.
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const good = request.headers['x-xero-signature'] === signWebhookBody(Buffer.concat(chunks).toString(), key);
        seen.push(good ? 200 : 401);
        response.writeHead(good ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    try {
      const registered = await control('PUT', { url, signingKey: key });
      expect(registered.status).toBe(200);
      expect(await registered.json()).toEqual({ url, status: 'OK', delivered: 0 });
      expect(seen).toContain(200);
      expect(seen).toContain(401);
      expect(await (await control('GET')).json()).toMatchObject({ url, status: 'OK' });
      expect(await (await control('DELETE')).json()).toMatchObject({ url: null });
    } finally {
      receiver.close();
    }
  });

  it('refuses a registration without a usable URL', async () => {
    const refused = await control('PUT', { url: 'not a url' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining('url') });
  });
});
