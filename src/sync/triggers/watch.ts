import { z } from 'zod';
import type { Clock } from '../../connectors/shared/clock.js';
import type { ConnectorError } from '../../connectors/shared/connectorError.js';
import { CounterpartError } from '../../errors.js';
import type { SyncPair, SyncRun } from '../syncContract.js';
import { startPollingTrigger } from './pollingTrigger.js';
import { PairRunQueue } from './runQueue.js';
import { type ChangeEventSource, startSalesforceChangeTrigger } from './salesforceChangeEvents.js';
import type { OwnWriteCheck, SyncRunner, Trigger } from './trigger.js';
import { startXeroWebhookTrigger } from './xeroWebhooks.js';

/** The settings of `counterpart sync --watch`, per pair; checked where they enter (CLI flags, stored pair settings). */
export const WatchSettings = z.object({
  /** Seconds between scheduled runs of every entity; 0 turns scheduled runs off. */
  pollSeconds: z.number().int().min(0).default(300),
  /** Quiet time after the last change notification before its run starts. */
  debounceMs: z.number().int().min(0).default(2_000),
  /** Longest a change waits for its run while notifications keep coming. */
  maxWaitMs: z.number().int().min(0).default(30_000),
  /** Xero webhooks need a listener Xero can reach (behind HTTPS on port 443), so they are off unless asked for. */
  xeroWebhooks: z
    .object({
      enabled: z.boolean().default(false),
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(0),
      path: z.string().startsWith('/').default('/webhooks/xero'),
    })
    .prefault({}),
});
export type WatchSettings = z.infer<typeof WatchSettings>;
export type WatchSettingsInput = z.input<typeof WatchSettings>;

export interface WatchOptions {
  readonly settings?: WatchSettingsInput | undefined;
  /** The pair's Salesforce connector, when one side is Salesforce: runs start from its Change Data Capture events. */
  readonly salesforce?:
    | {
        readonly source: ChangeEventSource & { readonly changeObjects?: readonly string[] };
        /** Objects selected for Change Data Capture; by default the connector's own (`changeObjects`). */
        readonly objects?: readonly string[] | undefined;
        readonly replayFrom?: Readonly<Record<string, number>> | undefined;
        readonly onReplayId?: ((channel: string, replayId: number) => void) | undefined;
      }
    | undefined;
  /** The Xero side's webhook key and organisation, used when `settings.xeroWebhooks.enabled`. */
  readonly xero?: { readonly webhookKey: string; readonly tenantId?: string | undefined } | undefined;
  /** Records the engine has just written, so their change notifications start no run. */
  readonly isOwnWrite?: OwnWriteCheck | undefined;
  readonly onRun?: ((run: SyncRun) => void) | undefined;
  readonly onError?: ((error: CounterpartError) => void) | undefined;
  /** Aborting it stops watching, like stop(). */
  readonly signal?: AbortSignal | undefined;
  readonly clock?: Clock | undefined;
}

export interface Watching {
  /** Where the Xero webhook listener answers, when it runs. */
  readonly webhookUrl: string | undefined;
  /** Stops every trigger, cancels the run under way and resolves once all is quiet. */
  stop(): Promise<void>;
}

/**
 * Keeps one pair in step until stopped: scheduled runs every `pollSeconds`, plus runs started by Salesforce Change
 * Data Capture and (when enabled) Xero webhooks, debounced. All of them share one queue, so the pair never has two
 * runs at once.
 */
export async function watch(
  engine: SyncRunner,
  pair: Pick<SyncPair, 'id'>,
  options: WatchOptions = {},
): Promise<Watching> {
  const settings = readSettings(options.settings);
  const queue = new PairRunQueue({ engine, pairId: pair.id, onRun: options.onRun, onError: options.onError });
  const triggers: Trigger[] = [];
  const stopAll = async () => {
    await Promise.all([queue.stop(), ...triggers.map((trigger) => trigger.stop())]);
  };
  let webhookUrl: string | undefined;
  try {
    const debounce = { debounceMs: settings.debounceMs, maxWaitMs: settings.maxWaitMs, clock: options.clock };
    if (options.salesforce) {
      const { source } = options.salesforce;
      triggers.push(
        await startSalesforceChangeTrigger({
          ...debounce,
          source,
          queue,
          objects: options.salesforce.objects ?? source.changeObjects ?? ['Account', 'Product2'],
          isOwnWrite: options.isOwnWrite,
          replayFrom: options.salesforce.replayFrom,
          onReplayId: options.salesforce.onReplayId,
          onError: (error: ConnectorError) => options.onError?.(error),
        }),
      );
    }
    if (settings.xeroWebhooks.enabled) {
      const webhooks = await startXeroWebhookTrigger({
        ...debounce,
        ...settings.xeroWebhooks,
        queue,
        webhookKey: requireWebhookKey(options, pair.id),
        tenantId: options.xero?.tenantId,
        isOwnWrite: options.isOwnWrite,
        onError: options.onError,
      });
      triggers.push(webhooks);
      webhookUrl = webhooks.url;
    }
    if (settings.pollSeconds > 0) {
      triggers.push(startPollingTrigger({ queue, intervalSeconds: settings.pollSeconds, clock: options.clock }));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopAll();
    return stopping;
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  if (options.signal?.aborted) await stop();
  return { webhookUrl, stop };
}

function readSettings(input: WatchSettingsInput | undefined): WatchSettings {
  const parsed = WatchSettings.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new CounterpartError(
    'sync.watch_bad_settings',
    `The watch setting ${issue?.path.join('.') || '(top)'} is not valid: ${issue?.message ?? 'unreadable'}.`,
    { field: issue?.path.join('.') ?? null },
  );
}

function requireWebhookKey(options: WatchOptions, pairId: string): string {
  const key = options.xero?.webhookKey;
  if (key) return key;
  throw new CounterpartError(
    'sync.watch_missing_webhook_key',
    "Xero webhooks are enabled for this pair but no webhook key was given: add the app's webhook signing key to the Xero connection, or turn webhooks off.",
    { pairId },
  );
}
