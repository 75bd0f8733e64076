import type { Entity } from '../../connectors/connector.js';
import type { SyncEngineApi } from '../syncContract.js';

/** All a trigger needs of the sync engine: starting one run of a pair. */
export type SyncRunner = Pick<SyncEngineApi, 'runOnce'>;

/**
 * Whether a record was just written by the engine itself, so the change notification it caused (a CDC event, a
 * webhook) must not start a run that would write it back again. `recordId` is the id in the system that notified.
 */
export type OwnWriteCheck = (entity: Entity, recordId: string) => boolean;

/** A started trigger: stop() ends its intake (timers, subscriptions, listeners) and resolves once it has. */
export interface Trigger {
  stop(): Promise<void>;
}
