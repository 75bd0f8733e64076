import { canonicalJson, sha256 } from './content.js';

/**
 * The idempotency key of a sync write: the same pair, flow, source record and source version always give the same
 * key, so a page read again, a retry or a replayed run never queues (or sends) a second write of one change.
 */
export function syncWriteKey(
  pairId: string,
  flowId: string,
  sourceId: string,
  versionKey: string,
  salt?: string,
): string {
  return sha256(canonicalJson(['counterpart.sync', pairId, flowId, sourceId, versionKey, ...(salt ? [salt] : [])]));
}

/** The outbox key of a write someone approved: stable for their key and the connection it writes to. */
export function submittedWriteKey(connectionId: string, idempotencyKey: string): string {
  return sha256(canonicalJson(['counterpart.submit', connectionId, idempotencyKey]));
}

/** A replay of a dead letter is a new attempt of the same write: numbered, so a crash mid-replay re-sends it once. */
export function replayKey(deadLetterId: string, replay: number): string {
  return sha256(canonicalJson(['counterpart.replay', deadLetterId, replay]));
}
