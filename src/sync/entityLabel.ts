import type { Entity } from '../connectors/connector.js';

/** How a record of an entity is named in messages ("sales order", "credit note"). */
export function entityLabel(entity: Entity): string {
  return entity.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
