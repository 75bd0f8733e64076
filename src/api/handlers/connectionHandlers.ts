import type { z } from 'zod';
import type { ConnectionManager } from '../../connections/connectionManager.js';
import { availableSystems } from '../../connections/connectorRegistry.js';
import type { Workspace } from '../../store/workspace.js';
import type { EventBus } from '../eventBus.js';
import type { NewConnection } from '../schemas/connections.js';
import { readSettings } from './settingsHandlers.js';

export function connectionHandlers(connections: ConnectionManager, workspace: Workspace, bus: EventBus) {
  return {
    listConnections: () => ({
      connections: connections.list(),
      systems: availableSystems().map((descriptor) => ({
        system: descriptor.system,
        displayName: descriptor.displayName,
        signsInWithBrowser: descriptor.authorize !== undefined,
        settings: [...descriptor.form.settings],
        secrets: [...descriptor.form.secrets],
      })),
    }),
    createConnection: async (request: z.output<typeof NewConnection>) => {
      const { connection, check } = await connections.create({
        ...request,
        settings: withoutBlanks(request.settings),
        secrets: withoutBlanks(request.secrets),
        actor: readSettings(workspace).userName,
        // The console opens the consent page; the engine waits for the browser to come back.
        openBrowser: (url) => bus.publish('consentRequested', { system: request.system, url }),
      });
      bus.publish('connectionsChanged', {});
      return { connection, account: check.ok ? check.account : '' };
    },
    testConnection: async ({ id }: { id: string }) => {
      const { connectionId: _, ...check } = await connections.test(id);
      bus.publish('connectionsChanged', {});
      return check;
    },
  };
}

/** A field left empty in the form means "not given", so the connector's default applies. */
function withoutBlanks(fields: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== ''));
}
