import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantBook } from './book.js';
import { API_PREFIX } from './collection.js';
import type { IdentityService } from './identity.js';
import { authenticate } from './identityRoutes.js';
import type { RateLimiter } from './rateLimiter.js';
import { problem, sendJson } from './responses.js';
import { scopesAllow } from './scopes.js';
import type { XeroSandboxSettings } from './settings.js';

/**
 * In front of every Accounting API call, in Xero's order: a valid bearer token (401), a `xero-tenant-id` the token's
 * app is connected to (403), then the tenant's rate limits (429 with Retry-After and X-Rate-Limit-Problem).
 */
export function installAccountingGuard(
  app: FastifyInstance,
  deps: {
    readonly identity: IdentityService;
    readonly books: ReadonlyMap<string, TenantBook>;
    readonly limiter: RateLimiter;
    readonly settings: () => XeroSandboxSettings;
  },
): (request: FastifyRequest) => TenantBook {
  const bookOfRequest = new WeakMap<FastifyRequest, TenantBook>();
  const releases = new WeakMap<FastifyRequest, () => void>();

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(`${API_PREFIX}/`)) return;
    const claims = await authenticate(deps.identity, request, reply);
    if (!claims) return reply;
    const settings = deps.settings();
    if (settings.scopes.enforce && !scopesAllow(claims.scopes, request.method, request.url.slice(API_PREFIX.length))) {
      reply.header('www-authenticate', 'Bearer error="insufficient_scope"');
      const status = settings.scopes.status;
      return sendJson(
        reply,
        settings,
        status,
        problem(status, status === 401 ? 'Unauthorized' : 'Forbidden', 'AuthorizationUnsuccessful'),
      );
    }
    const header = request.headers['xero-tenant-id'];
    const tenantId = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
    const connected = tenantId
      ? deps.identity.connectionsOf(claims.clientId).some((c) => c.tenantId.toLowerCase() === tenantId)
      : false;
    const book = tenantId ? deps.books.get(tenantId) : undefined;
    if (!book || !connected) {
      return sendJson(reply, deps.settings(), 403, problem(403, 'Forbidden', 'AuthenticationUnsuccessful'));
    }
    const decision = deps.limiter.acquire(book.tenantId);
    reply.headers(decision.headers);
    if (!decision.ok) {
      reply.header('retry-after', String(decision.retryAfterSeconds)).header('x-rate-limit-problem', decision.problem);
      if (deps.settings().rateLimits.body === 'empty') return reply.code(429).send();
      return sendJson(
        reply,
        deps.settings(),
        429,
        problem(429, 'Too Many Requests', `Rate limit exceeded: ${decision.problem}`),
      );
    }
    releases.set(request, decision.release);
    bookOfRequest.set(request, book);
    const delay = deps.settings().wire.processingDelayMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  });
  const release = async (request: FastifyRequest) => releases.get(request)?.();
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);

  return (request) => {
    const book = bookOfRequest.get(request);
    if (!book) throw Object.assign(new Error('No tenant for this request'), { statusCode: 403 });
    return book;
  };
}
