import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/shared/connectorError.js';
import {
  certificatesIn,
  classifyHttpFailure,
  classifyTransportError,
  closeTrustedAgents,
  fetchWithTrust,
  parseRetryAfter,
} from '../../../src/connectors/shared/httpFailure.js';

const NOW = Date.parse('2024-05-31T09:00:00Z');

describe('HTTP status classification', () => {
  it.each([
    [401, 'authentication'],
    [403, 'permission'],
    [404, 'not_found'],
    [409, 'duplicate'],
    [400, 'validation'],
    [422, 'validation'],
    [429, 'rate_limit'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
  ] as const)('HTTP %i is %s', (status, kind) => {
    const error = classifyHttpFailure('xero', { status }, NOW);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(`connector.${kind}`);
    expect(error.context).toMatchObject({ system: 'xero', status });
  });

  it("keeps the system's own message, from the common error body shapes", () => {
    const salesforce = classifyHttpFailure('salesforce', {
      status: 400,
      body: JSON.stringify([{ message: 'Account Name: required field missing', errorCode: 'REQUIRED_FIELD_MISSING' }]),
    });
    expect(salesforce.systemMessage).toBe('Account Name: required field missing');
    expect(salesforce.message).toContain('Salesforce said: "Account Name: required field missing"');
    const xero = classifyHttpFailure('xero', {
      status: 400,
      body: JSON.stringify({ Title: 'Validation', Detail: 'A validation exception occurred' }),
    });
    expect(xero.systemMessage).toBe('A validation exception occurred');
    expect(classifyHttpFailure('kashflow', { status: 500, body: 'Object reference not set' }).systemMessage).toBe(
      'Object reference not set',
    );
    expect(
      classifyHttpFailure('sagex3', { status: 404, systemMessage: 'Record C000123 not found' }).systemMessage,
    ).toBe('Record C000123 not found');
  });

  it('tells bad credentials from expired consent that needs reconnecting, and names missing permissions', () => {
    const expired = classifyHttpFailure('xero', {
      status: 401,
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token has expired' }),
    });
    expect(expired.message).toMatch(/^Xero's consent has expired or was revoked: reconnect the connection/);
    const wrong = classifyHttpFailure('kashflow', { status: 401, body: 'Incorrect username or password' });
    expect(wrong.message).toMatch(/^KashFlow did not accept the credentials: check them in the connection settings/);
    const forbidden = classifyHttpFailure('salesforce', { status: 403, body: '[{"message":"API_DISABLED_FOR_ORG"}]' });
    expect(forbidden.message).toMatch(/lacks the API permission it needs/);
  });

  it('reads Retry-After as seconds or as an HTTP date, from Fetch headers or a plain object', () => {
    const seconds = classifyHttpFailure('xero', { status: 429, headers: new Headers({ 'Retry-After': '120' }) }, NOW);
    expect(seconds.retryAfterMs).toBe(120_000);
    const date = classifyHttpFailure(
      'salesforce',
      { status: 503, headers: { 'retry-after': 'Fri, 31 May 2024 09:00:30 GMT' } },
      NOW,
    );
    expect(date.retryAfterMs).toBe(30_000);
    expect(parseRetryAfter('garbage', NOW)).toBeUndefined();
    expect(parseRetryAfter('Fri, 31 May 2024 08:00:00 GMT', NOW)).toBe(0);
    expect(classifyHttpFailure('xero', { status: 400, headers: { 'Retry-After': '5' } }).retryAfterMs).toBeUndefined();
  });

  it('never keeps a query string (which can carry credentials) in the error context', () => {
    const error = classifyHttpFailure('kashflow', {
      status: 500,
      url: 'https://securedwebapp.example/api?UserName=ann&Password=hunter22',
    });
    expect(error.context.url).toBe('https://securedwebapp.example/api');
  });
});

describe('transport failure classification', () => {
  const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
  const systemError = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.5:8124`), { code });

  it.each(['ENOTFOUND', 'ECONNREFUSED', 'EHOSTUNREACH', 'ETIMEDOUT'])('%s is an unreachable host', (code) => {
    const error = classifyTransportError('sagex3', fetchFailed(systemError(code)), { url: 'https://x3.lan:8124/api' });
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({ failure: 'host_unreachable', code });
    expect(error.message).toBe(
      `Could not reach Sage X3 at x3.lan:8124 (${code}): the host is unreachable on the network or LAN — check the address and port, that the VPN is connected, and that no firewall blocks it.`,
    );
    expect(error.systemMessage).toBe(`connect ${code} 10.0.0.5:8124`);
  });

  it('finds the code inside an AggregateError of several connection attempts', () => {
    const error = classifyTransportError(
      'sagex3',
      fetchFailed(new AggregateError([systemError('ECONNREFUSED'), systemError('EHOSTUNREACH')])),
    );
    expect(error.context).toMatchObject({ failure: 'host_unreachable', code: 'ECONNREFUSED' });
  });

  it.each([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ])('%s is an untrusted certificate, with advice that keeps verification on', (code) => {
    const error = classifyTransportError('sagex3', fetchFailed(systemError(code)), { url: 'https://x3.lan:8124/' });
    expect(error.kind).toBe('configuration');
    expect(error.context).toMatchObject({ failure: 'tls_untrusted', code });
    expect(error.message).toContain('not trusted');
    expect(error.message).not.toMatch(/disabl|NODE_TLS_REJECT_UNAUTHORIZED|rejectUnauthorized|insecure/i);
    if (!['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'].includes(code)) {
      expect(error.message).toContain("add your company's CA bundle in the connection settings");
    }
  });

  it('treats a dropped connection as transient and leaves a ConnectorError as it is', () => {
    expect(classifyTransportError('xero', fetchFailed(systemError('ECONNRESET'))).context).toMatchObject({
      failure: 'connection_interrupted',
    });
    const original = classifyHttpFailure('xero', { status: 404 });
    expect(classifyTransportError('xero', original)).toBe(original);
  });
});

describe('fetchWithTrust against a local HTTPS server', () => {
  let folder: string;
  let caPem: string;
  let otherCaPem: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'counterpart-'));
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
    const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Counterpart Test CA',
    );
    run('req', '-x509', ...ecKey, '-keyout', 'other.key', '-out', 'other.pem', '-days', '2', '-subj', '/CN=Another CA');
    run('req', ...ecKey, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(folder, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
    run(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'leaf.ext',
      '-out',
      'leaf.pem',
    );
    caPem = readFileSync(join(folder, 'ca.pem'), 'utf8');
    otherCaPem = readFileSync(join(folder, 'other.pem'), 'utf8');
    server = createHttpsServer(
      { key: readFileSync(join(folder, 'leaf.key')), cert: readFileSync(join(folder, 'leaf.pem')) },
      (_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end('{"status":"X3 up"}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api1/x3/erp/SEED/`;
  });

  afterAll(async () => {
    await closeTrustedAgents();
    await new Promise((resolve) => server.close(resolve));
    rmSync(folder, { recursive: true, force: true });
  });

  it("refuses a server whose certificate the system roots do not trust, and says to add the company's CA", async () => {
    const failure = await fetchWithTrust(url, {}, { timeoutMs: 10_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const error = classifyTransportError('sagex3', failure, { url });
    expect(error.context).toMatchObject({ failure: 'tls_untrusted', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(error.message).toMatch(/^The server's certificate for Sage X3 at 127\.0\.0\.1:\d+ is not trusted/);
    expect(error.message).toContain("add your company's CA bundle in the connection settings");
  });

  it("trusts the server once its CA bundle is given, and still refuses it with another company's CA", async () => {
    const response = await fetchWithTrust(url, {}, { caBundlePem: caPem, timeoutMs: 10_000 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'X3 up' });
    const stillRefused = await fetchWithTrust(url, {}, { caBundlePem: otherCaPem, timeoutMs: 10_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(classifyTransportError('sagex3', stillRefused).context.failure).toBe('tls_untrusted');
  });

  it('says the host is unreachable when nothing listens on the port', async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const target = `https://127.0.0.1:${port}/`;
    const failure = await fetchWithTrust(target, {}, { caBundlePem: caPem, timeoutMs: 10_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const error = classifyTransportError('sagex3', failure, { url: target });
    expect(error.context).toMatchObject({ failure: 'host_unreachable', code: 'ECONNREFUSED' });
    expect(error.message).toContain('check the address and port, that the VPN is connected');
  });

  it('says the host is unreachable when it does not answer in time', async () => {
    const silent = createHttpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const failure = await fetchWithTrust(target, {}, { timeoutMs: 200 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    expect(classifyTransportError('kashflow', failure, { url: target }).context.failure).toBe('host_unreachable');
  });

  it('refuses a CA bundle that holds no certificate, before any call', () => {
    expect(() => certificatesIn('not a certificate')).toThrow(
      expect.objectContaining({ code: 'connector.bad_ca_bundle' }),
    );
    expect(() => certificatesIn('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(
      /Certificate 1 of the CA bundle cannot be read/,
    );
    expect(certificatesIn(`${caPem}\n${caPem}`)).toHaveLength(2);
  });
});
