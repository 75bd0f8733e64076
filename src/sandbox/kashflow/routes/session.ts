import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type KashFlowContext, parseBody, send } from '../context.js';
import { validation } from '../errors.js';

const Step1 = z.object({ UserName: z.string().nullish(), Password: z.string().nullish() });
const Step2 = z.object({
  TemporaryToken: z.string().nullish(),
  MemorableWordList: z.array(z.object({ Position: z.coerce.number().int(), Value: z.string().nullish() })).nullish(),
  KeepUserLoggedIn: z.boolean().nullish(),
});

/** The unauthenticated session-token routes. */
export function registerSessionRoutes(app: FastifyInstance, context: KashFlowContext): void {
  app.post('/sessiontoken', async (request, reply) => {
    const body = parseBody(context, Step1, request.body);
    return send(context, reply, 201, context.sessions.begin(body.UserName ?? undefined, body.Password ?? undefined));
  });

  app.put('/sessiontoken', async (request, reply) => {
    const body = parseBody(context, Step2, request.body);
    const characters = (body.MemorableWordList ?? []).map((c) => ({ Position: c.Position, Value: c.Value ?? '' }));
    return send(context, reply, 200, context.sessions.complete(body.TemporaryToken ?? undefined, characters));
  });

  app.delete<{ Params: { token: string } }>('/sessiontoken/:token', async (request, reply) => {
    context.sessions.end(request.params.token);
    return reply.code(200).send();
  });

  app.get('/sessiontoken', async () => {
    // The external-token swap is for KashFlow partners; nothing documents how to obtain such a token.
    throw validation('External token login is not available in the sandbox.', 'InvalidExternalToken');
  });
}
