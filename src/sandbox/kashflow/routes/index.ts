import type { FastifyInstance, FastifyReply } from 'fastify';
import { CounterpartError } from '../../../errors.js';
import type { KashFlowContext } from '../context.js';
import { KashFlowHttpError, kashflowErrorResponse, validation } from '../errors.js';
import { RateLimiter } from '../rateLimit.js';
import { registerCatalogueRoutes } from './catalogue.js';
import { registerDocumentRoutes, registerPaymentRoutes } from './documents.js';
import { registerPartyRoutes } from './parties.js';
import { registerSessionRoutes } from './session.js';

function sendError(reply: FastifyReply, error: KashFlowHttpError): FastifyReply {
  return reply.code(error.status).headers(error.headers).type('application/json; charset=utf-8').send(error.body);
}

/** Everything under `/v2`: session routes open, the rest behind `Authorization: KfToken …`. */
export async function registerKashFlowRoutes(app: FastifyInstance, context: KashFlowContext): Promise<void> {
  await app.register(
    async (v2) => {
      v2.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
        if (error instanceof KashFlowHttpError) return sendError(reply, error);
        // Money helpers refuse amounts beyond the safe range; to a client that is a bad value, not a server fault.
        if (error instanceof CounterpartError && error.code.startsWith('money.')) {
          return sendError(reply, validation(`The request is invalid: ${error.message}`));
        }
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
        const { headers, body } = kashflowErrorResponse(
          status,
          status === 400 ? `The request is invalid: ${error.message}` : error.message,
        );
        return reply
          .code(status)
          .headers(headers ?? {})
          .send(body);
      });

      registerSessionRoutes(v2, context);

      await v2.register(async (secured) => {
        const limiter = new RateLimiter(() => context.settings.rateLimit, context.clock);
        secured.addHook('onRequest', async (request) => {
          const token = context.sessions.authenticate(request.headers.authorization);
          limiter.take(token);
        });
        registerPartyRoutes(secured, context, 'customer');
        registerPartyRoutes(secured, context, 'supplier');
        registerCatalogueRoutes(secured, context);
        registerDocumentRoutes(secured, context, 'invoice');
        registerDocumentRoutes(secured, context, 'purchase');
        registerPaymentRoutes(secured, context);
      });
    },
    { prefix: '/v2' },
  );
}
