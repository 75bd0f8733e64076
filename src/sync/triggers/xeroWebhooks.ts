import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Entity } from '../../connectors/connector.js';
import type { Clock } from '../../connectors/shared/clock.js';
import { CounterpartError } from '../../errors.js';
import { ChangeBatcher } from './changeBatcher.js';
import type { PairRunQueue } from './runQueue.js';
import type { OwnWriteCheck, Trigger } from './trigger.js';
import { isXeroSignatureValid } from './xeroWebhookSignature.js';

/** Which entity each Xero webhook category changes; SUBSCRIPTION events concern the app, not the books. */
export const XERO_WEBHOOK_ENTITIES: Readonly<Record<string, Entity>> = {
  CONTACT: 'party',
  INVOICE: 'invoice',
  CREDITNOTE: 'creditNote',
};

/** Xero's webhook payload (xero-webhooks.yaml); events carry no record data, only what changed. */
const WebhookPayload = z.object({
  events: z.array(
    z.looseObject({
      resourceId: z.string(),
      eventCategory: z.string(),
      eventType: z.string(),
      tenantId: z.string(),
    }),
  ),
  firstEventSequence: z.number().int(),
  lastEventSequence: z.number().int(),
  entropy: z.string(),
});

/** Xero's payloads are small (no record data); anything far larger is not from Xero. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface XeroWebhookTriggerOptions {
  readonly queue: PairRunQueue;
  /** The app's webhook signing key (from the keychain). */
  readonly webhookKey: string;
  /** Where to listen: a reverse proxy or tunnel forwards Xero's HTTPS deliveries here. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly path: string;
  /** Only events of this organisation start runs (Xero sends events of every organisation connected to the app). */
  readonly tenantId?: string | undefined;
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  readonly isOwnWrite?: OwnWriteCheck | undefined;
  /** A delivery that was signed but could not be read. */
  readonly onError?: ((error: CounterpartError) => void) | undefined;
  readonly clock?: Clock | undefined;
}

export interface XeroWebhookTrigger extends Trigger {
  /** The address the listener answers on, to register with Xero (behind HTTPS) or with the sandbox. */
  readonly url: string;
}

/**
 * Runs for what changes in Xero, from its webhooks: a small HTTP listener that answers exactly as Xero requires —
 * 200 with an empty body for a correctly signed delivery, 401 for any other, which also passes the intent-to-receive
 * check — and turns CONTACT and INVOICE events into one debounced run of the entities they touched.
 */
export async function startXeroWebhookTrigger(options: XeroWebhookTriggerOptions): Promise<XeroWebhookTrigger> {
  const batcher = new ChangeBatcher({
    debounceMs: options.debounceMs,
    maxWaitMs: options.maxWaitMs,
    isOwnWrite: options.isOwnWrite,
    clock: options.clock,
    onBatch: (entities) => void options.queue.request('event', entities),
  });
  const server = createServer((request, response) => {
    receive(request, response, options, (entity, recordId) => batcher.add(entity, [recordId])).catch(() => {
      // The sender went away mid-body: nothing was accepted, and Xero sends the delivery again.
      if (!response.headersSent) answer(response, 400);
    });
  });
  await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}${options.path}`,
    stop: async () => {
      batcher.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

async function receive(
  request: IncomingMessage,
  response: ServerResponse,
  options: XeroWebhookTriggerOptions,
  changed: (entity: Entity, recordId: string) => void,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://listener').pathname;
  if (path !== options.path) return answer(response, 404);
  if (request.method !== 'POST') return answer(response, 405);
  const body = await readBody(request);
  if (body === undefined) return answer(response, 413);
  const signature = request.headers['x-xero-signature'];
  if (!isXeroSignatureValid(body, Array.isArray(signature) ? signature[0] : signature, options.webhookKey)) {
    return answer(response, 401);
  }
  // Xero wants its answer within 5 seconds: answer first, then act on the events.
  answer(response, 200);
  const payload = parsePayload(body);
  if (!payload.success) {
    options.onError?.(
      new CounterpartError(
        'sync.webhook_unreadable',
        `A signed Xero webhook delivery could not be read (${payload.error.issues[0]?.message ?? 'not JSON'}); the next scheduled run will pick up its changes.`,
        { system: 'xero', path: payload.error.issues[0]?.path.join('.') ?? null },
      ),
    );
    return;
  }
  for (const event of payload.data.events) {
    const entity = XERO_WEBHOOK_ENTITIES[event.eventCategory];
    if (entity === undefined) continue;
    if (options.tenantId !== undefined && event.tenantId.toLowerCase() !== options.tenantId.toLowerCase()) continue;
    changed(entity, event.resourceId);
  }
}

function parsePayload(body: Buffer): ReturnType<typeof WebhookPayload.safeParse> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    json = undefined;
  }
  return WebhookPayload.safeParse(json);
}

/** The raw body bytes (the signature covers them exactly), or undefined when the body is too large. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Xero requires an empty body (and no cookies) on every answer. */
function answer(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': '0' });
  response.end();
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) =>
      reject(
        new CounterpartError(
          'sync.webhook_listener_failed',
          `The Xero webhook listener could not listen on ${host}:${port}: ${error.message}`,
          { host, port },
          { cause: error },
        ),
      );
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
