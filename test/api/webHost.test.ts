import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningWebHost, startWebHost } from '../../src/api/transports/webHost.js';
import { freshConsoleServices } from '../support/consoleService.js';
import { freshDirectories } from '../support/tempDirectory.js';

const newService = freshConsoleServices();
const tempDirectory = freshDirectories();
const hosts: RunningWebHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function startHost() {
  const staticRoot = tempDirectory();
  writeFileSync(join(staticRoot, 'index.html'), '<!doctype html><title>Counterpart</title>');
  mkdirSync(join(staticRoot, 'assets'));
  writeFileSync(join(staticRoot, 'assets', 'app.js'), 'console.log(1)');
  const service = newService();
  const host = await startWebHost({ service, staticRoot, port: 0, maxBodyBytes: 1024 * 1024 });
  hosts.push(host);
  return { host, service };
}

function call(host: RunningWebHost, operation: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${host.origin}/api/${operation}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body,
  });
}

/** A raw request, for headers fetch will not let a test forge (Host). */
function rawGet(host: RunningWebHost, path: string, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: host.port, path, headers: { Host: hostHeader } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('counterpart serve (web host)', () => {
  it('listens on 127.0.0.1 only and prints an address carrying the token in its fragment', async () => {
    const { host } = await startHost();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the built console with a strict Content-Security-Policy, and nothing outside it', async () => {
    const { host } = await startHost();
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Counterpart</title>');
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${host.origin}/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('answers a valid call with the operation result', async () => {
    const { host } = await startHost();
    const response = await call(host, 'updateSettings', JSON.stringify({ userName: 'Ann' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { userName: 'Ann' } });
  });

  it.each([
    ['no token', { Authorization: '' }, 401, 'api.unauthorized'],
    ['a wrong token', { Authorization: 'Bearer not-the-token' }, 401, 'api.unauthorized'],
    ['another site as origin', { Origin: 'https://evil.example' }, 403, 'api.forbidden_origin'],
  ])('refuses a call with %s and changes nothing', async (_label, headers, status, code) => {
    const { host, service } = await startHost();
    const response = await call(host, 'updateSettings', JSON.stringify({ userName: 'Mallory' }), headers);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ ok: false, error: { code } });
    expect(await service.dispatch('getSettings', {}, { transport: 'web' })).not.toMatchObject({
      value: { userName: 'Mallory' },
    });
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { host } = await startHost();
    expect(await rawGet(host, '/', 'attacker.example')).toBe(403);
    expect(await rawGet(host, '/', `localhost:${host.port}`)).toBe(200);
  });

  it('gives clear errors for unknown operations, bad JSON, wrong types, wrong methods and huge bodies', async () => {
    const { host } = await startHost();
    const unknown = await call(host, 'formatDisk', '{}');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'api.unknown_operation' } });
    const malformed = await call(host, 'updateSettings', '{"userName":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'api.malformed_json' } });
    const wrongType = await call(host, 'updateSettings', '{"role":7}');
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({
      error: { code: 'api.invalid_input', message: expect.stringMatching(/role/) },
    });
    const get = await fetch(`${host.origin}/api/getSettings`, { headers: { Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
    const huge = await call(host, 'updateSettings', JSON.stringify({ userName: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it('pushes events over the socket only to holders of the token', async () => {
    const { host } = await startHost();
    const wsOrigin = { origin: host.origin };
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=wrong`, wsOrigin);
    await expect(new Promise((resolve, reject) => refused.on('open', resolve).on('error', reject))).rejects.toThrow(
      /401/,
    );

    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`, wsOrigin);
    await new Promise((resolve) => socket.on('open', resolve));
    const received = new Promise<{ name: string; payload: { userName: string } }>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    await call(host, 'updateSettings', JSON.stringify({ userName: 'Bea' }));
    expect(await received).toMatchObject({ name: 'settingsChanged', payload: { userName: 'Bea' } });
    socket.close();
  });
});
