import type { SystemName } from '../../model/index.js';
import type { Entity } from '../connector.js';
import { ConnectorError } from './connectorError.js';
import { displayName } from './systemNames.js';

/** Stops a page iterator once `limit` records have come through (`ReadRequest.limit`); every page when undefined. */
export async function* limited<T>(
  pages: AsyncIterable<readonly T[]>,
  limit: number | undefined,
): AsyncGenerator<readonly T[]> {
  let left = limit ?? Number.POSITIVE_INFINITY;
  if (left <= 0) return;
  for await (const page of pages) {
    const kept = page.length > left ? page.slice(0, left) : page;
    left -= kept.length;
    if (kept.length > 0) yield kept;
    if (left <= 0) return;
  }
}

/** "Counterpart cannot write taxRate records in KashFlow.": an entity the connector does not carry. */
export function unsupportedEntity(system: SystemName, entity: Entity, action: 'read' | 'write'): ConnectorError {
  return new ConnectorError({
    kind: 'configuration',
    system,
    message: `Counterpart cannot ${action} ${entity} records in ${displayName(system)}.`,
    context: { entity },
  });
}

/** Pages that fail before the first one, so `read()` can refuse lazily like every other read error. */
// biome-ignore lint/correctness/useYield: refuses before the first page.
export async function* refusedPages(error: Error): AsyncGenerator<never[]> {
  throw error;
}
