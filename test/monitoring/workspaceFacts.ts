import { DeadLetterRepository } from '../../src/store/repositories/deadLetters.js';
import { NO_FIGURES, type RunFigures } from '../../src/store/repositories/syncRuns.js';
import type { Workspace } from '../../src/store/workspace.js';
import { pairedWorkspace } from '../sync/support/pairedWorkspace.js';

/** A workspace with a Xero and a Sage X3 connection paired, and helpers to record what the engines would. */
export function monitoredWorkspace(dataDirectory: string) {
  const { workspace, books, orders, pair } = pairedWorkspace(dataDirectory);
  let runs = 0;
  let letters = 0;
  return {
    workspace,
    books,
    orders,
    pair,
    /** A finished run that started at `at`. */
    run(at: string, status: 'succeeded' | 'partly_failed' | 'failed', figures: Partial<RunFigures> = {}) {
      runs += 1;
      const id = `run-${runs}`;
      workspace.syncRuns.start({ id, pairId: pair.id, trigger: 'manual', startedAt: at, entities: ['party'] });
      const totals = { ...NO_FIGURES, ...figures };
      workspace.syncRuns.finish(id, {
        status,
        finishedAt: at,
        durationMs: 1000,
        totals,
        byFlow: { 'accounting-parties': totals },
        error: status === 'failed' ? 'Sage X3 refused the sign-in.' : null,
      });
      return id;
    },
    /** An open dead letter of a party write to Sage X3 refused at `at`. */
    deadLetter(at: string, errorClass = 'validation') {
      letters += 1;
      const { entry } = workspace.outbox.enqueue({
        idempotencyKey: `key-${letters}`,
        pairId: pair.id,
        flowId: 'accounting-parties',
        runId: null,
        connectionId: orders.id,
        entity: 'party',
        operation: 'create',
        target: null,
        payload: { code: `C00${letters}` },
        fields: null,
        source: null,
        sourceRecord: undefined,
      });
      // The repository stamps letters with its clock: one set to the time of the refusal.
      new DeadLetterRepository(workspace.db, () => new Date(at)).add({
        id: `dl-${letters}`,
        pairId: pair.id,
        flowId: 'accounting-parties',
        entity: 'party',
        targetConnectionId: orders.id,
        source: null,
        payload: { code: `C00${letters}` },
        errorClass,
        errorCode: `connector.${errorClass}`,
        systemMessage: 'Sage X3 refused the customer.',
        attempts: 1,
        outboxId: entry.id,
      });
    },
  };
}

export type MonitoredWorkspace = ReturnType<typeof monitoredWorkspace>;
export type { Workspace };
