import { randomUUID } from 'node:crypto';
import { CounterpartError } from '../../errors.js';
import type { SecretVault } from '../../secrets/keychain.js';
import type { AuditEntry } from '../../store/repositories/auditLog.js';
import type { ReconciliationRecord } from '../../store/repositories/reconciliations.js';
import type { Role, StoredDecision } from '../../store/repositories/reconDecisions.js';
import type { Workspace } from '../../store/workspace.js';
import type { SyncEngineApi } from '../../sync/syncContract.js';

/** The person acting, as the workspace's settings name them. */
export interface Actor {
  readonly name: string;
  readonly role: Role;
}

export type ReconProgressStage =
  | 'reading_left'
  | 'reading_right'
  | 'preparing'
  | 'reference'
  | 'key'
  | 'probabilistic'
  | 'group'
  | 'flags'
  | 'saving'
  | 'done';

/** What the console hears about: a reconciliation changed, an audit entry was written, a run progressed. */
export interface CaseworkListeners {
  readonly changed: (reconciliationId: string) => void;
  readonly audited: (entry: AuditEntry) => void;
  readonly progress: (progress: { id: string; stage: ReconProgressStage; fraction: number }) => void;
}

/** What every piece of reconciliation casework works with. */
export interface Casework {
  readonly workspace: Workspace;
  /** Where connection secrets are, for reading a side through its connector. */
  readonly vault: SecretVault;
  readonly actor: () => Actor;
  readonly listeners: CaseworkListeners;
  /** The sync engine that writes approved corrections; absent where none runs (then approving one is refused). */
  readonly syncEngine: () => SyncEngineApi | undefined;
}

/** A decision as casework makes it: the stored decision less what recording it adds (who, when, audit entry). */
export type DecisionInput = Omit<StoredDecision, 'id' | 'actor' | 'role' | 'at' | 'auditSeq'> & {
  /** The audit trail's action name, e.g. `recon.match_accepted`. */
  readonly action: string;
};

/**
 * Writes a decision's audit entry (hash-chained: who, when, what, before/after, comment) and its index row. Call it
 * inside the transaction that makes the change, so a change never exists without its audit entry.
 */
export function recordDecision(casework: Casework, actor: Actor, input: DecisionInput): StoredDecision {
  const subject = `reconciliation:${input.reconciliationId}${input.rowKeys.length === 1 ? `/row:${input.rowKeys[0]}` : ''}`;
  const entry = casework.workspace.auditLog.append({
    actor: actor.name,
    action: input.action,
    subject,
    before: input.before,
    after: { ...(input.after as object), role: actor.role, rows: input.rowKeys.slice(0, 1000) },
    comment: input.comment ?? undefined,
  });
  pendingAudit.set(casework, [...(pendingAudit.get(casework) ?? []), entry]);
  return casework.workspace.reconciliations.decisions.insert({
    id: randomUUID(),
    reconciliationId: input.reconciliationId,
    kind: input.kind,
    actor: actor.name,
    role: actor.role,
    at: entry.at,
    rowKeys: input.rowKeys,
    recordKeys: input.recordKeys,
    before: input.before,
    after: input.after,
    comment: input.comment,
    auditSeq: entry.seq,
  });
}

/** Audit entries written in a transaction, announced only once it committed. */
const pendingAudit = new WeakMap<Casework, AuditEntry[]>();

/**
 * Runs a change and its decision records in one transaction, then tells the console: the audit entries written and
 * the reconciliation changed. A failure rolls everything back and announces nothing.
 */
export function inTransaction<T>(casework: Casework, reconciliationId: string, change: () => T): T {
  pendingAudit.delete(casework);
  let result: T;
  try {
    result = casework.workspace.db.transaction(change)();
  } catch (error) {
    pendingAudit.delete(casework);
    throw error;
  }
  for (const entry of pendingAudit.get(casework) ?? []) casework.listeners.audited(entry);
  pendingAudit.delete(casework);
  casework.listeners.changed(reconciliationId);
  return result;
}

/** A reconciliation decisions may change: finished, and not signed off. */
export function openReconciliation(casework: Casework, id: string): ReconciliationRecord {
  const reconciliation = casework.workspace.reconciliations.headers.require(id);
  switch (reconciliation.status) {
    case 'ready':
      return reconciliation;
    case 'signed_off': {
      const signOff = casework.workspace.reconciliations.signOffs.get(id);
      throw new CounterpartError(
        'recon.locked',
        `The ${reconciliation.entity} reconciliation for ${reconciliation.periodStart} to ${reconciliation.periodEnd} was signed off${signOff ? ` by ${signOff.signedBy} on ${signOff.signedAt.slice(0, 10)}` : ''} and is locked; no further decisions can be made on it.`,
        { reconciliationId: id },
      );
    }
    case 'running':
      throw new CounterpartError(
        'recon.still_running',
        'This reconciliation is still running; wait for it to finish before deciding on its rows.',
        { reconciliationId: id },
      );
    default:
      throw new CounterpartError(
        'recon.not_ready',
        `This reconciliation ${reconciliation.status === 'failed' ? 'failed' : 'was cancelled'}, so it has no rows to decide on; start it again.`,
        { reconciliationId: id },
      );
  }
}

/** Only approvers approve corrections and sign periods off; preparers are told so. */
export function requireApprover(actor: Actor, what: string): void {
  if (actor.role !== 'approver') {
    throw new CounterpartError(
      'recon.approver_only',
      `Only an approver can ${what}; ${actor.name} is a preparer (change the role in Settings if that is wrong).`,
      { actor: actor.name, role: actor.role },
    );
  }
}

export function recordKey(side: 'left' | 'right', key: string): string {
  return `${side}:${key}`;
}
