import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../errors.js';
import { openDatabase } from './database.js';
import { AlertEventRepository } from './repositories/alertEvents.js';
import { AlertRuleRepository } from './repositories/alertRules.js';
import { AuditLog } from './repositories/auditLog.js';
import { ConnectionCheckLog } from './repositories/connectionChecks.js';
import { ConnectionRepository } from './repositories/connections.js';
import { CrossReferenceRepository } from './repositories/crossReferences.js';
import { DeadLetterRepository } from './repositories/deadLetters.js';
import { GoldenRecordRepository } from './repositories/goldenRecords.js';
import { MappingDocumentRepository } from './repositories/mappingDocuments.js';
import { OutboxRepository } from './repositories/outbox.js';
import { QuotaSampleRepository } from './repositories/quotaSamples.js';
import { ReadCursorRepository } from './repositories/readCursors.js';
import { ReconciliationStore } from './repositories/reconciliations.js';
import { RecordSnapshotRepository } from './repositories/recordSnapshots.js';
import { SettingsStore } from './repositories/settingsStore.js';
import { SyncConflictRepository } from './repositories/syncConflicts.js';
import { SyncPairRepository } from './repositories/syncPairs.js';
import { SyncRunRepository } from './repositories/syncRuns.js';
import { WorkflowDefinitionRepository } from './repositories/workflowDefinitions.js';
import { WorkflowRunRepository } from './repositories/workflowRuns.js';

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** One workspace: one SQLite file in the data directory and the repositories over it. */
export interface Workspace {
  readonly name: string;
  readonly file: string;
  readonly db: Database;
  readonly settings: SettingsStore;
  readonly auditLog: AuditLog;
  /** Connections with their non-secret settings and keychain references. */
  readonly connections: ConnectionRepository;
  readonly connectionChecks: ConnectionCheckLog;
  /** Incremental-read cursors and the record versions seen in each look-back window. */
  readonly readCursors: ReadCursorRepository;
  /** Sync: pairs, links, golden records, snapshots of source records, the outbox, dead letters, conflicts and runs. */
  readonly syncPairs: SyncPairRepository;
  readonly crossReferences: CrossReferenceRepository;
  readonly goldenRecords: GoldenRecordRepository;
  readonly recordSnapshots: RecordSnapshotRepository;
  readonly outbox: OutboxRepository;
  readonly deadLetters: DeadLetterRepository;
  readonly syncRuns: SyncRunRepository;
  readonly syncConflicts: SyncConflictRepository;
  /** Reconciliations with their records, matches, grid rows, decisions, corrections and sign-offs. */
  readonly reconciliations: ReconciliationStore;
  /** Mapping documents, every saved version kept. */
  readonly mappingDocuments: MappingDocumentRepository;
  /** Workflow definitions (every version) and their runs with step logs. */
  readonly workflowDefinitions: WorkflowDefinitionRepository;
  readonly workflowRuns: WorkflowRunRepository;
  /** Monitoring: the API quota systems last reported, alert rules and the alerts they raised. */
  readonly quotaSamples: QuotaSampleRepository;
  readonly alertRules: AlertRuleRepository;
  readonly alertEvents: AlertEventRepository;
  close(): void;
}

export function workspaceFile(dataDirectory: string, name: string): string {
  if (!WORKSPACE_NAME.test(name)) {
    throw new CounterpartError(
      'store.bad_workspace_name',
      `"${name}" is not a workspace name: use letters, digits, "-" and "_" (at most 64).`,
      { workspace: name },
    );
  }
  return join(dataDirectory, 'workspaces', `${name}.sqlite`);
}

export function openWorkspace(options: { dataDirectory: string; name: string }): Workspace {
  const file = workspaceFile(options.dataDirectory, options.name);
  mkdirSync(join(options.dataDirectory, 'workspaces'), { recursive: true });
  const db = openDatabase(file);
  return {
    name: options.name,
    file,
    db,
    settings: new SettingsStore(db),
    auditLog: new AuditLog(db),
    connections: new ConnectionRepository(db),
    connectionChecks: new ConnectionCheckLog(db),
    readCursors: new ReadCursorRepository(db),
    syncPairs: new SyncPairRepository(db),
    crossReferences: new CrossReferenceRepository(db),
    goldenRecords: new GoldenRecordRepository(db),
    recordSnapshots: new RecordSnapshotRepository(db),
    outbox: new OutboxRepository(db),
    deadLetters: new DeadLetterRepository(db),
    syncRuns: new SyncRunRepository(db),
    syncConflicts: new SyncConflictRepository(db),
    reconciliations: new ReconciliationStore(db),
    mappingDocuments: new MappingDocumentRepository(db),
    workflowDefinitions: new WorkflowDefinitionRepository(db),
    workflowRuns: new WorkflowRunRepository(db),
    quotaSamples: new QuotaSampleRepository(db),
    alertRules: new AlertRuleRepository(db),
    alertEvents: new AlertEventRepository(db),
    close: () => db.close(),
  };
}
