import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawCall, type Started, startSandbox, xeroClientFor, xeroFailure } from './helpers.js';
import { preloadSpec, specFailures, validateEveryXeroNodeResponse } from './specValidator.js';

validateEveryXeroNodeResponse();
beforeAll(preloadSpec);

let started: Started | undefined;

afterEach(async () => {
  await started?.sandbox.close();
  started = undefined;
  expect(specFailures()).toEqual([]);
});

describe('Xero rate limits per tenant', () => {
  it('counts down X-MinLimit-Remaining and answers calls over the minute limit with 429 + Retry-After', async () => {
    started = await startSandbox({ timeScale: 20 });
    const xero = await xeroClientFor(started.credentials);
    const tenant = started.credentials.tenantId;
    const first = await xero.accountingApi.getCurrencies(tenant);
    expect(first.response.headers['x-minlimit-remaining']).toBe('59');
    expect(first.response.headers['x-daylimit-remaining']).toBe('4999');
    expect(first.response.headers['x-appminlimit-remaining']).toBe('9999');
    // A lower limit keeps the test short; the window is still Xero's minute, three real seconds at time scale 20.
    started.sandbox.configure({ rateLimits: { perMinute: 5 } });
    for (let i = 0; i < 4; i++) await xero.accountingApi.getCurrencies(tenant);
    const limited = await xeroFailure(() => xero.accountingApi.getCurrencies(tenant));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['x-rate-limit-problem']).toBe('minute');
    expect(limited.headers['x-minlimit-remaining']).toBe('0');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const after = await xero.accountingApi.getCurrencies(tenant);
    expect(after.response.status).toBe(200);
  });

  it('reports the day limit once it is spent, tenant by tenant', async () => {
    started = await startSandbox({
      extras: { settings: { rateLimits: { perDay: 3, perMinute: 1000 } }, extraOrganisations: ['Second Org Ltd'] },
    });
    const [, second] = started.sandbox.tenantIds;
    for (let i = 0; i < 3; i++) await rawCall(started.credentials, 'GET', '/Currencies');
    const limited = await rawCall(started.credentials, 'GET', '/Currencies');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-problem')).toBe('day');
    expect(limited.headers.get('x-daylimit-remaining')).toBe('0');
    const other = await rawCall(started.credentials, 'GET', '/Currencies', { tenantId: second ?? null });
    expect(other.status).toBe(200);
  });

  it('refuses more than the concurrent limit of calls in flight', async () => {
    started = await startSandbox({
      extras: { settings: { rateLimits: { concurrent: 2 }, wire: { processingDelayMs: 200 } } },
    });
    const calls = await Promise.all(
      Array.from({ length: 4 }, () => rawCall(started!.credentials, 'GET', '/Currencies')),
    );
    const statuses = calls.map((c) => c.status).sort();
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    const refused = calls.find((c) => c.status === 429);
    expect(refused?.headers.get('x-rate-limit-problem')).toBe('concurrent');
  });
});
