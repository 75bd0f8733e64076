import type { FastifyInstance } from 'fastify';
import type { X3Context } from './context.js';
import { x3ErrorResponse } from './errors.js';

/**
 * Syracuse web-service sessions are pooled: beyond `pool.size` concurrent requests, callers queue and give up after
 * the queue timeout (scaled by `--time-scale`) with the pool-exhausted status.
 */
export function installPool(app: FastifyInstance, context: X3Context): void {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  app.addHook('onRequest', async (_request, reply) => {
    const { size, queueTimeoutMs, holdMs } = context.settings.pool;
    if (size === 0) return;
    if (running < size) {
      running += 1;
    } else {
      const admitted = await new Promise<boolean>((resolve) => {
        const entry = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const index = waiting.indexOf(entry);
          if (index >= 0) waiting.splice(index, 1);
          resolve(false);
        }, context.clock.realDuration(queueTimeoutMs));
        waiting.push(entry);
      });
      if (!admitted) {
        const status = context.settings.statuses.poolExhausted;
        const { headers, body } = x3ErrorResponse(status, 'no web service session is available in the pool');
        return reply
          .code(status)
          .headers(headers ?? {})
          .send(body);
      }
    }
    reply.raw.once('close', release);
    if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
  });
}
