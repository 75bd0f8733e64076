import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { CounterpartError } from '../../errors.js';
import type { ApiErrorBody } from '../apiError.js';
import type { ConsoleService } from '../service.js';
import { contentSecurityPolicy } from './contentSecurityPolicy.js';
import { serveStatic } from './staticFiles.js';

/**
 * Reconciliation files travel in the body (base64), so the cap must fit a month of exports; it still stops a runaway
 * client from filling the memory of a console that only answers its own, token-holding page.
 */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

export interface WebHostOptions {
  readonly service: ConsoleService;
  readonly staticRoot: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** The largest API request body accepted; 256 MiB unless a test says otherwise. */
  readonly maxBodyBytes?: number;
}

export interface RunningWebHost {
  /** The address to open, with the per-launch token in the fragment (never sent to the server or its logs). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * `counterpart serve`: the built console and the console API on 127.0.0.1 only. Every API call and the event socket
 * need the per-launch token; requests naming another Host or Origin (DNS rebinding, other sites) are refused.
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = randomBytes(32).toString('base64url');
  let origin = '';
  const allowedHosts = new Set<string>();
  const allowedOrigins = new Set<string>();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, failure('internal', String(error)));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      sendJson(response, 403, failure('api.forbidden_host', 'This console only answers on its own loopback address.'));
      return;
    }
    const url = new URL(request.url ?? '/', origin);
    if (!url.pathname.startsWith('/api/')) {
      const headers = { 'Content-Security-Policy': csp, ...securityHeaders };
      await serveStatic(options.staticRoot, url.pathname, response, headers);
      return;
    }
    if (request.method !== 'POST') {
      sendJson(response, 405, failure('api.method_not_allowed', 'Console API calls are POST requests.'));
      return;
    }
    if (request.headers.origin !== undefined && !allowedOrigins.has(request.headers.origin)) {
      sendJson(response, 403, failure('api.forbidden_origin', 'Calls from other sites are refused.'));
      return;
    }
    if (!hasToken(request.headers.authorization?.replace(/^Bearer /, ''), token)) {
      sendJson(
        response,
        401,
        failure('api.unauthorized', 'Missing or wrong console token: open the address `counterpart serve` printed.'),
      );
      return;
    }
    let input: unknown;
    try {
      input = await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    } catch (error) {
      const body =
        error instanceof CounterpartError
          ? failure(error.code, error.message)
          : failure('api.bad_request', String(error));
      sendJson(response, body.error.code === 'api.body_too_large' ? 413 : 400, body);
      return;
    }
    const name = decodeURIComponent(url.pathname.slice('/api/'.length));
    const result = await options.service.dispatch(name, input, { transport: 'web' });
    sendJson(response, result.ok ? 200 : statusFor(result.error), result);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const allowed =
      allowedHosts.has(request.headers.host ?? '') &&
      allowedOrigins.has(request.headers.origin ?? '') &&
      url.pathname === '/api/events' &&
      hasToken(url.searchParams.get('token') ?? undefined, token);
    if (!allowed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      const unsubscribe = options.service.events.subscribe((event) => client.send(JSON.stringify(event)));
      client.on('close', unsubscribe);
      client.on('error', unsubscribe);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new CounterpartError(
          'serve.listen_failed',
          `Could not listen on ${LOOPBACK}:${options.port ?? 0}: ${error.message}`,
          { port: options.port ?? 0 },
        ),
      ),
    );
    server.listen(options.port ?? 0, LOOPBACK, resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${LOOPBACK}:${port}`;
  // The console may be opened as 127.0.0.1 or as localhost; both name this machine, nothing else does.
  for (const host of [`${LOOPBACK}:${port}`, `localhost:${port}`]) {
    allowedHosts.add(host);
    allowedOrigins.add(`http://${host}`);
  }
  const csp = contentSecurityPolicy([`ws://${LOOPBACK}:${port}`, `ws://localhost:${port}`]);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

function hasToken(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function failure(code: string, message: string): { ok: false; error: ApiErrorBody } {
  return { ok: false, error: { code, message } };
}

function statusFor(error: ApiErrorBody): number {
  if (error.code === 'api.unknown_operation') return 404;
  if (error.code === 'api.invalid_input') return 400;
  if (error.code.endsWith('.not_found')) return 404;
  if (error.code.endsWith('.conflict')) return 409;
  return error.code === 'internal' || error.code === 'api.bad_output' ? 500 : 422;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...securityHeaders,
  });
  response.end(JSON.stringify(body));
}

async function readJsonBody(request: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      const limit = `${(maxBodyBytes / (1024 * 1024)).toFixed(0)} MiB`;
      throw new CounterpartError(
        'api.body_too_large',
        `The request body is larger than ${limit}: split the file or reconcile from the connections.`,
      );
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CounterpartError('api.malformed_json', 'The request body is not valid JSON.');
  }
}
