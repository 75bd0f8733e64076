// A file path: plain Node cannot import jsforce's `api/streaming` folder as an ES module.
import { StreamingExtension } from 'jsforce/lib/api/streaming.js';
import { z } from 'zod';
import { describeError } from '../../errors.js';
import type { Entity } from '../connector.js';
import { ConnectorError } from '../shared/connectorError.js';
import { instantOf } from './codecs/shared.js';
import type { SalesforceSession } from './connection.js';

/** A change Salesforce published, in canonical terms: which records of which entity to read again. */
export interface ChangeNotification {
  readonly entity: Entity;
  /** The Salesforce object, e.g. Contact for a party's contact person. */
  readonly object: string;
  readonly changeType: 'create' | 'update' | 'delete' | 'undelete' | 'gap';
  readonly recordIds: readonly string[];
  readonly changedFields: readonly string[];
  readonly committedAt: string;
  readonly channel: string;
  readonly replayId: number;
}

export interface ChangeSubscriptionOptions {
  readonly session: SalesforceSession;
  /** Salesforce objects to follow (each on `/data/<Object>ChangeEvent`), e.g. ['Account', 'Product2']. */
  readonly objects: readonly string[];
  /** Where to resume per channel: a stored replay id, -1 (new events only, the default) or -2 (all retained). */
  readonly replayFrom?: Readonly<Record<string, number>> | undefined;
  readonly onChange: (change: ChangeNotification) => void;
  /** Every event's replay id, own writes included, for the caller to persist. */
  readonly onReplayId?: ((channel: string, replayId: number) => void) | undefined;
  readonly onError?: ((error: ConnectorError) => void) | undefined;
}

export interface ChangeSubscription {
  close(): Promise<void>;
}

/** Which canonical entity a change to each object touches. */
export const CHANGE_ENTITIES: Readonly<Record<string, Entity>> = {
  Account: 'party',
  Contact: 'party',
  Product2: 'product',
  PricebookEntry: 'product',
  Order: 'salesOrder',
  OrderItem: 'salesOrder',
  Opportunity: 'salesOrder',
  OpportunityLineItem: 'salesOrder',
};

const ChangeEvent = z.object({
  payload: z.looseObject({
    ChangeEventHeader: z.object({
      entityName: z.string(),
      recordIds: z.array(z.string()),
      changeType: z.string(),
      changeOrigin: z.string().nullish(),
      commitTimestamp: z.number(),
      changedFields: z.array(z.string()).nullish(),
    }),
  }),
  event: z.object({ replayId: z.number() }),
});

/** The faye client jsforce hands out, as far as Counterpart uses it. */
interface StreamingClient {
  subscribe(channel: string, listener: (message: unknown) => void): PromiseLike<void> & { cancel(): void };
  disconnect?: () => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY'];

/**
 * Change Data Capture through jsforce's streaming client (CometD long-polling on `/cometd/<version>`), one channel
 * per object, resuming from the caller's replay ids. Events caused by Counterpart's own writes — their
 * `changeOrigin` names our `Sforce-Call-Options` client — are not reported (their replay ids are). When the
 * session expires the subscription renews it with a data call and subscribes again from the last replay ids.
 */
export async function subscribeToChangeEvents(options: ChangeSubscriptionOptions): Promise<ChangeSubscription> {
  const { session } = options;
  const ourClient = session.settings.callOptionsClient;
  const replayIds = new Map<string, number>(
    options.objects.map((object) => {
      const channel = `/data/${object}ChangeEvent`;
      return [channel, options.replayFrom?.[channel] ?? -1];
    }),
  );
  let client: StreamingClient | undefined;
  let closed = false;

  const deliver = (channel: string, message: unknown) => {
    const parsed = ChangeEvent.safeParse(message);
    if (!parsed.success) return;
    const { payload, event } = parsed.data;
    const header = payload.ChangeEventHeader;
    replayIds.set(channel, event.replayId);
    options.onReplayId?.(channel, event.replayId);
    const origin = /;client=([^;,\s]+)/.exec(header.changeOrigin ?? '')?.[1];
    if (origin === ourClient) return;
    const entity = CHANGE_ENTITIES[header.entityName];
    if (entity === undefined) return;
    const type = header.changeType.toUpperCase();
    options.onChange({
      entity,
      object: header.entityName,
      changeType: type.startsWith('GAP_') ? 'gap' : (type.toLowerCase() as ChangeNotification['changeType']),
      recordIds: header.recordIds,
      changedFields: header.changedFields ?? [],
      committedAt: instantOf(new Date(header.commitTimestamp).toISOString()),
      channel,
      replayId: event.replayId,
    });
  };

  const connect = async () => {
    const connection = await session.open();
    // faye reads HTTP(S)_PROXY itself and ignores NO_PROXY; no proxy can reach this machine's loopback sandbox.
    if (LOOPBACK.has(new URL(connection.instanceUrl).hostname)) {
      for (const name of PROXY_VARIABLES) delete process.env[name];
    }
    const extensions = [
      ...[...replayIds].map(([channel, replayId]) => new StreamingExtension.Replay(channel, replayId)),
      new StreamingExtension.AuthFailure(() => {
        if (!closed) void reconnect();
      }),
    ];
    const next = connection.streaming.createClient(extensions) as unknown as StreamingClient;
    client = next;
    const subscribed = Promise.all(
      [...replayIds.keys()].map((channel) => next.subscribe(channel, (message) => deliver(channel, message))),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no subscription acknowledgement within ${session.settings.timeoutMs} ms`)),
        session.settings.timeoutMs,
      );
    });
    try {
      await Promise.race([subscribed, timedOut]);
    } catch (error) {
      next.disconnect?.();
      const said =
        typeof error === 'object' && error !== null && 'message' in error
          ? String(error.message)
          : describeError(error);
      // faye rejects with its own error objects (e.g. "403::Unknown channel"); say it in Salesforce's terms.
      throw new ConnectorError({
        kind: 'configuration',
        system: 'salesforce',
        message: `Salesforce refused the Change Data Capture subscription (${said}): select the objects for Change Data Capture in Salesforce Setup and check that the user may read them.`,
        systemMessage: said,
        context: { channels: [...replayIds.keys()].join(',') },
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  };

  const reconnect = async () => {
    client?.disconnect?.();
    try {
      // A data call renews an expired session (jsforce refreshes on its 401); the new client carries the new token.
      await session.call((connection) => connection.request('/limits'));
      if (!closed) await connect();
    } catch (error) {
      options.onError?.(session.classify(error));
    }
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      client?.disconnect?.();
    },
  };
}
