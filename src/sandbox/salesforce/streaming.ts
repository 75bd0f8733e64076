import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from '../shared/clock.js';
import { nestCompoundFields } from './compoundFields.js';
import type { SalesforceSettings } from './settings.js';
import type { RecordChange, RecordStore } from './store.js';

type Message = Record<string, unknown>;

interface StoredEvent {
  readonly replayId: number;
  readonly channel: string;
  readonly publishedAt: number;
  readonly data: Record<string, unknown>;
}

interface CometClient {
  readonly id: string;
  readonly subscriptions: Set<string>;
  queue: Message[];
  /** Wakes a held `/meta/connect`. */
  wake?: () => void;
}

const ALL_CHANGES = '/data/ChangeEvents';

/** `/data/AccountChangeEvent`; custom objects drop the `c` of `__c`: `Employee__c` → `/data/Employee__ChangeEvent`. */
export function changeEventChannel(entityName: string): string {
  return `/data/${entityName.endsWith('__c') ? entityName.slice(0, -1) : entityName}ChangeEvent`;
}

/**
 * Change Data Capture over CometD long-polling at `/cometd/<version>`: handshake, connect, subscribe with the replay
 * extension (-1 new events, -2 all retained, or after a given replayId), and Salesforce's event envelope.
 */
export class StreamingServer {
  private readonly clients = new Map<string, CometClient>();
  private events: StoredEvent[] = [];
  private nextReplayId = 1;
  private prunedUpTo = 0;
  private commitNumber = 10_000_000;
  private readonly sequences = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: RecordStore,
    private readonly settings: SalesforceSettings,
    private readonly clock: SandboxClock,
  ) {
    this.unsubscribe = store.onChange((change) => this.publish(change));
  }

  register(app: FastifyInstance, authorised: (authorization: string | undefined) => boolean): void {
    app.post('/cometd/:version', async (request, reply) => {
      const body = request.body;
      const messages = (Array.isArray(body) ? body : [body]).filter(
        (message): message is Message => message !== null && typeof message === 'object',
      );
      const ok = authorised(request.headers.authorization);
      const replies = await this.handle(messages, ok);
      return reply.type('application/json;charset=UTF-8').send(replies);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const client of this.clients.values()) client.wake?.();
    this.clients.clear();
  }

  private entitySelected(entityName: string): boolean {
    const selected = this.settings.cdcEntities;
    return selected.length === 0 || selected.some((name) => name.toLowerCase() === entityName.toLowerCase());
  }

  private channelExists(channel: string): boolean {
    if (channel === ALL_CHANGES) return true;
    return this.store.schema
      .all()
      .some((object) => this.entitySelected(object.name) && changeEventChannel(object.name) === channel);
  }

  // ---- publishing -------------------------------------------------------------------------------------------

  private publish(change: RecordChange): void {
    if (!this.entitySelected(change.entityName)) return;
    this.prune();
    const sequenceNumber = (this.sequences.get(change.transactionKey) ?? 0) + 1;
    this.sequences.set(change.transactionKey, sequenceNumber);
    if (this.sequences.size > 10_000) this.sequences.clear();
    this.commitNumber++;
    const replayId = this.nextReplayId++;
    const shaped = nestCompoundFields(change.entityName, change.fields, change.changedFields, change.nulledFields);
    const header = {
      entityName: change.entityName,
      recordIds: [change.recordId],
      changeType: change.changeType,
      changeOrigin: change.origin,
      transactionKey: change.transactionKey,
      sequenceNumber,
      commitTimestamp: change.commitTimestamp,
      commitNumber: this.commitNumber,
      commitUser: change.userId,
      nulledFields: shaped.nulledFields,
      diffFields: [],
      changedFields: shaped.changedFields,
    };
    const data = {
      schema: schemaId(change.entityName),
      payload: { ...shaped.payload, ChangeEventHeader: header },
      event: { replayId },
    };
    const channel = changeEventChannel(change.entityName);
    this.events.push({ replayId, channel, publishedAt: Date.now(), data });
    for (const client of this.clients.values()) {
      for (const subscription of [channel, ALL_CHANGES]) {
        if (client.subscriptions.has(subscription)) client.queue.push({ channel: subscription, data });
      }
      if (client.queue.length > 0) client.wake?.();
    }
  }

  private prune(): void {
    const cutoff = Date.now() - this.clock.realDuration(this.settings.cdcRetentionMs);
    let first = 0;
    while (first < this.events.length && (this.events[first]?.publishedAt ?? 0) < cutoff) {
      this.prunedUpTo = this.events[first]?.replayId ?? this.prunedUpTo;
      first++;
    }
    if (first > 0) this.events = this.events.slice(first);
  }

  // ---- Bayeux -----------------------------------------------------------------------------------------------

  private advice(): { interval: number; timeout: number; reconnect: string } {
    return {
      interval: 0,
      timeout: Math.round(this.clock.realDuration(this.settings.longPollTimeoutMs)),
      reconnect: 'retry',
    };
  }

  private async handle(messages: Message[], authorised: boolean): Promise<Message[]> {
    const replies: Message[] = [];
    let connect: Message | undefined;
    for (const message of messages) {
      const channel = String(message.channel ?? '');
      if (channel === '/meta/connect') {
        connect = message;
        continue;
      }
      replies.push(this.handleMeta(message, channel, authorised));
    }
    if (connect) replies.push(...(await this.connect(connect, authorised)));
    return replies;
  }

  private handleMeta(message: Message, channel: string, authorised: boolean): Message {
    const id = message.id;
    if (channel === '/meta/handshake') {
      if (!authorised) {
        return {
          ext: { sfdc: { failureReason: '401::Authentication invalid' }, replay: true, 'payload.format': true },
          advice: { reconnect: 'none' },
          channel,
          id,
          error: '403::Handshake denied',
          successful: false,
        };
      }
      const clientId = randomBytes(16).toString('base64url');
      this.clients.set(clientId, { id: clientId, subscriptions: new Set(), queue: [] });
      return {
        ext: { replay: true, 'payload.format': true },
        minimumVersion: '1.0',
        clientId,
        supportedConnectionTypes: ['long-polling'],
        advice: this.advice(),
        channel,
        id,
        version: '1.0',
        successful: true,
      };
    }
    const client = this.clients.get(String(message.clientId ?? ''));
    if (!client || !authorised) return this.unknownClient(message, channel, authorised);
    const subscription = String(message.subscription ?? '');
    switch (channel) {
      case '/meta/subscribe': {
        if (!this.channelExists(subscription)) {
          return this.failure(
            message,
            channel,
            `400::The channel you requested to subscribe to does not exist {${subscription}}`,
            { subscription },
          );
        }
        const replayError = this.replay(client, subscription, message.ext);
        if (replayError) return this.failure(message, channel, replayError, { subscription });
        client.subscriptions.add(subscription);
        return { clientId: client.id, channel, id, subscription, successful: true };
      }
      case '/meta/unsubscribe':
        client.subscriptions.delete(subscription);
        return { clientId: client.id, channel, id, subscription, successful: true };
      case '/meta/disconnect':
        client.wake?.();
        this.clients.delete(client.id);
        return { clientId: client.id, channel, id, successful: true };
      default:
        return this.failure(message, channel, `400::Publishing to ${channel} is not supported`);
    }
  }

  /** Queues retained events for a subscription that asked for a replay; returns an error text if the id is too old. */
  private replay(client: CometClient, subscription: string, ext: unknown): string | undefined {
    this.prune();
    const replay = ext && typeof ext === 'object' ? (ext as { replay?: unknown }).replay : undefined;
    const value = replay && typeof replay === 'object' ? (replay as Record<string, unknown>)[subscription] : undefined;
    const replayId = Number(value ?? -1);
    if (!Number.isInteger(replayId) || replayId === -1) return undefined;
    if (replayId !== -2 && (replayId < this.prunedUpTo || replayId >= this.nextReplayId)) {
      return `400::The replayId {${replayId}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`;
    }
    for (const event of this.events) {
      if (replayId !== -2 && event.replayId <= replayId) continue;
      if (subscription === ALL_CHANGES || event.channel === subscription)
        client.queue.push({ channel: subscription, data: event.data });
    }
    return undefined;
  }

  private async connect(message: Message, authorised: boolean): Promise<Message[]> {
    const channel = '/meta/connect';
    const client = this.clients.get(String(message.clientId ?? ''));
    if (!client || !authorised) return [this.unknownClient(message, channel, authorised)];
    const advice = message.advice as { timeout?: unknown } | undefined;
    if (client.queue.length === 0 && advice?.timeout !== 0) {
      client.wake?.();
      let finish: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        const timer = setTimeout(() => finish(), Math.max(0, this.advice().timeout - 1000));
        finish = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      client.wake = finish;
      await held;
      if (client.wake === finish) client.wake = undefined;
    }
    const events = client.queue;
    client.queue = [];
    if (!this.clients.has(client.id)) return [this.unknownClient(message, channel, true)];
    return [...events, { clientId: client.id, channel, id: message.id, successful: true, advice: this.advice() }];
  }

  private unknownClient(message: Message, channel: string, authorised: boolean): Message {
    if (!authorised) {
      return {
        ...this.failure(message, channel, '401::Authentication invalid'),
        advice: { reconnect: 'none' },
        ext: { sfdc: { failureReason: '401::Authentication invalid' } },
      };
    }
    return {
      ...this.failure(message, channel, '403::Unknown client'),
      advice: { reconnect: 'handshake', interval: 0 },
    };
  }

  private failure(message: Message, channel: string, error: string, extra: Message = {}): Message {
    return { clientId: message.clientId, channel, id: message.id, ...extra, error, successful: false };
  }
}

/** Salesforce names the Avro schema of each event type by a hash-like id; the sandbox derives a stable one. */
function schemaId(entityName: string): string {
  return createHash('sha256').update(`${entityName}ChangeEvent`).digest('base64url').slice(0, 22);
}
