import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach } from 'vitest';
import {
  type RunningSageX3Sandbox,
  type SageX3SandboxOptions,
  startSageX3Sandbox,
} from '../../../src/sandbox/sagex3/index.js';
import { generateTlsMaterial, type TlsMaterial } from '../../../src/sandbox/sagex3/tls.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';

export interface X3Client {
  readonly sandbox: RunningSageX3Sandbox;
  readonly api: string;
  /** fetch that trusts the sandbox's CA and sends Basic auth unless `authorization` is given. */
  call(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
}

const running: RunningSageX3Sandbox[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

export function trustingAgent(caPem: string | undefined): Agent {
  const agent = new Agent(caPem ? { connect: { ca: caPem } } : {});
  agents.push(agent);
  return agent;
}

let sharedTls: Promise<TlsMaterial> | undefined;

/** One generated CA per test file keeps start-up quick; tls.test.ts checks fresh generation on its own. */
export function sharedTlsMaterial(): Promise<TlsMaterial> {
  sharedTls ??= generateTlsMaterial();
  return sharedTls;
}

export async function startX3(options: Partial<SageX3SandboxOptions> = {}, timeScale = 1): Promise<X3Client> {
  const sandbox = await startSageX3Sandbox({
    port: 0,
    tls: await sharedTlsMaterial(),
    faults: options.faults ?? new FaultInjector(),
    clock: options.clock ?? new SandboxClock(timeScale),
    ...options,
  });
  running.push(sandbox);
  const credentials = sandbox.credentials as Record<string, string>;
  const agent = trustingAgent(credentials.caCertificatePem);
  const basic = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  return {
    sandbox,
    api: credentials.apiUrl as string,
    async call(path, init = {}) {
      const url = path.startsWith('http') ? path : `${sandbox.baseUrl}${path}`;
      const headers: Record<string, string> = { authorization: basic, ...(init.headers ?? {}) };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const response = await undiciFetch(url, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        dispatcher: agent,
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: response.status, headers: response.headers as unknown as Headers, body, text };
    },
  };
}

/** Shorthand for `/api1/x3/erp/SEED/{CLASS}…` with the representation and facet. */
export function x3Path(
  resource: string,
  facet: string,
  params: Record<string, string> = {},
  representation?: string,
): string {
  const className = resource.replace(/[(/].*$/, '');
  const search = new URLSearchParams({ representation: `${representation ?? className}.${facet}`, ...params });
  return `/api1/x3/erp/SEED/${resource}?${search.toString()}`;
}

export type Json = Record<string, unknown> & {
  $resources?: Record<string, unknown>[];
  $links?: Record<string, { $url: string }>;
  $diagnoses?: { $severity: string; $message: string }[];
};
