import type { ChangeSubscription, ChangeSubscriptionOptions } from '../../connectors/salesforce/changeEvents.js';
import type { Clock } from '../../connectors/shared/clock.js';
import type { ConnectorError } from '../../connectors/shared/connectorError.js';
import { ChangeBatcher } from './changeBatcher.js';
import type { PairRunQueue } from './runQueue.js';
import type { OwnWriteCheck, Trigger } from './trigger.js';

/** What the trigger needs of the Salesforce connector: its Change Data Capture subscription. */
export interface ChangeEventSource {
  subscribeToChanges(options: Omit<ChangeSubscriptionOptions, 'session'>): Promise<ChangeSubscription>;
}

export interface SalesforceChangeTriggerOptions {
  readonly source: ChangeEventSource;
  readonly queue: PairRunQueue;
  /** Salesforce objects selected for Change Data Capture in the org, e.g. ['Account', 'Product2', 'Opportunity']. */
  readonly objects: readonly string[];
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  /** Drops notifications about records the engine has just written (beside the connector's own-origin filter). */
  readonly isOwnWrite?: OwnWriteCheck | undefined;
  /** Where to resume per channel (stored replay ids); new events only when absent. */
  readonly replayFrom?: Readonly<Record<string, number>> | undefined;
  readonly onReplayId?: ((channel: string, replayId: number) => void) | undefined;
  readonly onError?: ((error: ConnectorError) => void) | undefined;
  readonly clock?: Clock | undefined;
}

/**
 * Runs for what changes in Salesforce: each Change Data Capture event names the records of one entity; events in a
 * burst become one run of the entities they touched. Events caused by Counterpart's own writes start nothing: the
 * connector drops those whose `changeOrigin` names our client, and `isOwnWrite` drops those whose records the
 * engine has just written (an origin Salesforce left empty, another client id on the same user).
 */
export async function startSalesforceChangeTrigger(options: SalesforceChangeTriggerOptions): Promise<Trigger> {
  const batcher = new ChangeBatcher({
    debounceMs: options.debounceMs,
    maxWaitMs: options.maxWaitMs,
    isOwnWrite: options.isOwnWrite,
    clock: options.clock,
    onBatch: (entities) => void options.queue.request('event', entities),
  });
  const subscription = await options.source.subscribeToChanges({
    objects: options.objects,
    replayFrom: options.replayFrom,
    onReplayId: options.onReplayId,
    onError: options.onError,
    // A gap event says records changed without naming them reliably: it always runs.
    onChange: (change) => batcher.add(change.entity, change.changeType === 'gap' ? [] : change.recordIds),
  });
  return {
    stop: async () => {
      batcher.stop();
      await subscription.close();
    },
  };
}
