import type { CanonicalRecords, Connector, Entity } from '../connectors/connector.js';
import type { RecordRef } from '../model/index.js';

/**
 * The business key people and systems quote for a record (customer code, product code, document number, payment
 * reference): what a system refuses to hold twice, and what finds a record we may already have written.
 */
export function businessKeyOf(entity: Entity, record: unknown): string | undefined {
  const fields = record as Partial<Record<'code' | 'number' | 'reference', unknown>>;
  const key =
    entity === 'party' || entity === 'product' ? fields.code : entity === 'payment' ? fields.reference : fields.number;
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
}

/**
 * Finds, by business key, records a system already holds: one read of the entity, stopping once every key is found.
 * Used only for writes that may have reached the system before (a batch a crash left open, a retried timeout) and
 * that it now refuses as duplicates — past the system's idempotency window, the key is the only way back to them.
 */
export async function findByBusinessKey(
  connector: Connector,
  entity: Entity,
  keys: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<Map<string, RecordRef>> {
  const found = new Map<string, RecordRef>();
  if (keys.size === 0 || !connector.capabilities[entity]?.read) return found;
  for await (const page of connector.read(entity, { signal })) {
    for (const record of page as readonly CanonicalRecords[Entity][]) {
      const key = businessKeyOf(entity, record);
      const source = record.source;
      if (key === undefined || source === undefined || !keys.has(key) || found.has(key)) continue;
      found.set(key, { system: source.system, id: source.id, ...(source.number ? { number: source.number } : {}) });
    }
    if (found.size === keys.size) break;
  }
  return found;
}
