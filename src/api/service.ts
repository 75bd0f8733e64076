import type { Workspace } from '../store/workspace.js';
import { createDispatcher, type Dispatch, type OperationHandlers } from './dispatcher.js';
import { EventBus } from './eventBus.js';
import { appHandlers } from './handlers/appHandlers.js';
import { auditHandlers } from './handlers/auditHandlers.js';
import { settingsHandlers } from './handlers/settingsHandlers.js';

/** The console service: the console API's implementation over one open workspace, shared by every transport. */
export interface ConsoleService {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly workspace: Workspace;
}

export function createConsoleService(workspace: Workspace): ConsoleService {
  const events = new EventBus();
  const handlers: OperationHandlers = {
    ...appHandlers(workspace, new Date().toISOString()),
    ...settingsHandlers(workspace, events),
    ...auditHandlers(workspace),
  };
  return { dispatch: createDispatcher(handlers), events, workspace };
}
