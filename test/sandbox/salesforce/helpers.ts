import { Connection, OAuth2 } from 'jsforce';
import {
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
  startSalesforceSandbox,
} from '../../../src/sandbox/salesforce/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';

// jsforce sends every request through a proxy named in these variables, even to 127.0.0.1.
for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];

export const API_VERSION = '62.0';

export async function startSandbox(overrides: Partial<SalesforceSandboxOptions> = {}): Promise<SalesforceSandbox> {
  return startSalesforceSandbox({
    port: 0,
    faults: new FaultInjector(),
    clock: new SandboxClock(1),
    ...overrides,
  });
}

/** A jsforce connection the way the app builds one: instance URL, tokens and an OAuth2 client for refreshes. */
export function connect(sandbox: SalesforceSandbox, callOptions?: { client: string }): Connection {
  const credentials = sandbox.credentials as Record<string, string>;
  return new Connection({
    instanceUrl: sandbox.baseUrl,
    accessToken: credentials.accessToken,
    refreshToken: credentials.refreshToken,
    version: API_VERSION,
    oauth2: new OAuth2({
      loginUrl: sandbox.baseUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      redirectUri: 'http://localhost:1717/OauthRedirect',
    }),
    ...(callOptions ? { callOptions } : {}),
  });
}
