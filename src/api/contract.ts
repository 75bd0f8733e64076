import { z } from 'zod';
import { SystemName } from '../model/recordRef.js';
import { command, query } from './operation.js';
import { AppInfo } from './schemas/appInfo.js';
import { AuditEntry, AuditQuery, AuditVerification } from './schemas/audit.js';
import {
  ConnectionCheckResult,
  ConnectionId,
  ConnectionList,
  CreatedConnection,
  NewConnection,
} from './schemas/connections.js';
import { DemoStatus } from './schemas/demo.js';
import { mappingOperations } from './schemas/mapping.js';
import { monitoringEvents, monitoringOperations } from './schemas/monitoring.js';
import { reconciliationEvents, reconciliationOperations } from './schemas/reconciliations.js';
import { FirstRunChoice, Settings, SettingsUpdate } from './schemas/settings.js';
import { syncEvents, syncOperations } from './schemas/sync.js';
import { workflowEvents, workflowOperations } from './schemas/workflows.js';

const NoInput = z.object({}).strict();

/**
 * The console API: every query and command the UI may use. Transports (Electron IPC, `counterpart serve`) and the
 * renderer's client are all derived from this one list; nothing reaches the engine that is not declared here.
 */
export const operations = {
  getAppInfo: query('Product version, workspace and transport of this console.', NoInput, AppInfo),
  getSettings: query("The workspace's settings and the current person's role.", NoInput, Settings),
  updateSettings: command('Change the person name, role or theme.', SettingsUpdate, Settings),
  completeFirstRun: command(
    'Finish the first-run screen: explore with demo companies, or set up your own connections.',
    FirstRunChoice,
    Settings,
  ),
  listAuditEntries: query(
    'Audit trail entries, newest first, optionally filtered by action or actor.',
    AuditQuery,
    z.object({ entries: z.array(AuditEntry) }),
  ),
  verifyAuditTrail: query('Check the hash chain of the whole audit trail.', NoInput, AuditVerification),
  listConnections: query(
    'The workspace’s connections with their latest check, and the systems available.',
    NoInput,
    ConnectionList,
  ),
  createConnection: command(
    'Connect to a system: sign in (in the browser for Xero and Salesforce), test, and only then save the connection.',
    NewConnection,
    CreatedConnection,
  ),
  testConnection: command(
    'Ask a connection’s system who we are; the outcome is kept as the connection’s latest check.',
    ConnectionId,
    ConnectionCheckResult,
  ),
  getDemoStatus: query(
    "The demo companies' sandboxes: whether they run, where, and the differences planted in them.",
    NoInput,
    DemoStatus,
  ),
  ...reconciliationOperations,
  ...syncOperations,
  ...mappingOperations,
  ...workflowOperations,
  ...monitoringOperations,
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
export type ParsedInput<N extends OperationName> = z.output<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>;

/** Events the engine pushes to every open console (progress of long work, changes made elsewhere). */
export const events = {
  settingsChanged: Settings,
  auditAppended: AuditEntry,
  demoStatusChanged: DemoStatus,
  connectionsChanged: z.object({}),
  /** An OAuth system's consent page the person must open to finish connecting. */
  consentRequested: z.object({ system: SystemName, url: z.url() }),
  progress: z.object({
    task: z.string(),
    label: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().nullable(),
  }),
  ...reconciliationEvents,
  ...syncEvents,
  ...workflowEvents,
  ...monitoringEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export interface ConsoleEvent<E extends EventName = EventName> {
  readonly name: E;
  readonly payload: EventPayload<E>;
}

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(operations, name);
}
