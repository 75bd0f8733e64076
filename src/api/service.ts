import { ConnectionManager } from '../connections/connectionManager.js';
import { connectDemoSystems } from '../demo/demoConnections.js';
import { DemoEnvironment } from '../demo/demoEnvironment.js';
import { Monitoring } from '../monitoring/monitoring.js';
import { startSandboxes } from '../sandbox/startSandboxes.js';
import { OsKeychain, type SecretVault } from '../secrets/keychain.js';
import type { Workspace } from '../store/workspace.js';
import { createSyncEngine } from '../sync/syncEngine.js';
import { WorkflowEngine } from '../workflows/workflowEngine.js';
import { createDispatcher, type Dispatch, type OperationHandlers } from './dispatcher.js';
import { EventBus } from './eventBus.js';
import { appHandlers } from './handlers/appHandlers.js';
import { auditHandlers } from './handlers/auditHandlers.js';
import { connectionHandlers } from './handlers/connectionHandlers.js';
import { mappingHandlers, mappingNameOf } from './handlers/mappingHandlers.js';
import { monitoringHandlers, publishAlert } from './handlers/monitoringHandlers.js';
import { reconciliationHandlers } from './handlers/reconciliationHandlers.js';
import { readSettings, settingsHandlers } from './handlers/settingsHandlers.js';
import { syncOperations } from './handlers/syncHandlers.js';
import { workflowHandlers } from './handlers/workflowHandlers.js';

/** The console service: the console API's implementation over one open workspace, shared by every transport. */
export interface ConsoleService {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly workspace: Workspace;
  /** Stops what the service started (the demo sandboxes); the caller closes the workspace. */
  close(): Promise<void>;
}

export interface ConsoleServiceOptions {
  /** Where connection secrets go; the OS keychain unless a test says otherwise. */
  readonly vault?: SecretVault;
  /** How often workflow triggers are polled and waiting runs looked at; 0 leaves it to the caller (tests). Default 30 s. */
  readonly workflowPollMs?: number;
}

export function createConsoleService(workspace: Workspace, options: ConsoleServiceOptions = {}): ConsoleService {
  const events = new EventBus();
  const monitoring = new Monitoring({ workspace, onAlertRaised: publishAlert(events) });
  // Secrets read or stored through the vault are remembered by the log's redactor, so none can reach a log line.
  const vault = monitoring.watchedVault(options.vault ?? new OsKeychain());
  const connections = new ConnectionManager(workspace, vault);
  const demo = new DemoEnvironment(
    (status) => events.publish('demoStatusChanged', status),
    startSandboxes,
    async (sandboxes) => {
      await connectDemoSystems(connections, sandboxes);
      events.publish('connectionsChanged', {});
    },
  );
  const syncEngine = createSyncEngine({
    workspace,
    vault,
    // Monitoring keeps the quota each system reports; the engine's connectors are otherwise the usual ones.
    connectorFor: (connection, secrets) => monitoring.connectorFor(connection, secrets),
  });
  const sync = syncOperations(syncEngine, workspace, events, (mappingId) => mappingNameOf(workspace, mappingId));
  const recon = reconciliationHandlers(workspace, events, { vault, syncEngine: () => syncEngine });
  const workflows = new WorkflowEngine({
    workspace,
    vault,
    syncEngine,
    onRunChanged: (run) => events.publish('workflowRunChanged', run),
  });
  const handlers: OperationHandlers = {
    ...appHandlers(workspace, new Date().toISOString()),
    ...settingsHandlers(workspace, events, demo),
    ...auditHandlers(workspace),
    ...connectionHandlers(connections, workspace, events),
    getDemoStatus: () => demo.current(),
    ...recon.handlers,
    ...sync.handlers,
    ...mappingHandlers(workspace, events, vault),
    ...workflowHandlers(workflows, workspace),
    ...monitoringHandlers(monitoring, workspace, events),
  };
  // A workspace in demo mode brings its demo companies back whenever the console starts.
  if (readSettings(workspace).demoMode) void demo.ensureRunning();
  workflows.startPolling(options.workflowPollMs ?? 30_000);
  return {
    dispatch: createDispatcher(handlers),
    events,
    workspace,
    close: async () => {
      await recon.reconciliations.close();
      await sync.stopRuns();
      await workflows.close();
      await syncEngine.close();
      await demo.stop();
      monitoring.close();
    },
  };
}
