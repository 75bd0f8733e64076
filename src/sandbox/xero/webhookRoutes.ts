import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebhookStatus } from './webhooks.js';

/** Where a test or the demo registers the receiver of the sandbox app's webhooks, as the developer portal does. */
export const WEBHOOKS_CONTROL_PATH = '/__sandbox/webhooks';

/** A subscription as the developer portal takes it: the delivery URL and, optionally, a new signing key. */
export const WebhookRegistration = z.object({
  url: z.url({ protocol: /^https?$/ }),
  signingKey: z.string().min(1).optional(),
});
export type WebhookRegistration = z.infer<typeof WebhookRegistration>;

export interface WebhookSubscription {
  readonly url: string | null;
  readonly status: WebhookStatus;
  readonly delivered: number;
}

export interface WebhookControl {
  /** Stores the subscription and runs intent-to-receive against it; resolves with the outcome. */
  register(registration: WebhookRegistration): Promise<WebhookSubscription>;
  unregister(): WebhookSubscription;
  current(): WebhookSubscription;
}

/**
 * `PUT` registers a receiver (answering once intent-to-receive has passed or failed), `GET` shows the subscription,
 * `DELETE` removes it. The shared server leaves `/__sandbox/` paths alone when it injects faults.
 */
export function registerWebhookControlRoutes(app: FastifyInstance, control: WebhookControl): void {
  app.put(WEBHOOKS_CONTROL_PATH, async (request, reply) => {
    const parsed = WebhookRegistration.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply
        .code(400)
        .send({ error: `Bad webhook registration at ${issue?.path.join('.') || 'top'}: ${issue?.message}` });
    }
    return reply.code(200).send(await control.register(parsed.data));
  });
  app.get(WEBHOOKS_CONTROL_PATH, async (_request, reply) => reply.code(200).send(control.current()));
  app.delete(WEBHOOKS_CONTROL_PATH, async (_request, reply) => reply.code(200).send(control.unregister()));
}
