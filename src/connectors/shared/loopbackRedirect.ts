import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SystemName } from '../../model/index.js';
import { ConnectorError } from './connectorError.js';
import { displayName } from './systemNames.js';

/** A one-shot listener on 127.0.0.1 that receives the OAuth redirect after consent (the desktop flow). */
export interface LoopbackRedirect {
  /** The redirect URI to send to the system, with the port actually bound (port 0 picks a free one). */
  readonly redirectUri: string;
  /** Resolves with the full callback address (code, state, or error) once the browser arrives. */
  readonly callback: Promise<string>;
  close(): Promise<void>;
}

export interface LoopbackRedirectOptions {
  readonly system: SystemName;
  /**
   * What else the user can do when the port is taken, e.g. "register another loopback redirect URI with the Xero app
   * and set it in the connection settings".
   */
  readonly otherRedirect: string;
  /** How long to wait for the user to approve. Default 5 minutes. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Listens on 127.0.0.1 at the port of `redirectUri` (0 picks a free one) for one request to its path. Only the
 * loopback interface is bound, so nothing else on the network can deliver a code; other paths get 404 and are ignored.
 */
export async function listenForRedirect(
  redirectUri: string,
  options: LoopbackRedirectOptions,
): Promise<LoopbackRedirect> {
  const { system } = options;
  const name = displayName(system);
  const wanted = new URL(redirectUri);
  let settle: { resolve: (url: string) => void; reject: (error: unknown) => void } | undefined;
  const callback = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The flow may be abandoned; an unobserved rejection must not crash the process.
  callback.catch(() => undefined);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    if (request.method !== 'GET' || url.pathname !== wanted.pathname) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' })
      .end(
        `<!doctype html><meta charset="utf-8"><title>Counterpart</title><p>${name} is connected. You can close this window and return to Counterpart.</p>`,
      );
    const actual = new URL(wanted.toString());
    actual.port = String((server.address() as AddressInfo).port);
    actual.search = url.search;
    settle?.resolve(actual.toString());
    void close();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new ConnectorError({
          kind: 'configuration',
          system,
          message: `Counterpart could not listen for ${name}'s sign-in redirect on 127.0.0.1 port ${wanted.port || 80} (${error.message}): close the program using that port, or ${options.otherRedirect}.`,
          cause: error,
        }),
      ),
    );
    server.listen(Number(wanted.port || 80), '127.0.0.1', () => resolve());
  });
  const bound = new URL(wanted.toString());
  bound.port = String((server.address() as AddressInfo).port);
  const timer = setTimeout(
    () =>
      fail(
        new ConnectorError({
          kind: 'authentication',
          system,
          message: `${name} sign-in was not completed in time: start connecting again and approve access in the browser.`,
        }),
      ),
    options.timeoutMs ?? 5 * 60_000,
  );
  timer.unref();
  const onAbort = () => fail(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  function fail(error: unknown) {
    settle?.reject(error);
    void close();
  }
  async function close(): Promise<void> {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }
  return { redirectUri: bound.toString(), callback, close };
}
