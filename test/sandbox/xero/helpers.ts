import { XeroClient } from 'xero-node';
import { z } from 'zod';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector, type FaultSpec } from '../../../src/sandbox/shared/faults.js';
import {
  type RunningXeroSandbox,
  startXeroSandbox,
  type XeroSandboxExtras,
  type XeroSeed,
} from '../../../src/sandbox/xero/index.js';
import { recordResponse } from './specValidator.js';

export const Credentials = z.object({
  apiBasePath: z.string(),
  identityUrl: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
  pkceClientId: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  tokenSet: z.object({
    access_token: z.string(),
    refresh_token: z.string(),
    expires_in: z.number(),
    expires_at: z.number(),
    token_type: z.string(),
    scope: z.string(),
    id_token: z.string().optional(),
  }),
  webhookKey: z.string(),
});
export type Credentials = z.infer<typeof Credentials>;

export interface Started {
  readonly sandbox: RunningXeroSandbox;
  readonly credentials: Credentials;
  readonly faults: FaultInjector;
  readonly clock: SandboxClock;
}

export async function startSandbox(
  options: {
    timeScale?: number;
    faults?: FaultSpec;
    seed?: XeroSeed;
    state?: unknown;
    extras?: XeroSandboxExtras;
  } = {},
): Promise<Started> {
  const faults = new FaultInjector(options.faults ?? {});
  const clock = new SandboxClock(options.timeScale ?? 1);
  const sandbox = await startXeroSandbox(
    { port: 0, faults, clock, seed: options.seed, state: options.state },
    options.extras ?? {},
  );
  return { sandbox, credentials: Credentials.parse(sandbox.credentials), faults, clock };
}

/** The real xero-node client pointed at the sandbox, with the sandbox's token set. */
export async function xeroClientFor(credentials: Credentials): Promise<XeroClient> {
  const xero = new XeroClient({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    redirectUris: ['http://localhost:5000/callback'],
    scopes: credentials.tokenSet.scope.split(' '),
  });
  await xero.setTokenSet(credentials.tokenSet);
  xero.accountingApi.basePath = credentials.apiBasePath;
  return xero;
}

export const XeroNodeError = z.object({
  response: z.object({
    statusCode: z.number(),
    body: z.unknown(),
    headers: z.record(z.string(), z.unknown()),
  }),
});
export type XeroNodeError = z.infer<typeof XeroNodeError>;

/** xero-node rejects with a JSON string; this runs the call and returns the parsed error. */
export async function xeroFailure(call: () => Promise<unknown>): Promise<XeroNodeError['response']> {
  try {
    await call();
  } catch (error) {
    if (typeof error !== 'string') throw error;
    return XeroNodeError.parse(JSON.parse(error)).response;
  }
  throw new Error('expected the call to fail');
}

/** A raw call to the sandbox (for what xero-node cannot send), with its body checked against the spec. */
export async function rawCall(
  credentials: Credentials,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; tenantId?: string | null; token?: string | null } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? credentials.tokenSet.access_token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const tenant = options.tenantId === undefined ? credentials.tenantId : options.tenantId;
  if (tenant !== null) headers['xero-tenant-id'] = tenant;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const url = `${credentials.apiBasePath}${path}`;
  const response = await fetch(url, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  recordResponse(method, url, response.status, json);
  return { status: response.status, headers: response.headers, text, json };
}
