import type { ConnectionManager } from '../connections/connectionManager.js';
import { availableSystems } from '../connections/connectorRegistry.js';
import type { RunningSandboxes } from '../sandbox/startSandboxes.js';

/** The actor the audit trail names for connections the demo makes by itself. */
export const DEMO_ACTOR = 'Counterpart demo';

/** Connects the workspace to each demo sandbox Counterpart has a connector for, as "Demo <system>". */
export async function connectDemoSystems(connections: ConnectionManager, demo: RunningSandboxes): Promise<void> {
  for (const descriptor of availableSystems()) {
    const sandbox = demo.sandboxes[descriptor.system];
    await connections.connectSandbox(
      descriptor.system,
      `Demo ${descriptor.displayName}`,
      { baseUrl: sandbox.baseUrl, ...sandbox.credentials },
      DEMO_ACTOR,
    );
  }
}
