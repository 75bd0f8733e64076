import { ConnectionManager } from '../connections/connectionManager.js';
import { connectDemoSystems } from '../demo/demoConnections.js';
import { DemoEnvironment } from '../demo/demoEnvironment.js';
import { startSandboxes } from '../sandbox/startSandboxes.js';
import { OsKeychain, type SecretVault } from '../secrets/keychain.js';
import type { Workspace } from '../store/workspace.js';
import { createDispatcher, type Dispatch, type OperationHandlers } from './dispatcher.js';
import { EventBus } from './eventBus.js';
import { appHandlers } from './handlers/appHandlers.js';
import { auditHandlers } from './handlers/auditHandlers.js';
import { connectionHandlers } from './handlers/connectionHandlers.js';
import { readSettings, settingsHandlers } from './handlers/settingsHandlers.js';

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
}

export function createConsoleService(workspace: Workspace, options: ConsoleServiceOptions = {}): ConsoleService {
  const events = new EventBus();
  const connections = new ConnectionManager(workspace, options.vault ?? new OsKeychain());
  const demo = new DemoEnvironment(
    (status) => events.publish('demoStatusChanged', status),
    startSandboxes,
    async (sandboxes) => {
      await connectDemoSystems(connections, sandboxes);
      events.publish('connectionsChanged', {});
    },
  );
  const handlers: OperationHandlers = {
    ...appHandlers(workspace, new Date().toISOString()),
    ...settingsHandlers(workspace, events, demo),
    ...auditHandlers(workspace),
    ...connectionHandlers(connections, workspace, events),
    getDemoStatus: () => demo.current(),
  };
  // A workspace in demo mode brings its demo companies back whenever the console starts.
  if (readSettings(workspace).demoMode) void demo.ensureRunning();
  return { dispatch: createDispatcher(handlers), events, workspace, close: () => demo.stop() };
}
