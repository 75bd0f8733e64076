import type { SystemName } from '../../model/index.js';
import { ConnectorError } from './connectorError.js';
import { displayName } from './systemNames.js';

/** What Test connection reports when something other than a classified call failed. */
export function connectionTestFailure(system: SystemName, error: unknown, address?: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  return new ConnectorError({
    kind: 'configuration',
    system,
    message: `Testing the ${displayName(system)} connection${address === undefined ? '' : ` at ${address}`} failed: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}
