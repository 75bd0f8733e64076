import { ConnectionManager } from '../../../src/connections/connectionManager.js';
import { descriptorFor } from '../../../src/connections/connectorRegistry.js';
import type { Connector } from '../../../src/connectors/connector.js';
import { ConnectionSecrets } from '../../../src/connectors/shared/connectionSecrets.js';
import { type SecretVault, secretReference } from '../../../src/secrets/keychain.js';
import type { Connection } from '../../../src/store/repositories/connections.js';
import type { Workspace } from '../../../src/store/workspace.js';

/** A sandbox's start-up details for one system: its base URL and credentials, as `counterpart sandbox` prints them. */
export type SandboxCredentials = Readonly<Record<string, unknown>>;

export const XERO_CONNECTION = 'Xero (sandbox)';
export const SAGE_X3_CONNECTION = 'Sage X3 (sandbox)';
/** `counterpart sync --pair <accounting>:<erp>`. */
export const PAIR_LABEL = `${XERO_CONNECTION}:${SAGE_X3_CONNECTION}`;

export interface PairTuning {
  /** Where the connectors reach the sandboxes (a wire tap in between), when not directly. */
  readonly xeroApiBasePath?: string | undefined;
  readonly x3BaseUrl?: string | undefined;
  /**
   * Xero calls per real minute the connector allows itself: 60 × the sandboxes' time scale, whose "minute" is that
   * much shorter. Reads per page and the call timeout are tuned with it, so a test spends its time syncing.
   */
  readonly xeroCallsPerMinute: number;
  readonly timeoutMs?: number | undefined;
}

export interface SandboxPair {
  readonly xero: Connection;
  readonly sagex3: Connection;
}

/**
 * Connects the workspace to the Xero and Sage X3 sandboxes the way `counterpart connect --sandbox` does (tested, the
 * secrets in `vault`), then tunes the saved settings for a test: addresses through a wire tap, the time-scaled rate
 * limits, the largest pages X3 serves.
 */
export async function connectSandboxPair(
  workspace: Workspace,
  vault: SecretVault,
  sandboxes: { readonly xero: SandboxCredentials; readonly sagex3: SandboxCredentials },
  tuning: PairTuning,
): Promise<SandboxPair> {
  const manager = new ConnectionManager(workspace, vault);
  await manager.connectSandbox('xero', XERO_CONNECTION, sandboxes.xero, 'resilience test');
  await manager.connectSandbox('sagex3', SAGE_X3_CONNECTION, sandboxes.sagex3, 'resilience test');
  const timeout = tuning.timeoutMs === undefined ? {} : { timeoutMs: tuning.timeoutMs };
  return {
    xero: retune(workspace, XERO_CONNECTION, {
      ...(tuning.xeroApiBasePath ? { apiBasePath: tuning.xeroApiBasePath } : {}),
      pageSize: 1_000,
      rateLimits: { concurrency: 5, perMinute: tuning.xeroCallsPerMinute, perDay: 1_000_000 },
      ...timeout,
    }),
    sagex3: retune(workspace, SAGE_X3_CONNECTION, {
      ...(tuning.x3BaseUrl ? { baseUrl: tuning.x3BaseUrl } : {}),
      pageSize: 200,
      concurrency: 8,
      ...timeout,
    }),
  };
}

/** A connector over a saved connection, e.g. to read what a sync left in the target. */
export function connectorFor(connection: Connection, vault: SecretVault): Connector {
  return descriptorFor(connection.system).create({
    connectionId: connection.id,
    settings: connection.settings,
    secrets: vault,
  });
}

/**
 * Removes the keychain entries of every connection of the workspace — those the connection saved and those its
 * connector kept by itself (rotated tokens) — for a test whose data directory goes with its temporary folder.
 */
export async function forgetSecrets(workspace: Workspace, vault: SecretVault): Promise<void> {
  for (const connection of workspace.connections.list()) {
    await new ConnectionSecrets(workspace.connections, vault).removeAll(connection.id);
    for (const name of descriptorFor(connection.system).connectorSecrets) {
      await vault.remove(secretReference(connection.id, name));
    }
  }
}

function retune(workspace: Workspace, name: string, changes: Readonly<Record<string, unknown>>): Connection {
  const connection = workspace.connections.findByName(name);
  if (!connection) throw new Error(`The connection "${name}" was not saved.`);
  const settings = descriptorFor(connection.system).parseSettings({ ...connection.settings, ...changes });
  return workspace.connections.update(connection.id, { settings });
}
