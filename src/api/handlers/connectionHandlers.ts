import type { ConnectionManager } from '../../connections/connectionManager.js';
import { availableSystems } from '../../connections/connectorRegistry.js';
import type { EventBus } from '../eventBus.js';

export function connectionHandlers(connections: ConnectionManager, bus: EventBus) {
  return {
    listConnections: () => ({
      connections: connections.list(),
      systems: availableSystems().map(({ system, displayName }) => ({ system, displayName })),
    }),
    testConnection: async ({ id }: { id: string }) => {
      const { connectionId: _, ...check } = await connections.test(id);
      bus.publish('connectionsChanged', {});
      return check;
    },
  };
}
