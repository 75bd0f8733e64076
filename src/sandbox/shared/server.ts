import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { SandboxClock } from './clock.js';
import { type FaultInjector, FaultSpec, type SandboxSystem } from './faults.js';

/** How a system words an error response, so injected faults look exactly like that system's own failures. */
export type ErrorResponder = (
  status: number,
  reason: string,
) => {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
};

export interface SandboxServerOptions {
  readonly system: SandboxSystem;
  readonly faults: FaultInjector;
  readonly clock: SandboxClock;
  readonly errorResponse: ErrorResponder;
  /** Serve over HTTPS (Sage X3 sites use internal CAs). */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Largest accepted request body; Bulk API uploads need more than the default. */
  readonly bodyLimit?: number;
}

/**
 * Where a running sandbox takes new faults: `PUT` a fault spec (the JSON form of `--faults`) to this path of any of the
 * four sandboxes; they share one injector. The control path itself is never faulted.
 */
export const FAULTS_PATH = '/__sandbox/faults';

/**
 * A Fastify server for one sandbox with the shared behaviour every system needs: form and CSV bodies, injected
 * latency, resets, hangs and error statuses, and a system-shaped error for anything a route throws, so a bad request
 * never crashes the sandbox.
 */
export function createSandboxServer(options: SandboxServerOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 50 * 1024 * 1024,
    // Held (timeout-fault) and keep-alive sockets would otherwise keep close() waiting for minutes.
    forceCloseConnections: true,
    ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
    // Malformed URLs and similar are rejected by Fastify before any hook runs; word them as the system would too.
    frameworkErrors: (error, _request, reply) => {
      const { headers, body } = options.errorResponse(400, error.message);
      (reply as unknown as FastifyReply)
        .code(400)
        .headers(headers ?? {})
        .send(body);
    },
  }) as unknown as FastifyInstance;
  app.register(formbody);
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.put(FAULTS_PATH, async (request, reply) => {
    const parsed = FaultSpec.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({ error: `Bad fault spec at ${issue?.path.join('.') || 'top'}: ${issue?.message}` });
    }
    options.faults.set(parsed.data);
    return reply.code(204).send();
  });

  app.addHook('onRequest', async (request, reply) => {
    // Control routes (faults, webhook registrations) are the operator's, never the emulated API's: no faults there.
    if (request.url.startsWith('/__sandbox/')) return;
    const latency = options.faults.latencyMs(options.system);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const decision = options.faults.decide(options.system);
    if (decision.kind === 'reset') {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (decision.kind === 'timeout') {
      // Hold the request without answering; the socket is closed when the client gives up or the server stops.
      reply.hijack();
      return;
    }
    if (decision.kind === 'status') {
      const { headers, body } = options.errorResponse(decision.status, 'injected fault');
      return reply
        .code(decision.status)
        .headers(headers ?? {})
        .send(body);
    }
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const { headers, body } = options.errorResponse(status, error.message);
    return reply
      .code(status)
      .headers(headers ?? {})
      .send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { headers, body } = options.errorResponse(404, `No such resource: ${request.method} ${request.url}`);
    return reply
      .code(404)
      .headers(headers ?? {})
      .send(body);
  });
  return app;
}

/** Listens on 127.0.0.1 only and returns the base URL (http or https). */
export async function listenOnLoopback(app: FastifyInstance, port: number, tls: boolean): Promise<string> {
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return `${tls ? 'https' : 'http'}://127.0.0.1:${actualPort}`;
}

export { Fastify };
