import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { governedFetch } from '../../../src/connectors/shared/governedRequest.js';
import { type HeaderSource, headerValue } from '../../../src/connectors/shared/httpFailure.js';
import { RateGovernor } from '../../../src/connectors/shared/rateGovernor.js';
import { InstantClock } from './manualClock.js';

interface Scripted {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

let server: Server | undefined;

/** A local server answering with the scripted responses in turn (the last one repeats). */
async function scriptedServer(script: Scripted[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((_request, response) => {
    const next = script[Math.min(hits, script.length - 1)] as Scripted;
    hits += 1;
    response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    response.end(next.body ?? '{}');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api.xro/2.0/Invoices`, hits: () => hits };
}

/** Xero's quota headers, as its connector will read them. */
function numberHeader(headers: HeaderSource, name: string): number | undefined {
  const value = headerValue(headers, name);
  return value === undefined ? undefined : Number(value);
}

function governed(governor: RateGovernor, clock: InstantClock) {
  return {
    system: 'xero' as const,
    governor,
    trust: { timeoutMs: 10_000 },
    retry: { clock, random: () => 0.5 },
    quotaFrom: (headers: HeaderSource) => ({
      remainingThisMinute: numberHeader(headers, 'x-minlimit-remaining'),
      remainingToday: numberHeader(headers, 'x-daylimit-remaining'),
    }),
  };
}

describe('governed request', () => {
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('waits out a 429 for its Retry-After, retries, and counts calls, retries and rate limits', async () => {
    const { url, hits } = await scriptedServer([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 200, headers: { 'x-daylimit-remaining': '4998' }, body: '{"Invoices":[]}' },
    ]);
    const clock = new InstantClock();
    const governor = new RateGovernor({ system: 'xero', clock, limits: { concurrency: 5, perDay: 5000 } });
    const response = await governedFetch(governed(governor, clock), url, {}, { operation: 'read invoices' });
    expect(await response.json()).toEqual({ Invoices: [] });
    expect(hits()).toBe(2);
    expect(clock.sleeps).toContain(2_000);
    expect(governor.statistics.snapshot()).toEqual({ calls: 2, retries: 1, rateLimited: 1, remaining: { day: 4998 } });
  });

  it('retries server errors with backoff, and gives a classified error with the system message when they persist', async () => {
    const { url, hits } = await scriptedServer([
      { status: 503, body: '{"Message":"The service is temporarily unavailable"}' },
    ]);
    const clock = new InstantClock();
    const governor = new RateGovernor({ system: 'xero', clock });
    const options = { ...governed(governor, clock), retry: { clock, random: () => 0.5, maxAttempts: 3 } };
    await expect(governedFetch(options, url, {}, { operation: 'read invoices' })).rejects.toMatchObject({
      kind: 'transient',
      systemMessage: 'The service is temporarily unavailable',
      context: { operation: 'read invoices', status: 503 },
    });
    expect(hits()).toBe(3);
    expect(governor.statistics.snapshot().retries).toBe(2);
  });

  it('does not retry what the user must fix', async () => {
    const { url, hits } = await scriptedServer([
      { status: 401, body: '{"Title":"Unauthorized","Detail":"AuthenticationUnsuccessful"}' },
    ]);
    const clock = new InstantClock();
    const governor = new RateGovernor({ system: 'xero', clock });
    await expect(
      governedFetch(governed(governor, clock), url, {}, { operation: 'test connection' }),
    ).rejects.toMatchObject({
      kind: 'authentication',
      systemMessage: 'AuthenticationUnsuccessful',
    });
    expect(hits()).toBe(1);
  });

  it("stops cleanly when the system says the day's allowance is spent", async () => {
    const { url, hits } = await scriptedServer([{ status: 200, headers: { 'x-daylimit-remaining': '0' } }]);
    const clock = new InstantClock();
    const governor = new RateGovernor({ system: 'xero', clock });
    await governedFetch(governed(governor, clock), url, {}, { operation: 'read invoices' });
    await expect(governedFetch(governed(governor, clock), url, {}, { operation: 'read invoices' })).rejects.toThrow(
      /daily API allowance for this connection is used up: Counterpart has stopped calling it and will resume at /,
    );
    expect(hits()).toBe(1);
  });
});
