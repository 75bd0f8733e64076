import { DemoEnvironment } from '../demo/demoEnvironment.js';
import type { Workspace } from '../store/workspace.js';
import { createDispatcher, type Dispatch, type OperationHandlers } from './dispatcher.js';
import { EventBus } from './eventBus.js';
import { appHandlers } from './handlers/appHandlers.js';
import { auditHandlers } from './handlers/auditHandlers.js';
import { readSettings, settingsHandlers } from './handlers/settingsHandlers.js';

/** The console service: the console API's implementation over one open workspace, shared by every transport. */
export interface ConsoleService {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly workspace: Workspace;
  /** Stops what the service started (the demo sandboxes); the caller closes the workspace. */
  close(): Promise<void>;
}

export function createConsoleService(workspace: Workspace, options: { demo?: DemoEnvironment } = {}): ConsoleService {
  const events = new EventBus();
  const demo = options.demo ?? new DemoEnvironment((status) => events.publish('demoStatusChanged', status));
  const handlers: OperationHandlers = {
    ...appHandlers(workspace, new Date().toISOString()),
    ...settingsHandlers(workspace, events, demo),
    ...auditHandlers(workspace),
    getDemoStatus: () => demo.current(),
  };
  // A workspace in demo mode brings its demo companies back whenever the console starts.
  if (readSettings(workspace).demoMode) void demo.ensureRunning();
  return { dispatch: createDispatcher(handlers), events, workspace, close: () => demo.stop() };
}
