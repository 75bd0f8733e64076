import type { z } from 'zod';
import type { Casework } from '../../recon/casework/casework.js';
import { ReconciliationConsole } from '../../recon/casework/reconciliationConsole.js';
import type { SecretVault } from '../../secrets/keychain.js';
import type { Workspace } from '../../store/workspace.js';
import type { SyncEngineApi } from '../../sync/syncContract.js';
import type { EventBus } from '../eventBus.js';
import type {
  AcceptMatch,
  BulkAcceptMatches,
  DecideCorrection,
  ExplainDifference,
  ExportRequest,
  MatchManually,
  NewReconciliation,
  ProposeCorrection,
  ReconciliationQuery,
  RejectMatch,
  RowQuery,
  SignOffPeriod,
} from '../schemas/reconciliations.js';
import { readSettings } from './settingsHandlers.js';

export interface ReconciliationHandlerOptions {
  readonly vault: SecretVault;
  /** The console's sync engine, which writes approved corrections; undefined while none runs. */
  readonly syncEngine: () => SyncEngineApi | undefined;
}

type In<T extends z.ZodType> = z.output<T>;
type ById = { id: string };

/**
 * The reconciliation console's operations. Every command acts as the person settings name, with their role; each
 * change is announced as `reconciliationChanged` (and its audit entries as `auditAppended`), each run's progress as
 * `reconciliationProgress`.
 */
export function reconciliationHandlers(workspace: Workspace, bus: EventBus, options: ReconciliationHandlerOptions) {
  const casework: Casework = {
    workspace,
    vault: options.vault,
    actor: () => {
      const settings = readSettings(workspace);
      return { name: settings.userName, role: settings.role };
    },
    listeners: {
      changed: (id) => bus.publish('reconciliationChanged', { id }),
      audited: (entry) => bus.publish('auditAppended', entry),
      progress: (progress) => bus.publish('reconciliationProgress', progress),
    },
    syncEngine: options.syncEngine,
  };
  const reconciliations = new ReconciliationConsole(casework);
  const handlers = {
    listReconciliations: (filter: In<typeof ReconciliationQuery>) => ({
      reconciliations: reconciliations.list(filter),
    }),
    getReconciliation: ({ id }: ById) => reconciliations.get(id),
    getReconciliationRows: ({ id, ...query }: In<typeof RowQuery>) => reconciliations.rows(id, query),
    getMatchDetail: ({ id, rowKey }: ById & { rowKey: string }) => reconciliations.matchDetail(id, rowKey),
    listReconDecisions: ({ id }: ById) => reconciliations.decisions(id),
    listPendingApprovals: () => reconciliations.pendingApprovals(),
    startReconciliation: (request: In<typeof NewReconciliation>) => reconciliations.start(request),
    cancelReconciliation: ({ id }: ById) => reconciliations.cancel(id),
    acceptMatch: (input: In<typeof AcceptMatch>) => reconciliations.acceptMatch(input),
    rejectMatch: (input: In<typeof RejectMatch>) => reconciliations.rejectMatch(input),
    matchManually: (input: In<typeof MatchManually>) => reconciliations.matchManually(input),
    bulkAcceptMatches: (input: In<typeof BulkAcceptMatches>) => reconciliations.bulkAccept(input),
    explainDifference: (input: In<typeof ExplainDifference>) => reconciliations.explainDifference(input),
    proposeCorrection: (input: In<typeof ProposeCorrection>) => reconciliations.proposeCorrection(input),
    decideCorrection: (input: In<typeof DecideCorrection>) => reconciliations.decideCorrection(input),
    signOffPeriod: (input: In<typeof SignOffPeriod>) => reconciliations.signOff(input),
    exportReconciliation: (input: In<typeof ExportRequest>) => reconciliations.export(input),
  };
  return { handlers, reconciliations };
}
